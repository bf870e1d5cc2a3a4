"""marshmallow schemas of the discounts admin API and course attributes (snake_case JSON)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from tuition.plugin_api import Out, PageQuery, UTCDateTime, page_of, slug_field

CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$"
CURRENCY = validate.Regexp(r"^[A-Z]{3}$", error="Use an ISO 4217 code such as EUR.")
MAX_AMOUNT = 100_000_000


def _by_currency(description: str, minimum: int) -> fields.Dict:
    return fields.Dict(
        keys=fields.String(validate=CURRENCY),
        values=fields.Integer(strict=True, validate=validate.Range(min=minimum, max=MAX_AMOUNT)),
        allow_none=True,
        validate=validate.Length(min=1, max=50),
        metadata={"description": description, "example": {"EUR": 1000}},
    )


class CodeTemplate(Schema):
    """What a code does; every field optional (a change, or a batch's template)."""

    description = fields.String(
        validate=validate.Length(max=500),
        metadata={"description": "Shown to the student as the reason of the lower price."},
    )
    percent_off = fields.Integer(
        strict=True,
        allow_none=True,
        validate=validate.Range(min=0, max=100),
        metadata={"description": "Percent off (0: an access code that only unlocks a course)."},
    )
    amounts_off = _by_currency("Fixed amount off per currency, minor units.", 1)
    courses = fields.List(
        slug_field(),
        allow_none=True,
        validate=validate.Length(min=1, max=200),
        metadata={"description": "Slugs of the courses it applies to; null: every course."},
    )
    valid_from = UTCDateTime(allow_none=True)
    valid_until = UTCDateTime(allow_none=True, metadata={"description": "Exclusive."})
    max_redemptions = fields.Integer(
        strict=True,
        allow_none=True,
        validate=validate.Range(min=0, max=10_000_000),
        metadata={"description": "Total redemptions allowed; null: no limit."},
    )
    per_student_limit = fields.Integer(
        strict=True,
        allow_none=True,
        validate=validate.Range(min=1, max=10_000),
        metadata={"description": "Uses per student (default 1); null: no limit."},
    )
    min_price = _by_currency("Minimum list price per currency for the code to apply.", 0)
    active = fields.Boolean()

    @validates_schema
    def _dates_in_order(self, data: dict[str, Any], **_kwargs: Any) -> None:
        starts, ends = data.get("valid_from"), data.get("valid_until")
        if starts is not None and ends is not None and ends <= starts:
            raise ValidationError("Must be after valid_from.", "valid_until")


class CodeWrite(CodeTemplate):
    code = fields.String(
        required=True,
        validate=validate.Regexp(CODE_PATTERN, error="3-64 letters, digits, '-' or '_'."),
        metadata={"description": "Case-insensitive; stored in upper case.", "example": "LAUNCH"},
    )


class GenerateIn(CodeTemplate):
    count = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=1000))
    prefix = fields.String(
        load_default="",
        validate=validate.Regexp(r"^[A-Za-z0-9_-]{0,24}$", error="Letters, digits, '-' or '_'."),
    )
    length = fields.Integer(
        load_default=8,
        strict=True,
        validate=validate.Range(min=6, max=32),
        metadata={"description": "Random characters after the prefix."},
    )


class CodeQuery(PageQuery):
    search = fields.String(
        validate=validate.Length(min=1, max=64),
        metadata={"description": "Codes containing this text (case-insensitive)."},
    )


class TotalsOut(Out):
    redemptions = fields.Integer(metadata={"description": "Live: held or used."})
    used = fields.Integer(metadata={"description": "Of enrollments that are (or were) active."})
    revenue = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata={"description": "What the used redemptions' orders charged, per currency."},
    )
    discount_given = fields.Dict(keys=fields.String(), values=fields.Integer())


class CodeOut(Out):
    id = fields.String()
    code = fields.String()
    description = fields.String()
    percent_off = fields.Integer(allow_none=True)
    amounts_off = fields.Dict(keys=fields.String(), values=fields.Integer(), allow_none=True)
    courses = fields.List(fields.String(), allow_none=True)
    valid_from = fields.DateTime(allow_none=True)
    valid_until = fields.DateTime(allow_none=True)
    max_redemptions = fields.Integer(allow_none=True)
    per_student_limit = fields.Integer(allow_none=True)
    min_price = fields.Dict(keys=fields.String(), values=fields.Integer(), allow_none=True)
    active = fields.Boolean()
    redeemed = fields.Integer(metadata={"description": "Live redemptions counted."})
    totals = fields.Nested(TotalsOut)
    created_at = fields.DateTime()


class CodeList(Out):
    items = fields.List(fields.Nested(CodeOut))


class RedemptionOut(Out):
    id = fields.String()
    code = fields.String()
    student_id = fields.String()
    enrollment_id = fields.String()
    course = fields.String(metadata={"description": "The course's slug."})
    order_id = fields.String(allow_none=True)
    status = fields.String(metadata={"enum": ["held", "used", "released"]})
    currency = fields.String(allow_none=True)
    list_amount = fields.Integer()
    discount_amount = fields.Integer()
    amount = fields.Integer()
    created_at = fields.DateTime()
    released_at = fields.DateTime(allow_none=True)


CodePage = page_of(CodeOut, "DiscountCodePage")
RedemptionPage = page_of(RedemptionOut, "DiscountRedemptionPage")


class DiscountsAttributes(Schema):
    """``attributes.discounts`` of a course."""

    code_required = fields.Boolean(
        metadata={
            "description": "Enroll only with an access code naming this course "
            "(enroll state code_required)."
        }
    )


def code_field() -> fields.String:
    """The ``code`` field of ``POST /v1/enrollments``."""
    return fields.String(
        validate=validate.Length(min=1, max=64),
        metadata={"description": "A discount or access code (case-insensitive)."},
    )
