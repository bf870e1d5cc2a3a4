"""Real flows send real mail to a real SMTP server: a confirmation for a free enrollment,
a receipt for a paid one, a notice for a declined payment or a refund, a waitlist offer —
each once, however often its event arrives."""

from __future__ import annotations

import threading
from dataclasses import asdict
from datetime import timedelta

from tuition.plugin_api import DomainEvent, JobContext, utcnow
from tuition.testing.api import Api
from tuition.testing.chores import sweep
from tuition_email_notifications import tuition_event
from tuition_email_notifications.delivery import LEASE
from tuition_email_notifications.models import SentMail
from tuition_email_notifications.testing import (
    FROM,
    PLUGIN,
    SmtpServer,
    emit,
    mail_jobs,
    mail_site,
    pay,
    redeliver,
    sent_mails,
    the_mail,
)


def test_free_enrollment_sends_one_confirmation(api: Api, runtime, smtp: SmtpServer) -> None:
    tenant = mail_site(api, smtp.port, reply_to="help@acme.test")
    student = api.signup(tenant, "ada@example.com")
    enrollment = api.enroll(tenant, student, "intro", expect=201).get_json()

    assert smtp.kinds == ["enrollment_confirmation"]
    mail = smtp.received[0]
    assert mail.rcpt_tos == ["ada@example.com"] and mail.mail_from == "hello@acme.test"
    message = mail.message
    assert message["Subject"] == "You are enrolled in Intro to Pottery"
    assert (message["From"], message["To"]) == (FROM, "ada@example.com")
    assert message["Reply-To"] == "help@acme.test"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    assert "you are enrolled in Intro to Pottery" in mail.part("plain")
    assert "Clay, wheels and patience." in mail.part("plain")
    assert "<strong>Intro to Pottery</strong>" in mail.part("html")

    row = the_mail(runtime, tenant, "enrollment_confirmation")
    assert (row.status, row.attempts, row.recipient) == ("sent", 1, "ada@example.com")
    assert row.event_type == "enrollment.activated"
    assert row.event["data"]["enrollment_id"] == enrollment["id"]
    assert row.message_id == message["Message-ID"] and row.message_id.endswith("@acme.test>")
    assert row.sent_at is not None and row.last_error is None


def test_paid_enrollment_sends_a_receipt_once_despite_duplicate_webhooks(
    api: Api, runtime, smtp: SmtpServer
) -> None:
    tenant = mail_site(
        api, smtp.port, extra_plugins={"dummy_provider": {"settings": {"duplicate_webhooks": 2}}}
    )
    student = api.signup(tenant, "bob@example.com")
    order_id = api.enroll(tenant, student, "pro", expect=202).get_json()["checkout"]["order_id"]
    assert smtp.received == []  # nothing until the money arrives
    pay(api, tenant, order_id)

    assert smtp.kinds == ["enrollment_confirmation", "payment_receipt"]
    receipt = smtp.of("payment_receipt")[0]
    assert receipt.message["Subject"] == "Receipt for Pottery Pro: 49.00 EUR"
    text = receipt.part("plain")
    assert "Amount:  49.00 EUR" in text and f"Order:   {order_id}" in text
    assert "<strong>49.00 EUR</strong>" in receipt.part("html")
    assert receipt.rcpt_tos == ["bob@example.com"]
    assert {r.template: r.status for r in sent_mails(runtime, tenant)} == {
        "enrollment_confirmation": "sent",
        "payment_receipt": "sent",
    }


def test_a_replayed_event_sends_nothing_more(api: Api, runtime, smtp: SmtpServer) -> None:
    tenant = mail_site(api, smtp.port)
    student = api.signup(tenant)
    order_id = api.enroll(tenant, student, "pro", expect=202).get_json()["checkout"]["order_id"]
    pay(api, tenant, order_id)
    assert len(smtp.received) == 2
    for row in sent_mails(runtime, tenant):
        event = DomainEvent(**row.event)
        redeliver(runtime, tenant, event)  # a duplicated job for the same event
        redeliver(runtime, tenant, event)
    assert len(smtp.received) == 2
    assert [(r.status, r.attempts) for r in sent_mails(runtime, tenant)] == [("sent", 1)] * 2
    assert {j.status for j in mail_jobs(runtime, tenant)} == {"done"}


def test_two_jobs_for_one_event_at_once_send_once(api: Api, runtime, smtp: SmtpServer) -> None:
    tenant = mail_site(api, smtp.port)
    student = api.signup(tenant)
    event = DomainEvent(
        id="evt_concurrent",
        type="order.paid",
        tenant_id=tenant.id,
        occurred_at=utcnow().isoformat(),
        data={
            "order_id": "ord_x",
            "course": "pro",
            "student_id": student.id,
            "amount": 4900,
            "currency": "EUR",
            "provider": "dummy",
            "customer_email": None,
        },
    )
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def job() -> None:
        try:
            with runtime.session(tenant.id) as session:
                row = runtime.services.tenant(session, tenant.id)
                assert row is not None
                ctx = JobContext(
                    tuition=runtime, session=session, tenant=row, settings=row.plugin_settings()
                )
                start.wait()
                tuition_event(event=event, job=ctx)  # the hook, as core calls it
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=job) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert smtp.kinds == ["payment_receipt"]
    assert [(r.status, r.attempts) for r in sent_mails(runtime, tenant)] == [("sent", 1)]


