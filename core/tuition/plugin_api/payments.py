"""The payment-provider contract. A provider is a class registered by a plugin through
``tuition_payment_providers``; core instantiates it per tenant and per call with that
tenant's settings, so credentials never live in global state.

Core knows no provider by name. Everything provider-specific (wire formats, signatures,
SDKs) stays behind these methods; core only sees :class:`CheckoutSession`,
:class:`ProviderEvent`, :class:`ProviderStatus`, :class:`RefundResult` and
:class:`ChargeResult`.
"""

from __future__ import annotations

import abc
import calendar
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Self

from tuition.plugin_api.errors import TuitionError
from tuition.plugin_api.values import OrderTax

if TYPE_CHECKING:
    from tuition.plugin_api.host import Host

# What an event means for an order, whatever the provider called it.
EventKind = Literal[
    "payment.succeeded",  # money captured: fulfil
    "payment.pending",  # the buyer finished, money not yet there (bank transfer, …)
    "payment.approved",  # the buyer approved; core asks ``fetch_status`` to complete it
    "payment.failed",  # declined or async payment failed
    "checkout.expired",  # the checkout can no longer be paid
    "refund.succeeded",  # money went back; ``amount`` is the CUMULATIVE total refunded
    "refund.failed",
    # A recurring schedule (``create_recurring_checkout``), whose first charge was the
    # order's own ``payment.succeeded``; ``installment`` numbers the charge (1 = first):
    "installment.paid",  # a later charge of the schedule captured money
    "installment.failed",  # a later charge was declined (the provider may retry it)
    "schedule.canceled",  # the provider stopped the schedule: no more charges
    "ignored",  # verified but nothing to do (stored for the audit trail)
]

#: The event kinds of a recurring schedule: core hands them to ``tuition_recurring_event``
#: (the plugin that sold the order applies them), never to the order's own transitions.
RECURRING_EVENT_KINDS: frozenset[str] = frozenset(
    {"installment.paid", "installment.failed", "schedule.canceled"}
)

#: The intervals a recurring schedule may charge at.
Interval = Literal["day", "week", "month", "year"]


@dataclass(frozen=True)
class Capabilities:
    """What a provider can do; the contract tests check behaviour against it."""

    currencies: frozenset[str]
    refunds: bool = True
    partial_refunds: bool = True
    #: Charges on a schedule: implements ``create_recurring_checkout`` and
    #: ``cancel_schedule`` and sends the ``installment.*``/``schedule.canceled`` events.
    #: A course sold on a schedule is sellable only through a provider that declares it.
    recurring: bool = False
    #: Charges a schedule's payment method once, now (``charge_now``): a payment plan's
    #: balance paid off early. Only with ``recurring``.
    charge_now: bool = False
    #: Refunds a later charge of a schedule by its payment id (``refund_charge``): one
    #: installment, or a charge that came after the schedule was closed.
    refund_charges: bool = False
    #: Starts a schedule with a free trial (``Schedule.trial_days``): the checkout saves
    #: the payment method and charges nothing, the first charge falls after the trial.
    #: A schedule with a trial is sellable only through a provider that declares it.
    trials: bool = False
    #: Changes a running schedule's amount (``change_schedule``), charging a prorated
    #: difference at once if asked: plan changes of a subscription.
    plan_changes: bool = False


@dataclass(frozen=True)
class Schedule:
    r"""Charges on a schedule: ``count`` charges of ``amount`` (minor units of
    ``currency``) every ``interval_count`` ``interval``\s, the first charged at checkout
    (it pays the order: ``order.amount == amount``). Providers map it to their own objects
    (a subscription ending after ``count`` billing cycles, a billing plan with a number of
    cycles).

    ``count`` None: open-ended, charged every period until canceled (``cancel_schedule``
    or the provider's ``schedule.canceled``): a subscription, a membership.

    ``first_amount``: what the first charge takes when it differs from ``amount`` (a setup
    fee on top); the order then pays it (``order.amount == first_charge``) and the later
    charges take ``amount``.

    ``trial_days`` (open-ended schedules, without ``first_amount``; providers declaring
    ``Capabilities.trials``): a free trial. The checkout saves the buyer's payment method
    and takes nothing (``first_charge`` is 0, so is the order's amount); the provider
    reports it as the order's ``payment.succeeded`` of 0 (charge 1, the trial). Charge 2
    takes ``amount`` ``trial_days`` days after the checkout, then every period
    (:meth:`due_at`)."""

    count: int | None
    amount: int
    currency: str
    interval: Interval = "month"
    interval_count: int = 1
    first_amount: int | None = None
    trial_days: int = 0

    def __post_init__(self) -> None:
        if self.trial_days < 0 or (
            self.trial_days and (self.count is not None or self.first_amount is not None)
        ):
            raise ValueError("a trial starts an open-ended schedule without a first amount")

    @property
    def first_charge(self) -> int:
        """What the first charge (the order's payment) takes: 0 during a trial."""
        if self.trial_days:
            return 0
        return self.amount if self.first_amount is None else self.first_amount

    @property
    def open_ended(self) -> bool:
        """Charged until canceled (``count`` is None)."""
        return self.count is None

    @property
    def total(self) -> int | None:
        """What the whole schedule charges; None when it is open-ended."""
        if self.count is None:
            return None
        return self.count * self.amount + self.first_charge - self.amount

    def due_at(self, first_at: datetime, number: int) -> datetime:
        """When charge ``number`` (1 = the first) falls due if the first was made at
        ``first_at`` (with a trial, charge 2 when the trial ends)."""
        if self.trial_days and number > 1:
            first_at += timedelta(days=self.trial_days)
            number -= 1
        return add_interval(first_at, self.interval, self.interval_count * (number - 1))


