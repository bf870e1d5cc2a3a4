"""Input schemas shared by the admin API and tenant files: a site and a course as written
by their owner."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate

from tuition.plugin_api import outbound
from tuition.plugin_api.schemas import Price, UTCDateTime, slug_field


class PluginConfig(Schema):
    enabled = fields.Boolean(load_default=True)
    settings = fields.Dict(keys=fields.String(), load_default=dict)


def _outbound_url(value: str) -> None:
    problems = outbound.url_problems(value)
    if problems:
        raise ValidationError(problems)


class IdentityProvider(Schema):
    jwks_url = fields.Url(
        required=True,
        schemes={"http", "https"},
        require_tld=False,
        validate=_outbound_url,
        metadata={
            "description": "The provider's JWK set: https:// on a public host (http:// "
            "or a private address only for hosts in the operator's "
            f"{outbound.ALLOWED_HOSTS_VARIABLE}).",
            "example": "https://idp.example.com/.well-known/jwks.json",
        },
    )
    issuer = fields.String(required=True, validate=validate.Length(min=1, max=500))
    audience = fields.String(required=True, validate=validate.Length(min=1, max=500))
    signup_method = fields.String(
        load_default="identity_provider", validate=validate.Length(min=1, max=32)
    )


class TenantCreate(Schema):
    slug = slug_field(required=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    plugins = fields.Dict(
        keys=fields.String(), values=fields.Nested(PluginConfig), load_default=dict
    )
    identity_provider = fields.Nested(IdentityProvider, allow_none=True, load_default=None)


class CourseWrite(Schema):
    slug = slug_field(required=True)
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    summary = fields.String(validate=validate.Length(max=5000))
    status = fields.String(validate=validate.OneOf(["draft", "published", "archived"]))
    pricing_model = fields.String(required=True, validate=validate.Length(min=1, max=64))
    price = fields.Nested(Price, allow_none=True)
    capacity = fields.Integer(
        allow_none=True, strict=True, validate=validate.Range(min=0, max=1_000_000)
    )
    registration_deadline = UTCDateTime(allow_none=True)
    prerequisites = fields.List(slug_field(), validate=validate.Length(max=50))
    next_courses = fields.List(slug_field(), validate=validate.Length(max=50))
    attributes = fields.Dict(keys=fields.String(), values=fields.Dict())
