"""Problems: the RFC 9457 document every error answers with, and core's stable codes."""

from __future__ import annotations

from marshmallow import INCLUDE, Schema, fields

# Stable codes for HTTP-level errors that do not come from a service.
HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    500: "internal_error",
    502: "bad_gateway",
    503: "unavailable",
}

PROBLEM_CODES = sorted(
    {
        *HTTP_CODES.values(),
        "invalid_json",
        "course_full",
        "registration_closed",
        "already_enrolled",
        "not_published",
        "not_available",
        "prerequisite_missing",
        "invalid_token",
        "invalid_credentials",
        "invalid_refresh_token",
        "invalid_verification_token",
        "invalid_reset_token",
        "invalid_invitation_token",
        "email_already_verified",
        "no_email",
        "email_taken",
        "tenant_exists",
        "course_exists",
        "course_has_enrollments",
        "idempotency_key_reused",
        "idempotency_key_in_use",
        "secret_unavailable",
        "secret_reference_refused",
        "login_required",
        "plugin_plan_rejected",
        "invalid_webhook",
        "payment_provider_error",
        "payment_provider_unavailable",
        "order_not_refundable",
        "invalid_refund_amount",
        "refund_not_supported",
        "refund_failed",
        "refund_in_progress",
        "enrollment_not_active",
        "last_secret_key",
        "key_not_live",
        "insufficient_role",
        "invalid_invitation",
        "staff_exists",
        "last_owner",
        "totp_required",
        "invalid_totp",
        "totp_enabled",
        "totp_not_enrolled",
        "invitation_accepted",
        "invitation_expired",
        "identity_taken",
        "unknown_identity",
        "invalid_password",
        "tenant_suspended",
    }
)


class ProblemSchema(Schema):
    """An RFC 9457 problem document; ``code`` is the stable, machine-readable reason.
    Some problems carry more members (``order_id``, ``missing``, ``option``, …)."""

    class Meta:
        unknown = INCLUDE  # documented as additionalProperties: extension members

    # Every problem has these five members (``required`` documents it; the schema only dumps).
    type = fields.String(required=True, metadata={"example": "urn:tuition:problem:course_full"})
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    code = fields.String(required=True, metadata={"enum": PROBLEM_CODES})
    errors = fields.Dict(
        keys=fields.String(), metadata={"description": "Field path → messages (validation)."}
    )
