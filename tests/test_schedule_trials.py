"""A schedule with a free trial (``Schedule.trial_days``): what its charges take, when they
fall due, and which providers may start one."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tuition.plugin_api import Capabilities, Schedule


def test_a_trial_takes_nothing_at_checkout_and_charges_after_it() -> None:
    schedule = Schedule(count=None, amount=2000, currency="EUR", trial_days=14)
    start = datetime(2026, 1, 31, 12, tzinfo=UTC)
    assert schedule.first_charge == 0
    assert schedule.due_at(start, 1) == start
    assert schedule.due_at(start, 2) == datetime(2026, 2, 14, 12, tzinfo=UTC)
    assert schedule.due_at(start, 3) == datetime(2026, 3, 14, 12, tzinfo=UTC)
    plain = Schedule(count=None, amount=2000, currency="EUR")
    assert plain.first_charge == 2000 and plain.due_at(start, 2) == datetime(
        2026, 2, 28, 12, tzinfo=UTC
    )


@pytest.mark.parametrize(
    "kwargs",
    [{"count": 3}, {"count": None, "first_amount": 2500}, {"count": None, "trial_days": -1}],
)
def test_a_trial_only_starts_an_open_ended_schedule_without_a_first_amount(
    kwargs: dict[str, int | None],
) -> None:
    with pytest.raises(ValueError):
        Schedule(amount=2000, currency="EUR", **{"trial_days": 7, **kwargs})  # type: ignore[arg-type]


def test_providers_start_no_trial_unless_they_say_so() -> None:
    assert Capabilities(currencies=frozenset({"EUR"}), recurring=True).trials is False