def add_interval(moment: datetime, interval: str, count: int = 1) -> datetime:
    r"""``moment`` plus ``count`` ``interval``\s (``day``, ``week``, ``month``, ``year``):
    calendar months and years keep the day of the month, or take the month's last day."""
    if interval == "day":
        return moment + timedelta(days=count)
    if interval == "week":
        return moment + timedelta(weeks=count)
    months = count * (12 if interval == "year" else 1)
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


@dataclass(frozen=True)
class OrderInfo:
    """The order a provider acts on (plain values: no session, no model)."""

    id: str
    tenant_id: str
    tenant_slug: str
    enrollment_id: str
    course_slug: str
    course_title: str
    amount: int
    currency: str
    customer_email: str | None
    provider_reference: str | None = None
    provider_payment_id: str | None = None
    refunded_amount: int = 0
    attributes: Mapping[str, Any] = field(default_factory=dict)
    #: The course's price when the order was made; ``amount`` is lower by the discount a
    #: price offer (a discount code, ``discount_code``) gave. Charge ``amount``: a
    #: provider's own catalogue price (a price synced to it) fits only when they are equal.
    list_amount: int | None = None
    discount_code: str | None = None
    #: The tax included in ``amount`` and its breakdown (rate, name, reverse charge, …)
    #: when a tax plugin computed one: show them, but charge ``amount`` (the gross).
    tax_amount: int = 0
    tax: Mapping[str, Any] | None = None
    #: Set when the order is the first charge of a schedule: core then calls
    #: ``create_recurring_checkout`` instead of ``create_checkout``.
    schedule: Schedule | None = None


@dataclass(frozen=True)
class CheckoutSession:
    """What ``create_checkout`` made: the provider's id for it and what the frontend needs
    to mount the payment UI (client secret, approve link, …)."""

    reference: str
    frontend: Mapping[str, Any]
    expires_in_seconds: int | None = None


@dataclass(frozen=True)
class ProviderEvent:
    """One verified provider event, normalised."""

    event_id: str
    kind: EventKind
    raw_type: str
    order_id: str | None
    payload: Mapping[str, Any]
    amount: int | None = None
    currency: str | None = None
    payment_id: str | None = None
    tenant_id: str | None = None
    #: For the ``installment.*`` kinds: which charge of the schedule (1 = the first, the
    #: order's own payment). None when the provider cannot tell; the plugin then applies
    #: it to the earliest charge still open.
    installment: int | None = None
    #: For ``payment.succeeded``: the tax the provider computed on the payment (a tax
    #: service of the provider), with ``gross`` the amount paid. Core records it on the
    #: order (``tax_amount``, ``tax``, ``billing``) as it records a tax plugin's, in the
    #: transaction that marks the order paid, unless the order already carries tax. For
    #: ``installment.paid``: the tax the provider computed on that charge, handed to the
    #: plugin that sold the schedule as :attr:`RecurringEvent.tax`.
    tax: OrderTax | None = None


@dataclass(frozen=True)
class ProviderStatus:
    """The provider's view of an order, for reconciliation and the return page."""

    kind: EventKind
    payment_id: str | None = None
    amount: int | None = None
    currency: str | None = None
    #: As :attr:`ProviderEvent.tax`: the tax the provider computed on the payment.
    tax: OrderTax | None = None


@dataclass(frozen=True)
class RefundResult:
    refund_id: str
    amount: int
    status: Literal["succeeded", "pending", "failed"]


