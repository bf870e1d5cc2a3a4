"""Orders and their transitions. Every transition is one conditional UPDATE, so webhooks,
the return page, reconciliation and admins can race and still change an order once."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol, cast

from sqlalchemy import CursorResult, Table, Update, bindparam, func, or_, select, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from tuition.db import append, execute_core, tenant_session, utcnow
from tuition.models import (
    OPEN_ORDER_STATUSES,
    Enrollment,
    Order,
    OrderStatus,
    OrderTransition,
    Tenant,
)
from tuition.plugin_api import (
    CheckoutSession,
    Conflict,
    NotFound,
    OrderInfo,
    OrderTax,
    Problem,
    ProviderStatus,
    Schedule,
    TuitionError,
)
from tuition.services import audit, events, providers
from tuition.services.capacity import SEAT_GONE
from tuition.services.enrollment import activated, notify_changed

if TYPE_CHECKING:
    from tuition.runtime import Tuition

log = logging.getLogger(__name__)
PAYABLE = (
    OrderStatus.CHECKOUT_PENDING,
    OrderStatus.PENDING,
    OrderStatus.EXPIRED,
    OrderStatus.FAILED,
    OrderStatus.CANCELED,
)
REFUNDABLE = (OrderStatus.PAID, OrderStatus.PARTIALLY_REFUNDED)
#: How long a checkout lasts when its provider does not say.
CHECKOUT_TTL = timedelta(minutes=30)
#: An order left ``checkout_pending`` this long was abandoned between the steps of its
#: checkout (the process died, or the provider call outlived every timeout): the sweep
#: releases it (``release_stuck_checkouts``).
CHECKOUT_GRACE = timedelta(minutes=10)

#: The ``provider`` of an order that had nothing to pay (an offer took the whole price):
#: it is paid when it is made, with amount 0, and no provider ever hears of it.
NO_PROVIDER = "none"

#: The job that refunds an order Tuition cannot keep (``payment_events.refund_order_job``).
REFUND_ORDER_JOB = "refund_order"


def order_info(order: Order, tenant: Tenant) -> OrderInfo:
    return OrderInfo(
        id=order.id,
        tenant_id=order.tenant_id,
        tenant_slug=tenant.slug,
        enrollment_id=order.enrollment_id,
        course_slug=order.course.slug,
        course_title=order.course.title,
        amount=order.amount,
        currency=order.currency,
        customer_email=order.customer_email,
        provider_reference=order.provider_reference,
        provider_payment_id=order.provider_payment_id,
        refunded_amount=order.refunded_amount,
        attributes=dict(order.course.attributes or {}),
        list_amount=order.list_amount,
        discount_code=order.discount_code,
        tax_amount=order.tax_amount,
        tax=dict(order.tax) if order.tax is not None else None,
        schedule=Schedule(**order.schedule) if order.schedule else None,
    )


def get_order(session: Session, order_id: str) -> Order:
    order = session.get(Order, order_id)
    if order is None or order.tenant_id != session.info.get("tenant_id", order.tenant_id):
        raise NotFound(f"No order {order_id!r}.")
    return order


#: The order's attributes, in the order :func:`_transition_statement` returns their columns.
_ORDER_KEYS = tuple(attr.key for attr in sa_inspect(Order).column_attrs)


@functools.cache
def _transition_statement(keys: tuple[str, ...]) -> Update:
    """An order's conditional status change that also sets ``keys`` (bound as ``v_<key>``),
    returning the whole row: Core on the orders table, built once per set of keys (the
    order was read in the tenant's session; row-level security applies)."""
    mapper = sa_inspect(Order)
    column = {attr.key: attr.columns[0] for attr in mapper.column_attrs}
    table = cast(Table, Order.__table__)
    return (
        update(table)
        .where(
            table.c.id == bindparam("order_id"),
            table.c.status.in_(bindparam("allowed", expanding=True)),
        )
        .values(
            {
                column["status"]: bindparam("to"),
                column["updated_at"]: bindparam("updated_at"),
                **{column[key]: bindparam(f"v_{key}", type_=column[key].type) for key in keys},
            }
        )
        .returning(*(column[key] for key in _ORDER_KEYS))
    )


def _transition(
    session: Session, order: Order, allowed: Iterable[str], to: str, cause: str, **values: Any
) -> bool:
    before = order.status
    session.flush()  # the order's own pending changes first, as an ORM update would
    row = execute_core(
        session,
        _transition_statement(tuple(sorted(values))),
        {
            "order_id": order.id,
            "allowed": list(allowed),
            "to": to,
            "updated_at": utcnow(),
            **{f"v_{key}": value for key, value in values.items()},
        },
    ).first()
    if row is not None:  # the row as it is now, without reading it again
        for key, value in zip(_ORDER_KEYS, row, strict=True):
            set_committed_value(order, key, value)
    else:
        session.expire(order)
    changed = row is not None
    if changed:
        _add_transition(session, order, before, to, cause)
        audit.record(
            session,
            order.tenant_id,
            "order",
            order.id,
            f"status.{to}",
            {"status": before},
            {"status": to, "cause": cause[:200]},
        )
    return bool(changed)


def _add_transition(
    session: Session, order: Order, before: str | None, to: str, cause: str
) -> None:
    append(
        session,
        OrderTransition,
        tenant_id=order.tenant_id,
        order_id=order.id,
        from_status=before,
        to_status=to,
        cause=cause[:200],
        at=utcnow(),
    )


def record_created(session: Session, order: Order, cause: str) -> None:
    _add_transition(session, order, None, order.status, cause)
    audit.record(
        session,
        order.tenant_id,
        "order",
        order.id,
        "created",
        None,
        {
            "status": order.status,
            "amount": order.amount,
            "currency": order.currency,
            "provider": order.provider,
        },
    )


def paid_without_provider(tuition: Tuition, session: Session, tenant: Tenant, order: Order) -> None:
    """``order`` (provider :data:`NO_PROVIDER`, amount 0) was paid as it was made, with
    its enrollment active: tell the plugins (``order.paid``) like for any paid order."""
    events.emit(tuition, session, tenant, "order.paid", _order_data(order))


# -- the checkout's three steps (``checkout.enroll_in_three_transactions`` runs them) ------


def store_checkout(
    session: Session, order: Order, created: CheckoutSession, started_at: datetime
) -> bool:
    """Step 3: keep the checkout the provider made (asked at ``started_at``) and open the
    order (``checkout_pending`` → ``pending``). A conditional update: False, and nothing
    stored, when the order left ``checkout_pending`` meanwhile (released by the sweep or
    reconcile, or settled by a provider event)."""
    ttl = (
        timedelta(seconds=created.expires_in_seconds)
        if created.expires_in_seconds
        else CHECKOUT_TTL
    )
    return _transition(
        session,
        order,
        (OrderStatus.CHECKOUT_PENDING,),
        OrderStatus.PENDING,
        "checkout",
        provider_reference=created.reference,
        checkout=dict(created.frontend),
        expires_at=started_at + ttl,
    )


def release_checkout(
    tuition: Tuition, session: Session, tenant: Tenant, order: Order, cause: str
) -> str:
    """No checkout could be made for ``order`` (the provider failed, or the steps were
    abandoned): it fails and its hold is released like any unpaid order's."""
    return mark_unpaid(tuition, session, tenant, order, OrderStatus.FAILED, cause)


def paid_amount(order: Order) -> int:
    """What the provider took for ``order``: its own amount, unless a payment mismatched."""
    return order.paid_amount if order.paid_amount is not None else order.amount


def tax_record(tax: OrderTax | None) -> dict[str, Any] | None:
    """A provider's computed tax as a payment event stores it (JSON)."""
    if tax is None:
        return None
    return {
        "net": tax.net,
        "tax": tax.tax,
        "gross": tax.gross,
        "breakdown": dict(tax.breakdown),
        "billing": dict(tax.billing),
    }


def tax_of_record(record: Mapping[str, Any] | None) -> OrderTax | None:
    """The :class:`OrderTax` a payment event stored (:func:`tax_record`), or None."""
    if not record:
        return None
    return OrderTax(
        net=int(record["net"]),
        tax=int(record["tax"]),
        gross=int(record["gross"]),
        breakdown=dict(record.get("breakdown") or {}),
        billing=dict(record.get("billing") or {}),
    )


def mark_paid(
    tuition: Tuition,
    session: Session,
    tenant: Tenant,
    order: Order,
    cause: str,
    *,
    payment_id: str | None = None,
    amount: int | None = None,
    currency: str | None = None,
    tax: OrderTax | None = None,
) -> str:
    """Money arrived: the order becomes paid and its enrollment active, exactly once.

    If the seat was released meanwhile (expired hold) and none is left, or the student owns
    the course through another order, the order is paid and then refunded, never kept. So
    is a payment whose amount or currency differs from the order's (``amount_mismatch``):
    the order records what arrived, its pending enrollment ends (the hold goes back), no
    receipt is sent and everything that arrived is refunded.

    ``tax``, the tax the provider computed on the payment (its own tax service), is recorded on
    the order in the same update (``tax_amount``, ``tax``, ``billing``) when the order
    carries no tax yet and its gross is the order's amount.
    """
    reported = (currency or "").upper()[:3] or None
    mismatch = amount is not None and (amount != order.amount or reported != order.currency)
    if mismatch and amount is not None and amount <= 0:
        # Nothing arrived to give back (a full discount at the provider?): it failed.
        log.warning(
            "order %s: paid %s %s, expected %s %s",
            order.id,
            amount,
            currency,
            order.amount,
            order.currency,
        )
        return mark_unpaid(tuition, session, tenant, order, "failed", cause)
    values: dict[str, Any] = {
        "paid_at": utcnow(),
        "paid_amount": amount if mismatch else order.amount,
        "paid_currency": reported if mismatch else order.currency,
    }
    if payment_id:
        values["provider_payment_id"] = payment_id
    if (
        tax is not None
        and not mismatch
        and order.tax is None
        and not order.tax_amount
        and tax.gross == order.amount
    ):
        values.update(tax_amount=tax.tax, tax=dict(tax.breakdown), billing=dict(tax.billing))
    if not _transition(session, order, PAYABLE, "paid", cause, **values):
        return "already_settled"
    enrollment = order.enrollment
    if mismatch:
        log.warning(
            "order %s: paid %s %s, expected %s %s; refunding it",
            order.id,
            amount,
            currency,
            order.amount,
            order.currency,
        )
        audit.record(
            session,
            order.tenant_id,
            "order",
            order.id,
            "amount_mismatch",
            {"amount": order.amount, "currency": order.currency},
            {"amount": amount, "currency": reported, "cause": cause[:200]},
        )
        _end_pending(tuition, session, tenant, enrollment, "canceled", cause)
        schedule_refund(tuition, session, tenant, order, _AMOUNT_MISMATCH)
        return "amount_mismatch"
    refused = _activate(tuition, session, tenant, enrollment, cause)
    if refused is not None:
        _end_pending(tuition, session, tenant, enrollment, "canceled", cause)
        events.emit(tuition, session, tenant, "order.paid", _order_data(order))
        schedule_refund(tuition, session, tenant, order, refused)
        return "paid_without_seat"
    activated(tuition, session, tenant, enrollment)
    events.emit(tuition, session, tenant, "order.paid", _order_data(order))
    return "fulfilled"


_AMOUNT_MISMATCH = Problem(
    "amount_mismatch",
    "The payment did not match the price of the course, so it could not be accepted.",
)


def schedule_refund(
    tuition: Tuition, session: Session, tenant: Tenant, order: Order, problem: Problem
) -> None:
    """Give back everything paid for ``order`` (now ``paid``) because of ``problem``: tell
    the student why (``order.refund_scheduled``) and refund through the provider in the
    ``refund_order`` job once this transaction commits, so that no provider call is made
    while it holds its locks. The job's refund is idempotent per order."""
    events.emit(
        tuition,
        session,
        tenant,
        "order.refund_scheduled",
        _refund_data(
            order, problem.code, problem.detail, paid_amount(order) - order.refunded_amount
        ),
    )
    tuition.jobs.defer(
        session, REFUND_ORDER_JOB, {"order_id": order.id, "reason": problem.code}, tenant.id
    )


class _NotActivated(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.code)
        self.problem = problem


def _activate(
    tuition: Tuition, session: Session, tenant: Tenant, enrollment: Enrollment, cause: str
) -> Problem | None:
    """Make the paid order's enrollment active, or say why it cannot be.

    A pending enrollment activates; one whose hold was released (expired or canceled) is
    revived only if every seat pool still has a seat. The pools and the plugins may veto
    it; a veto rolls back everything this activation wrote.
    """
    try:
        with session.begin_nested():
            before = session.scalar(select(Enrollment.status).where(Enrollment.id == enrollment.id))
            if before not in ("pending", "expired", "canceled"):
                raise _NotActivated(SEAT_GONE)
            session.execute(
                update(Enrollment)
                .where(Enrollment.id == enrollment.id, Enrollment.status == before)
                .values(status="active", activated_at=utcnow(), ended_at=None)
                .execution_options(synchronize_session=False)
            )
            session.expire(enrollment)
            problems = notify_changed(tuition, session, tenant, enrollment, before, "active", cause)
            if problems:
                raise _NotActivated(problems[0])
            session.flush()
    except _NotActivated as refused:
        session.expire(enrollment)
        return refused.problem
    except (TuitionError, IntegrityError):  # no seat left, or the student re-enrolled
        session.expire(enrollment)
        return SEAT_GONE
    return None


def _end_pending(
    tuition: Tuition, session: Session, tenant: Tenant, enrollment: Enrollment, to: str, cause: str
) -> bool:
    """End a pending enrollment: its seat hold goes back, plugins release theirs."""
    ended = cast(
        CursorResult[Any],
        session.execute(
            update(Enrollment)
            .where(Enrollment.id == enrollment.id, Enrollment.status == "pending")
            .values(status=to, ended_at=utcnow())
            .execution_options(synchronize_session=False)
        ),
    ).rowcount
    session.expire(enrollment)
    if ended:
        notify_changed(tuition, session, tenant, enrollment, "pending", to, cause)
    return bool(ended)


def mark_unpaid(
    tuition: Tuition, session: Session, tenant: Tenant, order: Order, to: str, cause: str
) -> str:
    """The checkout expired, failed or was canceled (or could not be made): release the
    hold, end the enrollment."""
    if not _transition(session, order, OPEN_ORDER_STATUSES, to, cause):
        return "already_settled"
    _end_pending(
        tuition,
        session,
        tenant,
        order.enrollment,
        "expired" if to == "expired" else "canceled",
        cause,
    )
    events.emit(tuition, session, tenant, f"order.{to}", _order_data(order))
    return to


def refunded_tax(order: Order, total_refunded: int, full: bool) -> int:
    """The part of the order's tax that ``total_refunded`` (all refunds so far) gives back:
    ``tax_amount * total_refunded / amount`` rounded half up to the minor unit, all of it
    for a full refund. Computed from the running total, so partial refunds add up to the
    tax exactly."""
    if full or order.amount <= 0:
        return order.tax_amount
    share = min(total_refunded, order.amount)
    return min(
        order.tax_amount, (2 * order.tax_amount * share + order.amount) // (2 * order.amount)
    )


def apply_refund(
    tuition: Tuition,
    session: Session,
    tenant: Tenant,
    order: Order,
    total_refunded: int,
    cause: str,
) -> str:
    """The provider refunded ``total_refunded`` in all; a full refund revokes the seat."""
    paid = paid_amount(order)
    total = min(total_refunded, paid)
    if total <= order.refunded_amount:
        return "already_settled"
    full = total >= paid
    changed = cast(
        CursorResult[Any],
        session.execute(
            update(Order)
            .where(
                Order.id == order.id, Order.status.in_(REFUNDABLE), Order.refunded_amount < total
            )
            .values(
                refunded_amount=total,
                tax_refunded_amount=refunded_tax(order, total, full),
                status="refunded" if full else "partially_refunded",
                updated_at=utcnow(),
            )
            .execution_options(synchronize_session=False)
        ),
    ).rowcount
    before = order.status
    session.expire(order)
    if not changed:
        return "already_settled"
    _add_transition(session, order, before, order.status, cause)
    audit.record(
        session,
        order.tenant_id,
        "order",
        order.id,
        f"status.{order.status}",
        {"status": before},
        {"status": order.status, "refunded_amount": total, "cause": cause[:200]},
    )
    if full:
        enrollment = order.enrollment
        held = session.scalar(select(Enrollment.status).where(Enrollment.id == enrollment.id))
        revoked = cast(
            CursorResult[Any],
            session.execute(
                update(Enrollment)
                .where(
                    Enrollment.id == enrollment.id, Enrollment.status.in_(("active", "completed"))
                )
                .values(status="refunded", ended_at=utcnow())
                .execution_options(synchronize_session=False)
            ),
        ).rowcount
        session.expire(enrollment)
        if revoked and held is not None:
            notify_changed(tuition, session, tenant, enrollment, held, "refunded", cause)
    events.emit(
        tuition,
        session,
        tenant,
        "order.refunded",
        {
            **_order_data(order),
            "refunded_amount": total,
            "tax_refunded_amount": order.tax_refunded_amount,
        },
    )
    return "refunded" if full else "partially_refunded"


def apply_status(
    tuition: Tuition,
    session: Session,
    tenant: Tenant,
    order: Order,
    status: ProviderStatus,
    cause: str,
) -> str:
    """Apply what the provider says of an order (see
    :func:`settle_with_provider_in_own_transactions`)."""
    if status.kind == "payment.succeeded":
        return mark_paid(
            tuition,
            session,
            tenant,
            order,
            cause,
            payment_id=status.payment_id,
            amount=status.amount,
            currency=status.currency,
            tax=status.tax,
        )
    if status.kind == "payment.failed":
        return mark_unpaid(tuition, session, tenant, order, "failed", cause)
    if status.kind == "checkout.expired":
        return mark_unpaid(tuition, session, tenant, order, "expired", cause)
    if status.kind == "refund.succeeded" and status.amount is not None:
        return apply_refund(tuition, session, tenant, order, status.amount, cause)
    return "unchanged"


def settle_with_provider_in_own_transactions(
    tuition: Tuition,
    tenant_id: str,
    order_id: str,
    cause: str,
    *,
    actor: str,
    asking: Iterable[str] = (OrderStatus.PENDING,),
    expire: bool = False,
) -> str:
    """Ask the order's provider what became of it and apply the answer: the one way the
    return page (``refreshOrder``), an approved payment's job and reconcile settle an order
    with its provider.

    Runs in transactions of its own (``tuition.session``, ``tuition.transaction``): a short
    read of the order, the provider's ``fetch_status`` with no session open (no
    transaction, no lock, no connection held), then the answer applied through the
    order's conditional transitions and committed, with ``actor`` in the audit log. Asks
    only when the order's status is among ``asking`` (``already_settled`` otherwise). With
    ``expire``, an open order the answer leaves unchanged whose checkout has ended
    (``expires_at`` past) expires and releases its hold. A provider failure raises its
    ``PaymentError`` and writes nothing. Call it with no write of the caller's pending
    (SQLite would keep this function's writes waiting for the caller's)."""
    with tuition.session(tenant_id) as session:
        tenant, order = session.get(Tenant, tenant_id), session.get(Order, order_id)
        if tenant is None or order is None:
            raise NotFound(f"No order {order_id!r}.")
        if order.status not in tuple(asking):
            return "already_settled"
        build_gateway = providers.provider_builder(tuition, tenant, order.provider)
        info = order_info(order, tenant)
    status = build_gateway().fetch_status(info)
    with tuition.transaction(tenant_id) as session:
        audit.set_actor(session, actor)
        tenant, order = session.get(Tenant, tenant_id), session.get(Order, order_id)
        if tenant is None or order is None:
            raise NotFound(f"No order {order_id!r}.")
        outcome = apply_status(tuition, session, tenant, order, status, cause)
        if (
            expire
            and outcome == "unchanged"
            and order.status in OPEN_ORDER_STATUSES
            and order.expires_at is not None
            and order.expires_at < utcnow()
        ):
            outcome = mark_unpaid(
                tuition, session, tenant, order, OrderStatus.EXPIRED, f"{cause}:expired"
            )
    return outcome


#: How long a refund may be in flight at the provider before another may start (a process
#: that died mid-refund leaves its lease; the provider's idempotency key covers a retry).
REFUND_LEASE = timedelta(minutes=2)


def refund(
    tuition: Tuition, session: Session, tenant: Tenant, order: Order, amount: int | None, cause: str
) -> str:
    """An admin's refund (all that is left when ``amount`` is None): made through the
    provider now, recorded, and the student told like for an automatic refund
    (``order.refund_scheduled`` with reason ``admin``)."""
    amount = _check_refund(tuition, tenant, order, amount)
    notice = _refund_data(order, "admin", None, amount)
    # Told after the provider answered: the lease's side transaction comes first (on SQLite
    # a write of this session before it would hold the database), and a refused refund
    # tells nobody.
    outcome = issue_refund(tuition, session, tenant, order, amount, cause)
    events.emit(tuition, session, tenant, "order.refund_scheduled", notice)
    return outcome


def issue_refund(
    tuition: Tuition, session: Session, tenant: Tenant, order: Order, amount: int | None, cause: str
) -> str:
    """Refund ``amount`` (all that is left when None) through the provider and record it.

    MOVES MONEY. One refund of an order runs at a time: a lease taken in a side transaction
    before the provider is called (no row lock is held during the call) makes a concurrent
    refund answer 409 ``refund_in_progress``, so concurrent refunds never exceed what was
    paid; the provider's idempotency is per (order, refunded so far, amount), so a retried
    job refunds once."""
    _check_refund(tuition, tenant, order, amount)
    if not _lease_refund_in_side_transaction(tuition, tenant, order):
        raise Conflict(
            f"A refund of order {order.id} is in progress; retry in a moment.",
            code="refund_in_progress",
        )
    try:
        session.expire(order)  # what the lease saw: another refund may have finished first
        amount = _check_refund(tuition, tenant, order, amount)
        gateway = providers.provider(tuition, tenant, order.provider)
        result = gateway.refund(order_info(order, tenant), amount)
        if result.status == "failed":
            raise TuitionError("The provider refused the refund.", code="refund_failed", status=502)
    except BaseException:
        _end_refund_lease_in_side_transaction(tuition, tenant, order)
        raise
    session.execute(
        update(Order)
        .where(Order.id == order.id)
        .values(refund_started_at=None)
        .execution_options(synchronize_session=False)
    )
    if result.status == "succeeded":
        return apply_refund(tuition, session, tenant, order, order.refunded_amount + amount, cause)
    return "refund_pending"


def _check_refund(tuition: Tuition, tenant: Tenant, order: Order, amount: int | None) -> int:
    """The amount a refund of ``amount`` (None: all that is left) gives back, or the
    problem that forbids it."""
    if order.status not in REFUNDABLE:
        raise Conflict(
            f"Order {order.id} is {order.status}; only paid orders are refunded.",
            code="order_not_refundable",
        )
    remaining = paid_amount(order) - order.refunded_amount
    amount = remaining if amount is None else amount
    if amount <= 0 or amount > remaining:
        raise TuitionError(
            f"Refund between 1 and {remaining} "
            f"{order.paid_currency or order.currency} minor units.",
            code="invalid_refund_amount",
            status=422,
        )
    caps = providers.provider_class(tuition, tenant, order.provider)[1].capabilities
    if not caps.refunds or (amount < remaining and not caps.partial_refunds):
        raise Conflict(
            f"Provider {order.provider!r} cannot make this refund.", code="refund_not_supported"
        )
    return amount


def _lease_refund_in_side_transaction(tuition: Tuition, tenant: Tenant, order: Order) -> bool:
    """Take the order's refund lease in a transaction of its own, committed at once."""
    now = utcnow()
    with tenant_session(tuition.sessions, tenant.id) as side, side.begin():
        taken = cast(
            CursorResult[Any],
            side.execute(
                update(Order)
                .where(
                    Order.id == order.id,
                    or_(
                        Order.refund_started_at.is_(None),
                        Order.refund_started_at < now - REFUND_LEASE,
                    ),
                )
                .values(refund_started_at=now)
                .execution_options(synchronize_session=False)
            ),
        ).rowcount
    return bool(taken)


def _end_refund_lease_in_side_transaction(tuition: Tuition, tenant: Tenant, order: Order) -> None:
    with tenant_session(tuition.sessions, tenant.id) as side, side.begin():
        side.execute(
            update(Order)
            .where(Order.id == order.id)
            .values(refund_started_at=None)
            .execution_options(synchronize_session=False)
        )


class _EnrollmentLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def status(self) -> str: ...


def open_order_ids(session: Session, enrollments: Iterable[_EnrollmentLike]) -> dict[str, str]:
    """The open order (``pending``, or ``checkout_pending`` while its checkout is made) of
    each pending enrollment among ``enrollments``, by enrollment id (one query, and none
    when no enrollment is pending)."""
    waiting = [e.id for e in enrollments if e.status == "pending"]
    if not waiting:
        return {}
    rows = session.execute(
        select(Order.enrollment_id, Order.id)
        .where(Order.enrollment_id.in_(waiting), Order.status.in_(OPEN_ORDER_STATUSES))
        .order_by(Order.created_at)
    )
    return {enrollment_id: order_id for enrollment_id, order_id in rows}


def pending_orders(session: Session, older_than: Any) -> list[Order]:
    """Pending orders created before ``older_than``, oldest first."""
    return list(
        session.scalars(
            select(Order)
            .where(Order.status == "pending", Order.created_at < older_than)
            .order_by(Order.created_at, Order.id)
        )
    )


def stuck_checkouts(session: Session, older_than: Any) -> list[Order]:
    """Orders still ``checkout_pending`` that were created before ``older_than``, oldest
    first: their checkout's steps were abandoned (see :data:`CHECKOUT_GRACE`)."""
    return list(
        session.scalars(
            select(Order)
            .where(Order.status == OrderStatus.CHECKOUT_PENDING, Order.created_at < older_than)
            .order_by(Order.created_at, Order.id)
        )
    )


def recently_unpaid_orders(session: Session, closed_since: Any) -> list[Order]:
    """Expired, failed or canceled orders whose checkout closed (or, with no expiry, that
    were created) at or after ``closed_since``, oldest first: late money may still come."""
    closed = func.coalesce(Order.expires_at, Order.created_at)
    return list(
        session.scalars(
            select(Order)
            .where(Order.status.in_(("expired", "failed", "canceled")), closed >= closed_since)
            .order_by(Order.created_at, Order.id)
        )
    )


def _refund_data(order: Order, reason: str, detail: str | None, amount: int) -> dict[str, Any]:
    """``order.refund_scheduled``: the order, why, and what this refund gives back (in
    ``paid_currency``, which differs from ``currency`` only for a mismatched payment)."""
    paid = paid_amount(order)
    return {
        **_order_data(order),
        "reason": reason,
        "detail": detail,
        "refund_amount": amount,
        "paid_amount": paid,
        "paid_currency": order.paid_currency or order.currency,
        "full": order.refunded_amount + amount >= paid,
    }


def _order_data(order: Order) -> dict[str, Any]:
    return {
        "order_id": order.id,
        "enrollment_id": order.enrollment_id,
        "course": order.course.slug,
        "student_id": order.student_id,
        "amount": order.amount,
        "currency": order.currency,
        "list_amount": order.list_amount,
        "discount_amount": order.discount_amount,
        "discount_code": order.discount_code,
        "tax_amount": order.tax_amount,
        "tax": order.tax,
        "billing": order.billing,
        "provider": order.provider,
        "customer_email": order.customer_email,
    }
