"""A bundle paid with jobs on Redis and a real rq worker, on PostgreSQL: nothing is
enrolled until the worker applies the (duplicated) webhook; then every course, once."""

from __future__ import annotations

import pytest

from tuition.plugin_api import Host
from tuition.testing.api import Api
from tuition.testing.queues import run_worker_burst
from tuition.testing.recorders import Recorder
from tuition_bundles.testing import MEMBERS, BundleShop


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_bundle_paid_through_rq_on_postgresql(
    db_url: str, rq_queue: object, api: Api, runtime: Host, recorder: Recorder
) -> None:
    shop = BundleShop(api, {"dummy_provider": {"settings": {"duplicate_webhooks": 2}}})
    student = shop.student()
    checkout = shop.enroll(student, expect=202).get_json()["checkout"]
    shop.pay(checkout["order_id"])
    assert shop.owned(student) == {"trio": "pending"}
    run_worker_burst(runtime)
    assert shop.owned(student) == {"trio": "active", **dict.fromkeys(MEMBERS, "active")}
    assert sorted(recorder.called("after_enrollment")) == sorted(
        (slug, "active") for slug in ("trio", *MEMBERS)
    )
    assert shop.seats() == {**dict.fromkeys(MEMBERS, 1), "trio": 1}
