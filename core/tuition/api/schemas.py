"""marshmallow schemas of the public API (snake_case JSON)."""

from __future__ import annotations

from typing import Any

from marshmallow import INCLUDE, Schema, ValidationError, fields, validate, validates_schema

from tuition.models import ENROLLMENT_STATUSES
from tuition.plugin_api.locales import MAX_LOCALE_LENGTH, normalise_locale
from tuition.plugin_api.schemas import (
    MAX_PAGE_SIZE,
    Out,
    PageQuery,
    Price,
    Slug,
    UTCDateTime,
    page_of,
    slug_field,
)
from tuition.plugin_api.values import ENROLL_STATES
from tuition.services.inputs import (
    CourseWrite,
    IdentityProvider,
    PluginConfig,
    Retention,
    TenantCreate,
)
from tuition.services.keys import KINDS, MAX_GRACE

__all__ = [
    "MAX_PAGE_SIZE",
    "CourseWrite",
    "IdentityProvider",
    "Out",
    "PageQuery",
    "PluginConfig",
    "Price",
    "Slug",
    "TenantCreate",
    "UTCDateTime",
    "page_of",
    "slug_field",
]

# -- tenants and plugins ------------------------------------------------------------------


class RetentionOut(Out):
    unconverted_signups_months = fields.Integer(allow_none=True)


class TenantUpdate(Schema):
    name = fields.String(validate=validate.Length(min=1, max=200))
    retention = fields.Nested(
        Retention,
        metadata={"description": "How long personal data is kept (docs/privacy.md)."},
    )
    payment_provider = fields.String(
        allow_none=True,
        validate=validate.Length(min=1, max=64),
        metadata={"description": "Default provider for paid courses (when several)."},
    )
    identity_provider = fields.Nested(IdentityProvider, allow_none=True)


class PluginOut(Out):
    name = fields.String()
    title = fields.String()
    version = fields.String()
    category = fields.String()
    enabled = fields.Boolean()
    settings = fields.Dict(metadata={"description": "Secrets are redacted."})
    settings_schema = fields.Dict(
        metadata={
            "description": "The settings' JSON Schema (OpenAPI 3.0 dialect: properties with "
            "type, description, default, bounds; required): enough to build a form. Secret "
            "settings are writeOnly: answers show them as [redacted]."
        }
    )
    pricing_models = fields.List(fields.String())


class TenantOut(Out):
    id = fields.String()
    slug = fields.String()
    name = fields.String()
    payment_provider = fields.String(allow_none=True)
    identity_provider = fields.Nested(IdentityProvider, allow_none=True)
    retention = fields.Nested(RetentionOut)
    plugins = fields.List(fields.Nested(PluginOut))
    created_at = fields.DateTime()
    suspended_at = fields.DateTime(
        allow_none=True,
        metadata={"description": "Set while the operator suspended the site."},
    )


class TenantCreated(TenantOut):
    publishable_key = fields.String(metadata={"description": "For storefronts (X-Tenant-Key)."})
    secret_key = fields.String(metadata={"description": "Shown once; Tuition keeps a hash."})


class TenantSummaryOut(Out):
    id = fields.String()
    slug = fields.String()
    name = fields.String()
    created_at = fields.DateTime()
    suspended_at = fields.DateTime(
        allow_none=True,
        metadata={
            "description": "Set while suspended: the site's keys and staff tokens answer 403 "
            "tenant_suspended."
        },
    )
    enabled_plugins = fields.List(fields.String())


class TenantQuery(PageQuery):
    q = fields.String(
        validate=validate.Length(min=1, max=200),
        metadata={"description": "Part of the slug or the name."},
    )
    suspended = fields.Boolean(metadata={"description": "Only suspended (or active) sites."})


# -- API keys -----------------------------------------------------------------------------


class KeyCreate(Schema):
    kind = fields.String(
        required=True,
        validate=validate.OneOf(KINDS),
        metadata={"description": "publishable (pk_…) or secret (sk_…)."},
    )


class KeyRotate(Schema):
    grace_seconds = fields.Integer(
        load_default=0,
        strict=True,
        validate=validate.Range(min=0, max=int(MAX_GRACE.total_seconds())),
        metadata={
            "description": "How long the old key keeps working (0 to 7 days); "
            "0, the default, stops it at once."
        },
    )


