"""What core offers plugins at run time: the host (``ctx.tuition``) and its services.

Core implements these Protocols; a plugin receives the host in every context
(``ctx.tuition``, ``job.tuition``, ``change.tuition``), in ``tuition_sweep`` and
``tuition_tenant_data``, and in views through :func:`tuition.plugin_api.web.host`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from tuition.plugin_api.records import (
        CourseRecord,
        EnrollmentRecord,
        OrderRecord,
        TenantRecord,
    )
    from tuition.plugin_api.values import DomainEvent, EnrollmentContext


class JobQueue(Protocol):
    """Core's job queue: jobs written in a transaction run after it commits."""

    def defer(self, session: Session, name: str, payload: dict[str, Any],
              tenant_id: str | None = None, *, run_at: datetime | None = None,
              delay: timedelta | None = None) -> Any:
        """Write job ``name`` (a handler registered through ``tuition_job_handlers``) in
        ``session``'s transaction; it runs after the commit, no earlier than ``run_at``
        (or ``delay`` from now). ``payload`` must be JSON-ready."""
        ...


class TenantPlugins(Protocol):
    """The plugins a tenant enabled (``host.hooks(tenant)``)."""

    @property
    def enabled(self) -> frozenset[str]: ...


class CoreServices(Protocol):
    """The changes of core's rows a plugin may ask for. Each writes through the session it
    is given and never commits: the entry point that owns the transaction does."""

    def take_seat(self, session: Session, course: CourseRecord) -> None:
        """Take one seat of ``course`` atomically; raise ``EnrollmentRefused`` with
        ``course_full`` when none is left, even under concurrent requests."""
        ...

    def reserve_seat(self, session: Session, course: CourseRecord) -> bool:
        """Take one seat of ``course`` for someone the plugin holds it for (a waitlist
        offer); False when the course is full."""
        ...

    def release_seat(self, session: Session, course: CourseRecord) -> None:
        """Give back a seat taken by :meth:`take_seat` or :meth:`reserve_seat`."""
        ...

    def add_enrollment(self, ctx: EnrollmentContext, *, status: str,
                       source: str) -> EnrollmentRecord:
        """Add the attempt's enrollment (``active`` or ``pending``) to its transaction."""
        ...

    def mark_checkout_abandoned(self, order: OrderRecord, at: datetime) -> None:
        """Count ``order``'s checkout as abandoned from ``at`` on (the funnel report's
        ``abandoned``), though it may yet be paid: e.g. when a reminder went out. Written
        through ``order``'s session; the first time is kept."""
        ...

    def emit_event(self, session: Session, tenant: TenantRecord, type_: str,
                   data: Mapping[str, Any]) -> DomainEvent:
        """Emit domain event ``type_``; every enabled plugin implementing
        ``tuition_event`` receives it in a job after ``session`` commits."""
        ...

    # -- reads of core's rows (each through ``session``: a tenant session sees only its
    # tenant's rows) --------------------------------------------------------------------

    def tenant(self, session: Session, tenant_id: str) -> TenantRecord | None:
        """The tenant ``tenant_id``, or None."""
        ...

    def course(self, session: Session, *, id: str | None = None,
               slug: str | None = None) -> CourseRecord | None:
        """The course with ``id`` or with ``slug`` (give exactly one; a slug is only unique
        within a tenant, so look it up in a tenant session), or None. Its values are read
        from the database, also when ``session`` loaded the course before (e.g. its
        ``seats_taken`` after a concurrent enrollment)."""
        ...

    def courses(self, session: Session, *,
                ids: Collection[str] | None = None) -> list[CourseRecord]:
        """The courses with ``ids`` (every course ``session`` sees when None), by slug."""
        ...

    def enrollment(self, session: Session, id: str) -> EnrollmentRecord | None:
        """The enrollment ``id`` (with its ``student`` and ``course``), or None. Its values
        are read from the database, also when ``session`` loaded it before (e.g. its
        ``status`` after waiting for a lock)."""
        ...

    def enrollments(self, session: Session, *, ids: Collection[str] | None = None,
                    student_id: str | None = None,
                    course_ids: Collection[str] | None = None,
                    statuses: Collection[str] | None = None) -> list[EnrollmentRecord]:
        """The enrollments matching every filter given (``ids``, ``student_id``,
        ``course_ids``, ``statuses``; all that ``session`` sees when none is), oldest first,
        with their ``student`` and ``course``."""
        ...


class Host(Protocol):
    """The running Tuition installation, as plugins see it."""

    @property
    def services(self) -> CoreServices: ...
    @property
    def jobs(self) -> JobQueue: ...
    @property
    def secret_key(self) -> str:
        """The installation's signing key (derive plugin keys from it, never log it)."""
        ...

    def session(self, tenant_id: str | None = None) -> Session:
        """A new session for reading; with ``tenant_id`` it only sees that tenant's rows.
        To change rows outside a request or job, use :meth:`transaction`."""
        ...

    def transaction(self, tenant_id: str | None = None) -> AbstractContextManager[Session]:
        """A unit of work core commits: ``with host.transaction(tenant.id) as session:``
        commits when the block ends normally and rolls back when it raises. For work a
        plugin starts itself (a sweep's chores, a CLI command, one of a batch that must not
        share the others' fate); requests and jobs already run in one."""
        ...

    def hooks(self, tenant: TenantRecord) -> TenantPlugins:
        """What ``tenant`` enabled (``.enabled``)."""
        ...

    def secret(self, value: Any) -> Any:
        """Resolve a setting's ``env:NAME`` reference to the variable's value (503
        ``secret_unavailable`` when unset or not allowed); other values pass through."""
        ...
