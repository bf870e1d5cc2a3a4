"""The values plugins exchange with core through the hooks: what a plugin declares, the
contexts core hands to hook implementations, and what implementations return."""

from __future__ import annotations

import abc
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from tuition.plugin_api.host import Host
    from tuition.plugin_api.records import (
        CourseRecord,
        EnrollmentRecord,
        OrderRecord,
        StudentRecord,
        TenantRecord,
    )

ENROLL_STATES: tuple[str, ...] = (
    "available",
    "login_required",
    "registration_closed",
    "full",
    "enrolled",
    "pending_payment",
    "not_available",
)
#: What responses and log lines show instead of a secret (a setting marked
#: ``metadata={"secret": True}``, a password a server echoed back); never a stored value.
REDACTED = "[redacted]"

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


@dataclass(frozen=True)
class ManualEnrollment:
    """The site owner enrolls the student by hand (``POST /v1/admin/enrollments``, an
    import): set as ``EnrollmentContext.manual``, None for a student's own enrollment.

    No pricing model runs: the enrollment is active at once, complimentary or paid outside
    Tuition (``external_reference``, e.g. an invoice paid by bank transfer). Checks refuse
    only what makes the enrollment impossible (an unknown cohort, a second live
    enrollment), not what a buyer must respect (registration deadlines, prerequisites).
    ``take_seat`` False enrolls beyond capacity, explicitly: every seat pool records the
    enrollment without counting a seat (and gives none back when it ends) and never
    refuses it as full.
    """

    #: Who enrolls (the audit log's actor, e.g. ``admin``).
    actor: str
    take_seat: bool = True
    external_reference: str | None = None


@dataclass
class EnrollmentContext:
    """Everything about one enrollment attempt, handed to checks and pricing models.

    ``session`` is the open transaction: whatever a pricing model writes through it commits
    or rolls back together with the enrollment.
    """

    tuition: Host
    session: Session
    tenant: TenantRecord
    student: StudentRecord
    course: CourseRecord
    request: Mapping[str, Any]
    settings: Mapping[str, Mapping[str, Any]]
    now: datetime
    #: Deprecated with ``tuition_seat_reserved`` (goes in 0.3): a plugin counted one of the
    #: course's seats for this student already, so the course's pool takes none.
    reserved_seat: bool = False
    #: Set when the site owner enrolls the student by hand (see :class:`ManualEnrollment`).
    manual: ManualEnrollment | None = None

    @property
    def beyond_capacity(self) -> bool:
        """Whether the enrollment takes no seat (the owner enrolls beyond capacity): seat
        pools record it without counting, and checks do not refuse it as full."""
        return self.manual is not None and not self.manual.take_seat

    def plugin_settings(self, plugin: str) -> Mapping[str, Any]:
        """The tenant's settings of ``plugin`` (``env:`` references left unresolved)."""
        return self.settings.get(plugin, {})

    def secret(self, value: Any, *, refresh: bool = False) -> Any:
        """Resolve a setting's secret reference (``env:``, ``aws-sm:``, …; see
        ``Host.secret``, also for ``refresh``)."""
        return self.tuition.secret(value, refresh=refresh)

    def take_seat(self) -> None:
        """Deprecated, does nothing (goes in 0.3): core's seat pools hold the enrollment's
        seats once the pricing model returns (see :class:`tuition.plugin_api.Capacity`)."""
        warnings.warn(
            "EnrollmentContext.take_seat() is deprecated and does nothing: core holds the "
            "seats of every enrollment a pricing model adds",
            DeprecationWarning,
            stacklevel=2,
        )

    def add_enrollment(self, *, status: str, source: str) -> EnrollmentRecord:
        """Add the student's enrollment (``active`` or ``pending``) to the transaction."""
        return self.tuition.services.add_enrollment(self, status=status, source=source)

    def emit(self, type_: str, data: Mapping[str, Any]) -> DomainEvent:
        """Emit a domain event, delivered only if this transaction commits."""
        return self.tuition.services.emit_event(self.session, self.tenant, type_, data)