class KeyOut(Out):
    id = fields.String()
    kind = fields.String(metadata={"enum": list(KINDS)})
    prefix = fields.String(metadata={"description": "pk_ or sk_."})
    last4 = fields.String(metadata={"description": "The key's last four characters."})
    value = fields.String(
        allow_none=True,
        metadata={
            "description": "The whole key for publishable keys (they are public); null for "
            "secret keys, which are shown only once, when made."
        },
    )
    status = fields.String(
        metadata={
            "enum": ["active", "expiring", "expired", "revoked"],
            "description": "expiring: rotated, works until expires_at.",
        }
    )
    created_at = fields.DateTime()
    expires_at = fields.DateTime(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)


class KeyCreated(KeyOut):
    key = fields.String(
        metadata={
            "description": "The new key, shown only now: Tuition keeps a hash of secret keys."
        }
    )


class PlanQuery(Schema):
    plugin = fields.String(required=True, validate=validate.Length(min=1, max=64))
    enabled = fields.Boolean(required=True)


class CourseImpactOut(Out):
    course = fields.String()
    before = fields.String()
    after = fields.String()
    reason = fields.String(allow_none=True)


class PlanOut(Out):
    enabled = fields.List(fields.String())
    changes = fields.List(fields.Nested(CourseImpactOut))
    missing_requirements = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))
    allowed = fields.Boolean()


class PluginUpdate(Schema):
    enabled = fields.Boolean(required=True)
    settings = fields.Dict(
        keys=fields.String(),
        metadata={
            "description": "Replace the stored settings (absent: keep them). A secret sent back "
            'as shown, "[redacted]", keeps the stored secret.'
        },
    )


class PluginPatch(Schema):
    enabled = fields.Boolean()
    settings = fields.Dict(
        keys=fields.String(),
        metadata={
            "description": "Merged into the stored settings (JSON merge patch, RFC 7386: "
            'objects merge, null removes a key); "[redacted]" keeps a stored '
            "secret."
        },
    )


# -- courses ------------------------------------------------------------------------------


class CourseOut(Out):
    slug = fields.String()
    title = fields.String()
    summary = fields.String()
    pricing_model = fields.String()
    price = fields.Nested(Price, allow_none=True)
    capacity = fields.Integer(allow_none=True)
    seats_left = fields.Integer(allow_none=True)
    registration_deadline = fields.DateTime(allow_none=True)
    prerequisites = fields.List(fields.String())
    next_courses = fields.List(fields.String())
    enroll_state = fields.String(
        metadata={
            "enum": list(ENROLL_STATES),  # + the plugins' states (tuition_enroll_states)
            "description": "What the caller can do; the tenant's plugins may set states of "
            "their own, listed after core's.",
        }
    )
    missing_prerequisites = fields.List(fields.String())
    extensions = fields.Dict(
        keys=fields.String(),
        metadata={"description": "Data of the tenant's plugins, e.g. ``cohorts``."},
    )


class QuoteQuery(Schema):
    code = fields.String(
        validate=validate.Length(min=1, max=64),
        metadata={"description": "A discount or access code to try (case-insensitive)."},
    )
    country = fields.String(
        validate=validate.Length(min=2, max=2),
        metadata={
            "description": "The buyer's billing country (ISO 3166-1 alpha-2), for the tax "
            "(with a tax plugin enabled)."
        },
    )
    region = fields.String(
        validate=validate.Length(min=1, max=16),
        metadata={"description": "The buyer's region where the tax depends on it (a US state)."},
    )
    postal_code = fields.String(
        validate=validate.Length(min=1, max=16),
        metadata={
            "description": "The buyer's postal code, where the provider's tax service needs "
            "it (some need it in the US)."
        },
    )
    vat_id = fields.String(
        validate=validate.Length(min=2, max=32),
        metadata={"description": "The buyer's VAT ID (a business buyer)."},
    )
    company_name = fields.String(
        validate=validate.Length(min=1, max=200),
        metadata={"description": "The buyer's company name (a business buyer)."},
    )


