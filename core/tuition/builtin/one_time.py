"""Pricing model ``one_time``: price → held seat + pending enrollment + order
(``checkout_pending``) in the enrollment's transaction; core then asks the tenant's payment
provider for the checkout after the commit (see :class:`tuition.extension.Outcome`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

# The jobs of paid orders (applying provider events, refunds) come with this plugin.
from tuition.builtin.payment_jobs import tuition_job_handlers  # noqa: F401
from tuition.models import Order, OrderStatus, Tenant
from tuition.plugin_api import (
    CourseRecord,
    EnrollmentContext,
    EnrollmentRefused,
    Host,
    Outcome,
    PaymentProvider,
    PluginInfo,
    PricingModel,
    Problem,
    TenantRecord,
    hookimpl,
)
from tuition.services import orders

if TYPE_CHECKING:
    from tuition.runtime import Tuition

TUITION_PLUGIN = PluginInfo(title="One-time payment", category="core")


def choose_provider(
    tuition: Tuition, tenant: Tenant, currency: str | None, enabled: frozenset[str] | None = None
) -> tuple[str, type[PaymentProvider]] | None:
    """The tenant's provider for ``currency``: its default if set and enabled, else the
    first enabled provider (by name) that takes the currency."""
    if enabled is None:
        enabled = tuition.hooks(tenant).enabled
    providers = tuition.plugins.payment_providers(enabled)
    if tenant.payment_provider:
        candidates = [tenant.payment_provider] if tenant.payment_provider in providers else []
    else:
        candidates = sorted(providers)
    settings = tenant.plugin_settings()
    for name in candidates:
        plugin, cls = providers[name]
        if currency and currency in cls.currencies_for(settings.get(plugin, {})):
            return name, cls
    return None


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
        chosen = choose_provider(
            cast("Tuition", ctx.tuition), cast(Tenant, ctx.tenant), course.price_currency
        )
        if chosen is None or course.price_amount is None or course.price_currency is None:
            raise EnrollmentRefused(
                Problem("not_available", f"Course {course.slug!r} cannot be bought here.")
            )
        provider_name, _cls = chosen
        amount, reason = price_for(ctx, course.price_amount, course.price_currency)
        enrollment = ctx.add_enrollment(status="pending", source="one_time")
        # Until the provider answers, the hold lasts the default checkout time; the
        # provider's own expiry replaces ``expires_at`` when core stores the checkout.
        hold_until = ctx.now + orders.CHECKOUT_TTL
        order = Order(
            tenant_id=ctx.tenant.id,
            student=ctx.student,
            course=course,
            enrollment=enrollment,
            provider=provider_name,
            amount=amount,
            currency=course.price_currency,
            customer_email=ctx.student.email,
            status=OrderStatus.CHECKOUT_PENDING.value,
            refunded_amount=0,
            created_at=ctx.now,
            expires_at=hold_until,
        )
        ctx.session.add(order)
        ctx.session.flush()
        orders.record_created(ctx.session, order, "enrollment")
        offer = {"list_price": course.price_amount, "price_reason": reason} if reason else {}
        return Outcome(enrollment=enrollment, hold_until=hold_until, order=order, checkout=offer)


def price_for(ctx: EnrollmentContext, price: int, currency: str) -> tuple[int, str | None]:
    """The price to charge: the course's, or the lowest plugin offer below it."""
    offers = [
        o
        for o in cast("Tuition", ctx.tuition).hooks(ctx.tenant).price_offers(ctx)
        if o.currency == currency and 0 <= o.amount < price
    ]
    if not offers:
        return price, None
    best = min(offers, key=lambda o: o.amount)
    return best.amount, best.reason or "offer"


@hookimpl
def tuition_pricing_models() -> list[PricingModel]:
    return [OneTimePricing()]