@dataclass
class EnrollmentChange:
    """An enrollment's status changes, inside the transaction that changes it.

    ``before`` → ``after`` is one of: ``pending`` → ``active`` (paid), ``pending`` →
    ``expired``/``canceled`` (checkout over), ``expired``/``canceled`` → ``active`` (money
    arrived after the hold was released), ``active`` → ``completed`` (course finished),
    ``active``/``completed`` → ``refunded``, ``active``/``completed`` → ``canceled`` (the
    site owner ended it).
    """

    tuition: Host
    session: Session
    tenant: TenantRecord
    enrollment: EnrollmentRecord
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
        return self.tuition.services.emit_event(self.session, self.tenant, type_, data)


@dataclass
class RecurringEvent:
    """A verified provider event of a schedule (``installment.paid``,
    ``installment.failed``, ``schedule.canceled``), applied in the job of the stored event
    inside its transaction, for ``order``: the order whose checkout started the schedule
    (its first charge).

    Core stores each provider event once (by the provider's event id) and hands it over
    once per processing; a replay by an admin hands it over again. The plugin that sold the
    order applies it idempotently per ``installment`` (a second delivery of the same charge
    under another event id, or a stale failure after the payment, changes nothing).
    """

    tuition: Host
    session: Session
    tenant: TenantRecord
    order: OrderRecord
    kind: str
    provider: str
    event_id: str
    installment: int | None
    amount: int | None
    currency: str | None
    payment_id: str | None
    received_at: datetime
    settings: Mapping[str, Mapping[str, Any]]
    #: For ``installment.paid``: the tax the provider's tax service computed on the
    #: charge (``gross`` the amount paid), or None when it computed none: record it as
    #: the charge's tax.
    tax: OrderTax | None = None

    def plugin_settings(self, plugin: str) -> Mapping[str, Any]:
        """The tenant's settings of ``plugin`` (``env:`` references left unresolved)."""
        return self.settings.get(plugin, {})

    def emit(self, type_: str, data: Mapping[str, Any]) -> DomainEvent:
        """Emit a domain event, delivered only if this transaction commits."""
        return self.tuition.services.emit_event(self.session, self.tenant, type_, data)


@dataclass(frozen=True)
class PriceOffer:
    """A lower price a plugin offers one student for one course (a next-course offer, a
    discount code's price).

    ``code`` names the discount code the offer comes from: when the offer is the one
    charged, the order records it as ``discount_code`` (and the discount), so the plugin
    sees in ``tuition_enrollment_created`` (``outcome.order.discount_code``) that its code
    was applied.

    ``quantity`` > 1 sells that many seats of the course in the one order (team seats):
    ``amount`` is then the total charged, at most ``quantity`` times the course's price, which
    the order records as its ``list_amount``. When an offer has a quantity above 1, only
    the offers of the largest quantity count (single-seat offers, a discount code's, do
    not combine with it) and the lowest of them is charged even if it equals the list.
    """

    amount: int
    currency: str
    reason: str = ""
    code: str | None = None
    quantity: int = 1


@dataclass(frozen=True)
class OrderTax:
    """The tax on one order line, as a tax plugin computed it (``tuition_order_tax``).

    ``gross`` is what is charged (the order's ``amount``), ``net`` + ``tax`` == ``gross``,
    all integer minor units of the order's currency. ``breakdown`` is what an invoice
    prints (rate, rule name, country, reverse charge and its legal note, …: plain JSON
    values) and ``billing`` the buyer's billing details (country, region, VAT ID, company
    name) the tax was computed for; the order records both as they are.
    """

    net: int
    tax: int
    gross: int
    breakdown: Mapping[str, Any] = field(default_factory=dict)
    billing: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if min(self.net, self.tax, self.gross) < 0 or self.net + self.tax != self.gross:
            raise ValueError(
                f"OrderTax: net {self.net} + tax {self.tax} must equal gross {self.gross}, "
                "none negative"
            )

    def checkout_keys(self) -> dict[str, Any]:
        """What a pricing model's 202 ``checkout`` (``Outcome.checkout``) tells of the
        tax: ``net_amount``, ``tax_amount`` and the breakdown as ``tax``."""
        return {"net_amount": self.net, "tax_amount": self.tax, "tax": dict(self.breakdown)}


