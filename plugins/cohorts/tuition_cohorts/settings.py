"""Per-tenant settings of the cohorts plugin."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from marshmallow import Schema, fields, validate

PLUGIN = "cohorts"
DEFAULT_OFFER_MINUTES = 24 * 60


class CohortSettings(Schema):
    """``hold_minutes`` caps how long a seat is held during checkout (default: as long as
    the provider's checkout lives); ``offer_minutes`` is how long a waitlist offer lasts;
    ``waitlist`` turns the waitlist off when false."""

    hold_minutes = fields.Integer(
        allow_none=True, strict=True, validate=validate.Range(min=1, max=7 * 24 * 60)
    )
    offer_minutes = fields.Integer(strict=True, validate=validate.Range(min=1, max=14 * 24 * 60))
    waitlist = fields.Boolean()


def hold_minutes(settings: Mapping[str, Any]) -> timedelta | None:
    value = settings.get("hold_minutes")
    return timedelta(minutes=int(value)) if value else None


def offer_window(settings: Mapping[str, Any]) -> timedelta:
    return timedelta(minutes=int(settings.get("offer_minutes") or DEFAULT_OFFER_MINUTES))


def waitlist_enabled(settings: Mapping[str, Any]) -> bool:
    return bool(settings.get("waitlist", True))
