"""Shape models into the plain dicts the schemas dump."""

from __future__ import annotations

from datetime import datetime
from http import HTTPStatus
from typing import Any

from tuition.api import problems
from tuition.api.docs import settings_json_schema
from tuition.models import ApiKey, AuditEntry, Course, Enrollment, EnrollmentImport, Student, Tenant
from tuition.runtime import Tuition
from tuition.services import keys
from tuition.services.catalog import CourseSnapshot, CourseView
from tuition.services.dashboard import Dashboard
from tuition.services.quotes import Quote
from tuition.services.redaction import redact


def price(course: Course | CourseSnapshot) -> dict[str, Any] | None:
    if course.price_amount is None:
        return None
    return {"amount": course.price_amount, "currency": course.price_currency}


def course(view: CourseView) -> dict[str, Any]:
    c = view.course
    return {
        "slug": c.slug,
        "title": c.title,
        "summary": c.summary,
        "pricing_model": c.pricing_model,
        "price": price(c),
        "capacity": c.capacity,
        "seats_left": None if c.capacity is None else max(c.capacity - c.seats_taken, 0),
        "registration_deadline": c.registration_deadline,
        "prerequisites": [slug for _id, slug in c.prerequisites],
        "next_courses": list(c.next_courses),
        "enroll_state": view.enroll_state,
        "missing_prerequisites": view.missing_prerequisites,
        "extensions": view.extensions,
    }


def course_document(view: CourseView) -> dict[str, Any]:
    """:func:`course` as ``CourseOut`` dumps it (JSON-ready), without marshmallow: the
    catalogue answers up to 100 courses per request."""
    doc = course(view)
    doc["registration_deadline"] = _iso(doc["registration_deadline"])
    return doc


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def dashboard_document(board: Dashboard) -> dict[str, Any]:
    """The dashboard as ``DashboardOut`` dumps it (JSON-ready), without marshmallow: it
    answers up to 50 available courses on every visit (tests/test_catalogue_documents.py)."""
    return {
        "owned": [
            {
                "enrollment": {
                    "id": e.id,
                    "course": view.course.slug,
                    "status": e.status,
                    "source": e.source,
                    "created_at": _iso(e.created_at),
                    "activated_at": _iso(e.activated_at),
                    "completed_at": _iso(e.completed_at),
                    "order_id": board.open_orders.get(e.id),
                    "checkout": None,
                },
                "course": course_document(view),
            }
            for e, view in board.owned
        ],
        "available": [course_document(v) for v in board.available],
        "recommendations": [
            {"course": course_document(v), "reason": r.reason, "score": float(r.score)}
            for v, r in board.recommendations
        ],
    }


def admin_course(c: Course) -> dict[str, Any]:
    return {
        "id": c.id,
        "slug": c.slug,
        "title": c.title,
        "summary": c.summary,
        "status": c.status,
        "pricing_model": c.pricing_model,
        "price": price(c),
        "capacity": c.capacity,
        "seats_taken": c.seats_taken,
        "registration_deadline": c.registration_deadline,
        "unlisted": bool(c.unlisted),
        "prerequisites": [link.required_course.slug for link in c.prerequisite_links],
        "next_courses": [link.next_course.slug for link in c.next_links],
        "attributes": c.attributes or {},
        "created_at": c.created_at,
        "updated_at": c.updated_at,
    }


def quote(q: Quote) -> dict[str, Any]:
    problem = None
    if q.problem is not None:
        p = q.problem
        problem = problems.problem(
            p.status, p.code, HTTPStatus(p.status).phrase, p.detail, **dict(p.extra)
        )
    return {
        "course": q.course,
        "currency": q.currency,
        "list_price": q.list_price,
        "discount": q.discount,
        "total": q.total,
        "code": q.code,
        "reason": q.reason,
        "problem": problem,
        "net": q.net,
        "tax_amount": q.tax_amount,
        "tax": dict(q.tax) if q.tax is not None else None,
        "extensions": dict(q.extensions),
    }