class QuoteOut(Out):
    course = fields.String(metadata={"description": "The course's slug."})
    currency = fields.String(allow_none=True, metadata={"description": "null: no price."})
    list_price = fields.Integer(metadata={"description": "The course's price (minor units)."})
    discount = fields.Integer(metadata={"description": "What the best offer takes off it."})
    total = fields.Integer(
        metadata={
            "description": "What enrolling costs now (the gross): list_price - discount, or "
            "with a tax plugin the gross it computes from that (net + tax_amount)."
        }
    )
    net = fields.Integer(metadata={"description": "total less tax_amount."})
    tax_amount = fields.Integer(
        metadata={"description": "The tax in total (0 without a tax plugin)."}
    )
    tax = fields.Dict(
        allow_none=True,
        metadata={
            "description": "The tax breakdown (rate, name, country, reverse_charge, note, "
            "…) from the tenant's tax plugin, for the query's billing details; null untaxed."
        },
    )
    code = fields.String(allow_none=True, metadata={"description": "The code applied, if any."})
    reason = fields.String(allow_none=True, metadata={"description": "Why the price is lower."})
    problem = fields.Dict(
        allow_none=True,
        metadata={
            "description": "Why enrolling with this code would be refused (a problem document: "
            "type, title, status, detail, code, e.g. code_expired); the total is then "
            "without the code."
        },
    )
    extensions = fields.Dict(
        metadata={
            "description": "What the tenant's plugins add to the quote, by key (the bundles "
            "plugin's bundle: its courses, those the student owns and their credit)."
        }
    )


class AdminCourseOut(Out):
    id = fields.String()
    slug = fields.String()
    title = fields.String()
    summary = fields.String()
    status = fields.String()
    pricing_model = fields.String()
    price = fields.Nested(Price, allow_none=True)
    capacity = fields.Integer(allow_none=True)
    seats_taken = fields.Integer()
    registration_deadline = fields.DateTime(allow_none=True)
    unlisted = fields.Boolean(
        metadata={"description": "Left out of the catalogue list; reachable by its slug."}
    )
    prerequisites = fields.List(fields.String())
    next_courses = fields.List(fields.String())
    attributes = fields.Dict()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


# -- students and enrollments -------------------------------------------------------------


def _new_password() -> fields.String:
    """A password a student chooses (signup, password reset): the same rules everywhere."""
    return fields.String(required=True, load_only=True, validate=validate.Length(min=8, max=256))


class Locale(fields.String):
    """A BCP 47 language tag, stored in its canonical case (``fr-fr`` → ``fr-FR``)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "metadata",
            {
                "description": "The student's language, a BCP 47 tag such as de or fr-FR: "
                "plugins write invoices and mails in it where they have it.",
                "example": "fr-FR",
            },
        )
        super().__init__(validate=validate.Length(min=2, max=MAX_LOCALE_LENGTH), **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return normalise_locale(text)
        except ValueError as exc:
            raise ValidationError("Give a BCP 47 language tag such as 'de' or 'fr-FR'.") from exc


class Signup(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=320))
    password = _new_password()
    locale = Locale(allow_none=True, load_default=None)
    signup_method = fields.String(
        load_default="email",
        validate=validate.Regexp(
            r"^[a-z][a-z0-9_]{1,31}$", error="Use a short lowercase name such as email or google."
        ),
    )
    intended_course = slug_field(allow_none=True, load_default=None)


class Login(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=320))
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=256))


class StudentOut(Out):
    id = fields.String()
    email = fields.String(allow_none=True)
    name = fields.String(allow_none=True)
    signup_method = fields.String()
    sign_in_method = fields.String(
        allow_none=True,
        metadata={
            "description": "How the student first signed in: password (built-in signup), "
            "email (the identity provider's own sign-in) or a social provider's name such as "
            "Google; null when unknown."
        },
    )
    intended_course = fields.String(allow_none=True)
    email_verified = fields.Boolean(
        metadata={"description": "Whether the student confirmed their email (a link by mail)."}
    )
    locale = Locale(allow_none=True)
    created_at = fields.DateTime()


class ProfileIn(Schema):
    """What a student may change of their profile; fields left out stay as they are."""

    locale = Locale(allow_none=True)


class TokenOut(Out):
    token = fields.String()
    token_type = fields.String()
    expires_in = fields.Integer()
    refresh_token = fields.String(
        metadata={
            "description": "Exchange it at /v1/auth/refresh for new tokens before it expires; "
            "each use replaces it (a replaced one used again signs the session out)."
        }
    )
    refresh_expires_in = fields.Integer(
        metadata={"description": "Seconds until the refresh token expires."}
    )
    student = fields.Nested(StudentOut)


class RefreshIn(Schema):
    refresh_token = fields.String(required=True, validate=validate.Length(min=1, max=256))


class LogoutIn(Schema):
    everywhere = fields.Boolean(
        load_default=False,
        metadata={
            "description": "Sign out every session of the student, and refuse every student "
            "token issued so far (else only this sign-in's refresh tokens are revoked)."
        },
    )


class LinkTokenIn(Schema):
    token = fields.String(required=True, validate=validate.Length(min=1, max=2048))


class PasswordResetIn(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=320))


class PasswordResetConfirmIn(LinkTokenIn):
    password = _new_password()


class EnrollmentRequest(Schema):
    """``course`` plus the fields of the tenant's enabled plugins (e.g. ``cohort``); the
    view checks those against the tenant's plugins, any other key is refused."""

    class Meta:
        unknown = INCLUDE

    course = slug_field(required=True)


