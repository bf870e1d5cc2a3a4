"""Request and response schemas of the invoices API."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from tuition.plugin_api import Out, PageQuery, UTCDateTime, page_of

from .models import KINDS


class InvoiceOut(Out):
    id = fields.String()
    kind = fields.String(validate=validate.OneOf(KINDS))
    number = fields.String()
    order_id = fields.String()
    student_id = fields.String(allow_none=True)
    credits_id = fields.String(
        allow_none=True, metadata={"description": "A credit note's invoice."}
    )
    credits_number = fields.String(allow_none=True)
    issued_at = UTCDateTime()
    currency = fields.String()
    net = fields.Integer(metadata={"description": "Minor units; negative on credit notes."})
    tax = fields.Integer()
    gross = fields.Integer()
    language = fields.String()
    seller = fields.Dict()
    buyer = fields.Dict()
    lines = fields.List(fields.Dict())
    breakdown = fields.List(fields.Dict())
    notes = fields.List(fields.String())


InvoicePage = page_of(InvoiceOut, "InvoicePage")


class Period(PageQuery):
    from_ = fields.Date(data_key="from", metadata={"description": "First day, inclusive."})
    to = fields.Date(metadata={"description": "Last day, inclusive."})
    kind = fields.String(validate=validate.OneOf(KINDS))

    @validates_schema
    def _ordered(self, data: dict[str, Any], **_: Any) -> None:
        if "from_" in data and "to" in data and data["from_"] > data["to"]:
            raise ValidationError("must not be before 'from'", "to")


class ExportQuery(Schema):
    from_ = fields.Date(
        data_key="from", required=True, metadata={"description": "First day, inclusive."}
    )
    to = fields.Date(required=True, metadata={"description": "Last day, inclusive."})
    format = fields.String(load_default="csv", validate=validate.OneOf(("csv", "zip")))

    @validates_schema
    def _ordered(self, data: dict[str, Any], **_: Any) -> None:
        if data["from_"] > data["to"]:
            raise ValidationError("must not be before 'from'", "to")
        if (data["to"] - data["from_"]).days > 400:
            raise ValidationError("export at most 400 days at once", "to")
