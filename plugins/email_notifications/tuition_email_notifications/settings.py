"""Per-tenant settings of the email notifications plugin: the SMTP server, the sender,
template overrides and the retry limit.

Core stores ``schema.dump(schema.load(settings))``; defaults are applied when the settings
are used (:meth:`MailSettings.from_stored`), so a tenant that never set a value follows the
plugin's default when it changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from email.utils import parseaddr
from typing import Any
from urllib.parse import quote

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from tuition.plugin_api import normalise_locale, pick_language
from tuition.plugin_api.outbound import ALLOWED_HOSTS_VARIABLE, host_problems

from .rendering import LANGUAGES, TEMPLATE_NAMES, TemplateProblem, check_source

PLUGIN = "email_notifications"
SECURITY_MODES = ("none", "starttls", "ssl")
DEFAULT_PORTS = {"none": 25, "starttls": 587, "ssl": 465}
#: With core's retry schedule, 12 attempts span the 3 days a mail is retried at most.
DEFAULT_MAX_ATTEMPTS = 12
DEFAULT_TIMEOUT = 15


def _address(value: str) -> None:
    """An address, with or without a display name: ``Academy <hello@example.com>``."""
    addr = parseaddr(value)[1]
    local, _, domain = addr.rpartition("@")
    if not local or "." not in domain or any(c in value for c in "\r\n"):
        raise ValidationError(
            "Give an email address, optionally with a display name ('Academy <hello@example.com>')."
        )


#: Replaced with the course's slug in ``course_url``.
COURSE_PLACEHOLDER = "{course}"


def _course_page(value: str) -> None:
    """An http(s) URL once ``{course}`` is filled in."""
    validate.URL(
        schemes={"http", "https"},
        error="Give an http(s) URL, with {{course}} "
        "for the course's slug: 'https://acme.example/courses/{{course}}'.",
    )(value.replace(COURSE_PLACEHOLDER, "slug"))


#: Replaced with the link's one-time token in ``verify_url``, ``reset_url`` and
#: ``staff_invitation_url``.
TOKEN_PLACEHOLDER = "{token}"


def _token_page(value: str) -> None:
    """An http(s) URL with ``{token}`` in it."""
    if TOKEN_PLACEHOLDER not in value:
        raise ValidationError("Put {token} where the link's token goes.")
    validate.URL(
        schemes={"http", "https"},
        error="Give an http(s) URL with {{token}}: 'https://acme.example/verify?token={{token}}'.",
    )(value.replace(TOKEN_PLACEHOLDER, "token"))


def _token_page_field(page: str, route: str, mail: str) -> fields.String:
    """A setting naming the page of a one-time link: ``{token}`` becomes the token."""
    return fields.String(
        allow_none=True,
        validate=[validate.Length(max=2000), _token_page],
        metadata={
            "description": f"{page}, {{token}} becoming the one-time token it sends to "
            f"{route}: the {mail} mail's link (without it the mail shows the token)."
        },
    )


def token_page(template: str | None, token: str) -> str | None:
    """The storefront's page for a one-time link token (``verify_url``, ``reset_url``)."""
    if not template:
        return None
    return template.replace(TOKEN_PLACEHOLDER, quote(token, safe=""))


def course_page(template: str | None, slug: str) -> str | None:
    """The storefront's page of course ``slug`` from the ``course_url`` setting."""
    if not template or not slug:
        return None
    return template.replace(COURSE_PLACEHOLDER, quote(slug, safe=""))


class TemplateParts(Schema):
    """The parts of one mail in one language; parts left out fall back (see below)."""

    subject = fields.String(
        validate=validate.Length(min=1, max=500),
        metadata={"description": "Jinja2 (sandboxed), one line."},
    )
    text = fields.String(
        validate=validate.Length(min=1, max=20_000),
        metadata={"description": "Jinja2 (sandboxed): the plain-text part."},
    )
    html = fields.String(
        validate=validate.Length(min=1, max=100_000),
        metadata={
            "description": "Jinja2 (sandboxed, autoescaped): the HTML "
            "part; may extend '_layout.html'."
        },
    )

    @validates_schema
    def _compiles(self, data: Mapping[str, Any], **_: Any) -> None:
        errors: dict[str, list[str]] = {}
        for part in ("subject", "text", "html"):
            if data.get(part) is None:
                continue
            try:
                check_source(part, data[part])
            except TemplateProblem as problem:
                errors[part] = [str(problem)]
        if errors:
            raise ValidationError(errors)