#: The provider's part of a checkout: what its payment UI needs. Each installed provider's
#: ``frontend_fields`` are added to the document when the app is built.
PROVIDER_CHECKOUT_DOC: dict[str, Any] = {
    "description": "What the provider's payment UI needs: the keys each provider documents "
    "(see its plugin), and possibly others.",
    "properties": {},
}

#: The ``checkout`` of a paid enrollment just started: the order, plus the provider's part.
CHECKOUT_DOC: dict[str, Any] = {
    "description": "The order to pay, and what the provider's payment UI needs (the keys "
    "of OrderOut.checkout).",
    "properties": {
        "order_id": {"type": "string"},
        "provider": {"type": "string"},
        "amount": {"type": "integer", "description": "Minor units, e.g. cents."},
        "currency": {"type": "string", "example": "EUR"},
        "expires_at": {"type": "string", "format": "date-time"},
        "list_price": {
            "type": "integer",
            "description": "The course price, when a plugin offer made this one lower.",
        },
        "price_reason": {"type": "string", "description": "Why the price is lower."},
        "quantity": {
            "type": "integer",
            "description": "Seats of the course this order sells, when more than one (a "
            "plugin's offer of several seats, e.g. team seats); list_price is then for all.",
        },
    },
    "required": ["order_id", "provider", "amount", "currency", "expires_at"],
}


class EnrollmentOut(Out):
    id = fields.String()
    course = fields.String()
    status = fields.String(metadata={"enum": list(ENROLLMENT_STATUSES)})
    source = fields.String()
    created_at = fields.DateTime()
    activated_at = fields.DateTime(allow_none=True)
    completed_at = fields.DateTime(allow_none=True)
    order_id = fields.String(
        allow_none=True,
        metadata={
            "description": "While pending: the order waiting for payment (GET /v1/orders/{id} "
            "shows its checkout, to resume paying); otherwise null."
        },
    )
    checkout = fields.Dict(allow_none=True, metadata=CHECKOUT_DOC)


class RecommendationQuery(Schema):
    limit = fields.Integer(load_default=10, validate=validate.Range(min=1, max=50))


class RecommendationOut(Out):
    course = fields.Nested(CourseOut)
    reason = fields.String(metadata={"description": "Why, in words a student can read."})
    score = fields.Float()


class RecommendationList(Out):
    items = fields.List(fields.Nested(RecommendationOut))


class AdminEnrollmentOut(EnrollmentOut):
    student_id = fields.String()
    student_email = fields.String(allow_none=True)
    student_name = fields.String(allow_none=True)
    ended_at = fields.DateTime(allow_none=True)
    take_seat = fields.Boolean(
        metadata={"description": "False: enrolled beyond capacity by the site owner."}
    )
    external_reference = fields.String(
        allow_none=True,
        metadata={
            "description": "An enrollment the site owner made by hand: what it was paid "
            "with outside Tuition (null: complimentary, or not made by hand)."
        },
    )
    student_sign_in_method = fields.String(
        allow_none=True,
        metadata={
            "description": "How the student first signed in: password (built-in signup), "
            "email (the identity provider's own sign-in) or a social provider's name such as "
            "Google; null when unknown."
        },
    )


