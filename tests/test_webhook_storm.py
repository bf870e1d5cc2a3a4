"""A webhook storm: 1,000 provider events for 300 orders, 30 % of them duplicates, 20 % out
of order, delivered concurrently while an rq worker is killed in the middle of a job and a
new one started; then ``tuition payments reconcile``.

The system runs as in production, the way ``tests/running_system.py`` sets it up (gunicorn,
``tuition worker`` processes on an rq queue of this test's own, PostgreSQL, mail to a real
SMTP server). 300 students check out a paid course with the dummy provider told to withhold
its webhooks; 250 pay and 50 decline on its hosted page, so the provider's ledger knows the
outcome and Tuition does not. The test then plays the provider, signing each event the way
the dummy does (``Dummy-Signature``):

* for every order a ``payment.pending`` event, for 120 of them a second one (another id);
* the outcome, ``payment.succeeded`` or ``payment.failed``, for 280 orders; for 20 orders
  (15 paid, 5 declined) it is lost and only ``reconcile`` can find it;
* 700 distinct events in all, plus 300 copies of randomly chosen ones (a provider's
  retries: the same body, signed anew) = 1,000 deliveries;
* for 200 orders the outcome is delivered before that order's pending events (200 events,
  20 %, out of order); everything else in a shuffled order, from 16 threads at once.

One of the two workers stops for good right after its first payment job committed (the
``payment_applied`` crash point: the order paid and the job ``done`` in the same commit,
its follow-up jobs in the outbox, never handed to the queue) and is SIGKILLed while the
storm goes on; a new worker replaces it, and a worker's outbox flush hands the follow-ups
over. Then every paid order is paid and its enrollment active exactly
once, every declined one failed, each confirmation and receipt (or payment-failed notice)
mailed exactly once to its student, every event stored once and processed, every job done;
after ``reconcile`` no order is pending.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest
import requests
from sqlalchemy import func, select

from tests.running_system import (
    CONFIRMATION,
    HTTP_TIMEOUT,
    OPERATOR_TOKEN,
    RECEIPT,
    WAIT_SECONDS,
    Shop,
)
from tuition.models import AuditEntry, Course, Enrollment, Job, Order, OrderTransition, PaymentEvent
from tuition.testing.databases import backends
from tuition_dummy_provider.provider import SIGNATURE_HEADER, sign
from tuition_email_notifications.models import SentMail
from tuition_email_notifications.testing import mail_settings

ORDERS, PAYING = 300, 250
DELIVERIES, DUPLICATES, OUT_OF_ORDER = 1000, 300, 200
SECOND_PENDING, LOST_PAID, LOST_DECLINED = 120, 15, 5
SENDERS = 16
FAILED = "payment_failed"
SECRET = "storm-webhook-secret"
PRICE: dict[str, Any] = {"amount": 2900, "currency": "EUR"}

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.parametrize("db_url", [b for b in backends() if b == "postgresql"], indirect=True),
]


@dataclass
class Buyer:
    email: str
    order_id: str
    pays: bool


def open_shop(shop: Shop) -> tuple[str, str, dict[str, str]]:
    """A tenant (dummy provider withholding its webhooks, mail), a paid course; its slug,
    id and storefront headers."""
    plugins: dict[str, Any] = {
        "dummy_provider": {"settings": {"withhold_webhooks": True, "webhook_secret": SECRET}},
        "email_notifications": {"settings": mail_settings(shop.smtp.port)},
    }
    made = requests.post(
        f"{shop.url}/v1/tenants",
        timeout=HTTP_TIMEOUT,
        headers={"Authorization": f"Bearer {OPERATOR_TOKEN}"},
        json={"slug": "storm", "name": "Storm", "plugins": plugins},
    )
    assert made.status_code == 201, made.text
    tenant = made.json()
    course = requests.post(
        f"{shop.url}/v1/admin/courses",
        timeout=HTTP_TIMEOUT,
        headers={"Authorization": f"Bearer {tenant['secret_key']}"},
        json={
            "slug": "pro",
            "title": "Storm Pro",
            "capacity": 400,
            "pricing_model": "one_time",
            "price": PRICE,
            "status": "published",
        },
    )
    assert course.status_code == 201, course.text
    return tenant["slug"], tenant["id"], {"X-Tenant-Key": tenant["publishable_key"]}


def buy(shop: Shop, storefront: dict[str, str], number: int) -> Buyer:
    """Sign up, check out and pay (or decline) on the dummy's page: no webhook is sent."""
    email = f"storm{number:03d}@example.com"
    with requests.Session() as http:
        signup = http.post(
            f"{shop.url}/v1/auth/signup",
            headers=storefront,
            timeout=HTTP_TIMEOUT,
            json={"email": email, "password": "correct horse battery"},
        )
        assert signup.status_code == 201, signup.text
        student = {**storefront, "Authorization": f"Bearer {signup.json()['token']}"}
        enroll = http.post(
            f"{shop.url}/v1/enrollments",
            json={"course": "pro"},
            headers=student,
            timeout=HTTP_TIMEOUT,
        )
        assert enroll.status_code == 202, enroll.text
        checkout = enroll.json()["checkout"]
        pays = number < PAYING
        paid = http.post(
            f"{shop.url}{checkout['pay_url']}",
            timeout=HTTP_TIMEOUT,
            json={"outcome": "pay" if pays else "decline"},
        )
        assert paid.status_code == 200 and paid.json()["webhooks_sent"] == 0, paid.text
    return Buyer(email, checkout["order_id"], pays)