def _language_tag(value: str) -> None:
    try:
        if normalise_locale(value) != value:
            raise ValidationError(f"Write it {normalise_locale(value)!r}.")
    except ValueError as exc:
        raise ValidationError("Use a BCP 47 language tag such as 'de' or 'fr-FR'.") from exc


class TemplateOverride(TemplateParts):
    """A tenant's own version of one mail; parts left out use the shipped default."""

    enabled = fields.Boolean(metadata={"description": "false: this mail is never sent."})
    translations = fields.Dict(
        keys=fields.String(validate=_language_tag),
        values=fields.Nested(TemplateParts),
        validate=validate.Length(max=30),
        metadata={
            "description": "The mail in other languages, by BCP 47 tag ('de', 'fr'): a "
            "student whose locale matches one (fr-FR takes fr) gets it; a part a "
            "translation leaves out is this override's, else the shipped default's."
        },
    )


class EmailSettings(Schema):
    """Where and how the tenant's mail is sent. ``smtp_password`` is secret: give it as
    ``env:TUITION_SECRET_…`` (or as a value, shown redacted)."""

    smtp_host = fields.String(
        validate=validate.Length(min=1, max=255),
        metadata={
            "description": "SMTP server (default: the operator's, on localhost). A public name or "
            "address; private ones only when the operator lists them in "
            f"{ALLOWED_HOSTS_VARIABLE}."
        },
    )
    smtp_port = fields.Integer(
        strict=True,
        validate=validate.Range(min=1, max=65535),
        metadata={"description": "Default: 25, 587 (starttls) or 465 (ssl)."},
    )
    smtp_security = fields.String(
        validate=validate.OneOf(SECURITY_MODES),
        metadata={"description": "none, starttls (default) or ssl."},
    )
    smtp_username = fields.String(
        allow_none=True,
        validate=validate.Length(max=255),
        metadata={"description": "Log in with this user (and the password) when set."},
    )
    smtp_password = fields.String(
        allow_none=True,
        validate=validate.Length(max=1000),
        metadata={"secret": True, "description": "env:TUITION_SECRET_… reference or the value."},
    )
    smtp_timeout = fields.Integer(
        strict=True,
        validate=validate.Range(min=1, max=120),
        metadata={"description": "Seconds per SMTP operation (default 15)."},
    )
    from_address = fields.String(
        required=True,
        validate=[validate.Length(max=320), _address],
        metadata={"description": "Sender: 'Academy <hi@example.com>'."},
    )
    reply_to = fields.String(allow_none=True, validate=[validate.Length(max=320), _address])
    preferences_url = fields.Url(
        allow_none=True,
        validate=validate.Length(max=2000),
        metadata={
            "description": "The storefront's page for mail "
            "preferences: shown in marketing "
            "mail and sent as List-Unsubscribe."
        },
    )
    course_url = fields.String(
        allow_none=True,
        validate=[validate.Length(max=2000), _course_page],
        metadata={
            "description": "The storefront's course page, "
            "{course} becoming the slug: the "
            "checkout reminder's link when the "
            "checkout has none of its own; "
            "course.url in every template."
        },
    )
    verify_url = _token_page_field(
        "The storefront's page that confirms an email",
        "POST /v1/auth/verify-email",
        "email_verification",
    )
    reset_url = _token_page_field(
        "The storefront's page that sets a new password",
        "POST /v1/auth/password-reset:confirm",
        "password_reset",
    )
    staff_invitation_url = _token_page_field(
        "The console's page that accepts a staff invitation",
        "POST /v1/staff/invitations:accept",
        "staff_invitation",
    )
    invite_url = fields.String(
        allow_none=True,
        validate=[validate.Length(max=2000), _token_page],
        metadata={
            "description": "The storefront's page where a student the site owner enrolled "
            "chooses a password, {token} becoming the one-time token it sends to POST "
            "/v1/auth/invitation:accept: the invitation mail's link (without it the mail "
            "shows the token)."
        },
    )
    language = fields.String(
        allow_none=True,
        validate=_language_tag,
        metadata={
            "description": "The site's language: the translation of a mail chosen for "
            "students who gave no locale, or one no translation matches."
        },
    )
    templates = fields.Dict(
        keys=fields.String(validate=validate.OneOf(TEMPLATE_NAMES)),
        values=fields.Nested(TemplateOverride),
        metadata={"description": "Overrides by mail name."},
    )
    max_attempts = fields.Integer(
        strict=True,
        validate=validate.Range(min=1, max=20),
        metadata={
            "description": "Give a mail up after this many "
            "failed sends (default 12; "
            "never retried past 3 days)."
        },
    )

    @validates_schema
    def _reachable_server(self, data: Mapping[str, Any], **_: Any) -> None:
        """The tenant's own server must pass core's outbound policy; the operator's default
        server is only reached on the standard ports (no probing of local services)."""
        host, port = data.get("smtp_host"), data.get("smtp_port")
        if host:
            problems = host_problems(host, port or DEFAULT_PORTS["starttls"])
            if problems:
                raise ValidationError({"smtp_host": problems})
        elif port is not None and port not in DEFAULT_PORTS.values():
            raise ValidationError(
                {
                    "smtp_port": [
                        "The operator's default server takes 25, 587 or 465; give smtp_host to use "
                        "another port."
                    ]
                }
            )


