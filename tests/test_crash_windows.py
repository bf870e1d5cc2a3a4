"""Crash windows: a process is SIGKILLed at the worst moment of a paid enrollment, then the
system is restarted the way an operator would; the enrollment activates exactly once and
each mail goes out exactly once.

Everything runs as it does in production: gunicorn serves the API, ``tuition worker``
processes run the jobs from an rq queue of this test's own on Redis, PostgreSQL holds a
database of this test's own, and the tenant's mail goes to a real SMTP server (aiosmtpd)
in this process.

Where to die is chosen with ``CrashPoint`` (``tests/running_system.py``), a plugin the
crashing process loads by name and arms with ``TUITION_TEST_CRASH_AT``: when a transaction
that wrote the named rows has committed, and before anything else happens in that process,
it writes its pid to ``TUITION_TEST_CRASH_MARKER`` and sleeps. The test then SIGKILLs that
process: a real death, with the commit durable and nothing after it done. Crash points:

``webhook_stored``
    The webhook request committed the payment event and its job, the job was not handed
    to the queue yet (the web worker dies: the job stays ``pending`` in the outbox).
``payment_applied``
    The worker's ``payment_event`` job committed: the order is paid, the enrollment active,
    their follow-up jobs (the mails among them) written but not handed over; the job itself
    stays ``running``.
``mail_claimed:<template>``
    The worker claimed the mail (its ``email_sent_mails`` row is ``sending``) and dies
    before talking to the SMTP server.

Restarting means what an operator or cron does: ``tuition jobs flush``, ``tuition payments
reconcile``, ``tuition jobs sweep``, or a new ``tuition worker`` (which hands over outbox
jobs when it starts). Leases are honoured, not skipped: a job left ``running`` is taken
over once it is 30 s old, a mail left ``sending`` once it is 15 minutes old; the test ages
those rows (moves ``updated_at`` back) instead of waiting, as if the restart came later.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import select

from tests.running_system import (
    CONFIRMATION,
    HTTP_TIMEOUT,
    OPERATOR_TOKEN,
    PRICE,
    RECEIPT,
    Shop,
)
from tuition.jobs import STUCK_AFTER
from tuition.models import AuditEntry, Course, Enrollment, Job, Order, OrderTransition, PaymentEvent
from tuition.testing.databases import backends
from tuition_dummy_provider.models import DummyPayment
from tuition_email_notifications.delivery import LEASE
from tuition_email_notifications.models import SentMail
from tuition_email_notifications.testing import mail_settings

# -- buying ---------------------------------------------------------------------------------


@dataclass
class Purchase:
    tenant_slug: str
    tenant_id: str
    student_headers: dict[str, str]
    order_id: str
    pay_url: str


def start_purchase(shop: Shop) -> Purchase:
    """A tenant with the dummy provider and mail to the test's SMTP server, a paid course,
    a student who enrolled (202) and has yet to pay."""
    url = shop.url
    operator = {"Authorization": f"Bearer {OPERATOR_TOKEN}"}
    plugins: dict[str, Any] = {
        "dummy_provider": {},
        "email_notifications": {"settings": mail_settings(shop.smtp.port)},
    }
    made = requests.post(
        f"{url}/v1/tenants",
        headers=operator,
        timeout=HTTP_TIMEOUT,
        json={"slug": "crash-shop", "name": "Crash Shop", "plugins": plugins},
    )
    assert made.status_code == 201, made.text
    tenant = made.json()
    admin = {"Authorization": f"Bearer {tenant['secret_key']}"}
    storefront = {"X-Tenant-Key": tenant["publishable_key"]}
    course = requests.post(
        f"{url}/v1/admin/courses",
        headers=admin,
        timeout=HTTP_TIMEOUT,
        json={
            "slug": "pro",
            "title": "Pottery Pro",
            "capacity": 5,
            "pricing_model": "one_time",
            "price": PRICE,
            "status": "published",
        },
    )
    assert course.status_code == 201, course.text
    signup = requests.post(
        f"{url}/v1/auth/signup",
        headers=storefront,
        timeout=HTTP_TIMEOUT,
        json={"email": "ada@example.com", "password": "correct horse battery"},
    )
    assert signup.status_code == 201, signup.text
    student = {**storefront, "Authorization": f"Bearer {signup.json()['token']}"}
    enroll = requests.post(
        f"{url}/v1/enrollments", json={"course": "pro"}, headers=student, timeout=HTTP_TIMEOUT
    )
    assert enroll.status_code == 202, enroll.text
    checkout = enroll.json()["checkout"]
    return Purchase(
        tenant["slug"], tenant["id"], student, checkout["order_id"], checkout["pay_url"]
    )


def pay(shop: Shop, purchase: Purchase) -> requests.Response:
    answer = requests.post(
        f"{shop.url}{purchase.pay_url}", json={"outcome": "pay"}, timeout=HTTP_TIMEOUT
    )
    assert answer.status_code == 200, answer.text
    return answer


# -- what must hold -------------------------------------------------------------------------


@dataclass
class State:
    order: str
    transitions: list[tuple[str | None, str]]
    enrollment: str
    activations: int  # audit entries of the enrollment becoming active
    paid_audits: int
    events: list[tuple[str, str]]  # payment events (kind, status)
    ledger: tuple[str, int] | None  # the provider's side: (status, refunded)
    seats_taken: int
    mails: list[tuple[str, str]]  # email_sent_mails (template, status)
    event_ids: dict[str, int]  # domain event type -> distinct events emitted


def state(shop: Shop, purchase: Purchase) -> State:
    with shop.engine.connect() as conn:
        order_status, enrollment_id = conn.execute(
            select(Order.status, Order.enrollment_id).where(Order.id == purchase.order_id)
        ).one()
        transitions = [
            (before, after)
            for before, after in conn.execute(
                select(OrderTransition.from_status, OrderTransition.to_status).where(
                    OrderTransition.order_id == purchase.order_id
                )
            )
        ]
        enrollment = conn.scalar(select(Enrollment.status).where(Enrollment.id == enrollment_id))
        audits = Counter(
            (kind, action)
            for kind, action in conn.execute(
                select(AuditEntry.object_type, AuditEntry.action).where(
                    AuditEntry.object_id.in_((enrollment_id, purchase.order_id))
                )
            )
        )
        events = [
            (kind, status)
            for kind, status in conn.execute(
                select(PaymentEvent.kind, PaymentEvent.status).where(
                    PaymentEvent.order_id == purchase.order_id
                )
            )
        ]
        ledger = conn.execute(
            select(DummyPayment.status, DummyPayment.refunded_amount).where(
                DummyPayment.order_id == purchase.order_id
            )
        ).first()
        seats = conn.scalar(
            select(Course.seats_taken).where(
                Course.tenant_id == purchase.tenant_id, Course.slug == "pro"
            )
        )
        mails = [
            (template, status)
            for template, status in conn.execute(
                select(SentMail.template, SentMail.status).order_by(SentMail.template)
            )
        ]
        emitted: dict[str, set[str]] = {}
        for payload in conn.scalars(select(Job.payload).where(Job.name == "hook")):
            if isinstance(payload.get("event"), dict):
                emitted.setdefault(payload["event"]["type"], set()).add(payload["event"]["id"])
    return State(
        order=order_status,
        enrollment=str(enrollment),
        transitions=sorted(transitions, key=lambda t: (t[0] is not None, t[0] or "", t[1])),
        activations=audits[("enrollment", "status.active")],
        paid_audits=audits[("order", "status.paid")],
        events=events,
        ledger=(ledger[0], ledger[1]) if ledger else None,
        seats_taken=int(seats or 0),
        mails=mails,
        event_ids={kind: len(ids) for kind, ids in emitted.items()},
    )


def assert_exactly_once(shop: Shop, purchase: Purchase) -> None:
    """Paid and active once, one payment event, each mail sent once, every job done."""
    now = state(shop, purchase)
    assert now.order == "paid" and now.enrollment == "active", now
    assert now.transitions == [
        (None, "checkout_pending"),
        ("checkout_pending", "pending"),
        ("pending", "paid"),
    ], now.transitions
    assert (now.activations, now.paid_audits) == (1, 1), now
    assert now.events == [("payment.succeeded", "processed")], now.events
    assert now.ledger == ("paid", 0) and now.seats_taken == 1, now
    assert now.event_ids.get("enrollment.activated") == 1, now.event_ids
    assert now.event_ids.get("order.paid") == 1, now.event_ids
    assert now.mails == [(CONFIRMATION, "sent"), (RECEIPT, "sent")], now.mails
    assert shop.smtp.kinds == [CONFIRMATION, RECEIPT], shop.smtp.kinds
    assert {status for _, status, _ in shop.jobs()} == {"done"}, shop.jobs()


def restart_again_changes_nothing(shop: Shop, purchase: Purchase) -> None:
    """Every recovery path once more, and the provider retrying its webhook (it never got
    an answer from the process that died): nothing is applied or sent a second time."""
    retried = requests.post(f"{shop.url}{purchase.pay_url}/webhooks", json={}, timeout=HTTP_TIMEOUT)
    assert retried.status_code == 200 and retried.json()["webhooks_sent"] == 1, retried.text
    flushed, reconciled, _swept = shop.cli_at_once(
        ["jobs", "flush"], ["payments", "reconcile", "--older-than", "0"], ["jobs", "sweep"]
    )
    assert "dispatched 0 job(s)" in flushed
    assert "nothing to reconcile" in reconciled
    shop.drain(mails=2)
    time.sleep(1.0)  # a duplicate mail would be on its way by now
    assert_exactly_once(shop, purchase)


# -- the tests ------------------------------------------------------------------------------

# PostgreSQL only (skipped, as an empty parameter set, under TUITION_TEST_DATABASES=sqlite).
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.parametrize("db_url", [b for b in backends() if b == "postgresql"], indirect=True),
]


@pytest.mark.parametrize("recovery", ["worker", "flush", "reconcile"])
def test_web_process_dies_after_storing_the_webhook(shop: Shop, recovery: str) -> None:
    """(a) Paid, the webhook stored with its job, the web worker SIGKILLed before the job
    reached the queue; then a worker starts (it hands over outbox jobs), or an operator
    runs ``tuition jobs flush`` or ``tuition payments reconcile`` first."""
    shop.start_server(crash_at="webhook_stored")
    assert shop.server is not None
    purchase = start_purchase(shop)
    answer: list[Any] = []

    def pay_and_wait() -> None:
        try:
            answer.append(
                requests.post(
                    f"{shop.url}{purchase.pay_url}", json={"outcome": "pay"}, timeout=HTTP_TIMEOUT
                )
            )
        except requests.RequestException as exc:
            answer.append(exc)

    buyer = threading.Thread(target=pay_and_wait)
    buyer.start()
    pid, point = shop.wait_for_crash_point(shop.server.process)
    assert point == "webhook_stored"
    assert _parent_of(pid) == shop.server.process.pid  # one of this test's web workers
    os.kill(pid, signal.SIGKILL)
    buyer.join(timeout=HTTP_TIMEOUT + 5)
    assert answer and not isinstance(answer[0], requests.Response), answer  # no answer

    crashed = state(shop, purchase)
    assert (crashed.order, crashed.enrollment, crashed.ledger) == (
        "pending",
        "pending",
        ("paid", 0),
    ), crashed
    assert crashed.events == [("payment.succeeded", "received")]
    assert shop.jobs() == [("payment_event", "pending", None)] and shop.queued() == 0
    assert shop.smtp.received == []

    if recovery == "flush":
        assert "dispatched 1 job(s)" in shop.cli("jobs", "flush")
    elif recovery == "reconcile":
        assert "fulfilled: 1" in shop.cli("payments", "reconcile", "--older-than", "0")
        assert state(shop, purchase).order == "paid"
    shop.start_worker()
    shop.drain(mails=2)
    assert_exactly_once(shop, purchase)
    restart_again_changes_nothing(shop, purchase)


@pytest.mark.parametrize("crash_at", ["payment_applied", f"mail_claimed:{CONFIRMATION}"])
def test_worker_dies_before_the_mail_is_sent(shop: Shop, crash_at: str) -> None:
    """(b) The worker applies the payment and dies before the confirmation is sent: right
    after the payment's commit (its follow-up jobs never reach the queue), or after
    claiming the mail, before the SMTP conversation. A new worker starts; jobs left
    ``running`` are taken over once their lease is up, a mail left ``sending`` by the
    sweep once its lease is up."""
    shop.start_server()
    purchase = start_purchase(shop)
    doomed = shop.start_worker(crash_at=crash_at)
    pay(shop, purchase)
    pid, point = shop.wait_for_crash_point(doomed.process)
    assert (pid, point) == (doomed.process.pid, crash_at)
    doomed.kill()

    crashed = state(shop, purchase)
    assert (crashed.order, crashed.enrollment, crashed.activations) == ("paid", "active", 1)
    jobs = shop.jobs()
    if crash_at == "payment_applied":
        # The job is done (its ``done`` committed with the payment: it never runs again);
        # what it wrote, the mails' jobs among them, stays in the outbox, never handed to
        # the queue.
        assert [j for j in jobs if j[1] in ("running", "enqueued")] == [], jobs
        assert ("payment_event", "done", None) in jobs, jobs
        assert {
            ("hook", "pending", "enrollment.activated"),
            ("hook", "pending", "order.paid"),
        } <= set(jobs), jobs
        assert crashed.mails == [] and shop.smtp.received == [] and shop.queued() == 0
    else:
        assert (CONFIRMATION, "sending") in crashed.mails, crashed.mails
        assert ("hook", "running", "enrollment.activated") in jobs, jobs
        assert CONFIRMATION not in shop.smtp.kinds

    # The restart, later: the dead worker's job lease (30 s) is up, a new worker starts.
    running = 0 if crash_at == "payment_applied" else 1
    assert shop.age(Job, "running", STUCK_AFTER + timedelta(minutes=1)) == running
    shop.start_worker()
    if crash_at.startswith("mail_claimed"):
        # The job runs again but leaves the claimed mail alone: the dead process might
        # have sent it already. Its claim is taken over by the sweep after its lease.
        shop.drain(mails=1)
        assert state(shop, purchase).mails == [(CONFIRMATION, "sending"), (RECEIPT, "sent")]
        assert shop.smtp.kinds == [RECEIPT]
        assert shop.age(SentMail, "sending", LEASE + timedelta(minutes=1)) == 1
        assert "mails_sent=1" in shop.cli("jobs", "sweep")
    shop.drain(mails=2)
    assert_exactly_once(shop, purchase)
    restart_again_changes_nothing(shop, purchase)


def _parent_of(pid: int) -> int:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[1])