@dataclass
class QuoteContext:
    """A price quote for ``course`` before checkout (``GET /v1/courses/<slug>/quote``).

    ``student`` is the signed-in student, or None; ``request`` holds the query's values
    (``code``). A quote writes nothing: ``session`` is rolled back after the request.

    ``extensions`` is what the quote shows besides the price (its ``extensions`` object):
    a plugin adds its own JSON-ready key (``ctx.extensions.setdefault("bundle", {...})``;
    the first plugin to use a key keeps it), e.g. the courses of a bundle the student owns.
    """

    tuition: Host
    session: Session
    tenant: TenantRecord
    student: StudentRecord | None
    course: CourseRecord
    request: Mapping[str, Any]
    settings: Mapping[str, Mapping[str, Any]]
    now: datetime
    extensions: dict[str, Any] = field(default_factory=dict)

    def plugin_settings(self, plugin: str) -> Mapping[str, Any]:
        """The tenant's settings of ``plugin`` (``env:`` references left unresolved)."""
        return self.settings.get(plugin, {})


@dataclass
class Outcome:
    """What a pricing model did: an active enrollment, or a pending one with a checkout.

    A pricing model that sells through a payment provider does not call the provider: it
    adds the order with status ``checkout_pending`` and returns it as ``order``. Core
    commits the enrollment, then asks the order's provider for a checkout with no
    transaction open, then stores it (the order becomes ``pending``) and merges the
    provider's frontend keys into ``checkout``. If the provider fails, core releases the
    hold (the order ``failed``, the enrollment ``canceled``) and answers 502/503.
    """

    enrollment: EnrollmentRecord
    checkout: Mapping[str, Any] | None = None
    #: When the checkout of a pending enrollment ends; seats held for it may be given to
    #: others afterwards (the enrollment is then revived only if a seat is still free).
    hold_until: datetime | None = None
    #: The ``checkout_pending`` order whose checkout core creates after the commit.
    order: OrderRecord | None = None

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

    def why_not_sellable(
        self, tuition: Host, tenant: TenantRecord, course: CourseRecord, enabled: frozenset[str]
    ) -> str | None:
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
    ``memo`` is scratch space the hooks of one request share (``tuition_enroll_states``,
    then ``tuition_course_extensions`` get the same context): a plugin that loads rows for
    both keeps them under its own name instead of loading them twice.
    """

    tuition: Host
    session: Session
    tenant: TenantRecord
    student: StudentRecord | None
    courses: Sequence[CourseRecord]
    states: dict[str, str]
    settings: Mapping[str, Mapping[str, Any]]
    now: datetime
    memo: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Recommendation:
    """A course suggestion with a reason a student can read; higher ``score`` ranks first."""

    course_id: str
    reason: str
    score: float = 0.0
    source: str = ""


@dataclass(frozen=True)
class MailAttachment:
    """A file a plugin adds to the mail sent for a domain event
    (``tuition_mail_attachments``), e.g. the invoice PDF on the payment receipt."""

    filename: str
    content_type: str
    content: bytes


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
    """What a job hands to a hook implementation: its own session, committed on return.

    No transaction is open when the job starts: ``session`` begins one on first use. A job
    that calls out over the network (SMTP, HTTP) keeps ``session`` unused and writes before
    and after the call through ``tuition.transaction(tenant.id)`` units, so that no
    transaction stays open during the call.
    """

    tuition: Host
    session: Session
    tenant: TenantRecord
    settings: Mapping[str, Mapping[str, Any]]

    def plugin_settings(self, plugin: str) -> Mapping[str, Any]:
        """The tenant's settings of ``plugin`` (``env:`` references left unresolved)."""
        return self.settings.get(plugin, {})

    def secret(self, value: Any, *, refresh: bool = False) -> Any:
        """Resolve a setting's secret reference (``env:``, ``aws-sm:``, …; see
        ``Host.secret``, also for ``refresh``)."""
        return self.tuition.secret(value, refresh=refresh)

    def emit(self, type_: str, data: Mapping[str, Any]) -> DomainEvent:
        """Emit a domain event, delivered after this job's session commits."""
        return self.tuition.services.emit_event(self.session, self.tenant, type_, data)
