"""Pricing model ``one_time``: price → held seat + pending enrollment + order
(``checkout_pending``) in the enrollment's transaction; core then asks the tenant's payment
provider for the checkout after the commit (see :class:`tuition.extension.Outcome`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

# The jobs of paid orders (applying provider events, refunds) come with this plugin.
from tuition.builtin.payment_jobs import tuition_job_handlers  # noqa: F401
from tuition.models import Order, OrderStatus, Tenant
from tuition.plugin_api import (
    CourseRecord,
    EnrollmentContext,
    EnrollmentRecord,
    EnrollmentRefused,
    Host,
    OrderTax,
    Outcome,
    PaymentProvider,
    PluginInfo,
    PriceOffer,
    PricingModel,
    Problem,
    TenantRecord,
    hookimpl,
)
from tuition.services import orders, providers, quotes

if TYPE_CHECKING:
    from tuition.runtime import Tuition

TUITION_PLUGIN = PluginInfo(title="One-time payment", category="core")


def choose_provider(
    tuition: Tuition, tenant: Tenant, currency: str | None, enabled: frozenset[str] | None = None
) -> tuple[str, type[PaymentProvider]] | None:
    """The tenant's provider for ``currency``: its default if set and enabled, else the
    first enabled provider (by name) that takes the currency."""
    return providers.choose(tuition, tenant, currency, enabled)


class OneTimePricing(PricingModel):
    """Pay once through the tenant's payment provider, then the enrollment activates."""

    name = "one_time"
    requires_price = True

    def why_not_sellable(
        self, tuition: Host, tenant: TenantRecord, course: CourseRecord, enabled: frozenset[str]
    ) -> str | None:
        if course.price_amount is None:
            return "it has no price"
        if (
            choose_provider(
                cast("Tuition", tuition), cast(Tenant, tenant), course.price_currency, enabled
            )
            is None
        ):
            if tenant.payment_provider:
                return (
                    f"payment provider {tenant.payment_provider!r} is not enabled or "
                    f"does not take {course.price_currency}"
                )
            return f"no enabled payment provider takes {course.price_currency}"
        return None

    def enroll(self, ctx: EnrollmentContext) -> Outcome:
        course = ctx.course
        if course.price_amount is None or course.price_currency is None:
            raise EnrollmentRefused(
                Problem("not_available", f"Course {course.slug!r} cannot be bought here.")
            )
        offer = best_offer(ctx, course.price_amount, course.price_currency)
        amount = course.price_amount if offer is None else offer.amount
        tax = (
            cast("Tuition", ctx.tuition)
            .hooks(ctx.tenant)
            .order_tax(ctx, amount=amount, currency=course.price_currency)
        )
        if tax is not None:
            amount = tax.gross
        if amount == 0:  # nothing to pay (a 100 % code): no provider, active at once
            return self._settled_without_payment(ctx, offer, tax)
        chosen = choose_provider(
            cast("Tuition", ctx.tuition), cast(Tenant, ctx.tenant), course.price_currency
        )
        if chosen is None:
            raise EnrollmentRefused(
                Problem("not_available", f"Course {course.slug!r} cannot be bought here.")
            )
        provider_name, _cls = chosen
        enrollment = ctx.add_enrollment(status="pending", source="one_time")
        # Until the provider answers, the hold lasts the default checkout time; the
        # provider's own expiry replaces ``expires_at`` when core stores the checkout.
        hold_until = ctx.now + orders.CHECKOUT_TTL
        order = self._order(ctx, enrollment, offer, provider_name, tax)
        order.status = OrderStatus.CHECKOUT_PENDING.value
        order.expires_at = hold_until
        ctx.session.add(order)
        ctx.session.flush()
        orders.record_created(ctx.session, order, "enrollment")
        return Outcome(
            enrollment=enrollment,
            hold_until=hold_until,
            order=order,
            checkout={
                **_offer_keys(_list_amount(course.price_amount, offer), offer),
                **_tax_keys(tax),
            },
        )

    def _settled_without_payment(
        self, ctx: EnrollmentContext, offer: PriceOffer | None, tax: OrderTax | None
    ) -> Outcome:
        """The offer takes the whole price: the enrollment is active now and its order
        paid with amount 0 through no provider (:data:`orders.NO_PROVIDER`)."""
        enrollment = ctx.add_enrollment(status="active", source="one_time")
        order = self._order(ctx, enrollment, offer, orders.NO_PROVIDER, tax)
        order.status = OrderStatus.PAID.value
        order.paid_at = ctx.now
        order.paid_amount = 0
        order.paid_currency = order.currency
        ctx.session.add(order)
        ctx.session.flush()
        orders.record_created(ctx.session, order, "enrollment:nothing_to_pay")
        orders.paid_without_provider(
            cast("Tuition", ctx.tuition), ctx.session, cast(Tenant, ctx.tenant), order
        )
        return Outcome(enrollment=enrollment, order=order)

    @staticmethod
    def _order(
        ctx: EnrollmentContext,
        enrollment: EnrollmentRecord,
        offer: PriceOffer | None,
        provider: str,
        tax: OrderTax | None,
    ) -> Order:
        course = ctx.course
        list_amount = _list_amount(cast(int, course.price_amount), offer)
        amount = list_amount if offer is None else offer.amount
        return Order(
            amount=amount if tax is None else tax.gross,
            tax_amount=0 if tax is None else tax.tax,
            tax=None if tax is None else dict(tax.breakdown),
            billing=None if tax is None else dict(tax.billing),
            tenant_id=ctx.tenant.id,
            student=ctx.student,
            course=course,
            enrollment=enrollment,
            provider=provider,
            currency=course.price_currency,
            list_amount=list_amount,
            discount_amount=list_amount - amount,
            discount_code=offer.code if offer is not None else None,
            customer_email=ctx.student.email,
            refunded_amount=0,
            created_at=ctx.now,
        )


def _list_amount(price: int, offer: PriceOffer | None) -> int:
    """The order's list amount: the course's price times the seats the offer sells."""
    return price * (offer.quantity if offer is not None else 1)


def _offer_keys(price: int, offer: PriceOffer | None) -> dict[str, Any]:
    """What the 202 ``checkout`` tells of an offer: the list price and why it is lower
    (and how many seats it sells, when more than one)."""
    if offer is None:
        return {}
    keys: dict[str, Any] = {"list_price": price, "price_reason": offer.reason or "offer"}
    if offer.code:
        keys["discount_code"] = offer.code
    if offer.quantity > 1:
        keys["quantity"] = offer.quantity
    return keys


def _tax_keys(tax: OrderTax | None) -> dict[str, Any]:
    """What the 202 ``checkout`` tells of the tax: net, tax and the breakdown."""
    return {} if tax is None else tax.checkout_keys()


def best_offer(ctx: EnrollmentContext, price: int, currency: str) -> PriceOffer | None:
    """The offer charged: with offers of several seats (``PriceOffer.quantity`` > 1), the
    lowest of the largest quantity within that many times ``price``; else the lowest
    single-seat offer in ``currency`` below ``price`` (never below 0), if any."""
    offers = cast("Tuition", ctx.tuition).hooks(ctx.tenant).price_offers(ctx)
    many = [o for o in offers if o.currency == currency and o.quantity > 1]
    if many:
        quantity = max(o.quantity for o in many)
        fit = [o for o in many if o.quantity == quantity and 0 <= o.amount <= quantity * price]
        if fit:
            return min(fit, key=lambda o: o.amount)
    return quotes.lowest_offer(offers, price, currency)


@hookimpl
def tuition_pricing_models() -> list[PricingModel]:
    return [OneTimePricing()]
