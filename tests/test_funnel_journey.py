"""The funnel end to end, with real SMTP (aiosmtpd), real rq workers on Redis and a real
webhook receiver: a student finishes the free mini-course, gets the next-course offer,
buys it at the offer price and receives confirmation and receipt; a second student
abandons checkout and gets exactly one reminder; outbound webhooks arrive signed and are
retried after a failure; the funnel report shows those numbers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tuition.db import utcnow
from tuition.jobs import run_worker
from tuition.services.sweep import sweep
from tuition_email_notifications.testing import SmtpServer, mail_settings
from tuition_outbound_webhooks.testing import Receiver

pytestmark = pytest.mark.redis
OFFER = {
    "message": "You finished the mini-course: the full course, 20 EUR off.",
    "price": {"amount": 2900, "currency": "EUR"},
}


def test_the_whole_funnel(
    rq_queue: Any, api: Any, runtime: Any, smtp: SmtpServer, receiver: Receiver
) -> None:
    tenant = api.create_tenant(
        {
            "free_enrollment": {},
            "dummy_provider": {},
            "next_course": {},
            "abandoned_checkout": {"settings": {"after_minutes": 60}},
            "email_notifications": {"settings": mail_settings(smtp.port)},
            "outbound_webhooks": {},
        }
    )
    api.create_course(
        tenant,
        "pro",
        title="SQL Masterclass",
        pricing_model="one_time",
        price={"amount": 4900, "currency": "EUR"},
    )
    api.create_course(
        tenant,
        "mini",
        title="SQL in a Day",
        next_courses=["pro"],
        attributes={"next_course": {"offers": {"pro": OFFER}}},
    )
    endpoint = api.call(
        "POST",
        "/v1/admin/webhook-endpoints",
        headers=tenant.admin,
        expect=201,
        json={"url": receiver.url(), "events": ["order.paid"]},
    ).get_json()

    ada = api.signup(tenant, "ada@example.com")
    for course in ("mini", "pro"):
        api.call("POST", f"/v1/courses/{course}/views", headers=ada.headers, expect=202)
    mini = api.enroll(tenant, ada, "mini").get_json()
    run_worker(runtime, burst=True)
    api.call("POST", f"/v1/me/enrollments/{mini['id']}/complete", headers=ada.headers, expect=200)
    run_worker(runtime, burst=True)
    offers = smtp.of("next_course_offer")
    assert offers and all(m.rcpt_tos == ["ada@example.com"] for m in offers)
    assert OFFER["message"] in offers[-1].part("plain")

    receiver.answer(500)  # the shop's endpoint is down for the first delivery
    checkout = api.enroll(tenant, ada, "pro", expect=202).get_json()["checkout"]
    assert checkout["amount"] == 2900  # the offer price, no coupon
    api.call(
        "POST",
        f"/v1/dummy/checkout/{tenant.slug}/{checkout['order_id']}",
        json={"outcome": "pay"},
        expect=200,
    )
    run_worker(runtime, burst=True)
    ada_mail = [m.kind for m in smtp.received if m.rcpt_tos == ["ada@example.com"]]
    assert ada_mail.count("enrollment_confirmation") == 2  # mini, then pro
    assert ada_mail.count("payment_receipt") == 1
    assert "29.00 EUR" in smtp.of("payment_receipt")[0].part("plain")

    grace = api.signup(tenant, "grace@example.com")
    api.enroll(tenant, grace, "pro", expect=202)  # and never pays
    later = utcnow() + timedelta(minutes=61)
    for _ in range(2):  # cron runs the sweep every minute: still one reminder
        sweep(runtime, later)
        run_worker(runtime, burst=True)
    reminders = smtp.of("checkout_reminder")
    assert [m.rcpt_tos for m in reminders] == [["grace@example.com"]]

    paid_hooks = receiver.of_type("order.paid")
    assert len(paid_hooks) == 2  # the 500, then the retry by the sweep
    assert paid_hooks[0].body == paid_hooks[1].body
    assert all(r.verifies(endpoint["secret"], tolerance=None) for r in paid_hooks)
    assert paid_hooks[1].json()["data"]["order_id"] == checkout["order_id"]

    report = api.call(
        "GET", "/v1/admin/reports/funnel", headers=tenant.admin, expect=200
    ).get_json()
    rows = {row["course"]: row for row in report["courses"]}
    assert {
        k: rows["pro"][k]
        for k in ("views", "enroll_clicks", "checkouts_started", "paid", "enrollments")
    } == {"views": 1, "enroll_clicks": 2, "checkouts_started": 2, "paid": 1, "enrollments": 1}
    assert (rows["mini"]["views"], rows["mini"]["enrollments"]) == (1, 1)
    reminded = api.call(
        "GET", "/v1/admin/abandoned-checkouts", headers=tenant.admin, expect=200
    ).get_json()["summary"]
    assert (reminded["reminded"], reminded["recovered"]) == (1, 0)
