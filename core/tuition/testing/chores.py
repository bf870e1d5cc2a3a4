"""Core's periodic chores, run when a test wants them to happen (cron runs them in a
deployment): ``tuition jobs sweep`` and ``tuition payments reconcile``.

Pass a later ``now`` (or ``older_than``) instead of waiting: time passes for the chore
without the test sleeping."""

from __future__ import annotations

from datetime import datetime, timedelta

from tuition.plugin_api import Host
from tuition.services import payment_events
from tuition.services import sweep as sweeping
from tuition.testing._runtime import runtime_of

#: How long after a checkout closed :func:`reconcile` still asks about late money (the
#: default of ``tuition payments reconcile``).
LATE_WINDOW = payment_events.LATE_WINDOW


def sweep(host: Host, now: datetime | None = None) -> dict[str, dict[str, int] | str]:
    """Run ``tuition jobs sweep`` as of ``now`` (default: the current time): every plugin's
    ``tuition_sweep``, then core's chores (outbox jobs due at ``now``, expired idempotency
    keys, stuck checkouts, the seat pools' lapsed holds). Returns what each did by plugin
    name (``core`` for core's), or ``"failed: <error>"`` for a plugin whose chores
    raised."""
    return sweeping.sweep(runtime_of(host), now)


def reconcile(
    host: Host, older_than: datetime, late_window: timedelta = LATE_WINDOW
) -> dict[str, int]:
    """Run ``tuition payments reconcile``: ask each order's provider (``fetch_status``)
    about the orders pending since before ``older_than`` and apply the answers, expiring
    those past their ``expires_at`` that the provider calls unpaid; then ask about orders
    whose checkout closed within ``late_window`` (money that came anyway counts as
    ``late_<outcome>``). Returns the orders that changed, by outcome, e.g.
    ``{"fulfilled": 1, "expired": 2}``."""
    return payment_events.reconcile(runtime_of(host), older_than, late_window)
