"""Domain events: written as jobs in the transaction that caused them, one per plugin."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from tuition.db import new_id, utcnow
from tuition.models import Tenant
from tuition.plugin_api import DomainEvent
from tuition.services import live

if TYPE_CHECKING:
    from tuition.runtime import Tuition


#: The event types core emits (plugins declare theirs with ``tuition_event_types``).
CORE_EVENT_TYPES: dict[str, str] = {
    "enrollment.activated": "an enrollment became active (free enrollment, or paid)",
    "enrollment.completed": "a student completed an active enrollment",
    "enrollment.ended": "the site owner ended an active or completed enrollment (it is "
    "canceled, its seat freed; reason)",
    "student.invited": "the site owner enrolled someone who had no account: a student "
    "without a password was made and needs a mail with a link to choose one (student_id, "
    "course, enrollment_id; the link's token: CoreServices.student_link_token, purpose "
    "set_password)",
    "student.email_verification_requested": "a student needs a mail with a link to verify "
    "their email (student_id; the link's token: CoreServices.student_link_token)",
    "student.password_reset_requested": "a student asked for a password reset mail "
    "(student_id; the link's token: CoreServices.student_link_token)",
    "staff.invitation_requested": "someone was invited to a site's staff and needs a mail "
    "with a link to accept (staff_id, role; the address and the link's token: "
    "CoreServices.staff_invitation)",
    "order.paid": "an order was paid",
    "order.failed": "an order's payment failed",
    "order.expired": "an order's checkout expired unpaid",
    "order.canceled": "an order's checkout was canceled",
    "order.refunded": "an order was refunded, fully or in part (refunded_amount)",
    "order.refund_scheduled": "a refund was decided (reason, detail, refund_amount): money "
    "Tuition cannot keep (a seat that is gone, a payment that does "
    "not match the order) or an admin's refund",
}


def emit(
    tuition: Tuition, session: Session, tenant: Tenant, type_: str, data: Mapping[str, Any]
) -> DomainEvent:
    """Emit ``type_`` to every enabled plugin implementing ``tuition_event``, after commit,
    and to the live stream of the student its data names (``student_id``), if any."""
    event = DomainEvent(
        id=new_id("evt"),
        type=type_,
        tenant_id=tenant.id,
        occurred_at=utcnow().isoformat(),
        data=dict(data),
    )
    for plugin in tuition.hooks(tenant).event_plugins():
        tuition.jobs.defer(
            session,
            "hook",
            {"hook": "tuition_event", "plugin": plugin, "event": asdict(event)},
            tenant.id,
        )
    live.record(tuition, session, tenant.id, event)
    return event