def event(tenant_id: str, order_id: str, kind: str, suffix: str = "") -> dict[str, Any]:
    """An event as the dummy provider sends it (``DummyProvider._event``)."""
    payment = f"dpay_{order_id}"
    return {
        "id": f"dev_{payment}_{kind}{suffix}",
        "type": kind,
        "tenant_id": tenant_id,
        "order_id": order_id,
        "amount": PRICE["amount"],
        "currency": PRICE["currency"],
        "payment_id": payment,
    }


def storm(
    buyers: list[Buyer], tenant_id: str, rng: random.Random
) -> tuple[list[dict[str, Any]], set[str]]:
    """The deliveries in sending order, and the orders whose outcome is lost."""
    paid = [b.order_id for b in buyers if b.pays]
    declined = [b.order_id for b in buyers if not b.pays]
    lost_orders = set(paid[:LOST_PAID]) | set(declined[:LOST_DECLINED])
    second = set(rng.sample([b.order_id for b in buyers], SECOND_PENDING))
    delivered = [b for b in buyers if b.order_id not in lost_orders]
    reordered = set(rng.sample([b.order_id for b in delivered], OUT_OF_ORDER))
    sequences = []
    for buyer in buyers:
        pending = [event(tenant_id, buyer.order_id, "payment.pending")]
        if buyer.order_id in second:
            pending.append(event(tenant_id, buyer.order_id, "payment.pending", ".2"))
        outcome = (
            []
            if buyer.order_id in lost_orders
            else [
                event(
                    tenant_id,
                    buyer.order_id,
                    "payment.succeeded" if buyer.pays else "payment.failed",
                )
            ]
        )
        sequences.append(outcome + pending if buyer.order_id in reordered else pending + outcome)
    # Interleave the orders at random, keeping each order's own sequence.
    slots = [i for i, sequence in enumerate(sequences) for _ in sequence]
    rng.shuffle(slots)
    cursors = [0] * len(sequences)
    deliveries = []
    for i in slots:
        deliveries.append(sequences[i][cursors[i]])
        cursors[i] += 1
    distinct = len(deliveries)
    for _ in range(DUPLICATES):  # retries: a copy goes out some time after its original
        original = rng.randrange(distinct)
        deliveries.insert(rng.randrange(original + 1, len(deliveries) + 1), deliveries[original])
    return deliveries, lost_orders


def deliver(shop: Shop, slug: str, deliveries: list[dict[str, Any]]) -> Counter[str]:
    """Send every delivery, 16 at a time; the sum of the intake answers."""
    url = f"{shop.url}/v1/webhooks/dummy/{slug}"
    local = threading.local()

    def send(body: dict[str, Any]) -> dict[str, int]:
        raw = json.dumps(body).encode()
        if not hasattr(local, "http"):
            local.http = requests.Session()
        answer = local.http.post(
            url,
            data=raw,
            timeout=HTTP_TIMEOUT,
            headers={SIGNATURE_HEADER: sign(SECRET, raw), "Content-Type": "application/json"},
        )
        assert answer.status_code == 200, answer.text
        return dict(answer.json())

    totals: Counter[str] = Counter()
    with ThreadPoolExecutor(SENDERS) as pool:
        for answer in pool.map(send, deliveries):
            totals.update(answer)
    return totals


def wait_for(shop: Shop, what: str, done: Any) -> None:
    deadline = time.monotonic() + WAIT_SECONDS * 3
    while not done():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}: {Counter(shop.jobs())}\n{shop.logs()}")
        time.sleep(0.25)


def unfinished_jobs(shop: Shop) -> Counter[str]:
    with shop.engine.connect() as conn:
        return Counter(
            dict(
                conn.execute(
                    select(Job.status, func.count())
                    .where(Job.status != "done")
                    .group_by(Job.status)
                ).all()
            )
        )


