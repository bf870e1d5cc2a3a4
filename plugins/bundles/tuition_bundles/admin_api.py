"""Admin API of the bundles plugin (secret key or staff token): which courses a bundle
holds. The bundle itself is a course (``/v1/admin/courses``: title, price, status).
Every path answers 404 for tenants that did not enable the plugin."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from tuition.plugin_api import (
    ADMIN,
    CourseRecord,
    NotFound,
    PluginBlueprint,
    ValidationFailed,
    problems,
)
from tuition.plugin_api.web import db
from tuition.plugin_api.web import host as tuition

from .grants import PLUGIN, is_bundle, member_slugs
from .schemas import BundleOut, BundlePage, BundleQuery, BundleWrite

blp = PluginBlueprint(
    "bundles_admin",
    __name__,
    plugin=PLUGIN,
    audience="admin",
    url_prefix="/v1/admin/bundles",
    description="Bundles: several courses sold together at one price (bundles plugin).",
)


def _doc(operation_id: str) -> dict[str, Any]:
    return {"security": ADMIN, "operationId": operation_id, "tags": ["admin"]}


def _price(course: CourseRecord) -> dict[str, Any] | None:
    if course.price_amount is None or course.price_currency is None:
        return None
    return {"amount": course.price_amount, "currency": course.price_currency}


def present(bundle: CourseRecord, by_slug: dict[str, CourseRecord]) -> dict[str, Any]:
    found = [by_slug[s] for s in member_slugs(bundle) if s in by_slug]
    totals: dict[str, int] = {}
    for course in found:
        if course.price_amount is not None and course.price_currency is not None:
            totals[course.price_currency] = totals.get(course.price_currency, 0) + (
                course.price_amount
            )
    return {
        "course": bundle.slug,
        "title": bundle.title,
        "status": bundle.status,
        "pricing_model": bundle.pricing_model,
        "price": _price(bundle),
        "courses": [
            {"slug": c.slug, "title": c.title, "status": c.status, "price": _price(c)}
            for c in found
        ],
        "list_total": [{"amount": a, "currency": c} for c, a in sorted(totals.items())],
    }


def _all_courses() -> dict[str, CourseRecord]:
    return {c.slug: c for c in tuition().services.courses(db())}


def _course(slug: str) -> CourseRecord:
    found = tuition().services.course(db(), slug=slug)
    if found is None:
        raise NotFound(f"No course with slug {slug!r}.")
    return found


@blp.route("")
class Bundles(MethodView):
    @blp.doc(**_doc("listBundles"))
    @blp.arguments(BundleQuery, location="query")
    @blp.response(200, BundlePage)
    @problems(blp, 401, 404, 422)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """The site's bundles by slug, with their courses."""
        by_slug = _all_courses()
        bundles = [c for c in by_slug.values() if is_bundle(c)]
        bundles.sort(key=lambda c: c.slug)
        page, size = query["page"], query["page_size"]
        shown = bundles[(page - 1) * size : page * size]
        return {
            "items": [present(b, by_slug) for b in shown],
            "page": page,
            "page_size": size,
            "total": len(bundles),
        }


@blp.route("/<string:bundle>")
class BundleResource(MethodView):
    @blp.doc(**_doc("getBundle"))
    @blp.response(200, BundleOut)
    @problems(blp, 401, 404)
    def get(self, bundle: str) -> dict[str, Any]:
        """One bundle with its courses; 404 when the course is no bundle."""
        found = _course(bundle)
        if not is_bundle(found):
            raise NotFound(f"Course {bundle!r} is no bundle.")
        return present(found, _all_courses())

    @blp.doc(**_doc("putBundle"))
    @blp.arguments(BundleWrite)
    @blp.response(200, BundleOut)
    @problems(blp, 401, 404, 409, 422)
    def put(self, data: dict[str, Any], bundle: str) -> dict[str, Any]:
        """Make course ``bundle`` (a slug) a bundle of ``courses`` (or change its courses).
        Each must be another course of the site, no bundle itself, named once."""
        found = _course(bundle)
        by_slug = _all_courses()
        errors: dict[str, list[str]] = {}
        seen: set[str] = set()
        for index, member in enumerate(data["courses"]):
            course = by_slug.get(member)
            if member == bundle:
                errors[f"courses.{index}"] = ["A bundle cannot hold itself."]
            elif member in seen:
                errors[f"courses.{index}"] = [f"Course {member!r} is listed twice."]
            elif course is None:
                errors[f"courses.{index}"] = [f"No course with slug {member!r}."]
            elif is_bundle(course):
                errors[f"courses.{index}"] = [f"Course {member!r} is a bundle itself."]
            seen.add(member)
        if errors:
            raise ValidationFailed(errors)
        if any(bundle in member_slugs(c) for c in by_slug.values()):
            raise ValidationFailed({"course": [f"Course {bundle!r} is in a bundle itself."]})
        tuition().services.set_course_attributes(db(), found, PLUGIN, {"courses": data["courses"]})
        return present(found, by_slug)

    @blp.doc(**_doc("deleteBundle"))
    @blp.response(204)
    @problems(blp, 401, 404)
    def delete(self, bundle: str) -> None:
        """Course ``bundle`` stops being a bundle (it stays a course). Enrollments bought
        before keep their courses; open checkouts still get them when paid."""
        found = _course(bundle)
        if not is_bundle(found):
            raise NotFound(f"Course {bundle!r} is no bundle.")
        tuition().services.set_course_attributes(db(), found, PLUGIN, {})