def student(s: Student) -> dict[str, Any]:
    return {
        "id": s.id,
        "email": s.email,
        "name": s.name,
        "signup_method": s.signup_method,
        "sign_in_method": s.sign_in_method,
        "email_verified": s.email_verified,
        "intended_course": s.intended_course.slug if s.intended_course else None,
        "locale": s.locale,
        "created_at": s.created_at,
    }


def enrollment(e: Enrollment, checkout: Any = None, order_id: str | None = None) -> dict[str, Any]:
    """An enrollment; ``order_id`` is its open order while pending (from ``checkout`` when
    the enrollment was just made)."""
    if checkout and order_id is None:
        order_id = checkout.get("order_id")
    return {
        "id": e.id,
        "course": e.course.slug,
        "status": e.status,
        "source": e.source,
        "created_at": e.created_at,
        "activated_at": e.activated_at,
        "completed_at": e.completed_at,
        "order_id": order_id,
        "checkout": dict(checkout) if checkout else None,
    }


def admin_enrollment(e: Enrollment, order_id: str | None = None) -> dict[str, Any]:
    return {
        **enrollment(e, order_id=order_id),
        "student_id": e.student_id,
        "student_email": e.student.email,
        "student_name": e.student.name,
        "student_sign_in_method": e.student.sign_in_method,
        "ended_at": e.ended_at,
        "take_seat": e.counts_seat,
        "external_reference": e.external_reference,
    }


def plugins(tuition: Tuition, tenant: Tenant) -> list[dict[str, Any]]:
    rows = {row.plugin: row for row in tenant.plugins}
    shown = []
    for name in tuition.plugins.optional:
        plugin = tuition.plugins.plugins[name]
        row = rows.get(name)
        shown.append(
            {
                "name": name,
                "title": plugin.info.title,
                "version": plugin.version,
                "category": plugin.info.category,
                "enabled": bool(row and row.enabled),
                "settings": redact(
                    row.settings if row else {},
                    plugin.settings_schema,
                    tuition.secrets.is_reference,
                ),
                "settings_schema": settings_json_schema(plugin.settings_schema),
                "pricing_models": [m.name for m in plugin.pricing_models],
            }
        )
    return shown


def tenant(tuition: Tuition, t: Tenant) -> dict[str, Any]:
    return {
        "id": t.id,
        "slug": t.slug,
        "name": t.name,
        "identity_provider": t.identity_provider,
        "payment_provider": t.payment_provider,
        "retention": {"unconverted_signups_months": None, **(t.retention or {})},
        "plugins": plugins(tuition, t),
        "created_at": t.created_at,
        "suspended_at": t.suspended_at,
    }


def audit_entry(a: AuditEntry) -> dict[str, Any]:
    return {
        "id": a.id,
        "at": a.at,
        "actor": a.actor,
        "object_type": a.object_type,
        "object_id": a.object_id,
        "action": a.action,
        "before": a.before,
        "after": a.after,
    }


def api_key(key: ApiKey, raw: str | None = None) -> dict[str, Any]:
    """A key as the admin API shows it: never a secret key's value (but ``raw``, the clear
    value of a key just made, shown once)."""
    shown = {
        "id": key.id,
        "kind": key.kind,
        "prefix": keys.PREFIXES[key.kind],
        "last4": key.hint,
        "value": key.public_value if key.kind == "publishable" else None,
        "status": keys.status(key),
        "created_at": key.created_at,
        "expires_at": key.expires_at,
        "revoked_at": key.revoked_at,
    }
    if raw is not None:
        shown["key"] = raw
    return shown


def enrollment_import(found: EnrollmentImport) -> dict[str, Any]:
    return {**enrollment_import_summary(found), "errors": list(found.errors)}


def enrollment_import_summary(found: EnrollmentImport) -> dict[str, Any]:
    return {
        "id": found.id,
        "status": found.status,
        "filename": found.filename,
        "total": found.total,
        "done": found.done,
        "enrolled": found.enrolled,
        "invited": found.invited,
        "skipped": found.skipped,
        "failed": found.failed,
        "last_error": found.last_error,
        "created_at": found.created_at,
        "started_at": found.started_at,
        "finished_at": found.finished_at,
    }
