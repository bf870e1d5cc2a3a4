"""``GET /v1/admin/abandoned-checkouts``: reminders sent and how many were recovered."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from marshmallow import fields
from sqlalchemy import select

from tuition.plugin_api import ADMIN, Out, PageQuery, PluginBlueprint, problems
from tuition.plugin_api.web import db, paginate

from .models import CheckoutReminder
from .reminders import PLUGIN, summary

blp = PluginBlueprint(
    "abandoned_checkout",
    __name__,
    plugin=PLUGIN,
    audience="admin",
    url_prefix="/v1/admin",
    description="Abandoned checkouts (abandoned_checkout plugin).",
)


class ReminderOut(Out):
    id = fields.String()
    order_id = fields.String()
    student_id = fields.String()
    course_id = fields.String()
    amount = fields.Integer()
    currency = fields.String()
    reminded_at = fields.DateTime()
    recovered_order_id = fields.String(allow_none=True)
    recovered_at = fields.DateTime(allow_none=True)


class SummaryOut(Out):
    reminded = fields.Integer()
    recovered = fields.Integer()
    recovery_rate = fields.Float()
    recovered_amount = fields.Integer(metadata={"description": "Minor units, all currencies."})


class RemindersPage(Out):
    summary = fields.Nested(SummaryOut)
    items = fields.List(fields.Nested(ReminderOut))
    page = fields.Integer()
    page_size = fields.Integer()
    total = fields.Integer()


@blp.route("/abandoned-checkouts")
class AbandonedCheckouts(MethodView):
    @blp.doc(security=ADMIN, operationId="listAbandonedCheckouts", tags=["admin"])
    @blp.arguments(PageQuery, location="query")
    @blp.response(200, RemindersPage)
    @problems(blp, 401, 404, 422)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """Reminders sent for unpaid checkouts, newest first, with the recovery summary."""
        page = paginate(
            select(CheckoutReminder),
            query,
            CheckoutReminder.reminded_at.desc(),
            CheckoutReminder.id,
        )
        return {"summary": summary(db()), **page}
