"""Schema helpers for plugins' API views: response bodies, pages, slugs, times, prices."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from marshmallow import Schema, fields, validate

#: A slug: lowercase letters, digits and inner dashes, at most 64 characters.
SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"
Slug = validate.Regexp(SLUG_PATTERN, error="Use lowercase letters, digits and dashes.")
MAX_PAGE_SIZE = 100


def slug_field(**kwargs: Any) -> fields.String:
    return fields.String(validate=[validate.Length(max=64), Slug], **kwargs)


class UTCDateTime(fields.AwareDateTime):
    """An aware ISO 8601 datetime (naive means UTC), converted to UTC.

    Refuses instants that only exist in their own offset (``0001-01-01T00:00:00+01:00``),
    which the database layer could not store in UTC.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(default_timezone=UTC, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        result = super()._deserialize(value, attr, data, **kwargs)
        try:
            return result.astimezone(UTC)
        except OverflowError as exc:
            raise self.make_error("invalid", input=value, obj_type=self.OBJ_TYPE) from exc


class Out(Schema):
    """A response body: every field is always in it (``null`` where it allows none), so the
    OpenAPI document lists them all as ``required`` and generated clients type them as
    present. Plugins' response schemas subclass it too."""


class PageQuery(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=MAX_PAGE_SIZE))


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """A paginated envelope schema ``{items, page, page_size, total}`` of ``item``."""
    return Out.from_dict(
        {
            "items": fields.List(fields.Nested(item)),
            "page": fields.Integer(),
            "page_size": fields.Integer(),
            "total": fields.Integer(),
        },
        name=name,
    )


class Price(Schema):
    amount = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(min=0, max=100_000_000),
        metadata={"description": "Integer minor units, e.g. cents."},
    )
    currency = fields.String(
        required=True,
        validate=validate.Regexp(r"^[A-Z]{3}$", error="Use an ISO 4217 code such as EUR."),
    )
