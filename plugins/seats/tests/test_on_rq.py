"""Team seats paid with jobs on Redis and a real rq worker, on PostgreSQL: the codes are
issued when the worker applies the (duplicated) webhook, once; then a code redeems."""

from __future__ import annotations

import pytest

from tuition.plugin_api import Host
from tuition.testing.api import Api
from tuition.testing.queues import run_worker_burst
from tuition.testing.recorders import Recorder
from tuition_seats.testing import Team


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_seats_paid_through_rq_on_postgresql(
    db_url: str, rq_queue: object, api: Api, runtime: Host, recorder: Recorder
) -> None:
    team = Team(api, capacity=10, dummy_provider={"settings": {"duplicate_webhooks": 2}})
    buyer = team.student()
    checkout = team.buy(buyer, 3)["checkout"]
    team.pay(checkout["order_id"])
    (pending,) = team.mine(buyer)["items"]
    assert (pending["status"], pending["remaining"]) == ("pending", 0)

    run_worker_burst(runtime)
    bought = team.mine(buyer, pending["id"])
    assert (bought["status"], bought["remaining"]) == ("active", 2)
    assert len(bought["codes"]) == 2  # issued once, though the webhook came twice
    assert len(recorder.events("seats.purchased")) == 1

    colleague = team.student()
    team.redeem(colleague, bought["codes"][0]["code"])
    after = team.mine(buyer, pending["id"])
    assert (after["redeemed"], after["remaining"]) == (1, 1)
    assert team.course()["seats_taken"] == 3
