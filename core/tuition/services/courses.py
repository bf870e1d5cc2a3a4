"""Course administration: create, update, delete, with the rules that keep a catalogue sound."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import nullcontext
from typing import TYPE_CHECKING, Any

from marshmallow import ValidationError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tuition.models import Course, CourseNext, CoursePrerequisite, Enrollment, Tenant
from tuition.plugin_api import Conflict, NotFound, ValidationFailed
from tuition.services import audit, plans
from tuition.services.tenants import SLUG_RE

if TYPE_CHECKING:
    from tuition.runtime import Tuition

EDITABLE = (
    "title",
    "summary",
    "status",
    "pricing_model",
    "capacity",
    "registration_deadline",
    "unlisted",
)


def get_course(session: Session, slug: str) -> Course:
    """The course ``slug`` of the session's tenant, or NotFound."""
    course = session.scalar(select(Course).where(Course.slug == slug))
    if course is None:
        raise NotFound(f"No course with slug {slug!r}.")
    return course


def create_course(
    tuition: Tuition,
    session: Session,
    tenant: Tenant,
    data: Mapping[str, Any],
    *,
    check_plan: bool = False,
) -> Course:
    """Create a course from validated fields, flushed in the caller's transaction (the
    caller commits). With ``check_plan`` a published course that could not be sold is
    refused (``plugin_plan_rejected``, see :mod:`tuition.services.plans`)."""
    slug = data["slug"]
    if not SLUG_RE.match(slug):
        raise ValidationFailed({"slug": ["Use lowercase letters, digits and dashes."]})
    if session.scalar(select(Course.id).where(Course.slug == slug)):
        raise Conflict(f"A course with slug {slug!r} exists.", code="course_exists")
    course = Course(tenant_id=tenant.id, slug=slug, attributes={}, seats_taken=0)
    with plans.guard(tuition, session, tenant) if check_plan else nullcontext():
        _apply(tuition, session, tenant, course, {"status": "draft", "summary": "", **data})
        session.add(course)
        try:  # a concurrent creation of the same slug loses here, not with a 500
            session.flush()
        except IntegrityError as exc:
            raise Conflict(f"A course with slug {slug!r} exists.", code="course_exists") from exc
    audit.record(session, tenant.id, "course", course.slug, "created", None, snapshot(course))
    _flush(session, slug)
    return course


def update_course(
    tuition: Tuition,
    session: Session,
    tenant: Tenant,
    slug: str,
    data: Mapping[str, Any],
    *,
    check_plan: bool = False,
) -> Course:
    """Apply a partial update, flushed in the caller's transaction (the caller commits).
    With ``check_plan`` an update that leaves the course published but unsellable is refused
    (``plugin_plan_rejected``)."""
    course = get_course(session, slug)
    if "slug" in data and data["slug"] != course.slug:
        raise ValidationFailed({"slug": ["A course's slug cannot change."]})
    before = snapshot(course)
    with plans.guard(tuition, session, tenant) if check_plan else nullcontext():
        _apply(tuition, session, tenant, course, data)
        session.flush()
    after = snapshot(course)
    if after != before:
        audit.record(
            session,
            tenant.id,
            "course",
            course.slug,
            "updated",
            {k: v for k, v in before.items() if after.get(k) != v},
            {k: v for k, v in after.items() if before.get(k) != v},
        )
    _flush(session, slug)
    return course


def delete_course(session: Session, slug: str) -> None:
    """Delete a course nobody ever enrolled in (in the caller's transaction); otherwise
    ask to archive it."""
    course = get_course(session, slug)
    used = session.scalar(
        select(func.count()).select_from(Enrollment).where(Enrollment.course_id == course.id)
    )
    if used:
        raise Conflict(
            "This course has enrollments; archive it instead (status: archived).",
            code="course_has_enrollments",
        )
    audit.record(
        session, course.tenant_id, "course", course.slug, "deleted", snapshot(course), None
    )
    session.delete(course)
    _flush(session, slug)


def set_plugin_attributes(
    tuition: Tuition, session: Session, course: Course, plugin: str, values: Mapping[str, Any]
) -> bool:
    """Replace ``course.attributes[plugin]`` with ``values`` at the plugin's request (e.g. ids
    a sync stored): validated by the plugin's attributes schema like an admin's write, and
    audited as an update of the course. Flushes, never commits. False, and nothing written,
    when the validated values are stored already."""
    errors: dict[str, list[str]] = {}
    clean = _validate_attributes(tuition, {plugin: values}, errors)
    if errors:
        raise ValidationFailed(errors)
    current = dict(course.attributes or {})
    if plugin in current and current[plugin] == clean[plugin]:
        return False
    key = f"attributes.{plugin}"
    course.attributes = {**current, plugin: clean[plugin]}
    session.flush()
    audit.record(
        session,
        course.tenant_id,
        "course",
        course.slug,
        "updated",
        {key: current.get(plugin)},
        {key: clean[plugin]},
    )
    return True


