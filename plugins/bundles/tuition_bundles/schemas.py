"""marshmallow schemas of the bundles admin API and course attributes (snake_case JSON)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from tuition.plugin_api import Out, PageQuery, Price, page_of, slug_field

MAX_MEMBERS = 50


def _members(**kwargs: object) -> fields.List:
    return fields.List(
        slug_field(),
        validate=validate.Length(min=2, max=MAX_MEMBERS),
        metadata={"description": "Slugs of the bundle's courses (2 to 50, each once)."},
        **kwargs,  # type: ignore[arg-type]
    )


class BundlesAttributes(Schema):
    """``attributes.bundles`` of a course: the courses it bundles (it is then a bundle)."""

    courses = _members()


class BundleWrite(Schema):
    """A bundle's member courses; the bundle itself is a course with its own price."""

    courses = _members(required=True)


class MemberOut(Out):
    slug = fields.String()
    title = fields.String()
    status = fields.String()
    price = fields.Nested(Price, allow_none=True)


class BundleOut(Out):
    course = fields.String(metadata={"description": "The bundle's own course slug."})
    title = fields.String()
    status = fields.String()
    pricing_model = fields.String()
    price = fields.Nested(Price, allow_none=True)
    courses = fields.List(fields.Nested(MemberOut))
    list_total = fields.List(
        fields.Nested(Price),
        metadata={"description": "What the member courses cost one by one, per currency."},
    )


BundlePage = page_of(BundleOut, "BundlePage")


class BundleQuery(PageQuery):
    pass
