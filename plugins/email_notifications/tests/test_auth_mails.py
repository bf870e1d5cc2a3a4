"""Built-in auth's mails: email verification after signup (and on resend) and password
reset, each with a one-time link minted when sent, never stored in the jobs or mail rows."""

from __future__ import annotations

import re

from tuition.testing.api import Api
from tuition.testing.outbox import jobs
from tuition_email_notifications.testing import SmtpServer, mail_site, sent_mails

VERIFY_PAGE = "https://acme.example/verify?token={token}"
#: The test sites switch the verification mail off unless asked.
VERIFICATION_ON = {"email_verification": {"enabled": True}}
RESET_PAGE = "https://acme.example/reset/{token}"


def token_in(text: str, page: str) -> str:
    prefix = re.escape(page.split("{token}")[0])
    found = re.search(prefix + r"([A-Za-z0-9_\-.]+)", text)
    assert found, text
    return found.group(1)


def stored_rows(runtime, tenant) -> str:
    """Everything the jobs table and the plugin's mail rows hold for ``tenant``."""
    payloads = [str(job.payload) for job in jobs(runtime)]
    assert any("email_verification_requested" in p or "password_reset" in p for p in payloads)
    return " ".join(payloads + [str(row.event) for row in sent_mails(runtime, tenant)])


def test_signup_mails_a_verification_link_that_verifies(api: Api, runtime, smtp: SmtpServer):
    tenant = mail_site(api, smtp.port, verify_url=VERIFY_PAGE, templates=VERIFICATION_ON)
    student = api.signup(tenant, "grace@example.com")

    [mail] = smtp.of("email_verification")
    assert mail.rcpt_tos == ["grace@example.com"]
    token = token_in(mail.part("plain"), VERIFY_PAGE)
    assert f'href="https://acme.example/verify?token={token}"' in mail.part("html")
    assert token not in stored_rows(runtime, tenant)

    answer = api.call(
        "POST", "/v1/auth/verify-email", json={"token": token}, headers=tenant.storefront
    )
    assert answer.status_code == 200 and answer.get_json()["email_verified"] is True
    # Verified: asking again sends nothing.
    again = api.call("POST", "/v1/auth/verify-email:resend", headers=student.headers)
    assert again.status_code == 409
    assert len(smtp.of("email_verification")) == 1


def test_resend_mails_a_new_link_without_a_page_the_token_itself(
    api: Api, runtime, smtp: SmtpServer
):
    tenant = mail_site(api, smtp.port, templates=VERIFICATION_ON)
    student = api.signup(tenant, "grace@example.com")
    answer = api.call("POST", "/v1/auth/verify-email:resend", headers=student.headers)
    assert answer.status_code == 202
    _first, second = smtp.of("email_verification")
    code = re.search(r"Your confirmation code: (\S+)", second.part("plain"))
    assert code
    verified = api.call(
        "POST", "/v1/auth/verify-email", json={"token": code.group(1)}, headers=tenant.storefront
    )
    assert verified.status_code == 200


def test_password_reset_mail_links_to_a_one_time_reset(api: Api, runtime, smtp: SmtpServer):
    tenant = mail_site(api, smtp.port, reset_url=RESET_PAGE)
    api.signup(tenant, "grace@example.com")
    for email in ("grace@example.com", "nobody@example.com"):
        answer = api.call(
            "POST", "/v1/auth/password-reset", json={"email": email}, headers=tenant.storefront
        )
        assert answer.status_code == 202

    [mail] = smtp.of("password_reset")  # none for the unknown address
    assert mail.rcpt_tos == ["grace@example.com"]
    token = token_in(mail.part("plain"), RESET_PAGE)
    assert token not in stored_rows(runtime, tenant)
    body = {"token": token, "password": "a brand new passphrase"}
    confirm = "/v1/auth/password-reset:confirm"
    assert api.call("POST", confirm, json=body, headers=tenant.storefront).status_code == 204
    assert api.call("POST", confirm, json=body, headers=tenant.storefront).status_code == 401
    login = api.call(
        "POST",
        "/v1/auth/login",
        json={"email": "grace@example.com", "password": body["password"]},
        headers=tenant.storefront,
    )
    assert login.status_code == 200


def test_link_pages_must_carry_the_token(api: Api, smtp: SmtpServer) -> None:
    tenant = mail_site(api, smtp.port)
    for field, value in [
        ("verify_url", "https://acme.example/verify"),
        ("reset_url", "javascript:alert(1)//{token}"),
    ]:
        response = api.call(
            "PUT",
            "/v1/admin/plugins/email_notifications",
            headers=tenant.admin,
            expect=422,
            json={"enabled": True, "settings": {"from_address": "hello@acme.test", field: value}},
        )
        assert response.get_json()["errors"][f"settings.{field}"]


INVITE_PAGE = "https://acme.example/welcome/{token}"


def test_owner_enrollment_of_someone_new_mails_an_invitation(api: Api, runtime, smtp: SmtpServer):
    tenant = mail_site(api, smtp.port, invite_url=INVITE_PAGE)
    body = {"course": "intro", "email": "ada@example.com", "complimentary": True}
    api.call("POST", "/v1/admin/enrollments", json=body, headers=tenant.admin, expect=201)
    # An existing student gets no invitation (the enrollment confirmation only).
    api.signup(tenant, "grace@example.com")
    body = {"course": "intro", "email": "grace@example.com", "complimentary": True}
    api.call("POST", "/v1/admin/enrollments", json=body, headers=tenant.admin, expect=201)

    [mail] = smtp.of("invitation")
    assert mail.rcpt_tos == ["ada@example.com"]
    assert "Intro to Pottery" in str(mail.message["Subject"])
    token = token_in(mail.part("plain"), INVITE_PAGE)
    assert f'href="https://acme.example/welcome/{token}"' in mail.part("html")
    assert token not in " ".join(str(job.payload) for job in jobs(runtime))
    accept = {"token": token, "password": "a brand new passphrase"}
    signed_in = api.call(
        "POST", "/v1/auth/invitation:accept", json=accept, headers=tenant.storefront, expect=200
    )
    assert signed_in.get_json()["student"]["email"] == "ada@example.com"
