"""Helpers for plugins that sell on a schedule of charges (payment plans, memberships):
the dunning settings a site owner controls and the sellability check of such a pricing
model."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

if TYPE_CHECKING:
    from tuition.plugin_api.host import Host
    from tuition.plugin_api.records import CourseRecord, TenantRecord

#: The defaults of :class:`DunningSettings`.
GRACE_DAYS, FINAL_DEADLINE_DAYS = 3, 21


class DunningSettings(Schema):
    """What a failed charge of a schedule does, per tenant: access kept for
    ``grace_days``, then paused until paid, then ended after ``final_deadline_days``
    (counted from the failure). A plugin's settings schema subclasses it (and may add
    fields)."""

    grace_days = fields.Integer(
        load_default=GRACE_DAYS,
        validate=validate.Range(min=0, max=90),
        metadata={
            "description": "Days after a failed charge during which the student keeps "
            "access (the provider retries, the student may update the payment method); "
            "then access is paused until it is paid."
        },
    )
    final_deadline_days = fields.Integer(
        load_default=FINAL_DEADLINE_DAYS,
        validate=validate.Range(min=0, max=365),
        metadata={
            "description": "Days after a failed charge after which, still unpaid, the "
            "access ends and nothing more is charged."
        },
    )

    @validates_schema
    def _deadline_after_grace(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("final_deadline_days", FINAL_DEADLINE_DAYS) < data.get(
            "grace_days", GRACE_DAYS
        ):
            raise ValidationError(
                "The final deadline cannot come before the grace days end.",
                "final_deadline_days",
            )


def grace_period(settings: Mapping[str, Any]) -> timedelta:
    """The grace of :class:`DunningSettings` ``settings`` (the plugin's tenant settings)."""
    return timedelta(days=int(settings.get("grace_days", GRACE_DAYS)))


def final_deadline(settings: Mapping[str, Any]) -> timedelta:
    """The final deadline of :class:`DunningSettings` ``settings``."""
    return timedelta(days=int(settings.get("final_deadline_days", FINAL_DEADLINE_DAYS)))


def why_not_recurring(
    tuition: Host,
    tenant: TenantRecord,
    course: CourseRecord,
    enabled: frozenset[str],
    *,
    charges: str,
    missing: str | None = None,
    trials: bool = False,
) -> str | None:
    """For ``PricingModel.why_not_sellable`` of a model selling ``course`` on a schedule:
    why it cannot be sold (no price; ``missing``, the plugin's own reason such as an
    absent plan; no provider enabled in ``enabled`` that charges on a schedule in its
    currency, worded "… cannot charge ``charges`` in EUR"; with ``trials``, none that
    also starts it with a free trial), or None. No I/O."""
    if course.price_amount is None or course.price_currency is None:
        return "it has no price"
    if missing is not None:
        return missing
    if (
        tuition.services.choose_payment_provider(
            tenant, course.price_currency, recurring=True, enabled=enabled, trials=trials
        )
        is not None
    ):
        return None
    which = (
        f"payment provider {tenant.payment_provider!r}"
        if tenant.payment_provider
        else "no enabled payment provider"
    )
    lacks = "the recurring and trials capabilities" if trials else "the recurring capability"
    return f"{which} cannot charge {charges} in {course.price_currency} (it lacks {lacks})"
