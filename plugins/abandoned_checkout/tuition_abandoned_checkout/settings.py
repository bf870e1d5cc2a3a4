"""Per-tenant settings of the abandoned-checkout plugin."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from marshmallow import Schema, fields, validate

DEFAULT_AFTER_MINUTES = 60
#: Orders older than this are never reminded (a sweep after a long outage sends nothing
#: stale).
DEFAULT_MAX_AGE_HOURS = 72


class AbandonedCheckoutSettings(Schema):
    """``after_minutes``: how long an order stays unpaid before the reminder;
    ``checkout_url``: the storefront page the reminder links to, with ``{course}`` and
    ``{order_id}`` placeholders (default: the provider's pay link while it is open);
    ``max_age_hours``: older orders get no reminder."""

    after_minutes = fields.Integer(strict=True, validate=validate.Range(min=1, max=7 * 24 * 60))
    max_age_hours = fields.Integer(strict=True, validate=validate.Range(min=1, max=30 * 24))
    checkout_url = fields.String(validate=validate.Length(min=1, max=500))


def after(settings: Mapping[str, Any]) -> timedelta:
    return timedelta(minutes=int(settings.get("after_minutes") or DEFAULT_AFTER_MINUTES))


def max_age(settings: Mapping[str, Any]) -> timedelta:
    return timedelta(hours=int(settings.get("max_age_hours") or DEFAULT_MAX_AGE_HOURS))
