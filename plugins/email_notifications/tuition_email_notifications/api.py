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
)
from tuition.plugin_api.web import admin_tenant, db, paginate, student

from .models import SentMail
from .preferences import marketing_allowed, set_marketing
from .settings import PLUGIN

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
    status = fields.String(
        validate=validate.OneOf(["sending", "sent", "failed", "opted_out", "no_recipient"])
    )


class MailOut(Out):
    id = fields.String()
    template = fields.String(metadata={"description": "e.g. payment_receipt"})
    event_type = fields.String(metadata={"description": "The domain event it answered."})
    event_id = fields.String()
    recipient = fields.String(allow_none=True)
    status = fields.String(
        metadata={"enum": ["sending", "sent", "failed", "opted_out", "no_recipient"]}
    )
    attempts = fields.Integer()
    last_error = fields.String(allow_none=True)
    sent_at = fields.DateTime(allow_none=True)
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