class AdminEnrollmentCreate(Schema):
    """Enroll one student by hand: an existing one (``student`` id or ``email``) or someone
    invited by ``email``; ``complimentary: true`` or an ``external_reference``; plus the
    enrollment fields of the tenant's plugins (``cohort``)."""

    class Meta:
        unknown = INCLUDE

    course = slug_field(required=True)
    student = fields.String(
        validate=validate.Length(min=1, max=32),
        metadata={"description": "An existing student's id (or give ``email``)."},
    )
    email = fields.Email(
        validate=validate.Length(max=320),
        metadata={
            "description": "The student's email: an existing account, else a student is "
            "made without a password and invited by mail (``student.invited``)."
        },
    )
    name = fields.String(
        validate=validate.Length(min=1, max=200),
        metadata={"description": "The student's name, kept if they have none yet."},
    )
    complimentary = fields.Boolean(
        metadata={"description": "True: given for free (or give ``external_reference``)."}
    )
    external_reference = fields.String(
        validate=validate.Length(min=1, max=255),
        metadata={
            "description": "What the enrollment was paid with outside Tuition, e.g. an "
            "invoice number paid by bank transfer; kept on the enrollment."
        },
    )
    take_seat = fields.Boolean(
        load_default=True,
        metadata={
            "description": "False enrolls beyond capacity, explicitly: no seat is taken "
            "(none is given back when the enrollment ends). True (default): a full course "
            "or cohort refuses (409 ``course_full``/``cohort_full``)."
        },
    )

    @validates_schema
    def _one_student_one_payment(self, data: dict[str, Any], **_: Any) -> None:
        if ("student" in data) == ("email" in data):
            raise ValidationError("Give either 'student' or 'email'.", "student")
        if bool(data.get("complimentary")) == ("external_reference" in data):
            raise ValidationError(
                "Give either 'complimentary': true or an 'external_reference'.", "complimentary"
            )


class AdminEnrollmentCreated(AdminEnrollmentOut):
    invited = fields.Boolean(
        metadata={"description": "Whether the student was made now and invited by mail."}
    )


class EndEnrollment(Schema):
    reason = fields.String(
        validate=validate.Length(min=1, max=200),
        metadata={"description": "Why, for the audit log and the ``enrollment.ended`` event."},
    )


class ImportErrorOut(Out):
    line = fields.Integer(metadata={"description": "The file's line (the header is line 1)."})
    email = fields.String(allow_none=True)
    course = fields.String(allow_none=True)
    code = fields.String(metadata={"description": "The problem's stable code."})
    detail = fields.String()


class EnrollmentImportSummaryOut(Out):
    id = fields.String()
    status = fields.String(
        metadata={
            "enum": ["queued", "running", "done", "failed"],
            "description": "``failed``: its job failed for good (``last_error``); the lines "
            "done stay done, and importing the same file again does the rest (lines enrolled "
            "already are skipped).",
        }
    )
    filename = fields.String(allow_none=True)
    total = fields.Integer(metadata={"description": "Lines in the file (but the header)."})
    done = fields.Integer(metadata={"description": "Lines handled so far."})
    enrolled = fields.Integer()
    invited = fields.Integer(metadata={"description": "Of ``enrolled``: students invited."})
    skipped = fields.Integer(metadata={"description": "Lines enrolled already (a re-run)."})
    failed = fields.Integer()
    last_error = fields.String(
        allow_none=True, metadata={"description": "Why the import failed for good."}
    )
    created_at = fields.DateTime()
    started_at = fields.DateTime(allow_none=True)
    finished_at = fields.DateTime(allow_none=True)


class EnrollmentImportOut(EnrollmentImportSummaryOut):
    errors = fields.List(fields.Nested(ImportErrorOut))


#: The request body of ``POST /v1/admin/enrollments:import``.
IMPORT_BODY_DOC: dict[str, Any] = {
    "required": True,
    "description": "A CSV file with a header line naming the columns email, course and "
    "optionally name, cohort, external_reference: as the body, or as the part 'file' of a "
    "form.",
    "content": {
        "text/csv": {"schema": {"type": "string"}},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
                "required": ["file"],
            }
        },
    },
}