@dataclass(frozen=True)
class ChargeResult:
    """What ``charge_now`` took: the provider's id of the payment (as ``installment.paid``
    events name a charge's ``payment_id``), its amount and whether it succeeded
    (``failed``: declined; nothing was taken)."""

    payment_id: str
    amount: int
    status: Literal["succeeded", "failed"]


@dataclass(frozen=True)
class WebhookRequest:
    """The raw webhook: body bytes exactly as received, headers, and the tenant."""

    body: bytes
    headers: Mapping[str, str]
    tenant_id: str
    tenant_slug: str


class PaymentError(TuitionError):
    """A provider call failed; ``detail`` is safe to show. ``retryable`` says whether the
    same call may succeed later (network, provider 5xx)."""

    status, code, title = 502, "payment_provider_error", "Payment provider error"

    def __init__(self, detail: str, *, retryable: bool = True, **extra: Any) -> None:
        super().__init__(
            detail,
            status=503 if retryable else 502,
            code="payment_provider_unavailable" if retryable else "payment_provider_error",
            **extra,
        )
        self.retryable = retryable
        #: Seconds after which the same request may succeed (the ``Retry-After`` header of
        #: a retryable failure's 503).
        self.retry_after: int | None = RETRY_AFTER_SECONDS if retryable else None


class CredentialsRefused(PaymentError):
    """The provider refused the credentials the settings gave (an authentication failure:
    HTTP 401, an unknown or revoked API key). Not retryable by default (502).

    When a setting is a secret-store reference (``aws-sm:…``), core then fetches the
    provider's secrets anew (they may have been rotated since they were cached) and, if
    they changed, makes the same call once more on an instance built with the new values;
    otherwise, or if that fails too, the error stands."""

    def __init__(self, detail: str, *, retryable: bool = False, **extra: Any) -> None:
        super().__init__(detail, retryable=retryable, **extra)


#: What a 503 for an unavailable payment provider asks the caller to wait.
RETRY_AFTER_SECONDS = 5


class WebhookVerificationError(Exception):
    """The webhook's signature, timestamp or payload does not check out (→ 400)."""


