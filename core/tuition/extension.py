"""The types that plugins exchange with core through the hooks.

Everything a plugin needs from core is importable from here (and the hook markers from
``tuition``); plugins never reach into services or models directly except through the
objects handed to them.
"""

from __future__ import annotations

import abc
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from tuition.models import Course, Enrollment, Order, Student, Tenant
    from tuition.runtime import Tuition

EnrollState = Literal[
    "available",
    "login_required",
    "registration_closed",
    "full",
    "enrolled",
    "pending_payment",
    "not_available",
]
ENROLL_STATES: tuple[str, ...] = (
    "available",
    "login_required",
    "registration_closed",
    "full",
    "enrolled",
    "pending_payment",
    "not_available",
)
#: Core's states in which the student can act on the course now (buy it or join it): the
#: dashboard lists such courses as ``available``. Plugins add theirs with
#: ``EnrollStateInfo(actionable=True)`` (``tuition_enroll_states``).
ACTIONABLE_ENROLL_STATES: frozenset[str] = frozenset({"available"})


@dataclass(frozen=True)
class EnrollStateInfo:
    """An enroll state a plugin sets through ``tuition_enroll_state``, declared up front
    (``tuition_enroll_states``) so that the OpenAPI document lists it and core knows what
    it means.

    ``actionable``: the student can buy or join the course in this state (the frontend
    shows a button that leads to enrolling, e.g. ``choose_cohort``); the dashboard lists
    such courses as ``available``. States that only inform (closed, waitlist) are not.
    """

    name: str
    description: str
    actionable: bool = False


@dataclass(frozen=True)
class PluginInfo:
    """What a plugin declares about itself, as the module attribute ``TUITION_PLUGIN``.

    ``requires_core`` is a PEP 440 specifier checked against the running core version at
    load time; a plugin that does not fit is reported and left out, never half-loaded.
    """

    title: str
    category: str = "feature"
    description: str = ""
    requires_core: str = ">=0.1"
    requires: tuple[str, ...] = ()


@dataclass(frozen=True)
class Problem:
    """A reason to refuse something, shown to the caller as problem+json.

    ``code`` is stable and machine-readable; ``detail`` is safe to show a student.
    """

    code: str
    detail: str
    status: int = 409
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class EnrollmentContext:
    """Everything about one enrollment attempt, handed to checks and pricing models.

    ``session`` is the open transaction: whatever a pricing model writes through it commits
    or rolls back together with the enrollment.
    """

    tuition: Tuition
    session: Session
    tenant: Tenant
    student: Student
    course: Course
    request: Mapping[str, Any]
    settings: Mapping[str, Mapping[str, Any]]
    now: datetime
    #: A plugin (the waitlist) reserved one of the course's seats for this student: the
    #: capacity check passes and ``take_seat`` takes nothing (the seat is counted already).
    reserved_seat: bool = False

    def plugin_settings(self, plugin: str) -> Mapping[str, Any]:
        """The tenant's settings of ``plugin`` (``env:`` references left unresolved)."""
        return self.settings.get(plugin, {})

    def take_seat(self) -> None:
        """Take one seat of the course atomically; refuses with ``course_full`` when none is
        left, even under concurrent requests. Takes nothing when ``reserved_seat``."""
        from tuition.services.enrollment import take_seat

        if not self.reserved_seat:
            take_seat(self.session, self.course)

    def add_enrollment(self, *, status: str, source: str) -> Enrollment:
        """Add the student's enrollment (``active`` or ``pending``) to the transaction."""
        from tuition.services.enrollment import add_enrollment

        return add_enrollment(self, status=status, source=source)

    def emit(self, type_: str, data: Mapping[str, Any]) -> DomainEvent:
        """Emit a domain event, delivered only if this transaction commits."""
        return emit_event(self.tuition, self.session, self.tenant, type_, data)


@dataclass
class EnrollmentChange:
    """An enrollment's status changes, inside the transaction that changes it.

    ``before`` → ``after`` is one of: ``pending`` → ``active`` (paid), ``pending`` →
    ``expired``/``canceled`` (checkout over), ``expired``/``canceled`` → ``active`` (money
    arrived after the hold was released), ``active`` → ``completed`` (course finished),
    ``active``/``completed`` → ``refunded``.
    """

    tuition: Tuition
    session: Session
    tenant: Tenant
    enrollment: Enrollment
    before: str
    after: str
    cause: str
    now: datetime
    settings: Mapping[str, Mapping[str, Any]]

    @property
    def activating(self) -> bool:
        """Whether the enrollment becomes active (the only change a plugin can veto)."""
        return self.after == "active"

    @property
    def releasing(self) -> bool:
        """Whether the enrollment gives its seat back."""
        return self.after in ("expired", "canceled", "refunded")

    def plugin_settings(self, plugin: str) -> Mapping[str, Any]:
        """The tenant's settings of ``plugin`` (``env:`` references left unresolved)."""
        return self.settings.get(plugin, {})

    def emit(self, type_: str, data: Mapping[str, Any]) -> DomainEvent:
        """Emit a domain event, delivered only if this transaction commits."""
        return emit_event(self.tuition, self.session, self.tenant, type_, data)


@dataclass(frozen=True)
class PriceOffer:
    """A lower price a plugin offers one student for one course (a next-course offer)."""

    amount: int
    currency: str
    reason: str = ""


