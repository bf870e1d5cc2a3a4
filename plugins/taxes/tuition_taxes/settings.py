"""The taxes plugin's per-tenant settings and course attributes (marshmallow)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from tuition.plugin_api import outbound

from .billing import COUNTRIES
from .rules import DEFAULT_REVERSE_CHARGE_NOTE, TAX_CLASSES
from .vies import DEFAULT_CACHE_HOURS, DEFAULT_TIMEOUT_SECONDS, DEFAULT_URL

COUNTRY = validate.OneOf(sorted(COUNTRIES), error="Use an ISO 3166-1 alpha-2 code such as DE.")


def _outbound_url(value: str) -> None:
    """An https URL on a public host (http or a private one only when the operator allows
    it in ``TUITION_OUTBOUND_ALLOWED_HOSTS``)."""
    problems = outbound.url_problems(value, check_dns=False)
    if problems:
        raise ValidationError(problems)


class Rate(fields.Field):
    """A tax rate in percent (0 to 100, up to 3 decimals), given as a number or a string
    and kept as a string (``"20"``, ``"5.5"``) so that no float rounding creeps in."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise ValidationError('A rate is a number of percent, e.g. 20 or "5.5".')
        try:
            rate = Decimal(str(value))
        except InvalidOperation as exc:
            raise ValidationError('A rate is a number of percent, e.g. 20 or "5.5".') from exc
        if not rate.is_finite() or not 0 <= rate <= 100 or rate.as_tuple().exponent < -3:  # type: ignore[operator]
            raise ValidationError("A rate is between 0 and 100 with at most 3 decimals.")
        return format(rate.normalize(), "f")

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return None if value is None else str(value)


def _rates() -> fields.Dict:
    return fields.Dict(
        keys=fields.String(validate=validate.OneOf(("standard", "reduced"))),
        values=Rate(),
        required=True,
        validate=validate.ContainsOnly(("standard", "reduced")),
        metadata={
            "description": "Percent per tax class: standard (required) and reduced (the "
            "standard rate when absent); exempt courses are never taxed.",
            "example": {"standard": "20", "reduced": "5.5"},
        },
    )


class DefaultRule(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    rates = _rates()

    @validates_schema
    def _standard(self, data: dict[str, Any], **_: Any) -> None:
        if "standard" not in data.get("rates", {}):
            raise ValidationError({"rates": ["Give the standard rate."]})


class Rule(DefaultRule):
    """The tax for buyers in ``country`` (and ``region``, e.g. a US state)."""

    country = fields.String(required=True, validate=COUNTRY)
    region = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Regexp(r"^[A-Z0-9]{1,3}$", error="Use a subdivision code, e.g. NY."),
    )


class TaxesSettings(Schema):
    """A tenant's tax settings (see the plugin's README)."""

    seller_country = fields.String(
        required=True,
        validate=COUNTRY,
        metadata={"description": "Where the seller is established (its own VAT country)."},
    )
    prices_include_tax = fields.Boolean(
        load_default=True,
        metadata={
            "description": "true: course prices are gross at the seller's own rate; false: "
            "net, the tax is added at checkout."
        },
    )
    keep_gross_if_rate_changes = fields.Boolean(
        load_default=False,
        metadata={
            "description": "With gross prices: keep the gross when a buyer's (non-zero) rate "
            "differs from the seller's, instead of keeping the net."
        },
    )
    rules = fields.List(
        fields.Nested(Rule),
        load_default=list,
        validate=validate.Length(max=500),
        metadata={"description": "Tax rules by buyer country (and region)."},
    )
    default_rule = fields.Nested(
        DefaultRule,
        load_default=lambda: {"name": "Not taxed", "rates": {"standard": "0"}},
        metadata={"description": "For buyers whose country has no rule (outside the EU)."},
    )
    reverse_charge_note = fields.String(
        load_default=DEFAULT_REVERSE_CHARGE_NOTE, validate=validate.Length(min=1, max=500)
    )
    require_billing_country = fields.Boolean(
        load_default=True,
        metadata={
            "description": "Refuse enrollments without billing_country (false: the seller's "
            "country is assumed)."
        },
    )

    vies_check = fields.Boolean(
        load_default=False,
        metadata={
            "description": "Also look EU VAT IDs up online in VIES (never required to sell: "
            "when VIES does not answer in time the sale goes on, recorded as unverified; an "
            "ID VIES says is not registered is refused with vat_id_invalid)."
        },
    )
    vies_url = fields.String(
        load_default=DEFAULT_URL,
        validate=[validate.Length(max=500), _outbound_url],
        metadata={"description": "VIES's REST API (POST <vies_url>/check-vat-number)."},
    )
    vies_timeout_seconds = fields.Float(
        load_default=DEFAULT_TIMEOUT_SECONDS,
        validate=validate.Range(min=0.1, max=10),
        metadata={"description": "How long a sale waits for VIES at most (seconds)."},
    )
    vies_cache_hours = fields.Integer(
        load_default=DEFAULT_CACHE_HOURS,
        validate=validate.Range(min=1, max=24 * 90),
        metadata={"description": "How long VIES's answer about an ID is reused (hours)."},
    )

    @validates_schema
    def _unique_rules(self, data: dict[str, Any], **_: Any) -> None:
        seen = set()
        for rule in data.get("rules", []):
            key = (rule["country"], rule.get("region"))
            if key in seen:
                raise ValidationError({"rules": [f"Two rules for {key[0]} {key[1] or ''}."]})
            seen.add(key)


class TaxesAttributes(Schema):
    """``attributes.taxes`` of a course."""

    tax_class = fields.String(
        load_default="standard",
        validate=validate.OneOf(TAX_CLASSES),
        metadata={"description": "standard, reduced or exempt."},
    )