class PaymentProvider(abc.ABC):
    """A payment provider for one tenant. Instances are cheap and short-lived: core makes
    one per call with the tenant's settings (``env:`` and secret-store references already
    resolved)."""

    #: Unique name; also the path segment of the webhook URL ``/v1/webhooks/<name>/<tenant>``.
    name: ClassVar[str]
    capabilities: ClassVar[Capabilities]
    #: The keys of :attr:`CheckoutSession.frontend` with a line on each, for the OpenAPI
    #: document (``checkout`` objects) and so for generated clients' types.
    frontend_fields: ClassVar[Mapping[str, str]] = {}

    def __init__(self, settings: Mapping[str, Any]) -> None:
        #: The tenant's settings of the providing plugin, secret references resolved.
        self.settings = settings

    @classmethod
    def for_tenant(cls, settings: Mapping[str, Any], host: Host) -> Self:
        """Build the instance core calls, one per call, with a tenant's ``settings``. The
        default is ``cls(settings)``: a provider that calls an outside service needs
        nothing else. One that keeps records in Tuition's own database (a local ledger,
        as the dummy's) overrides this to keep ``host``: it reads with
        ``host.session(tenant_id)`` and writes with ``host.transaction(tenant_id)``."""
        return cls(settings)

    @abc.abstractmethod
    def create_checkout(self, order: OrderInfo) -> CheckoutSession:
        """Prepare the payment UI for ``order``. May NOT move money. Must be idempotent per
        order (derive the provider's idempotency key from ``order.id``). Raise
        :class:`PaymentError` when the provider fails."""

    @abc.abstractmethod
    def verify_webhook(self, request: WebhookRequest) -> list[ProviderEvent]:
        """Check the signature of a raw webhook and return its events, normalised.
        Raise :class:`WebhookVerificationError` for a bad or stale signature or a payload
        that cannot be read (→ 400, nothing stored). It may call the provider to complete
        an event (e.g. a refund's cumulative total); raise :class:`PaymentError` if that
        fails (→ 503, nothing stored, the provider delivers again). Moves no money and
        must not change any state: an event that needs a provider call to complete the
        payment (a capture after the buyer approved) is returned as ``payment.approved``,
        and core calls :meth:`fetch_status` for it from the event's job."""

    @classmethod
    def currencies_for(cls, settings: Mapping[str, Any]) -> frozenset[str]:
        """The currencies this tenant sells in through the provider: by default every
        currency the provider supports; providers with a per-tenant setting narrow it."""
        return cls.capabilities.currencies

    @abc.abstractmethod
    def fetch_status(self, order: OrderInfo) -> ProviderStatus:
        """Ask the provider what became of ``order`` (reconciliation, the return page).
        May complete a payment the buyer approved (e.g. capture) but never charges twice."""

    @abc.abstractmethod
    def refund(self, order: OrderInfo, amount: int) -> RefundResult:
        """Give ``amount`` minor units of ``order`` back. MOVES MONEY. Idempotent per
        (order, refunded-so-far, amount). Raise :class:`PaymentError` on failure."""

    # -- recurring (only for ``capabilities.recurring``) ---------------------------------

    def create_recurring_checkout(self, order: OrderInfo, schedule: Schedule) -> CheckoutSession:
        """Prepare the payment UI for a schedule of charges whose first one pays ``order``
        (``order.schedule is schedule``, ``order.amount == schedule.first_charge``: the
        later charges take ``schedule.amount``). May NOT move
        money: the buyer's approval does (the first charge, then the provider charges the
        rest on its own). Idempotent per order. The first charge is reported as
        ``payment.succeeded``/``payment.failed`` of ``order``; later ones as
        ``installment.paid``/``installment.failed`` naming ``order.id`` as ``order_id``.
        The default refuses: a provider without ``capabilities.recurring``."""
        raise PaymentError(
            f"The payment provider {self.name!r} cannot charge on a schedule.", retryable=False
        )

    def cancel_schedule(self, order: OrderInfo) -> None:
        """Stop the schedule started by ``order``'s checkout: no further charges (money
        already captured stays). Moves no money. Idempotent: cancelling a canceled or
        finished schedule, or one never started, is no error. Raise :class:`PaymentError`
        when the provider fails."""
        raise PaymentError(
            f"The payment provider {self.name!r} cannot charge on a schedule.", retryable=False
        )

    def charge_now(self, order: OrderInfo, amount: int, key: str) -> ChargeResult:
        """Charge ``amount`` (minor units of ``order.currency``) once, now, to the payment
        method the schedule started by ``order``'s checkout charges (off session): e.g. a
        payment plan's balance paid off early. MOVES MONEY. Idempotent per ``key``: the
        same key answers the same payment, never a second charge. Does not stop the
        schedule (:meth:`cancel_schedule` does). A decline is ``status="failed"``; raise
        :class:`PaymentError` when the provider fails or there is no running schedule.
        Only for ``capabilities.charge_now``; the default refuses."""
        raise PaymentError(
            f"The payment provider {self.name!r} cannot charge a schedule's balance at once.",
            retryable=False,
        )

    def refund_charge(
        self, order: OrderInfo, payment_id: str, amount: int, refunded_before: int = 0
    ) -> RefundResult:
        """Give back ``amount`` of the later charge ``payment_id`` of ``order``'s schedule
        (an ``installment.paid``'s ``payment_id``, or a :meth:`charge_now` payment), of
        which ``refunded_before`` was refunded already. MOVES MONEY. Idempotent per
        (payment, refunded before, amount). The order's own payment is refunded with
        :meth:`refund`. Only for ``capabilities.refund_charges``; the default refuses."""
        raise PaymentError(
            f"The payment provider {self.name!r} cannot refund a charge of a schedule.",
            retryable=False,
        )

    def change_schedule(
        self, order: OrderInfo, schedule: Schedule, *, key: str, charge_now: int = 0
    ) -> str | None:
        """From its next charge on, the schedule started by ``order``'s checkout charges
        ``schedule.amount`` (its ``interval``, ``interval_count`` and next due date stay:
        a plan change). With ``charge_now`` > 0, also charge that much at once on the
        schedule's payment method (the prorated difference of an upgrade) and return the
        payment's id; None when nothing was charged. MOVES MONEY when ``charge_now`` > 0:
        idempotent per ``key`` (the same key never charges twice; setting the same amount
        again is no change). Raise :class:`PaymentError` when the charge is declined
        (``retryable`` False; the amount then stays), the schedule is over, or the
        provider fails. Only for ``capabilities.plan_changes``; the default refuses."""
        raise PaymentError(
            f"The payment provider {self.name!r} cannot change a schedule.", retryable=False
        )

    def payment_method_url(self, order: OrderInfo, return_url: str | None = None) -> str | None:
        """A page of the provider's where the buyer of ``order`` changes the payment method
        its schedule charges (a card that expired or was declined), sending the buyer back
        to ``return_url`` afterwards; None (the default) when the provider has no such page
        (the frontend then offers none). A fresh, short-lived URL per call: do not store
        it. Moves no money and changes no order. Raise :class:`PaymentError` when the
        provider fails."""
        return None
