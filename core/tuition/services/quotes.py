"""Price quotes before checkout: the list price, the best offer the tenant's plugins make
(a discount code's) and the problem a code would be refused with. A quote writes nothing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from tuition.db import utcnow
from tuition.models import Student, Tenant
from tuition.plugin_api import NotFound, PriceOffer, Problem, QuoteContext
from tuition.services import catalog

if TYPE_CHECKING:
    from tuition.runtime import Tuition


@dataclass(frozen=True)
class Quote:
    """What enrolling in ``course`` would cost now: ``total`` = ``list_price`` less
    ``discount``, plus ``tax_amount`` when the tenant's prices are net (integer minor units
    of ``currency``; all 0 and no currency for a course without a price), with the applied
    offer's ``code``/``reason`` and the first problem."""

    course: str
    currency: str | None
    list_price: int
    discount: int
    total: int
    code: str | None
    reason: str | None
    problem: Problem | None
    #: The tax in ``total`` as the tenant's tax plugin computes it for the query's billing
    #: details (``net`` + ``tax_amount`` == ``total``; net == total, 0 and None untaxed).
    net: int = 0
    tax_amount: int = 0
    tax: Mapping[str, Any] | None = None
    #: What the plugins add (``QuoteContext.extensions``), e.g. ``bundle``.
    extensions: Mapping[str, Any] = field(default_factory=dict)


def lowest_offer(offers: Iterable[PriceOffer], price: int, currency: str) -> PriceOffer | None:
    """The lowest single-seat offer of ``offers`` in ``currency`` below ``price`` (none below
    0), if any: the one the ``one_time`` pricing model charges."""
    below = [
        o for o in offers if o.currency == currency and o.quantity == 1 and 0 <= o.amount < price
    ]
    return min(below, key=lambda o: o.amount) if below else None


def quote(
    tuition: Tuition,
    session: Session,
    tenant: Tenant,
    student: Student | None,
    slug: str,
    request: Mapping[str, Any],
) -> Quote:
    """Quote the published course ``slug`` (listed or not; 404 otherwise) for ``student``
    (or nobody) with the query's ``request`` values. The plugins' ``tuition_price_quote``
    run in a savepoint that is rolled back: whatever they might write is undone."""
    found = catalog.snapshots(session, tenant.id, catalog.PUBLISHED, catalog.slug_is(slug))
    if not found.courses:
        raise NotFound(f"No course with slug {slug!r}.")
    course = found.courses[0]
    ctx = QuoteContext(
        tuition=tuition,
        session=session,
        tenant=tenant,
        student=student,
        course=course,
        request=dict(request),
        settings=tenant.plugin_settings(),
        now=utcnow(),
    )
    price, currency = course.price_amount, course.price_currency
    best, tax = None, None
    savepoint = session.begin_nested()
    try:
        hooks = tuition.hooks(tenant)
        answers = hooks.price_quote(ctx)
        if price is not None and currency is not None:
            best = lowest_offer((a for a in answers if isinstance(a, PriceOffer)), price, currency)
            tax = hooks.order_tax(
                ctx, amount=best.amount if best is not None else price, currency=currency
            )
    finally:
        savepoint.rollback()
    problems = [a for a in answers if isinstance(a, Problem)]
    list_price = price or 0
    offered = best.amount if best is not None else list_price
    total = offered if tax is None else tax.gross
    return Quote(
        course=course.slug,
        currency=currency,
        list_price=list_price,
        discount=list_price - offered,
        total=total,
        code=best.code if best is not None else None,
        reason=(best.reason or "offer") if best is not None else None,
        problem=problems[0] if problems else None,
        net=total if tax is None else tax.net,
        tax_amount=0 if tax is None else tax.tax,
        tax=None if tax is None else dict(tax.breakdown),
        extensions=dict(ctx.extensions),
    )