class AdminCourseQuery(PageQuery):
    q = fields.String(
        validate=validate.Length(min=1, max=200),
        metadata={"description": "Only courses whose title or slug contains this (any case)."},
    )


def _student_filter() -> fields.String:
    return fields.String(
        validate=validate.Length(min=1, max=64), metadata={"description": "A student's id."}
    )


class AdminStudentQuery(PageQuery):
    q = fields.String(
        validate=validate.Length(min=1, max=320),
        metadata={"description": "Only students whose email or name contains this (any case)."},
    )


class AdminEnrollmentQuery(PageQuery):
    course = slug_field()
    student = _student_filter()
    status = fields.String(
        validate=validate.OneOf(
            ["pending", "active", "completed", "canceled", "expired", "refunded"]
        )
    )


class DashboardOut(Out):
    owned = fields.List(
        fields.Nested(
            Out.from_dict(
                {"enrollment": fields.Nested(EnrollmentOut), "course": fields.Nested(CourseOut)},
                name="OwnedCourse",
            )
        )
    )
    available = fields.List(fields.Nested(CourseOut))
    recommendations = fields.List(fields.Nested(RecommendationOut))


class HealthOut(Out):
    status = fields.String()
    checks = fields.Dict()


class CourseUpdate(CourseWrite):
    """Partial course update: every field optional, ``slug`` cannot change."""


class AuditQuery(PageQuery):
    object_type = fields.String(
        validate=validate.Regexp(r"^[a-z][a-z0-9_]{0,63}$"),
        metadata={
            "description": "Core's enrollment, order, course, plugin, tenant, api_key, "
            "student, staff; or a plugin's own (the email notifications plugin's mail)."
        },
    )
    object_id = fields.String(validate=validate.Length(min=1, max=64))
    actor = fields.String(validate=validate.Length(min=1, max=100))
    since = UTCDateTime(data_key="from")
    until = UTCDateTime(data_key="to")


class AuditEntryOut(Out):
    id = fields.String()
    at = fields.DateTime()
    actor = fields.String(
        metadata={
            "description": "admin, operator, student:<id>, "
            "provider:<name>, job:<name>, reconcile, "
            "tenant-file, cli or system."
        }
    )
    object_type = fields.String()
    object_id = fields.String()
    action = fields.String()
    before = fields.Dict(allow_none=True)
    after = fields.Dict(allow_none=True)


class FunnelQuery(Schema):
    since = UTCDateTime(data_key="from", metadata={"description": "Default: 30 days ago."})
    until = UTCDateTime(data_key="to", metadata={"description": "Default: now."})


class FunnelConversion(Out):
    view_to_enrollment = fields.Float(allow_none=True)
    click_to_enrollment = fields.Float(allow_none=True)
    checkout_to_paid = fields.Float(allow_none=True)
    abandoned_recovered = fields.Float(allow_none=True)


class FunnelRow(Out):
    course = fields.String()
    title = fields.String()
    views = fields.Integer()
    enroll_clicks = fields.Integer()
    checkouts_started = fields.Integer()
    paid = fields.Integer()
    abandoned = fields.Integer(
        metadata={
            "description": "Checkouts that expired, failed or were canceled, or were declared "
            "abandoned while open (the abandoned-checkout reminder went out)."
        }
    )
    recovered = fields.Integer(
        metadata={
            "description": "Abandoned checkouts paid after all, or whose student paid for the "
            "course later."
        }
    )
    discount_codes = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata={"description": "Paid orders per discount code applied (code: count)."},
    )
    enrollments = fields.Integer()
    median_seconds_to_enroll = fields.Float(
        allow_none=True, metadata={"description": "From the student's signup to the activation."}
    )
    conversion = fields.Nested(FunnelConversion)


class FunnelReport(Out):
    since = fields.DateTime(data_key="from")
    until = fields.DateTime(data_key="to")
    courses = fields.List(fields.Nested(FunnelRow))


# -- the student's data --------------------------------------------------------------------


