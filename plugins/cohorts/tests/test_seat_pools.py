"""The cohorts count their seats as pools core drives (``tuition_capacities``): core's
``tuition jobs sweep`` lapses their overdue holds, tenant by tenant."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import update

from tuition.plugin_api import utcnow
from tuition.testing.chores import sweep
from tuition.testing.recorders import Recorder
from tuition_cohorts.models import CohortSeat
from tuition_cohorts.testing import enroll, make_site, paid_course, seats


@pytest.fixture
def tuition_plugins() -> list[tuple[str, Any]]:
    return [("recorder", Recorder())]


def test_core_sweep_lapses_overdue_cohort_holds_and_nothing_else(api: Any, runtime: Any) -> None:
    overdue, current = make_site(api), make_site(api)
    for tenant in (overdue, current):
        paid_course(api, tenant, capacity=1)
        assert enroll(api, api.signup(tenant), "bootcamp", "spring").status_code == 202
    with runtime.session(overdue.id) as session:
        session.execute(update(CohortSeat).values(hold_until=utcnow() - timedelta(minutes=1)))
        session.commit()

    done = sweep(runtime, utcnow())
    assert done["core"]["seat_holds_lapsed"] == 1  # type: ignore[index]
    assert (seats(runtime, overdue), seats(runtime, current)) == (0, 1)
    assert enroll(api, api.signup(overdue), "bootcamp", "spring").status_code == 202
    assert sweep(runtime, utcnow())["core"]["seat_holds_lapsed"] == 0  # type: ignore[index]
