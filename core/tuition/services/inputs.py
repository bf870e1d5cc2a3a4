"""Input schemas shared by the admin API and tenant files: a site and a course as written
by their owner."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from tuition.plugin_api import STAFF_ROLES, outbound
from tuition.plugin_api.schemas import Price, UTCDateTime, slug_field


class PluginConfig(Schema):
    enabled = fields.Boolean(load_default=True)
    settings = fields.Dict(keys=fields.String(), load_default=dict)


def _outbound_url(value: str) -> None:
    problems = outbound.url_problems(value)
    if problems:
        raise ValidationError(problems)


class ConsoleSignIn(Schema):
    """Where the staff console sends staff to sign in with the identity provider: the OAuth
    2.0 authorization code flow with PKCE (S256), the console being a public client (no
    secret). The provider's ID token then goes to Tuition, verified as any of its tokens."""

    authorization_endpoint = fields.Url(
        required=True,
        schemes={"http", "https"},
        require_tld=False,
        metadata={"example": "https://auth.example.com/oauth2/authorize"},
    )
    token_endpoint = fields.Url(
        required=True,
        schemes={"http", "https"},
        require_tld=False,
        metadata={
            "description": "Called by the browser: the provider must allow the console's "
            "origin (CORS), as Amazon Cognito, Auth0 and Okta do for public clients.",
            "example": "https://auth.example.com/oauth2/token",
        },
    )
    client_id = fields.String(
        required=True,
        validate=validate.Length(min=1, max=256),
        metadata={
            "description": "The console's app client at the provider (public, PKCE); its ID "
            "tokens' ``aud``, so usually the same as ``audience``. Register the console's "
            "``<console URL>/auth/callback`` as its redirect URI."
        },
    )
    scope = fields.String(
        load_default="openid email profile", validate=validate.Length(min=1, max=500)
    )


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
    token_use = fields.String(
        load_default="id",
        validate=validate.OneOf(["id", "access", "any"]),
        metadata={
            "description": "Which of the provider's tokens are accepted: ``id`` (ID tokens, "
            "checked against ``audience``; the default), ``access`` (access tokens, "
            "``token_use: access`` with a ``client_id`` in ``client_ids``, as Amazon Cognito "
            "issues them) or ``any`` (both; told apart by their ``token_use`` claim)."
        },
    )
    client_ids = fields.List(
        fields.String(validate=validate.Length(min=1, max=128)),
        validate=validate.Length(min=1, max=20),
        metadata={
            "description": "App client ids whose access tokens are accepted (``client_id`` "
            "claim); without it, only ``audience``. Only with ``token_use`` access or any."
        },
    )
    staff_groups = fields.Dict(
        keys=fields.String(validate=validate.Length(min=1, max=256)),
        values=fields.String(validate=validate.OneOf(STAFF_ROLES)),
        validate=validate.Length(max=50),
        metadata={
            "description": "Groups of the provider whose members run the site through the "
            "admin API, each with a staff role (``support``, ``manager`` or ``owner``), "
            'e.g. ``{"site-admins": "owner"}``: a token of the provider whose '
            "``groups_claim`` names a listed group is accepted on ``/v1/admin/…`` (sent "
            "with ``X-Tenant-Key``) with the most privileged role of its groups. Without "
            "it, no token of the provider is a staff credential."
        },
    )
    groups_claim = fields.String(
        validate=validate.Length(min=1, max=100),
        metadata={
            "description": "The claim listing the user's groups (default ``cognito:groups``, "
            "as Amazon Cognito puts them in ID and access tokens)."
        },
    )
    console = fields.Nested(
        ConsoleSignIn,
        metadata={
            "description": "Lets the staff console sign staff in with the provider (accepting "
            "an invitation, then each sign-in). Without it, the console offers passwords only."
        },
    )

    @validates_schema
    def _client_ids_need_access_tokens(self, data: dict[str, Any], **kwargs: Any) -> None:
        if "client_ids" in data and data.get("token_use", "id") == "id":
            raise ValidationError(
                "client_ids applies to access tokens only; set token_use to access or any.",
                field_name="client_ids",
            )


class Retention(Schema):
    unconverted_signups_months = fields.Integer(
        allow_none=True,
        load_default=None,
        strict=True,
        validate=validate.Range(min=1, max=120),
        metadata={
            "description": "Erase students who signed up and never enrolled this many months "
            "after their signup (by the sweep); null keeps them."
        },
    )


class TenantCreate(Schema):
    slug = slug_field(required=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    plugins = fields.Dict(
        keys=fields.String(), values=fields.Nested(PluginConfig), load_default=dict
    )
    identity_provider = fields.Nested(IdentityProvider, allow_none=True, load_default=None)
    retention = fields.Nested(
        Retention,
        allow_none=True,
        load_default=None,
        metadata={"description": "How long personal data is kept (docs/privacy.md)."},
    )


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
    unlisted = fields.Boolean(
        metadata={
            "description": "Leave the course out of the catalogue list and the dashboard's "
            "suggestions; it stays reachable by its slug (default false)."
        }
    )
    prerequisites = fields.List(slug_field(), validate=validate.Length(max=50))
    next_courses = fields.List(slug_field(), validate=validate.Length(max=50))
    attributes = fields.Dict(keys=fields.String(), values=fields.Dict())
