"""The plugin's per-tenant settings: the seller as printed, the series and the template."""

from __future__ import annotations

import base64
import binascii

from marshmallow import Schema, ValidationError, fields, validate

#: The languages the documents have labels for (``rendering.LABELS``).
LANGUAGES = ("en", "de", "fr")


def _logo(value: str) -> None:
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValidationError("must be base64 (a PNG or JPEG image)") from exc
    if not (raw.startswith(b"\x89PNG") or raw.startswith(b"\xff\xd8")):
        raise ValidationError("must be a PNG or JPEG image")


class InvoicesSettings(Schema):
    seller_name = fields.String(load_default="", validate=validate.Length(max=200))
    #: Printed line by line under the seller's name.
    seller_address = fields.List(
        fields.String(validate=validate.Length(max=200)),
        load_default=list,
        validate=validate.Length(max=8),
    )
    seller_vat_id = fields.String(load_default=None, allow_none=True)
    seller_email = fields.String(load_default=None, allow_none=True)
    #: Base64 PNG or JPEG printed at the top right (kept in the settings: no download).
    logo_base64 = fields.String(
        load_default=None, allow_none=True, validate=[validate.Length(max=400_000), _logo]
    )
    #: ``{year}`` is the year of issue: the series (and its numbers) start anew every year.
    invoice_prefix = fields.String(
        load_default="INV-{year}-", validate=validate.Length(min=1, max=40)
    )
    credit_note_prefix = fields.String(
        load_default="CN-{year}-", validate=validate.Length(min=1, max=40)
    )
    number_digits = fields.Integer(load_default=5, validate=validate.Range(min=1, max=12))
    #: Language of the documents when the buyer's ``locale`` has no labels (``en``,
    #: ``de`` or ``fr``).
    language = fields.String(load_default="en", validate=validate.OneOf(LANGUAGES))
    footer = fields.String(load_default="", validate=validate.Length(max=1000))
    #: Notes printed on every document (e.g. "Small business, no VAT charged (§ 19 UStG)").
    legal_notes = fields.List(
        fields.String(validate=validate.Length(max=500)),
        load_default=list,
        validate=validate.Length(max=10),
    )
