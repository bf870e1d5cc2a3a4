"""The ``free`` pricing model: checks pass → seat → active enrollment, in one transaction."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from tuition.plugin_api import EnrollmentContext, Outcome, PluginInfo, PricingModel, hookimpl

TUITION_PLUGIN = PluginInfo(
    title="Free enrollment",
    category="pricing",
    description="Courses anyone signed in can join at no cost.",
    requires_core=">=0.1,<0.2",
)


class FreeSettings(Schema):
    """Per-tenant settings of the free pricing model."""

    source_label = fields.String(
        load_default="free",
        validate=validate.Length(min=1, max=64),
        metadata={"description": "Recorded as the enrollment's source."},
    )


class FreePricing(PricingModel):
    """Enroll at once: the enrollment is active (core counts its seat)."""

    name = "free"
    requires_price = False

    def enroll(self, ctx: EnrollmentContext) -> Outcome:
        source = ctx.plugin_settings("free_enrollment").get("source_label", "free")
        return Outcome(enrollment=ctx.add_enrollment(status="active", source=source))


@hookimpl
def tuition_pricing_models() -> list[PricingModel]:
    return [FreePricing()]


@hookimpl
def tuition_plugin_settings() -> type[Schema]:
    return FreeSettings
