"""A mail that cannot be sent fails only itself: the enrollment stays active, the failure
is recorded (without secrets) and the sweep sends the mail once its backoff has passed —
once, and not after the last attempt."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from tuition.db import utcnow
from tuition.services.sweep import sweep
from tuition.testing.api import Api
from tuition_email_notifications.testing import (
    PLUGIN,
    Authenticator,
    SmtpServer,
    free_port,
    mail_jobs,
    mail_settings,
    mail_site,
    pay,
    sent_mails,
    the_mail,
)


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


def test_smtp_down_keeps_the_enrollment_and_the_sweep_sends_later(api: Api, runtime,
                                                                  caplog) -> None:
    port = free_port()  # nothing listens there yet: the server is down
    tenant = mail_site(api, port)
    student = api.signup(tenant, "fay@example.com")
    with caplog.at_level(logging.WARNING):
        enrollment = api.enroll(tenant, student, "intro", expect=201).get_json()
    assert enrollment["status"] == "active"
    mine = api.call("GET", "/v1/me/enrollments", headers=student.headers,
                    expect=200).get_json()["items"]
    assert [(e["id"], e["status"]) for e in mine] == [(enrollment["id"], "active")]

    row = the_mail(runtime, tenant, "enrollment_confirmation")
    assert (row.status, row.attempts, row.sent_at) == ("failed", 1, None)
    assert row.last_error.startswith("ConnectionRefusedError")
    assert row.next_attempt_at is not None
    assert minutes(0.5) < row.next_attempt_at - utcnow() <= minutes(1)
    assert "mail enrollment_confirmation for event" in caplog.text
    assert [j.status for j in mail_jobs(runtime, tenant)] == ["failed"]  # inline: no retry

    server = SmtpServer(port).start()  # the server comes back
    try:
        assert sweep(runtime, utcnow())[PLUGIN] == {"mails_sent": 0, "mails_failed": 0}
        assert server.received == []  # the backoff has not passed yet
        assert sweep(runtime, utcnow() + minutes(2))[PLUGIN] == {"mails_sent": 1,
                                                                 "mails_failed": 0}
        assert server.kinds == ["enrollment_confirmation"]
        assert server.received[0].rcpt_tos == ["fay@example.com"]
        assert sweep(runtime, utcnow() + minutes(60))[PLUGIN] == {"mails_sent": 0,
                                                                  "mails_failed": 0}
        assert len(server.received) == 1
    finally:
        server.stop()
    row = the_mail(runtime, tenant, "enrollment_confirmation")
    assert (row.status, row.attempts, row.last_error) == ("sent", 2, None)
    assert row.message_id == server.received[0].message["Message-ID"]


def test_backoff_grows_and_the_mail_is_given_up_after_max_attempts(api: Api, runtime) -> None:
    tenant = mail_site(api, free_port(), max_attempts=3)
    api.enroll(tenant, api.signup(tenant), "intro", expect=201)
    start = utcnow()
    row = the_mail(runtime, tenant, "enrollment_confirmation")
    assert row.next_attempt_at is not None and row.next_attempt_at - start <= minutes(1)

    second = start + minutes(2)
    assert sweep(runtime, second)[PLUGIN] == {"mails_sent": 0, "mails_failed": 1}
    row = the_mail(runtime, tenant, "enrollment_confirmation")
    assert (row.status, row.attempts) == ("failed", 2)
    assert row.next_attempt_at == second + minutes(5)

    assert sweep(runtime, second + minutes(4))[PLUGIN]["mails_failed"] == 0  # not yet due
    third = second + minutes(6)
    assert sweep(runtime, third)[PLUGIN] == {"mails_sent": 0, "mails_failed": 1}
    row = the_mail(runtime, tenant, "enrollment_confirmation")
    assert (row.status, row.attempts, row.next_attempt_at) == ("failed", 3, None)  # given up
    assert sweep(runtime, third + timedelta(days=3))[PLUGIN] == {"mails_sent": 0,
                                                                 "mails_failed": 0}
    assert the_mail(runtime, tenant, "enrollment_confirmation").attempts == 3


def test_a_tenant_that_turned_the_plugin_off_gets_no_retries(api: Api, runtime) -> None:
    port = free_port()
    tenant = mail_site(api, port)
    api.enroll(tenant, api.signup(tenant), "intro", expect=201)
    api.call("PUT", f"/v1/admin/plugins/{PLUGIN}", headers=tenant.admin, expect=200,
             json={"enabled": False, "settings": mail_settings(port)})
    server = SmtpServer(port).start()
    try:
        assert sweep(runtime, utcnow() + minutes(10))[PLUGIN] == {"mails_sent": 0,
                                                                  "mails_failed": 0}
        assert server.received == []
    finally:
        server.stop()


def test_smtp_login_with_a_password_from_the_environment(api: Api, runtime, monkeypatch,
                                                         caplog) -> None:
    password = "s3cret-smtp-pass"
    monkeypatch.setenv("TUITION_SECRET_TEST_SMTP_PASSWORD", password)
    server = SmtpServer(free_port(), authenticator=Authenticator("mailer", password)).start()
    try:
        tenant = mail_site(api, server.port, smtp_username="mailer",
                           smtp_password="env:TUITION_SECRET_TEST_SMTP_PASSWORD")
        shown = api.call("GET", f"/v1/admin/plugins/{PLUGIN}", headers=tenant.admin,
                         expect=200).get_data(as_text=True)
        assert "env:TUITION_SECRET_TEST_SMTP_PASSWORD" in shown and password not in shown
        api.enroll(tenant, api.signup(tenant), "intro", expect=201)
        assert server.kinds == ["enrollment_confirmation"]

        # A wrong password: refused by the server, recorded and logged without the secret.
        monkeypatch.setenv("TUITION_SECRET_TEST_SMTP_PASSWORD", "wrong-" + password)
        with caplog.at_level(logging.DEBUG):
            order = api.enroll(tenant, api.signup(tenant), "pro", expect=202).get_json()
            pay(api, tenant, order["checkout"]["order_id"])
        failed = [r for r in sent_mails(runtime, tenant) if r.status == "failed"]
        assert failed and all("SMTPAuthenticationError" in r.last_error for r in failed)
        assert password not in caplog.text
        assert all(password not in (r.last_error or "") for r in failed)
    finally:
        server.stop()


def test_an_unset_password_variable_fails_the_mail_not_the_enrollment(
        api: Api, runtime, smtp: SmtpServer, monkeypatch) -> None:
    monkeypatch.delenv("TUITION_SECRET_TEST_SMTP_MISSING", raising=False)
    tenant = mail_site(api, smtp.port, smtp_username="mailer",
                       smtp_password="env:TUITION_SECRET_TEST_SMTP_MISSING")
    assert api.enroll(tenant, api.signup(tenant), "intro",
                      expect=201).get_json()["status"] == "active"
    row = the_mail(runtime, tenant, "enrollment_confirmation")
    assert row.status == "failed" and smtp.received == []
    assert "TUITION_SECRET_TEST_SMTP_MISSING" in row.last_error
    assert "not set" in row.last_error


@pytest.mark.parametrize("value", ["env:HOME", "env:TUITION_DATABASE_URL"])
def test_references_outside_the_secret_prefix_are_refused(api: Api, value: str) -> None:
    tenant = api.create_tenant({"free_enrollment": {}})
    body = api.call("PUT", f"/v1/admin/plugins/{PLUGIN}", headers=tenant.admin, expect=422,
                    json={"enabled": True, "settings": mail_settings(
                        25, smtp_username="u", smtp_password=value)}).get_json()
    assert "settings.smtp_password" in str(body)
