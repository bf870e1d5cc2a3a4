"""The plugin's name, its per-tenant settings and a course's plan (its attributes)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from marshmallow import Schema, fields, validate

from tuition.plugin_api import DunningSettings

PLUGIN = "installments"
MODEL = "installments"
INTERVALS = ("day", "week", "month", "year")


class InstallmentsSettings(DunningSettings):
    """What an unpaid installment does, per tenant: grace days, then access paused (enroll
    state payment_overdue) until it is paid, then the enrollment ends and the rest of the
    plan is canceled after the final deadline."""

    reminder_days = fields.Integer(
        load_default=3,
        validate=validate.Range(min=0, max=30),
        metadata={
            "description": "Days before each installment after the first is charged that "
            "the event payment_plan.installment_upcoming is emitted (a reminder mail with "
            "email_notifications), once per installment; 0: no reminders."
        },
    )


def reminder(settings: Any) -> timedelta:
    return timedelta(days=int(settings.get("reminder_days", 3)))


class InstallmentsAttributes(Schema):
    """A course's payment plan (``attributes.installments``): ``count`` payments of
    ``amount`` (minor units of the course's currency) every ``interval_count``
    ``interval``\\s, beside the one-time price unless ``pay_in_full`` is false."""

    count = fields.Integer(required=True, validate=validate.Range(min=2, max=120))
    amount = fields.Integer(required=True, validate=validate.Range(min=1, max=100_000_000))
    interval = fields.String(load_default="month", validate=validate.OneOf(INTERVALS))
    interval_count = fields.Integer(load_default=1, validate=validate.Range(min=1, max=12))
    pay_in_full = fields.Boolean(
        load_default=True,
        metadata={"description": "Whether the one-time price is offered beside the plan."},
    )
