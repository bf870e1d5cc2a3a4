"""Sweeps running at the same time on PostgreSQL emit each installment's reminder once:
the conditional update of ``reminded_at`` lets one of them claim it."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest

from tuition.testing.chores import sweep
from tuition_installments.testing import make_site, my_plan, start_plan

pytestmark = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)

SWEEPS = 4


def test_concurrent_sweeps_remind_once(api, runtime, recorder) -> None:
    tenant = make_site(api)
    students = [start_plan(api, tenant)[0] for _ in range(3)]
    due = max(
        datetime.fromisoformat(my_plan(api, s)["installments"][1]["due_at"]) for s in students
    )
    barrier = threading.Barrier(SWEEPS)
    counts: list[int] = []

    def run() -> None:
        barrier.wait()
        counts.append(sweep(runtime, due - timedelta(days=1))["installments"]["reminded"])

    threads = [threading.Thread(target=run) for _ in range(SWEEPS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(counts) == 3  # one reminder per plan, whichever sweep claimed it
    upcoming = [
        data for type_, data in recorder.called("event")
        if type_ == "payment_plan.installment_upcoming"
    ]  # fmt: skip
    assert sorted(d["plan_id"] for d in upcoming) == sorted(my_plan(api, s)["id"] for s in students)
    assert {d["installment"] for d in upcoming} == {2}
    assert sweep(runtime, due - timedelta(hours=1))["installments"]["reminded"] == 0
