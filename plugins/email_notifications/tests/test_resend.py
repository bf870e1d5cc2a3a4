"""Staff resend a mail (``POST /v1/admin/mails/<id>/resend``): a new mail over real SMTP,
naming the one it sends again, audited with the member as actor; support staff may; an
Idempotency-Key replays the answer; what cannot be resent answers a clear 409."""

from __future__ import annotations

from typing import Any

from tuition.testing.api import Api, TenantHandle
from tuition_email_notifications.testing import (
    SmtpServer,
    emit,
    mail_settings,
    mail_site,
    sent_mails,
)

PASSWORD = "a staff passphrase"


def support_member(api: Api, runtime: Any, tenant: TenantHandle) -> dict[str, str]:
    """A support member who accepted their invitation and signed in: their headers."""
    invited = api.call(
        "POST",
        "/v1/admin/staff",
        json={"email": "help@acme.test", "role": "support"},
        headers=tenant.admin,
        expect=201,
    ).get_json()
    with runtime.session(tenant.id) as session:
        found = runtime.services.staff_invitation(session, invited["id"])
    assert found is not None
    body = {"token": found[1], "password": PASSWORD}
    api.call("POST", "/v1/staff/invitations:accept", json=body, headers=tenant.storefront)
    signed = api.call(
        "POST",
        "/v1/staff/sign-in",
        json={"email": "help@acme.test", "password": PASSWORD},
        headers=tenant.storefront,
        expect=200,
    ).get_json()
    return {"Authorization": f"Bearer {signed['token']}", "_id": invited["id"]}


def resend(api: Api, mail_id: str, headers: dict[str, str], **kwargs: Any) -> Any:
    return api.call("POST", f"/v1/admin/mails/{mail_id}/resend", headers=headers, **kwargs)


def test_support_resends_a_confirmation_over_smtp(api: Api, runtime, smtp: SmtpServer) -> None:
    tenant = mail_site(api, smtp.port)
    ada = api.signup(tenant, "ada@example.com")
    api.enroll(tenant, ada, "intro", expect=201)
    assert smtp.kinds == ["enrollment_confirmation"]
    first = smtp.received[0].message
    original = sent_mails(runtime, tenant)[0]
    support = support_member(api, runtime, tenant)
    staff_id = support.pop("_id")

    again = resend(api, original.id, {**support, "Idempotency-Key": "resend-1"}, expect=202)
    mail = again.get_json()
    assert mail["id"] != original.id and mail["resent_from"] == original.id
    assert (mail["status"], mail["attempts"], mail["template"]) == (
        "sent",
        1,
        "enrollment_confirmation",
    )
    confirmations = smtp.of("enrollment_confirmation")
    assert len(confirmations) == 2
    second = confirmations[1]
    assert second.rcpt_tos == ["ada@example.com"]
    assert second.message["Subject"] == first["Subject"]
    assert second.message["Message-ID"] != first["Message-ID"]
    assert "you are enrolled in Intro to Pottery" in second.part("plain")

    # The same key: the first answer again, nothing sent.
    replay = resend(api, original.id, {**support, "Idempotency-Key": "resend-1"}, expect=202)
    assert replay.get_json()["id"] == mail["id"]
    assert len(smtp.of("enrollment_confirmation")) == 2

    listed = api.call(
        "GET", "/v1/admin/mails?recipient=ada@example.com", headers=tenant.admin, expect=200
    ).get_json()["items"]
    assert [(m["id"], m["resent_from"]) for m in listed] == [
        (mail["id"], original.id),
        (original.id, None),
    ]
    audit = api.call(
        "GET",
        "/v1/admin/audit",
        headers=tenant.admin,
        query_string={"object_type": "mail", "object_id": original.id},
        expect=200,
    ).get_json()["items"]
    assert [(e["action"], e["actor"], e["after"]) for e in audit] == [
        ("resent", f"staff:{staff_id}", {"mail_id": mail["id"], "template": mail["template"]})
    ]

    # Resending the resend works too; each is a mail of its own.
    resend(api, mail["id"], support, expect=202)
    assert len(smtp.of("enrollment_confirmation")) == 3


def test_a_failed_mail_is_resent_and_waiting_retries_go_now(
    api: Api, runtime, smtp: SmtpServer
) -> None:
    tenant = mail_site(api, smtp.port)
    smtp.refuse("550 5.1.1 No such user")
    ada = api.signup(tenant, "ada@example.com")
    api.enroll(tenant, ada, "intro", expect=201)
    given_up = sent_mails(runtime, tenant)[0]
    assert (given_up.status, given_up.next_attempt_at) == ("failed", None)

    again = resend(api, given_up.id, tenant.admin, expect=202).get_json()
    assert again["status"] == "sent" and again["resent_from"] == given_up.id
    assert smtp.kinds == ["enrollment_confirmation"]

    # A transient failure waits for its retry: resending sends that one now, no new row.
    smtp.refuse("451 4.3.0 Try again later")
    bob = api.signup(tenant, "bob@example.com")
    api.enroll(tenant, bob, "intro", expect=201)
    waiting = next(m for m in sent_mails(runtime, tenant) if m.recipient == "bob@example.com")
    assert waiting.status == "failed" and waiting.next_attempt_at is not None
    now = resend(api, waiting.id, tenant.admin, expect=202).get_json()
    assert (now["id"], now["status"], now["attempts"]) == (waiting.id, "sent", 2)
    assert len(sent_mails(runtime, tenant)) == 3
    assert [r.rcpt_tos for r in smtp.received] == [["ada@example.com"], ["bob@example.com"]]


def test_what_cannot_be_resent(api: Api, runtime, smtp: SmtpServer) -> None:
    tenant = mail_site(api, smtp.port)
    ada = api.signup(tenant, "ada@example.com")
    api.enroll(tenant, ada, "intro", expect=201)
    original = sent_mails(runtime, tenant)[0]

    missing = resend(api, "mail_nope", tenant.admin, expect=404).get_json()
    assert missing["code"] == "mail_not_found"
    other = mail_site(api, smtp.port)
    assert resend(api, original.id, other.admin, expect=404).get_json()["code"] == (
        "mail_not_found"
    )
    resend(api, original.id, {}, expect=401)

    # A marketing mail to a student who opted out was never sendable.
    api.call(
        "PUT",
        "/v1/me/email-preferences",
        json={"marketing": False},
        headers=ada.headers,
        expect=200,
    )
    emit(
        runtime,
        tenant,
        "next_course.offered",
        {"student_id": ada.id, "course": "pro", "from_course": "intro"},
    )
    skipped = next(m for m in sent_mails(runtime, tenant) if m.status == "opted_out")
    refused = resend(api, skipped.id, tenant.admin, expect=409).get_json()
    assert refused["code"] == "mail_not_resendable"

    api.call(
        "PUT",
        "/v1/admin/plugins/email_notifications",
        json={
            "enabled": True,
            "settings": mail_settings(
                smtp.port, templates={"enrollment_confirmation": {"enabled": False}}
            ),
        },
        headers=tenant.admin,
        expect=200,
    )
    off = resend(api, original.id, tenant.admin, expect=409).get_json()
    assert off["code"] == "mail_disabled"
    assert len(smtp.received) == 1