class StudentExportOut(Out):
    """Everything Tuition holds about a student (``format``: ``tuition.student-export/1``)."""

    format = fields.String()
    tenant = fields.Dict()
    profile = fields.Dict()
    sessions = fields.List(fields.Dict(), metadata={"description": "Refresh tokens' dates."})
    enrollments = fields.List(fields.Dict())
    orders = fields.List(fields.Dict(), metadata={"description": "With their transitions."})
    payment_events = fields.List(fields.Dict())
    funnel_events = fields.List(fields.Dict())
    audit_entries = fields.List(fields.Dict())
    live_events = fields.List(fields.Dict())
    plugins = fields.Dict(
        metadata={"description": "What each plugin holds, by plugin name (bookings, mails…)."}
    )


class ExportJobOut(Out):
    """A large export, built by a job; ``download_url`` once it is ready."""

    id = fields.String()
    student_id = fields.String()
    status = fields.String(metadata={"enum": ["pending", "ready", "failed"]})
    created_at = fields.DateTime()
    ready_at = fields.DateTime(allow_none=True)
    expires_at = fields.DateTime(metadata={"description": "When the link stops working."})
    size_bytes = fields.Integer(allow_none=True, metadata={"description": "Uncompressed."})
    download_url = fields.String(
        allow_none=True,
        metadata={"description": "A signed link to the gzipped JSON, until expires_at."},
    )


class ErasureOut(Out):
    """What an erasure erased and what it kept, core's and each plugin's."""

    student_id = fields.String()
    pseudonym = fields.String(metadata={"description": "Stands for the email from now on."})
    erased_at = fields.DateTime()
    already_erased = fields.Boolean(
        metadata={"description": "The student was erased before; nothing changed."}
    )
    erased = fields.Dict(keys=fields.String(), values=fields.Integer())
    kept = fields.Dict(keys=fields.String(), values=fields.String())
    plugins = fields.Dict(
        metadata={"description": "Each plugin's report: {erased: {…}, kept: {…}}."}
    )


class ExportDownloadQuery(Schema):
    """The query of a download link (``download_url``); a wrong or missing one is 401."""

    expires = fields.String(load_default=None, metadata={"description": "Unix time."})
    signature = fields.String(load_default=None)


class TimeseriesQuery(Schema):
    since = UTCDateTime(data_key="from", metadata={"description": "Default: 30 days ago."})
    until = UTCDateTime(data_key="to", metadata={"description": "Default: now."})
    interval = fields.String(
        load_default="day",
        validate=validate.OneOf(("day", "week")),
        metadata={"description": "UTC days, or ISO weeks named by their Monday."},
    )


class MoneyOut(Out):
    amount = fields.Integer(metadata={"description": "Integer minor units."})
    currency = fields.String(metadata={"description": "ISO 4217."})


class TimeseriesBucket(Out):
    start = fields.Date(metadata={"description": "The bucket's first day (UTC)."})
    signups = fields.Integer()
    views = fields.Integer(
        metadata={"description": "Course pages shown (the funnel's first step)."}
    )
    enroll_clicks = fields.Integer(
        metadata={"description": "Enrollment attempts, refused ones included."}
    )
    checkouts_started = fields.Integer()
    paid_orders = fields.Integer(
        metadata={"description": "Of the checkouts started in the bucket, those paid."}
    )
    revenue = fields.List(
        fields.Nested(MoneyOut),
        metadata={
            "description": "Amounts of the orders paid in the bucket, per currency; refunds "
            "not deducted."
        },
    )
    enrollments = fields.Integer(metadata={"description": "Enrollments activated."})
    conversion = fields.Float(
        allow_none=True, metadata={"description": "paid_orders / checkouts_started."}
    )


class AttentionOut(Out):
    stuck_orders = fields.Integer(
        metadata={
            "description": "Checkouts never created (30 minutes on), or open past their expiry."
        }
    )
    unfinished_refunds = fields.Integer(
        metadata={"description": "Refunds started whose provider answer was never applied."}
    )
    failed_payment_events = fields.Integer()


class TimeseriesReport(Out):
    since = fields.DateTime(data_key="from")
    until = fields.DateTime(data_key="to")
    interval = fields.String(metadata={"enum": ["day", "week"]})
    buckets = fields.List(fields.Nested(TimeseriesBucket))
    attention = fields.Nested(AttentionOut)
