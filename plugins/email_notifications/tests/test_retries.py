"""A mail that cannot be sent fails only itself: the enrollment stays active, the failure
is recorded (without secrets). A transient failure (server down, a 4xx reply) is retried
on the schedule (5 s, 5 min, …) by a delayed job, or by the sweep once overdue — once, and
not after the last attempt nor past 3 days; a permanent one (a 5xx reply) is given up."""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from itertools import pairwise

import pytest
from sqlalchemy import update

from tuition.plugin_api import utcnow
from tuition.testing import outbox
from tuition.testing.api import Api
from tuition.testing.chores import sweep
from tuition_email_notifications.delivery import RETRY_JOB
from tuition_email_notifications.models import SentMail
from tuition_email_notifications.smtp import is_permanent
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


def retry_jobs(runtime, row_id: str) -> list[outbox.OutboxJob]:
    """The delayed jobs that retry the mail ``row_id``."""
    return [j for j in outbox.jobs(runtime, name=RETRY_JOB) if j.payload == {"mail_id": row_id}]


def test_smtp_down_keeps_the_enrollment_and_the_sweep_sends_later(
    api: Api, runtime, caplog
) -> None:
    port = free_port()  # nothing listens there yet: the server is down
    tenant = mail_site(api, port)
    student = api.signup(tenant, "fay@example.com")
    with caplog.at_level(logging.WARNING):
        enrollment = api.enroll(tenant, student, "intro", expect=201).get_json()
    assert enrollment["status"] == "active"
    mine = api.call("GET", "/v1/me/enrollments", headers=student.headers, expect=200).get_json()[
        "items"
    ]
    assert [(e["id"], e["status"]) for e in mine] == [(enrollment["id"], "active")]

    row = the_mail(runtime, tenant, "enrollment_confirmation")
    assert (row.status, row.attempts, row.sent_at) == ("failed", 1, None)
    assert row.last_error.startswith("ConnectionRefusedError")
    assert row.next_attempt_at is not None
    assert timedelta(0) < row.next_attempt_at - utcnow() <= timedelta(seconds=5)
    assert "mail enrollment_confirmation for event" in caplog.text
    assert [j.status for j in mail_jobs(runtime, tenant)] == ["done"]  # the event's job
    # Inline, the retry waits in the outbox for the sweep.
    assert [(j.status, j.run_at) for j in retry_jobs(runtime, row.id)] == [
        ("pending", row.next_attempt_at)
    ]

    server = SmtpServer(port).start()  # the server comes back
    try:
        assert sweep(runtime, utcnow())[PLUGIN] == {"mails_sent": 0, "mails_failed": 0}
        assert server.received == []  # the backoff has not passed yet
        assert sweep(runtime, utcnow() + minutes(2))[PLUGIN] == {"mails_sent": 1, "mails_failed": 0}
        assert server.kinds == ["enrollment_confirmation"]
        assert server.received[0].rcpt_tos == ["fay@example.com"]
        assert sweep(runtime, utcnow() + minutes(60))[PLUGIN] == {
            "mails_sent": 0,
            "mails_failed": 0,
        }
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
    assert row.next_attempt_at is not None
    assert row.next_attempt_at - start <= timedelta(seconds=5)

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
    assert sweep(runtime, third + timedelta(days=3))[PLUGIN] == {"mails_sent": 0, "mails_failed": 0}
    assert the_mail(runtime, tenant, "enrollment_confirmation").attempts == 3


def test_a_tenant_that_turned_the_plugin_off_gets_no_retries(api: Api, runtime) -> None:
    port = free_port()
    tenant = mail_site(api, port)
    api.enroll(tenant, api.signup(tenant), "intro", expect=201)
    api.call(
        "PUT",
        f"/v1/admin/plugins/{PLUGIN}",
        headers=tenant.admin,
        expect=200,
        json={"enabled": False, "settings": mail_settings(port)},
    )
    server = SmtpServer(port).start()
    try:
        assert sweep(runtime, utcnow() + minutes(10))[PLUGIN] == {
            "mails_sent": 0,
            "mails_failed": 0,
        }
        assert server.received == []
    finally:
        server.stop()


def test_smtp_login_with_a_password_from_the_environment(
    api: Api, runtime, monkeypatch, caplog
) -> None:
    password = "s3cret-smtp-pass"
    monkeypatch.setenv("TUITION_SECRET_TEST_SMTP_PASSWORD", password)
    server = SmtpServer(free_port(), authenticator=Authenticator("mailer", password)).start()
    try:
        tenant = mail_site(
            api,
            server.port,
            smtp_username="mailer",
            smtp_password="env:TUITION_SECRET_TEST_SMTP_PASSWORD",
        )
        shown = api.call(
            "GET", f"/v1/admin/plugins/{PLUGIN}", headers=tenant.admin, expect=200
        ).get_data(as_text=True)
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
    api: Api, runtime, smtp: SmtpServer, monkeypatch
) -> None:
    monkeypatch.delenv("TUITION_SECRET_TEST_SMTP_MISSING", raising=False)
    tenant = mail_site(
        api, smtp.port, smtp_username="mailer", smtp_password="env:TUITION_SECRET_TEST_SMTP_MISSING"
    )
    assert (
        api.enroll(tenant, api.signup(tenant), "intro", expect=201).get_json()["status"] == "active"
    )
    row = the_mail(runtime, tenant, "enrollment_confirmation")
    assert row.status == "failed" and smtp.received == []
    assert "TUITION_SECRET_TEST_SMTP_MISSING" in row.last_error
    assert "not set" in row.last_error


