"""Enrolling with a checkout, in three steps: a short transaction holds the seat and writes
the order ``checkout_pending``; the provider is called with no transaction open; a second
short transaction stores the checkout. The entry point's session is committed between the
steps: this function owns those deliberate transactions."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from tuition.db import utcnow
from tuition.models import Order, OrderStatus, Student, Tenant
from tuition.plugin_api import EnrollmentRefused, Outcome, PaymentError, TuitionError
from tuition.services import enrollment, orders, providers, reports

if TYPE_CHECKING:
    from tuition.runtime import Tuition

log = logging.getLogger(__name__)


def enroll_in_three_transactions(
    tuition: Tuition,
    session: Session,
    tenant: Tenant,
    student: Student,
    course_slug: str,
    request: Mapping[str, Any],
) -> Outcome:
    """Enroll ``student`` in ``course_slug``, or refuse with a problem, COMMITTING
    ``session`` (the entry point's, e.g. the request's, with nothing of its own pending)
    in up to three deliberate transactions, so that no provider call runs while a row lock
    (on SQLite: the database's write lock) is held. First, before anything is written,
    the enabled plugins' ``tuition_before_enrollment`` (which may make network calls);
    then:

    1. :func:`enroll`: checks, pricing model, the seat, the enrollment and, for a paid
       course, its ``checkout_pending`` order; committed. A refusal writes nothing (the
       click is counted in a transaction of its own).
    2. The provider's ``create_checkout`` (``create_recurring_checkout`` for an order that
       starts a schedule), with no transaction open.
    3. The checkout stored and the order ``pending``
       (:func:`~tuition.services.orders.store_checkout`, a conditional update); committed.

    A provider failure in step 2 releases the hold in a transaction (the order ``failed``,
    the enrollment ``canceled``, the seat back, plugins told) and raises its
    ``PaymentError`` (502, or 503 with ``Retry-After``): the student may try again. An
    order that reconcile or the sweep released while the provider worked stays released
    (503 ``payment_provider_unavailable``). A crash between the steps leaves the order
    ``checkout_pending``: ``payment_events.release_stuck_checkouts`` releases it later.
    """
    # Step 0: plugins prepare the attempt (a network call allowed) before it writes.
    tuition.hooks(tenant).before_enrollment(
        tuition=tuition, tenant=tenant, student=student, course_slug=course_slug, request=request
    )
    try:
        outcome = enrollment.enroll(tuition, session, tenant, student, course_slug, request)
        order = cast(Order | None, outcome.order)
        if order is not None and order.status != OrderStatus.CHECKOUT_PENDING:
            order = None  # nothing to pay (amount 0): paid already, no checkout
        if order is not None:  # what step 2 needs, read while the transaction is open
            build_gateway = providers.provider_builder(tuition, tenant, order.provider)
            info = orders.order_info(order, tenant)
        session.commit()
    except BaseException as exc:
        session.rollback()
        refusal = (
            enrollment.duplicate(session, student, course_slug)
            if isinstance(exc, IntegrityError)
            else None
        )
        session.rollback()
        _count_refused_click_in_own_transaction(session, tenant, course_slug, student)
        if refusal is not None:
            raise EnrollmentRefused(refusal) from None
        raise
    if order is None:
        return outcome

    # Step 2: the provider, with no transaction open.
    if session.in_transaction():  # pragma: no cover - a guard against a future change
        raise RuntimeError("the checkout's provider call must run with no transaction open")
    started_at = utcnow()
    try:  # building may ask a secret store: also with no transaction open
        gateway = build_gateway()
        created = (
            gateway.create_recurring_checkout(info, info.schedule)
            if info.schedule is not None
            else gateway.create_checkout(info)
        )
    except Exception as exc:
        failure = (
            exc
            if isinstance(exc, TuitionError)
            else PaymentError("The payment provider could not be reached; try again in a moment.")
        )
        if failure is not exc:
            log.exception("create_checkout of %s failed for order %s", order.provider, order.id)
        orders.release_checkout(tuition, session, tenant, order, f"checkout:{failure.code}")
        session.commit()
        if failure is exc:
            raise
        raise failure from exc

    # Step 3: keep the checkout, unless the order was released meanwhile.
    stored = orders.store_checkout(session, order, created, started_at)
    session.commit()
    if not stored:
        session.refresh(outcome.enrollment)
        if outcome.enrollment.status == "active":  # money came first (a provider event)
            return Outcome(enrollment=outcome.enrollment, order=order)
        raise PaymentError("The payment provider answered too late; try again.")
    checkout = {
        **(outcome.checkout or {}),
        "order_id": order.id,
        "provider": order.provider,
        "amount": order.amount,
        "currency": order.currency,
        "expires_at": order.expires_at.isoformat() if order.expires_at else None,
        **created.frontend,
    }
    return Outcome(
        enrollment=outcome.enrollment, checkout=checkout, hold_until=order.expires_at, order=order
    )


def _count_refused_click_in_own_transaction(
    session: Session, tenant: Tenant, course_slug: str, student: Student
) -> None:
    """A refused attempt still counts as a click: in a transaction of its own on
    ``session`` (rolled back already, so it commits nothing else), on the connection the
    request holds anyway. A failed write loses the count, never the refusal."""
    try:
        reports.count(session, tenant.id, course_slug, "enroll_click", student.id)
        session.commit()
    except SQLAlchemyError:
        session.rollback()
        log.warning("enroll click on %s not counted", course_slug, exc_info=True)
