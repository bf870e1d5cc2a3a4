"""marshmallow schemas of the seats plugin: its settings, its enrollment field and its API
(snake_case JSON)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from tuition.plugin_api import Out, PageQuery, UTCDateTime, page_of

#: The most seats one order may buy (the ``max_seats`` setting's own ceiling).
SEATS_CEILING = 10_000


class SeatsSettings(Schema):
    """``max_seats``: the most seats one order may buy (default 100). ``redeem_url``: the
    storefront page that redeems a seat link, with ``{code}`` where the link's code goes
    (``https://shop.example/redeem?code={code}``); without it the buyer gets the link's
    code only."""

    max_seats = fields.Integer(strict=True, validate=validate.Range(min=2, max=SEATS_CEILING))
    redeem_url = fields.String(
        validate=[
            validate.URL(schemes={"https", "http"}, require_tld=False),
            validate.Length(max=500),
        ]
    )


def seats_field() -> fields.Integer:
    """The ``seats`` field of ``POST /v1/enrollments``."""
    return fields.Integer(
        strict=True,
        validate=validate.Range(min=2, max=SEATS_CEILING),
        metadata={
            "description": "Buy this many seats of the course in one order (team seats, "
            "seats plugin): the order charges seats times the price; the buyer's own enrollment "
            "is the first seat and the others are redeemed with seat codes or the link "
            "(GET /v1/me/seat-purchases)."
        },
    )


class SeatRedeemIn(Schema):
    code = fields.String(
        required=True,
        validate=validate.Length(min=1, max=64),
        metadata={"description": "A seat code (SEAT-…) or a purchase's link code (TEAM-…)."},
    )


class SeatRedemptionOut(Out):
    code_id = fields.String()
    purchase_id = fields.String()
    course = fields.String()
    enrollment_id = fields.String()
    enrollment_status = fields.String()


class SeatCodeOut(Out):
    id = fields.String()
    code = fields.String()
    status = fields.String(metadata={"enum": ["unused", "redeemed", "revoked", "void"]})
    student_id = fields.String(allow_none=True)
    student_email = fields.String(allow_none=True)
    student_name = fields.String(allow_none=True)
    enrollment_id = fields.String(allow_none=True)
    redeemed_with = fields.String(allow_none=True, metadata={"enum": ["code", "link", None]})
    redeemed_at = UTCDateTime(allow_none=True)
    revoked_at = UTCDateTime(allow_none=True)
    replaced_by = fields.String(allow_none=True)


class SeatPurchaseOut(Out):
    id = fields.String()
    course = fields.String()
    buyer_id = fields.String()
    order_id = fields.String(allow_none=True)
    status = fields.String(metadata={"enum": ["pending", "active", "canceled", "refunded"]})
    seats = fields.Integer(metadata={"description": "Seats bought, the buyer's own included."})
    redeemed = fields.Integer(metadata={"description": "Seats redeemed with a code or the link."})
    remaining = fields.Integer(metadata={"description": "Seats still to redeem (0 unless active)."})
    link_code = fields.String(allow_none=True)
    link = fields.String(
        allow_none=True, metadata={"description": "The redemption link (the redeem_url setting)."}
    )
    created_at = UTCDateTime()
    activated_at = UTCDateTime(allow_none=True)
    ended_at = UTCDateTime(allow_none=True)


class SeatPurchaseDetailOut(SeatPurchaseOut):
    codes = fields.List(fields.Nested(SeatCodeOut))


class SeatPurchaseQuery(PageQuery):
    course = fields.String(validate=validate.Length(max=64))
    status = fields.String(validate=validate.OneOf(["pending", "active", "canceled", "refunded"]))


class SeatRedemptionListOut(SeatCodeOut):
    purchase_id = fields.String()
    course = fields.String()


PurchasePage = page_of(SeatPurchaseOut, "SeatPurchasePage")
RedemptionPage = page_of(SeatRedemptionListOut, "SeatRedemptionPage")
