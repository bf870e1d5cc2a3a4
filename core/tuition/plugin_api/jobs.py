"""Jobs for plugins: the handler type registered through ``tuition_job_handlers`` and the
retry schedule core uses for outbound work."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tuition.plugin_api.values import JobContext

#: Runs one job: the job's context (its own session, committed when the handler returns)
#: and the JSON payload it was deferred with. Raising fails the job; core retries it.
JobHandler = Callable[[JobContext, dict[str, Any]], None]


@dataclass(frozen=True)
class RetrySchedule:
    """When to try something again after a failure, for work retried through delayed jobs
    (webhook deliveries, mail): ``delays[n - 1]`` after the n-th failure in a row, the last
    delay repeating, and nothing scheduled past a deadline (``window`` after the first
    attempt). Pure: it only computes times."""

    delays: tuple[timedelta, ...]
    window: timedelta

    def delay(self, failures: int) -> timedelta:
        """The wait after the ``failures``-th failed attempt in a row (1-based)."""
        return self.delays[min(max(failures, 1), len(self.delays)) - 1]

    def next_attempt(self, failures: int, now: datetime, deadline: datetime) -> datetime | None:
        """When to try again after ``failures`` failures, the last one ending at ``now``;
        None once that would be past ``deadline`` (give up)."""
        at = now + self.delay(failures)
        return at if at <= deadline else None


#: Retries of outbound work (webhooks, mail): within seconds first, then backing off to
#: every 10 h, for 3 days after the first attempt.
RETRY_SCHEDULE = RetrySchedule(
    delays=(
        timedelta(seconds=5),
        timedelta(minutes=5),
        timedelta(minutes=30),
        timedelta(hours=2),
        timedelta(hours=5),
        timedelta(hours=10),
    ),
    window=timedelta(days=3),
)
