"""API of the email notifications plugin: the student's ``/v1/me/email-preferences`` and
the site's ``/v1/admin/mails`` (what was mailed to whom, for support)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from marshmallow import Schema, fields, validate
from sqlalchemy import func, select

from tuition.plugin_api import (
    ADMIN,
    STUDENT,
    Out,
    PageQuery,
    PluginBlueprint,
    page_of,
    problems,
    staff_role,
    utcnow,
)
from tuition.plugin_api.web import admin_tenant, commit_now, db, host, paginate, student

from . import delivery
from .models import MAIL_STATUSES, SentMail
from .preferences import marketing_allowed, set_marketing
from .settings import PLUGIN, MailSettings

#: Signed-in students of tenants that enabled the plugin (401 without a token, then 404).
blp = PluginBlueprint(
    "email_notifications",
    __name__,
    plugin=PLUGIN,
    audience="student",
    url_prefix="/v1",
    description="Students' mail preferences (email_notifications plugin).",
)


class EmailPreferences(Schema):
    marketing = fields.Boolean(
        required=True,
        metadata={
            "description": "false: no checkout reminders or course offers. "
            "Confirmations, receipts, refund notices and waitlist "
            "offers are sent regardless."
        },
    )


@blp.route("/me/email-preferences")
class MyEmailPreferences(MethodView):
    @blp.doc(security=STUDENT, operationId="getMyEmailPreferences", tags=["student"])
    @blp.response(200, EmailPreferences)
    @problems(blp, 401, 404)
    def get(self) -> dict[str, Any]:
        """The signed-in student's mail preferences."""
        return {"marketing": marketing_allowed(db(), student().id)}

    @blp.doc(security=STUDENT, operationId="updateMyEmailPreferences", tags=["student"])
    @blp.arguments(EmailPreferences)
    @blp.response(200, EmailPreferences)
    @problems(blp, 401, 404, 422)
    def put(self, data: dict[str, Any]) -> dict[str, Any]:
        """Choose whether the signed-in student gets marketing mail (checkout reminders,
        next-course offers); transactional mail always goes."""
        me = student()
        allowed = set_marketing(db(), me.tenant_id, me.id, data["marketing"])
        return {"marketing": allowed}


#: The site's staff (secret key or staff token) of tenants that enabled the plugin.
admin = PluginBlueprint(
    "email_notifications_admin",
    __name__,
    plugin=PLUGIN,
    audience="admin",
    url_prefix="/v1/admin/mails",
    description="What was mailed, to whom, and how it went (email_notifications plugin).",
)


class MailQuery(PageQuery):
    recipient = fields.Email(
        metadata={"description": "Only mails to this address (case-insensitive)."}
    )
    status = fields.String(validate=validate.OneOf(MAIL_STATUSES))


class MailOut(Out):
    id = fields.String()
    template = fields.String(metadata={"description": "e.g. payment_receipt"})
    event_type = fields.String(metadata={"description": "The domain event it answered."})
    event_id = fields.String()
    recipient = fields.String(allow_none=True)
    status = fields.String(
        metadata={
            "enum": list(MAIL_STATUSES),
            "description": "queued: a resend waiting for its job.",
        }
    )
    attempts = fields.Integer()
    last_error = fields.String(allow_none=True)
    sent_at = fields.DateTime(allow_none=True)
    resent_from = fields.String(
        allow_none=True, metadata={"description": "The mail this one sends again."}
    )
    created_at = fields.DateTime()


MailPage = page_of(MailOut, "MailPage")


def _mail(row: SentMail) -> dict[str, Any]:
    return {
        "id": row.id,
        "template": row.template,
        "event_type": row.event_type,
        "event_id": row.event_id,
        "recipient": row.recipient,
        "status": row.status,
        "attempts": row.attempts,
        "last_error": row.last_error,
        "sent_at": row.sent_at,
        "resent_from": row.resent_from,
        "created_at": row.created_at,
    }


@admin.route("")
class Mails(MethodView):
    @admin.doc(security=ADMIN, operationId="listMails", tags=["admin"])
    @admin.arguments(MailQuery, location="query")
    @admin.response(200, MailPage)
    @problems(admin, 401, 404, 422)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """The site's mails, newest first: template, event, recipient, status, attempts
        and the last error (``recipient``, ``status`` filters). Bodies are not kept."""
        admin_tenant()
        stmt = select(SentMail)
        if "recipient" in query:
            stmt = stmt.where(func.lower(SentMail.recipient) == query["recipient"].lower())
        if "status" in query:
            stmt = stmt.where(SentMail.status == query["status"])
        return paginate(stmt, query, SentMail.created_at.desc(), SentMail.id.desc(), present=_mail)


@admin.route("/<string:mail_id>/resend")
class Resend(MethodView):
    @staff_role("support")
    @admin.doc(security=ADMIN, operationId="resendMail", tags=["admin"])
    @admin.response(202, MailOut)
    @problems(admin, 401, 403, 404, 409)
    def post(self, mail_id: str) -> dict[str, Any]:
        """Send a sent or failed mail again (support staff may): a new mail, ``queued``
        until its job sends it (recipient and links composed then, as a retry), naming
        the mail in ``resent_from``; a failed mail still waiting for its retry is retried
        now instead. Audited (``resent``). ``mail_disabled`` (409): the tenant switched the
        mail off; ``mail_not_resendable`` (409): it is queued or being sent, or was never
        sendable (opted out, no recipient)."""
        tenant = admin_tenant()
        settings = MailSettings.from_stored(tenant.plugin_settings().get(PLUGIN, {}))
        row = delivery.resend(host(), db(), tenant, settings, mail_id, utcnow())
        row_id = row.id
        commit_now()  # the job runs now (inline) or reaches a worker
        found = db().scalar(
            select(SentMail).where(SentMail.id == row_id).execution_options(populate_existing=True)
        )
        assert found is not None
        return _mail(found)
