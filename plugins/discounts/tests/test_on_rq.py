"""A discounted order paid with jobs on Redis and a real rq worker, on PostgreSQL: the
code is held at checkout, counts as used once the worker applies the (duplicated)
webhook, once, and the order charged the discounted amount."""

from __future__ import annotations

import pytest

from tuition.plugin_api import Host
from tuition.testing.api import Api
from tuition.testing.queues import run_worker_burst
from tuition.testing.recorders import Recorder
from tuition_discounts.testing import Shop


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_discounted_order_paid_through_rq_on_postgresql(
    db_url: str, rq_queue: object, api: Api, runtime: Host, recorder: Recorder
) -> None:
    shop = Shop(api, dummy_provider={"settings": {"duplicate_webhooks": 2}})
    code = shop.code("RQ-20", max_redemptions=1)
    student = shop.student()
    checkout = shop.enroll(student, code="rq-20", expect=202).get_json()["checkout"]
    shop.pay(checkout["order_id"])
    held = shop.admin("GET", f"/codes/{code['id']}", expect=200)
    assert (held["totals"]["redemptions"], held["totals"]["used"]) == (1, 0)

    run_worker_burst(runtime)
    found = shop.admin("GET", f"/codes/{code['id']}", expect=200)
    assert found["totals"] == {
        "redemptions": 1,
        "used": 1,
        "revenue": {"EUR": 3920},
        "discount_given": {"EUR": 980},
    }
    (paid,) = recorder.events("order.paid")  # the duplicate changed nothing
    assert (paid["amount"], paid["discount_code"]) == (3920, "RQ-20")
    other = shop.student()
    refused = shop.enroll(other, code="RQ-20", expect=409).get_json()
    assert refused["code"] == "code_exhausted"