@pytest.mark.parametrize("value", ["env:HOME", "env:TUITION_DATABASE_URL"])
def test_references_outside_the_secret_prefix_are_refused(api: Api, value: str) -> None:
    tenant = api.create_tenant({"free_enrollment": {}})
    body = api.call(
        "PUT",
        f"/v1/admin/plugins/{PLUGIN}",
        headers=tenant.admin,
        expect=422,
        json={
            "enabled": True,
            "settings": mail_settings(25, smtp_username="u", smtp_password=value),
        },
    ).get_json()
    assert "settings.smtp_password" in str(body)


def test_a_failing_mail_is_retried_on_the_schedule_for_3_days_at_most(api: Api, runtime) -> None:
    tenant = mail_site(api, free_port(), max_attempts=20)  # the server stays down
    api.enroll(tenant, api.signup(tenant), "intro", expect=201)
    row = the_mail(runtime, tenant, "enrollment_confirmation")
    tried = [row.created_at]  # the first attempt
    while row.next_attempt_at is not None:
        assert sweep(runtime, row.next_attempt_at)[PLUGIN] == {"mails_sent": 0, "mails_failed": 1}
        tried.append(row.next_attempt_at)
        row = the_mail(runtime, tenant, "enrollment_confirmation")
    gaps = [round((b - a).total_seconds()) for a, b in pairwise(tried)]
    assert gaps == [5, 300, 1800, 7200, 18000] + [36000] * 6
    assert row.attempts == 12 and row.status == "failed"
    assert tried[-1] <= row.created_at + timedelta(days=3) < tried[-1] + timedelta(hours=10)


def test_a_4xx_reply_is_retried_5_s_later_and_a_5xx_reply_is_given_up(
    api: Api, runtime, smtp: SmtpServer
) -> None:
    tenant = mail_site(api, smtp.port)
    smtp.refuse("451 4.3.0 Mailbox busy, try again later")
    api.enroll(tenant, api.signup(tenant, "busy@example.com"), "intro", expect=201)
    busy = the_mail(runtime, tenant, "enrollment_confirmation")
    assert (busy.status, busy.attempts) == ("failed", 1)
    assert "451" in busy.last_error and busy.next_attempt_at is not None
    assert busy.next_attempt_at - busy.updated_at <= timedelta(seconds=5)
    [job] = retry_jobs(runtime, busy.id)
    assert (job.status, job.run_at) == ("pending", busy.next_attempt_at)

    # Its time comes: the delayed job sends it (the sweep runs it, as jobs run inline).
    past = utcnow() - timedelta(seconds=1)
    with runtime.session() as session, session.begin():
        session.execute(update(SentMail).where(SentMail.id == busy.id).values(next_attempt_at=past))
    outbox.reschedule(runtime, job.id, past)
    assert outbox.flush(runtime) == 1
    assert [r.rcpt_tos for r in smtp.received] == [["busy@example.com"]]
    busy = the_mail(runtime, tenant, "enrollment_confirmation")
    assert (busy.status, busy.attempts, busy.last_error) == ("sent", 2, None)

    # A permanent refusal: recorded, never tried again.
    smtp.refuse("550 5.1.1 No such user here")
    order = api.enroll(
        tenant, api.signup(tenant, "nobody@example.com"), "pro", expect=202
    ).get_json()
    pay(api, tenant, order["checkout"]["order_id"])
    refused = [r for r in sent_mails(runtime, tenant) if r.status == "failed"]
    assert len(refused) == 1 and refused[0].next_attempt_at is None
    assert "550" in refused[0].last_error and refused[0].attempts == 1
    assert retry_jobs(runtime, refused[0].id) == []
    assert sweep(runtime, utcnow() + timedelta(days=4))[PLUGIN] == {
        "mails_sent": 0,
        "mails_failed": 0,
    }
    assert [reply[:3] for reply, _ in smtp.refused] == ["451", "550"]
    assert len(smtp.received) == 2  # busy's mail on its retry, and nobody's other mail


@pytest.mark.parametrize(
    ("error", "permanent"),
    [
        (smtplib.SMTPDataError(451, b"4.3.0 try again later"), False),
        (smtplib.SMTPDataError(554, b"5.7.1 rejected as spam"), True),
        (smtplib.SMTPSenderRefused(421, b"4.7.0 too many connections", "a@b.test"), False),
        (smtplib.SMTPRecipientsRefused({"x@y.test": (550, b"5.1.1 unknown")}), True),
        (
            smtplib.SMTPRecipientsRefused(
                {"x@y.test": (550, b"5.1.1 unknown"), "z@y.test": (452, b"4.2.2 mailbox full")}
            ),
            False,
        ),
        (smtplib.SMTPConnectError(421, b"4.3.2 shutting down"), False),
        (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), False),
        (ConnectionRefusedError(111, "Connection refused"), False),
        (TimeoutError("timed out"), False),
    ],
)
def test_only_a_5xx_reply_is_permanent(error: BaseException, permanent: bool) -> None:
    assert is_permanent(error) is permanent
