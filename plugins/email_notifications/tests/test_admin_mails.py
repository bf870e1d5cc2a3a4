"""The site's staff see what was mailed to whom (``GET /v1/admin/mails``): per recipient,
per status, newest first; nothing of another site, and no route where the plugin is off."""

from __future__ import annotations

from tuition.testing.api import Api
from tuition_email_notifications.testing import SmtpServer, mail_site


def test_staff_list_a_students_mails(api: Api, smtp: SmtpServer) -> None:
    tenant = mail_site(api, smtp.port)
    ada, bob = api.signup(tenant, email="Ada@Example.com"), api.signup(tenant)
    api.enroll(tenant, ada, "intro", expect=201)
    api.enroll(tenant, bob, "intro", expect=201)

    mine = api.call(
        "GET", "/v1/admin/mails?recipient=ada@example.com", headers=tenant.admin, expect=200
    ).get_json()
    assert {m["recipient"].lower() for m in mine["items"]} == {"ada@example.com"}
    templates = [m["template"] for m in mine["items"]]
    assert "enrollment_confirmation" in templates
    assert mine["total"] == len(templates)
    confirmation = next(m for m in mine["items"] if m["template"] == "enrollment_confirmation")
    assert (confirmation["status"], confirmation["event_type"], confirmation["attempts"]) == (
        "sent",
        "enrollment.activated",
        1,
    )
    assert confirmation["sent_at"] is not None and confirmation["last_error"] is None
    times = [m["created_at"] for m in mine["items"]]
    assert times == sorted(times, reverse=True)

    everyone = api.call("GET", "/v1/admin/mails", headers=tenant.admin, expect=200).get_json()
    assert everyone["total"] > mine["total"]
    failed = api.call(
        "GET", "/v1/admin/mails?status=failed", headers=tenant.admin, expect=200
    ).get_json()
    assert failed["items"] == []
    problem = api.call(
        "GET", "/v1/admin/mails?status=lost", headers=tenant.admin, expect=422
    ).get_json()
    assert problem["code"] == "validation_error"

    other = mail_site(api, smtp.port)
    theirs = api.call("GET", "/v1/admin/mails", headers=other.admin, expect=200).get_json()
    assert theirs["items"] == []
    off = api.create_tenant({"free_enrollment": {}})
    api.call("GET", "/v1/admin/mails", headers=off.admin, expect=404)