@dataclass(frozen=True)
class MailSettings:
    """A tenant's settings with the defaults applied (the password still unresolved)."""

    from_address: str
    host: str = "localhost"
    port: int = 25
    security: str = "starttls"
    username: str | None = None
    password: str | None = None
    timeout: int = DEFAULT_TIMEOUT
    reply_to: str | None = None
    preferences_url: str | None = None
    course_url: str | None = None
    verify_url: str | None = None
    reset_url: str | None = None
    invite_url: str | None = None
    staff_invitation_url: str | None = None
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    language: str | None = None
    templates: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: The tenant named its own server (connections then follow the outbound policy).
    host_chosen: bool = False

    @classmethod
    def from_stored(cls, stored: Mapping[str, Any]) -> MailSettings:
        security = stored.get("smtp_security") or "starttls"
        return cls(
            from_address=str(stored.get("from_address") or ""),
            host=stored.get("smtp_host") or "localhost",
            port=int(stored.get("smtp_port") or DEFAULT_PORTS[security]),
            security=security,
            username=stored.get("smtp_username") or None,
            password=stored.get("smtp_password") or None,
            timeout=int(stored.get("smtp_timeout") or DEFAULT_TIMEOUT),
            reply_to=stored.get("reply_to") or None,
            preferences_url=stored.get("preferences_url") or None,
            course_url=stored.get("course_url") or None,
            verify_url=stored.get("verify_url") or None,
            reset_url=stored.get("reset_url") or None,
            invite_url=stored.get("invite_url") or None,
            staff_invitation_url=stored.get("staff_invitation_url") or None,
            max_attempts=int(stored.get("max_attempts") or DEFAULT_MAX_ATTEMPTS),
            language=stored.get("language") or None,
            templates=dict(stored.get("templates") or {}),
            host_chosen=bool(stored.get("smtp_host")),
        )

    def mail_enabled(self, template: str) -> bool:
        return bool(self.templates.get(template, {}).get("enabled", True))

    def default_language(self, locale: str | None = None) -> str:
        """The language of the shipped default texts for a student speaking ``locale``:
        the locale where a default is written in it (``de-AT`` takes ``de``), else the
        site's ``language``, else English."""
        return pick_language(LANGUAGES, locale, self.language)

    def override(self, template: str, locale: str | None = None) -> Mapping[str, Any]:
        """The tenant's parts of mail ``template`` for a student speaking ``locale``: the
        translation chosen by :func:`pick_language` (the locale, then the site's
        ``language``) over the override's own parts; ``{}`` without an override."""
        found = dict(self.templates.get(template, {}))
        translations = found.pop("translations", None) or {}
        chosen = pick_language(translations, locale, self.language, default="")
        return {**found, **translations.get(chosen, {})}