def test_webhook_storm_fulfils_every_paid_order_once(shop: Shop) -> None:
    rng = random.Random(20261123)
    shop.start_server()
    slug, tenant_id, storefront = open_shop(shop)
    with ThreadPoolExecutor(8) as pool:
        buyers = list(pool.map(lambda n: buy(shop, storefront, n), range(ORDERS)))
    deliveries, lost = storm(buyers, tenant_id, rng)
    assert len(deliveries) == DELIVERIES
    assert len({d["id"] for d in deliveries}) == DELIVERIES - DUPLICATES

    # A tenant's payments are applied by one drain at a time: the worker that is to die
    # runs alone until it does, else another could take every drain and it would never
    # reach its crash point. Two workers go on after it.
    doomed = shop.start_worker(crash_at="payment_applied")
    answers: list[Counter[str]] = []
    sender = threading.Thread(target=lambda: answers.append(deliver(shop, slug, deliveries)))
    sender.start()
    pid, point = shop.wait_for_crash_point(doomed.process)
    assert (pid, point) == (doomed.process.pid, "payment_applied")
    doomed.kill()  # right after its payment (and the job's done) committed
    shop.start_worker()  # the restart
    shop.start_worker()
    sender.join(timeout=WAIT_SECONDS * 5)
    assert not sender.is_alive() and answers, "the storm did not finish"
    # Every distinct event is taken once; every copy is recognised as a duplicate.
    assert answers[0]["received"] == DELIVERIES - DUPLICATES, answers
    assert answers[0]["duplicates"] == DUPLICATES, answers

    # Everything runs: the dead worker's job is done (with its payment), the follow-ups it
    # left in the outbox are handed over by a worker's outbox flush.
    wait_for(shop, "the queue to drain", lambda: unfinished_jobs(shop) == Counter())
    shop.cli("jobs", "sweep")
    declined = ORDERS - PAYING
    shop.drain(mails=2 * (PAYING - LOST_PAID) + declined - LOST_DECLINED)

    # Before reconcile: the orders whose outcome was lost are still pending.
    with shop.engine.connect() as conn:
        pending = set(conn.scalars(select(Order.id).where(Order.status == "pending")))
    assert pending == lost
    reconciled = shop.cli("payments", "reconcile", "--older-than", "0")
    assert dict(line.split(": ") for line in reconciled.splitlines()) == {
        "fulfilled": str(LOST_PAID),
        "failed": str(LOST_DECLINED),
    }, reconciled
    shop.drain(mails=2 * PAYING + declined)
    time.sleep(1.0)  # a duplicate mail would be on its way by now
    assert_converged(shop, buyers)
    assert "nothing to reconcile" in shop.cli("payments", "reconcile", "--older-than", "0")


def assert_converged(shop: Shop, buyers: list[Buyer]) -> None:
    """Every paid order fulfilled exactly once, every mail once, nothing left over."""
    by_order = {b.order_id: b for b in buyers}
    with shop.engine.connect() as conn:
        orders = dict(conn.execute(select(Order.id, Order.status)).all())
        enrollments = dict(
            conn.execute(
                select(Order.id, Enrollment.status).join(
                    Enrollment, Enrollment.id == Order.enrollment_id
                )
            ).all()
        )
        transitions: dict[str, list[tuple[str | None, str]]] = {}
        for order_id, before, after in conn.execute(
            select(
                OrderTransition.order_id, OrderTransition.from_status, OrderTransition.to_status
            ).order_by(OrderTransition.id)
        ):
            transitions.setdefault(order_id, []).append((before, after))
        activations = Counter(
            conn.scalars(
                select(AuditEntry.object_id).where(
                    AuditEntry.object_type == "enrollment", AuditEntry.action == "status.active"
                )
            )
        )
        enrollment_of = dict(conn.execute(select(Order.id, Order.enrollment_id)).all())
        events = dict(
            conn.execute(
                select(PaymentEvent.status, func.count()).group_by(PaymentEvent.status)
            ).all()
        )
        seats = conn.scalar(select(Course.seats_taken).where(Course.slug == "pro"))
        mails = Counter(conn.execute(select(SentMail.template, SentMail.status)).all())
        jobs = Counter(conn.scalars(select(Job.status)))
    assert set(orders) == set(by_order)
    for order_id, buyer in by_order.items():
        outcome = "paid" if buyer.pays else "failed"
        assert orders[order_id] == outcome, (order_id, orders[order_id])
        assert enrollments[order_id] == ("active" if buyer.pays else "canceled")
        assert transitions[order_id] == [
            (None, "checkout_pending"),
            ("checkout_pending", "pending"),
            ("pending", outcome),
        ], order_id
        assert activations[enrollment_of[order_id]] == (1 if buyer.pays else 0), order_id
    assert events == {"processed": DELIVERIES - DUPLICATES}, events
    assert seats == PAYING
    declined = ORDERS - PAYING
    assert mails == Counter(
        {(CONFIRMATION, "sent"): PAYING, (RECEIPT, "sent"): PAYING, (FAILED, "sent"): declined}
    ), mails
    assert set(jobs) == {"done"}, jobs
    received = Counter((r.kind, tuple(r.rcpt_tos)) for r in shop.smtp.received)
    expected = Counter(
        {
            (kind, (b.email,)): 1
            for b in buyers
            for kind in ((CONFIRMATION, RECEIPT) if b.pays else (FAILED,))
        }
    )
    assert received == expected, received - expected
