"""Pricing model ``one_time``: price → order (pending) + held seat + pending enrollment +
the checkout of the tenant's payment provider, all in the enrollment's transaction."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, cast

# The jobs of paid orders (applying provider events, refunds) come with this plugin.
from tuition.builtin.payment_jobs import tuition_job_handlers  # noqa: F401
from tuition.models import Order, Tenant
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

if TYPE_CHECKING:
    from tuition.runtime import Tuition

TUITION_PLUGIN = PluginInfo(title="One-time payment", category="core")
DEFAULT_CHECKOUT_TTL = timedelta(minutes=30)


def choose_provider(tuition: Tuition, tenant: Tenant, currency: str | None,
                    enabled: frozenset[str] | None = None
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

    def why_not_sellable(self, tuition: Host, tenant: TenantRecord, course: CourseRecord,
                         enabled: frozenset[str]) -> str | None:
        if course.price_amount is None:
            return "it has no price"
        if choose_provider(cast("Tuition", tuition), cast(Tenant, tenant), course.price_currency,
                           enabled) is None:
            if tenant.payment_provider:
                return (f"payment provider {tenant.payment_provider!r} is not enabled or "
                        f"does not take {course.price_currency}")
            return f"no enabled payment provider takes {course.price_currency}"
        return None

    def enroll(self, ctx: EnrollmentContext) -> Outcome:
        from tuition.services import orders

        course, tuition, tenant = ctx.course, cast("Tuition", ctx.tuition), cast(Tenant, ctx.tenant)
        chosen = choose_provider(tuition, tenant, course.price_currency)
        if chosen is None or course.price_amount is None or course.price_currency is None:
            raise EnrollmentRefused(Problem("not_available",
                                            f"Course {course.slug!r} cannot be bought here."))
        provider_name, _cls = chosen
        amount, reason = price_for(ctx, course.price_amount, course.price_currency)
        ctx.take_seat()  # the hold: released if the checkout expires or fails
        enrollment = ctx.add_enrollment(status="pending", source="one_time")
        order = Order(
            tenant_id=ctx.tenant.id, student=ctx.student, course=course, enrollment=enrollment,
            provider=provider_name, amount=amount, currency=course.price_currency,
            customer_email=ctx.student.email, status="pending", refunded_amount=0,
            created_at=ctx.now, expires_at=ctx.now + DEFAULT_CHECKOUT_TTL,
        )
        ctx.session.add(order)
        ctx.session.flush()
        orders.record_created(ctx.session, order, "enrollment")
        gateway = orders.provider(tuition, tenant, provider_name)
        # A provider failure raises PaymentError: the whole transaction rolls back, so no
        # order, hold or enrollment is left half-written.
        session = gateway.create_checkout(orders.order_info(order, tenant))
        order.provider_reference = session.reference
        order.checkout = dict(session.frontend)
        expires_at = ctx.now + (timedelta(seconds=session.expires_in_seconds)
                                if session.expires_in_seconds else DEFAULT_CHECKOUT_TTL)
        order.expires_at = expires_at
        offer = {"list_price": course.price_amount, "price_reason": reason} if reason else {}
        return Outcome(enrollment=enrollment, hold_until=expires_at, checkout={
            "order_id": order.id, "provider": provider_name, "amount": order.amount,
            "currency": order.currency, "expires_at": expires_at.isoformat(), **offer,
            **session.frontend,
        })


def price_for(ctx: EnrollmentContext, price: int, currency: str) -> tuple[int, str | None]:
    """The price to charge: the course's, or the lowest plugin offer below it."""
    offers = [o for o in cast("Tuition", ctx.tuition).hooks(ctx.tenant).price_offers(ctx)
              if o.currency == currency and 0 <= o.amount < price]
    if not offers:
        return price, None
    best = min(offers, key=lambda o: o.amount)
    return best.amount, best.reason or "offer"


@hookimpl
def tuition_pricing_models() -> list[PricingModel]:
    return [OneTimePricing()]