def snapshot(course: Course) -> dict[str, Any]:
    """The audited fields of a course, JSON-ready."""
    return {
        "title": course.title,
        "status": course.status,
        "pricing_model": course.pricing_model,
        "price_amount": course.price_amount,
        "price_currency": course.price_currency,
        "capacity": course.capacity,
        "registration_deadline": (
            course.registration_deadline.isoformat() if course.registration_deadline else None
        ),
        "unlisted": bool(course.unlisted),
    }


def _flush(session: Session, slug: str) -> None:
    """Write the change now, so a conflict answers 409 (the caller's transaction is then
    rolled back by its owner)."""
    try:
        session.flush()
    except IntegrityError as exc:
        raise Conflict(
            f"Course {slug!r} changed concurrently or conflicts; retry.", code="conflict"
        ) from exc


def _apply(
    tuition: Tuition, session: Session, tenant: Tenant, course: Course, data: Mapping[str, Any]
) -> None:
    """Validate ``data`` against the course it would make, then apply it. Nothing is changed
    (or flushed) before every field is valid, so a refusal leaves the session as it was."""
    errors: dict[str, list[str]] = {}
    wanted = {name: data[name] if name in data else getattr(course, name) for name in EDITABLE}
    amount, currency = course.price_amount, course.price_currency
    if "price" in data:
        price = data["price"]
        amount, currency = (price["amount"], price["currency"]) if price else (None, None)

    enabled = tuition.hooks(tenant).enabled
    model = tuition.plugins.pricing_model(wanted["pricing_model"], enabled)
    if model is None:
        available = sorted(tuition.plugins.pricing_models(enabled))
        errors["pricing_model"] = [
            f"Unknown or disabled pricing model {wanted['pricing_model']!r}; "
            f"enabled here: {', '.join(available) or 'none'}."
        ]
    elif model.requires_price and amount is None:
        errors["price"] = [f"Pricing model {model.name!r} needs a price."]
    if wanted["capacity"] is not None and wanted["capacity"] < course.seats_taken:
        errors["capacity"] = [f"{course.seats_taken} seats are taken already."]

    attributes = (
        _validate_attributes(tuition, data["attributes"] or {}, errors)
        if "attributes" in data
        else None
    )
    links = {
        field: _resolve(session, course, data[field], field, errors)
        for field in ("prerequisites", "next_courses")
        if field in data
    }
    if errors:
        raise ValidationFailed(errors)

    for name in EDITABLE:
        if name in data:
            setattr(course, name, data[name])
    if "price" in data:
        course.price_amount, course.price_currency = amount, currency
    if attributes is not None:
        course.attributes = attributes
    if "prerequisites" in links:
        course.prerequisite_links = [
            CoursePrerequisite(tenant_id=tenant.id, required_course=target)
            for target in links["prerequisites"]
        ]
    if "next_courses" in links:
        course.next_links = [
            CourseNext(tenant_id=tenant.id, next_course=target, position=index)
            for index, target in enumerate(links["next_courses"])
        ]


def _resolve(
    session: Session,
    course: Course,
    slugs: Sequence[str],
    field: str,
    errors: dict[str, list[str]],
) -> list[Course]:
    if len(set(slugs)) != len(slugs):
        errors[field] = ["Each course may appear once."]
        return []
    if course.slug in slugs:
        errors[field] = ["A course cannot refer to itself."]
        return []
    found = {c.slug: c for c in session.scalars(select(Course).where(Course.slug.in_(slugs)))}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        errors[field] = [f"Unknown course: {slug}." for slug in missing]
        return []
    return [found[slug] for slug in slugs]


def _validate_attributes(
    tuition: Tuition, attributes: Mapping[str, Any], errors: dict[str, list[str]]
) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for plugin_name, values in attributes.items():
        plugin = tuition.plugins.plugins.get(plugin_name)
        schema = plugin.attributes_schema if plugin else None
        if schema is None:
            errors[f"attributes.{plugin_name}"] = [
                f"No installed plugin {plugin_name!r} keeps course attributes."
            ]
            continue
        try:
            clean[plugin_name] = schema().dump(schema().load(values or {}))
        except ValidationError as exc:
            messages = exc.messages if isinstance(exc.messages, dict) else {"_": exc.messages}
            for key, message in messages.items():
                errors[f"attributes.{plugin_name}.{key}"] = list(message)
    return clean
