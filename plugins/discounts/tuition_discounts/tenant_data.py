"""Discount and access codes declared in a tenant file::

    [[plugin_data.discounts.codes]]
    code = "LAUNCH"
    description = "Launch week"
    percent_off = 20
    courses = ["masterclass"]
    valid_until = 2027-01-01T00:00:00Z
    max_redemptions = 100

Each entry takes the fields of ``POST /v1/admin/discounts/codes``. Codes are matched by
their text (case-insensitive); a declared code is created, or updated to what the file
says (a field left out takes its default: no limit, every course, active, one use per
student), so a second sync changes nothing. Codes the file does not name are left alone
(made in the admin API, or generated); nothing is deleted.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from marshmallow import Schema, ValidationError, fields
from sqlalchemy import select
from sqlalchemy.orm import Session

from tuition.plugin_api import TenantRecord, ValidationFailed

from .admin import check
from .codes import shape
from .models import DiscountCode
from .schemas import CodeWrite

WHERE = "plugin_data.discounts"
#: What a field the file leaves out means (the columns' defaults).
DEFAULTS: dict[str, Any] = {
    "description": "",
    "percent_off": None,
    "amounts_off": None,
    "courses": None,
    "valid_from": None,
    "valid_until": None,
    "max_redemptions": None,
    "per_student_limit": 1,
    "min_price": None,
    "active": True,
}


class DiscountsData(Schema):
    codes = fields.List(fields.Nested(CodeWrite), load_default=list)


def _iso(value: Any) -> Any:
    """TOML's dates and times as the ISO text the API's schema reads."""
    return value.isoformat() if isinstance(value, date | datetime) else value


def _utc(value: Any) -> Any:
    """Datetimes compared as UTC instants, however the database hands them back."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value


def _load(raw: dict[str, Any]) -> list[dict[str, Any]]:
    codes = raw.get("codes")
    if isinstance(codes, list):
        raw = {
            **raw,
            "codes": [
                {k: _iso(v) for k, v in item.items()} if isinstance(item, dict) else item
                for item in codes
            ],
        }
    try:
        loaded: list[dict[str, Any]] = DiscountsData().load(raw)["codes"]
    except ValidationError as exc:
        raise ValidationFailed(_flat(exc.messages, WHERE)) from None
    seen: set[str] = set()
    for index, item in enumerate(loaded):
        text = shape(item)["code"]
        if text in seen:
            raise ValidationFailed({f"{WHERE}.codes.{index}.code": [f"{text} is declared twice."]})
        seen.add(text)
    return loaded


def _flat(messages: Any, prefix: str) -> dict[str, list[str]]:
    if isinstance(messages, dict):
        found: dict[str, list[str]] = {}
        for key, value in messages.items():
            found.update(_flat(value, f"{prefix}.{key}"))
        return found
    return {prefix: [str(m) for m in messages] if isinstance(messages, list) else [str(messages)]}


def apply(session: Session, tenant: TenantRecord, raw: dict[str, Any]) -> list[str]:
    """Upsert the declared codes through ``session`` (never committed here); what changed."""
    declared = _load(raw)
    existing = {c.code: c for c in session.scalars(select(DiscountCode))}
    changes: list[str] = []
    for index, item in enumerate(declared):
        values = {**DEFAULTS, **shape(item)}
        text = values.pop("code")
        code = existing.get(text)
        where = f"{WHERE}.codes.{index}"
        if code is None:
            code = DiscountCode(tenant_id=tenant.id, code=text, redeemed=0, **values)
            _checked(code, where)
            session.add(code)
            changes.append(f"code {text} created")
            continue
        changed = {k: v for k, v in values.items() if _utc(getattr(code, k)) != _utc(v)}
        if not changed:
            continue
        limit = changed.get("max_redemptions", code.max_redemptions)
        if limit is not None and limit < code.redeemed:
            raise ValidationFailed(
                {f"{where}.max_redemptions": [f"Below the {code.redeemed} redemptions taken."]}
            )
        for key, value in changed.items():
            setattr(code, key, value)
        _checked(code, where)
        changes.append(f"code {text} updated")
    session.flush()
    return changes


def _checked(code: DiscountCode, where: str) -> None:
    try:
        check(code)
    except ValidationFailed as exc:
        raise ValidationFailed(
            {f"{where}.{field}": list(problems) for field, problems in exc.extra["errors"].items()}
        ) from None
