"""The student's data in the webhook plugin: the deliveries of events naming them."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from tuition.plugin_api import ErasureReport, StudentRecord, scrub

from .models import WebhookAttempt, WebhookDelivery


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _deliveries(session: Session, student: StudentRecord) -> list[WebhookDelivery]:
    """Deliveries whose body names the student (their id, or their email)."""
    found = [WebhookDelivery.body.contains(student.id)]
    if student.email:
        found.append(func.lower(WebhookDelivery.body).contains(student.email.lower()))
    return list(
        session.scalars(
            select(WebhookDelivery).where(or_(*found)).order_by(WebhookDelivery.created_at)
        )
    )


def export(session: Session, student: StudentRecord) -> dict[str, Any] | None:
    rows = _deliveries(session, student)
    if not rows:
        return None
    return {
        "deliveries": [
            {
                "event_id": d.event_id,
                "event_type": d.event_type,
                "endpoint_id": d.endpoint_id,
                "status": d.status,
                "created_at": _iso(d.created_at),
                "delivered_at": _iso(d.delivered_at),
                "body": d.payload(),
            }
            for d in rows
        ]
    }


def erase(session: Session, student: StudentRecord, pseudonym: str) -> ErasureReport:
    """The email (and personal keys) replaced in every stored body and answer excerpt;
    a delivery still due sends the scrubbed body."""
    needles = [student.email] if student.email else []
    rows = _deliveries(session, student)
    for delivery in rows:
        delivery.body = json.dumps(scrub(delivery.payload(), needles, pseudonym))
    attempts = 0
    if rows and needles:
        for attempt in session.scalars(
            select(WebhookAttempt).where(
                WebhookAttempt.delivery_id.in_([d.id for d in rows]),
                WebhookAttempt.response_excerpt.is_not(None),
            )
        ):
            cleaned = scrub(attempt.response_excerpt, needles, pseudonym, keys=())
            if cleaned != attempt.response_excerpt:
                attempt.response_excerpt = cleaned
                attempts += 1
    return ErasureReport(
        erased={"deliveries": len(rows), "attempts": attempts},
        kept={
            "deliveries": "event type, status and dates; copies the site's endpoints "
            "received already are outside Tuition (tell their owners)"
        },
    )