def test_declined_payment_tells_the_student(api: Api, runtime, smtp: SmtpServer) -> None:
    tenant = mail_site(api, smtp.port)
    student = api.signup(tenant, "carol@example.com")
    order_id = api.enroll(tenant, student, "pro", expect=202).get_json()["checkout"]["order_id"]
    pay(api, tenant, order_id, outcome="decline")
    assert smtp.kinds == ["payment_failed"]
    mail = smtp.received[0]
    assert mail.message["Subject"] == "Your payment for Pottery Pro did not go through"
    assert "your payment of 49.00 EUR for Pottery Pro did not go through" in mail.part("plain")


def test_refund_notice_says_why(api: Api, runtime, smtp: SmtpServer) -> None:
    tenant = mail_site(api, smtp.port)
    student = api.signup(tenant, "dan@example.com")
    emit(
        runtime,
        tenant,
        "order.refund_scheduled",
        {
            "order_id": "ord_1",
            "enrollment_id": "enr_1",
            "course": "pro",
            "student_id": student.id,
            "amount": 4900,
            "currency": "EUR",
            "provider": "dummy",
            "customer_email": None,
            "reason": "cohort_full",
            "detail": "Cohort Spring filled up before your payment arrived; the payment is "
            "refunded.",
        },
    )
    mail = smtp.of("refund_notice")[0]
    assert mail.message["Subject"] == "Your payment for Pottery Pro will be refunded"
    text = mail.part("plain")
    assert "we received your payment of 49.00 EUR for Pottery Pro" in text
    assert "Cohort Spring filled up before your payment arrived" in text


def test_an_admin_refund_sends_the_refund_notice(api: Api, runtime, smtp: SmtpServer) -> None:
    """One notice for every refund, whoever makes it: two admin refunds, two notices;
    refused ones (by the provider, or nothing left), none."""
    tenant = mail_site(api, smtp.port)
    student = api.signup(tenant, "fay@example.com")
    order_id = api.enroll(tenant, student, "pro", expect=202).get_json()["checkout"]["order_id"]
    pay(api, tenant, order_id)
    smtp.received.clear()

    def dummy(**settings: object) -> None:
        api.call(
            "PUT",
            "/v1/admin/plugins/dummy_provider",
            headers=tenant.admin,
            json={"enabled": True, "settings": settings},
            expect=200,
        )

    dummy(fail_refunds=True)
    api.call(
        "POST",
        f"/v1/admin/orders/{order_id}/refund",
        headers=tenant.admin,
        json={"amount": 900},
        expect=502,
    )  # the provider refused: nobody is told
    assert smtp.received == []
    dummy()
    api.call(
        "POST",
        f"/v1/admin/orders/{order_id}/refund",
        headers=tenant.admin,
        json={"amount": 900},
        expect=200,
    )
    [part] = smtp.of("refund_notice")
    assert part.rcpt_tos == ["fay@example.com"]
    assert part.message["Subject"] == "9.00 EUR of your payment for Pottery Pro will be refunded"
    text = " ".join(part.part("plain").split())
    assert "9.00 EUR of your payment of 49.00 EUR for Pottery Pro is being refunded" in text
    assert "enrollment" not in text and f"Order: {order_id}" in text
    assert "<strong>9.00 EUR</strong> of your payment" in part.part("html")

    api.call(
        "POST", f"/v1/admin/orders/{order_id}/refund", headers=tenant.admin, json={}, expect=200
    )
    api.call(
        "POST", f"/v1/admin/orders/{order_id}/refund", headers=tenant.admin, json={}, expect=409
    )  # nothing left: refused, no mail
    # Each refund: its notice when decided, refund_completed once made.
    assert smtp.kinds == ["refund_completed"] * 2 + ["refund_notice"] * 2
    done = [" ".join(m.part("plain").split()) for m in smtp.of("refund_completed")]
    assert "9.00 EUR of the 49.00 EUR you paid has been refunded." in done[0]
    assert "49.00 EUR of the 49.00 EUR you paid has been refunded, all of it." in done[1]
    rest = smtp.of("refund_notice")[1]
    assert rest.message["Subject"] == "Your payment for Pottery Pro will be refunded"
    text = " ".join(rest.part("plain").split())
    assert "40.00 EUR of your payment of 49.00 EUR for Pottery Pro is being refunded" in text
    assert "With it, your enrollment in Pottery Pro ends." in text
    rows = [r for r in sent_mails(runtime, tenant) if r.template == "refund_notice"]
    assert [
        (r.status, r.event["data"]["reason"], r.event["data"]["refund_amount"]) for r in rows
    ] == [("sent", "admin", 900), ("sent", "admin", 4000)]


