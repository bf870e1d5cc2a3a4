"""The plugin's name, its per-tenant settings and a membership plan (course attributes)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from tuition.plugin_api import SLUG_PATTERN, DunningSettings

PLUGIN = "memberships"
MODEL = "subscription"
INTERVALS = ("month", "year")


class MembershipsSettings(DunningSettings):
    """What an unpaid renewal does, per tenant: grace days with access kept (past_due),
    then access paused until a renewal is paid, then the subscription is canceled and the
    enrollments it granted end after the final deadline."""


class CoveredCourses(fields.Field):
    """``"all"`` (every course sold once, ``one_time``) or a list of course slugs."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        if value == "all":
            return "all"
        slugs = fields.List(fields.String(validate=validate.Regexp(SLUG_PATTERN)))
        if not isinstance(value, list) or not value:
            raise ValidationError('Give "all" or a non-empty list of course slugs.')
        return sorted({str(slug) for slug in slugs.deserialize(value)})


class MembershipsAttributes(Schema):
    """A membership plan (``attributes.memberships`` of a ``subscription`` course): its
    price is charged every ``interval_count`` ``interval``\\s until canceled, and it grants
    ``courses`` while in good standing."""

    interval = fields.String(load_default="month", validate=validate.OneOf(INTERVALS))
    interval_count = fields.Integer(load_default=1, validate=validate.Range(min=1, max=12))
    setup_fee = fields.Integer(
        load_default=0,
        validate=validate.Range(min=0, max=100_000_000),
        metadata={
            "description": "Charged once on top of the first period (minor units of the "
            "plan's currency)."
        },
    )
    trial_days = fields.Integer(
        load_default=0,
        validate=validate.Range(min=0, max=365),
        metadata={
            "description": "A free trial: the checkout saves the payment method and takes "
            "nothing, the first period is charged this many days later (access from the "
            "start). Needs a provider that starts trials; not with a setup fee."
        },
    )
    courses = CoveredCourses(
        required=True,
        metadata={
            "description": '"all" (every course sold once) or the slugs of the courses '
            "the membership includes."
        },
    )

    @validates_schema
    def _trial_without_fee(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("trial_days") and data.get("setup_fee"):
            raise ValidationError("A plan has a trial or a setup fee, not both.", "trial_days")
