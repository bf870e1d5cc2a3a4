"""The staff invitation mail: sent to the invitee with a one-time link minted when sent,
never stored in the jobs or mail rows; the link accepts the invitation once."""

from __future__ import annotations

import re

from tuition.testing.api import Api
from tuition.testing.outbox import jobs
from tuition_email_notifications.testing import SmtpServer, mail_site, sent_mails

ACCEPT_PAGE = "https://console.example/accept?token={token}"


def invite(api: Api, tenant, email: str, role: str = "manager") -> dict:
    return api.call(
        "POST",
        "/v1/admin/staff",
        json={"email": email, "role": role},
        headers=tenant.admin,
        expect=201,
    ).get_json()


def accept(api: Api, tenant, token: str):
    body = {"token": token, "password": "a staff passphrase"}
    return api.call("POST", "/v1/staff/invitations:accept", json=body, headers=tenant.storefront)


def test_an_invitation_is_mailed_with_a_one_time_link(api: Api, runtime, smtp: SmtpServer):
    tenant = mail_site(api, smtp.port, staff_invitation_url=ACCEPT_PAGE)
    invite(api, tenant, "mia@example.com")

    [mail] = smtp.of("staff_invitation")
    assert mail.rcpt_tos == ["mia@example.com"]
    plain = mail.part("plain")
    assert "as manager" in plain
    found = re.search(re.escape(ACCEPT_PAGE.split("{token}")[0]) + r"([A-Za-z0-9_\-.]+)", plain)
    assert found, plain
    token = found.group(1)
    assert f'href="{ACCEPT_PAGE.format(token=token)}"' in mail.part("html")
    stored = " ".join(
        [str(job.payload) for job in jobs(runtime)]
        + [str(row.event) for row in sent_mails(runtime, tenant)]
    )
    assert "staff.invitation_requested" in stored and token not in stored

    assert accept(api, tenant, token).status_code == 200
    again = accept(api, tenant, token)  # the link works once
    assert (again.status_code, again.get_json()["code"]) == (409, "invitation_accepted")


def test_without_a_page_the_mail_shows_the_token(api: Api, smtp: SmtpServer):
    tenant = mail_site(api, smtp.port)
    invite(api, tenant, "sam@example.com", role="support")
    [mail] = smtp.of("staff_invitation")
    code = re.search(r"Your invitation code: (\S+)", mail.part("plain"))
    assert code, mail.part("plain")
    assert accept(api, tenant, code.group(1)).status_code == 200