def test_a_payment_of_the_wrong_amount_tells_the_student(
    api: Api, runtime, smtp: SmtpServer
) -> None:
    tenant = mail_site(
        api, smtp.port, extra_plugins={"dummy_provider": {"settings": {"amount_offset": 1100}}}
    )
    student = api.signup(tenant, "gus@example.com")
    order_id = api.enroll(tenant, student, "pro", expect=202).get_json()["checkout"]["order_id"]
    pay(api, tenant, order_id)
    # No receipt, no confirmation: the notice, then the refund made.
    assert smtp.kinds == ["refund_completed", "refund_notice"]
    done = " ".join(smtp.of("refund_completed")[0].part("plain").split())
    assert "60.00 EUR of the 60.00 EUR you paid has been refunded, all of it." in done
    mail = smtp.of("refund_notice")[0]
    assert mail.message["Subject"] == "Your payment for Pottery Pro will be refunded"
    text = " ".join(mail.part("plain").split())
    assert (
        "we received your payment of 60.00 EUR for Pottery Pro, but we cannot enroll "
        "you: The payment did not match the price of the course" in text
    )
    assert "The full amount is being refunded" in text


def test_waitlist_offer_names_the_deadline(api: Api, runtime, smtp: SmtpServer) -> None:
    tenant = mail_site(api, smtp.port)
    student = api.signup(tenant, "eve@example.com")
    course_id = api.call(
        "GET", "/v1/admin/courses/pro", headers=tenant.admin, expect=200
    ).get_json()["id"]
    emit(
        runtime,
        tenant,
        "waitlist.offered",
        {
            "waitlist_id": "wai_1",
            "student_id": student.id,
            "course_id": course_id,
            "offer_expires_at": "2031-05-04T18:30:00+00:00",
            "cohort": "spring",
            "cohort_name": "Spring 2031",
        },
    )
    mail = smtp.of("waitlist_offer")[0]
    assert mail.message["Subject"] == "A seat is free for you: Pottery Pro"
    assert (
        "A seat in Pottery Pro (Spring 2031) has become free, and it is held for you "
        "until 2031-05-04 18:30 UTC." in mail.part("plain")
    )


def test_a_mail_goes_to_the_order_email_when_the_student_has_none(
    api: Api, runtime, smtp: SmtpServer
) -> None:
    tenant = mail_site(api, smtp.port)
    emit(
        runtime,
        tenant,
        "order.paid",
        {
            "order_id": "ord_2",
            "enrollment_id": "enr_2",
            "course": "pro",
            "student_id": "stu_unknown",
            "amount": 100,
            "currency": "JPY",
            "provider": "dummy",
            "customer_email": "buyer@example.com",
        },
    )
    receipt = smtp.of("payment_receipt")[0]
    assert receipt.rcpt_tos == ["buyer@example.com"]
    assert "Amount:  100 JPY" in receipt.part("plain")  # JPY has no minor unit
    emit(
        runtime,
        tenant,
        "order.paid",
        {
            "order_id": "ord_3",
            "course": "pro",
            "student_id": "stu_gone",
            "amount": 1,
            "currency": "EUR",
            "customer_email": None,
        },
    )
    assert len(smtp.received) == 1
    rows = {r.event["data"]["order_id"]: r.status for r in sent_mails(runtime, tenant)}
    assert rows == {"ord_2": "sent", "ord_3": "no_recipient"}


def test_an_interrupted_send_is_retried_by_the_sweep(api: Api, runtime, smtp: SmtpServer) -> None:
    """A process that died between claiming and recording leaves the row ``sending``;
    once the lease is over the sweep counts that as a failed attempt and retries."""
    from sqlalchemy import update

    tenant = mail_site(api, smtp.port)
    api.enroll(tenant, api.signup(tenant), "intro", expect=201)
    smtp.received.clear()
    with runtime.session(tenant.id) as session:
        session.execute(update(SentMail).values(status="sending", sent_at=None))
        session.commit()
    assert sweep(runtime, utcnow())[PLUGIN] == {"mails_sent": 0, "mails_failed": 0}
    assert smtp.received == []  # still within its lease: someone may be sending it
    later = utcnow() + LEASE + timedelta(minutes=1)
    assert sweep(runtime, later)[PLUGIN] == {"mails_sent": 1, "mails_failed": 0}
    assert smtp.kinds == ["enrollment_confirmation"]
    row = the_mail(runtime, tenant, "enrollment_confirmation")
    assert (row.status, row.attempts) == ("sent", 2)
    assert asdict(DomainEvent(**row.event))["type"] == "enrollment.activated"