@dataclass
class Outcome:
    """What a pricing model did: an active enrollment, or a pending one with a checkout.

    A pricing model that sells through a payment provider does not call the provider: it
    adds the ``Order`` with status ``checkout_pending`` and returns it as ``order``. Core
    commits the enrollment, then asks the order's provider for a checkout with no
    transaction open, then stores it (the order becomes ``pending``) and merges the
    provider's frontend keys into ``checkout``. If the provider fails, core releases the
    hold (the order ``failed``, the enrollment ``canceled``) and answers 502/503.
    """

    enrollment: Enrollment
    checkout: Mapping[str, Any] | None = None
    #: When the checkout of a pending enrollment ends; seats held for it may be given to
    #: others afterwards (the enrollment is then revived only if a seat is still free).
    hold_until: datetime | None = None
    #: The ``checkout_pending`` order whose checkout core creates after the commit.
    order: Order | None = None

    @property
    def is_active(self) -> bool:
        return self.enrollment.status == "active"


class PricingModel(abc.ABC):
    """How a course is acquired (``free``, ``one_time``, …), registered by a plugin.

    A course names its pricing model; a tenant can only use the models of plugins it has
    enabled.
    """

    #: Unique name stored in ``Course.pricing_model``.
    name: str
    #: Whether a course with this model must carry a price.
    requires_price: bool = False

    def why_not_sellable(self, tuition: Tuition, tenant: Tenant, course: Course,
                         enabled: frozenset[str]) -> str | None:
        """Why ``course`` cannot be acquired with this model at ``tenant`` if the plugins in
        ``enabled`` were on, or None when it can. No I/O: called for every listed course, for
        plan previews and for the plan check of every admin change (which refuses a change
        that makes a published course unsellable). Default: always sellable."""
        return None

    @abc.abstractmethod
    def enroll(self, ctx: EnrollmentContext) -> Outcome:
        """Create the enrollment inside ``ctx.session`` (core commits it).

        Called after every enrollment check passed. Raise ``tuition.errors.TuitionError``
        to refuse; the whole transaction is then rolled back, nothing is half-written.
        Make no network call here: the transaction holds the course's seat. A paid
        enrollment returns its ``checkout_pending`` order as ``Outcome.order`` and core
        creates the checkout after the commit (see :class:`Outcome`).
        """


@dataclass
class CatalogContext:
    """One storefront request: the tenant, the (optional) student and the listed courses.

    ``states`` maps course id to the state core computed; plugins read it and may override.
    """

    tuition: Tuition
    session: Session
    tenant: Tenant
    student: Student | None
    courses: list[Course]
    states: dict[str, str]
    settings: Mapping[str, Mapping[str, Any]]
    now: datetime


@dataclass(frozen=True)
class Recommendation:
    """A course suggestion with a reason a student can read; higher ``score`` ranks first."""

    course_id: str
    reason: str
    score: float = 0.0
    source: str = ""


@dataclass(frozen=True)
class DomainEvent:
    """Something that happened, e.g. ``enrollment.activated`` or ``order.paid``."""

    id: str
    type: str
    tenant_id: str
    occurred_at: str
    data: Mapping[str, Any]


@dataclass
class JobContext:
    """What a job hands to a hook implementation: its own session, committed on return."""

    tuition: Tuition
    session: Session
    tenant: Tenant
    settings: Mapping[str, Mapping[str, Any]]

    def plugin_settings(self, plugin: str) -> Mapping[str, Any]:
        """The tenant's settings of ``plugin`` (``env:`` references left unresolved)."""
        return self.settings.get(plugin, {})

    def emit(self, type_: str, data: Mapping[str, Any]) -> DomainEvent:
        """Emit a domain event, delivered after this job's session commits."""
        return emit_event(self.tuition, self.session, self.tenant, type_, data)


def reserve_course_seat(session: Session, course: Course) -> bool:
    """Count one more seat of ``course`` taken, if one is left (atomic); for plugins that
    hold seats back for someone (a waitlist offer). False when the course is full."""
    from tuition.errors import EnrollmentRefused
    from tuition.services.enrollment import take_seat

    try:
        take_seat(session, course)
    except EnrollmentRefused:
        return False
    return True


def release_course_seat(session: Session, course: Course) -> None:
    """Give back a seat counted by :func:`reserve_course_seat` (or a released one)."""
    from tuition.services.enrollment import release_seat

    release_seat(session, course)


def mark_checkout_abandoned(order: Order, at: datetime) -> None:
    """Count ``order``'s checkout as abandoned from ``at`` on (the funnel report's
    ``abandoned``), though it is still open and may yet be paid: e.g. when a reminder went
    out. Written with ``order``'s session; the first time is kept."""
    if order.abandoned_at is None:
        order.abandoned_at = at


def emit_event(tuition: Tuition, session: Session, tenant: Tenant, type_: str,
               data: Mapping[str, Any]) -> DomainEvent:
    """Emit domain event ``type_`` in ``session``'s transaction: every enabled plugin that
    implements ``tuition_event`` receives it in a job after the commit. For plugin views
    (booking APIs); hook implementations use their context's ``emit``."""
    from tuition.services import events

    return events.emit(tuition, session, tenant, type_, data)
