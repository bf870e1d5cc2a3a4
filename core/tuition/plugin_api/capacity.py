"""The capacity protocol: pools of seats that core drives through an enrollment's life.

Core counts the course's own seats (``Course.capacity``) as its built-in pool; a plugin
adds pools of its own (a cohort's seats) by returning :class:`Capacity` objects from
``tuition_capacities``. Every pool sees the same four calls, in the transaction that makes
the change, so seat counting lives in one place:

* **hold**: a new enrollment takes a seat (a *hold* while its checkout is open);
* **confirm**: the enrollment becomes active (paid); a hold becomes a seat, and a hold that
  was given back meanwhile takes a seat again if one is left (or vetoes the activation);
* **release**: the enrollment ended (checkout over, refunded): its hold or seat frees;
* **lapse**: the sweep gives back holds whose time ran out.

Plugins' pools are held first and the course's pool last; on release the course's pool
goes first. So a pool that sets course seats aside for someone (a waitlist offer, counted
against the course while it is open) hands its seat over in ``hold`` by giving it back
with ``host.services.release_seat`` just before core takes it, and keeps a freed seat in
``release`` with ``host.services.reserve_seat`` just after core gave it back, in the same
transaction and so under the same row lock.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from tuition.plugin_api.host import Host
    from tuition.plugin_api.records import EnrollmentRecord, TenantRecord
    from tuition.plugin_api.values import EnrollmentChange, EnrollmentContext, Problem


class Capacity(Protocol):
    """One kind of seat pool. Each method decides for itself whether the enrollment draws
    on one of its pools (and does nothing when not); each writes through the session it is
    given with atomic conditional updates, never commits and makes no network call."""

    def hold(
        self, ctx: EnrollmentContext, enrollment: EnrollmentRecord, until: datetime | None
    ) -> None:
        """Take a seat for the new ``enrollment`` (``pending``: a hold until ``until``;
        ``active``: a seat). Raise ``EnrollmentRefused`` when the pool is full, which rolls
        back the whole attempt. With ``ctx.beyond_capacity`` (the owner enrolls by hand
        beyond capacity) record the enrollment without counting a seat, never refuse it as
        full, and remember it so that ``release`` gives nothing back for it."""
        ...

    def confirm(self, change: EnrollmentChange) -> Problem | None:
        """The enrollment becomes active (``change.before`` is ``pending``, or ``expired``
        / ``canceled`` when money arrived after the hold ended): make its hold a seat, or
        take a seat again. Return a problem when no seat is left: core then rolls back
        every pool's writes for this activation and refunds the order."""
        ...

    def release(self, change: EnrollmentChange) -> None:
        """The enrollment ended (``change.releasing``): give back its hold or seat."""
        ...

    def lapse(self, host: Host, session: Session, tenant: TenantRecord, now: datetime) -> int:
        """Give back the seats of ``tenant``'s holds that ended before ``now`` (called by
        ``tuition jobs sweep``); returns how many."""
        ...
