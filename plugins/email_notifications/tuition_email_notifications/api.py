"""Student API of the email notifications plugin: ``/v1/me/email-preferences``."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from marshmallow import Schema, fields

from tuition.plugin_api import STUDENT, PluginBlueprint, problems
from tuition.plugin_api.web import db, student

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
