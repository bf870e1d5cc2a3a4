"""``tuition jobs sweep``: every plugin's periodic chores, for cron."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from tuition.db import utcnow
from tuition.services import capacity, live, student_data
from tuition.services.idempotency import purge_expired
from tuition.services.orders import CHECKOUT_GRACE
from tuition.services.payment_events import release_stuck_checkouts

if TYPE_CHECKING:
    from tuition.runtime import Tuition

log = logging.getLogger(__name__)


def sweep(tuition: Tuition, now: datetime | None = None) -> dict[str, dict[str, int] | str]:
    """Call each plugin's ``tuition_sweep``, then hand over the outbox jobs left pending or
    due at ``now`` (delayed jobs wait in the outbox when jobs run inline); a failing chore
    is logged and reported, the others still run. Returns what each did, by plugin name
    (``core`` for the outbox and idempotency keys).

    The plugins go first: their chores claim the work due at ``now`` (overdue retries
    among it), and the delayed jobs of those same retries then find nothing left to do,
    so what each plugin reports does not depend on which of the two came first."""
    now = now or utcnow()
    tuition.ensure_secret_key()  # chores sign and decrypt with the API's key
    done: dict[str, dict[str, int] | str] = {}
    for impl in tuition.plugins.pm.hook.tuition_sweep.get_hookimpls():
        name = impl.plugin_name
        try:
            result = tuition.plugins.call_one("tuition_sweep", name, tuition=tuition, now=now)
        except Exception as exc:  # one plugin's chores must not stop the others'
            log.exception("sweep of plugin %s failed", name)
            done[name] = f"failed: {exc.__class__.__name__}"
            continue
        done[name] = dict(result or {})
    try:  # core's own chores: outbox jobs left pending (Redis was down, a process died)
        # or due, idempotency keys and live events past their windows, checkouts a crash
        # left between their steps, and the seat pools' holds that ran out
        window = timedelta(hours=tuition.settings.idempotency_ttl_hours)
        done["core"] = {
            "outbox_jobs_retried": tuition.jobs.flush(now=now),
            "idempotency_keys_expired": purge_expired(tuition.engine, window, now),
            "stuck_checkouts_released": release_stuck_checkouts(tuition, now - CHECKOUT_GRACE),
            "seat_holds_lapsed": capacity.lapse(tuition, now),
            "live_events_pruned": live.prune(tuition, now),
            "student_exports_expired": student_data.prune_exports(tuition, now),
            "unconverted_signups_erased": student_data.erase_unconverted(tuition, now),
        }
    except Exception as exc:
        log.exception("core sweep failed")
        done["core"] = f"failed: {exc.__class__.__name__}"
    return done
