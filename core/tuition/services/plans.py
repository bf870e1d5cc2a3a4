"""Plans: what an admin change would do to a tenant's published courses.

Every admin change (the tenant, a course, a plugin, a tenant file) goes through the same
check: :func:`guard` notes which published courses are sellable before the change, the
change is applied inside the caller's transaction, and the state it produced is checked
before anything is committed. A change that would leave a published course unsellable
(its pricing model's plugin off, no enabled provider for its currency, a required plugin
missing), publishes a course that cannot be sold, or leaves an enabled plugin without a
plugin it requires is refused with 409 ``plugin_plan_rejected`` naming each course and the
missing piece; the caller's transaction is then rolled back, so nothing changes. Courses
that were already published and unsellable do not block unrelated changes. The preview
(:func:`preview`) shows the effect of switching plugins without applying anything.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from tuition.models import Course, Tenant
from tuition.plugin_api import Conflict

if TYPE_CHECKING:
    from tuition.runtime import Tuition


@dataclass(frozen=True)
class CourseImpact:
    """A published course whose sellability a plan changes."""

    course: str
    before: str  # "available" | "not_available"
    after: str
    reason: str | None


@dataclass
class Plan:
    enabled: frozenset[str]
    impacts: list[CourseImpact]
    missing_requirements: dict[str, list[str]]

    @property
    def breaks(self) -> list[CourseImpact]:
        return [i for i in self.impacts if i.after == "not_available"]


def unsellable(
    tuition: Tuition, tenant: Tenant, course: Course, enabled: frozenset[str]
) -> str | None:
    """Why ``course`` could not be sold with ``enabled`` plugins, or None."""
    model = tuition.plugins.pricing_model(course.pricing_model, enabled)
    if model is None:
        owners = [
            p.name
            for p in tuition.plugins.plugins.values()
            if any(m.name == course.pricing_model for m in p.pricing_models)
        ]
        needs = f"plugin {owners[0]!r}" if owners else "a plugin that provides it"
        return f"pricing model {course.pricing_model!r} needs {needs} enabled"
    return model.why_not_sellable(tuition, tenant, course, enabled)


def preview(tuition: Tuition, session: Session, tenant: Tenant, enabled: frozenset[str]) -> Plan:
    """The effect of switching ``tenant`` to the plugin set ``enabled``."""
    current = tuition.hooks(tenant).enabled
    impacts = []
    for course in session.scalars(
        select(Course)
        .where(Course.tenant_id == tenant.id, Course.status == "published")
        .order_by(Course.slug)
    ):
        was = unsellable(tuition, tenant, course, current)
        will = unsellable(tuition, tenant, course, enabled)
        if (was is None) != (will is None):
            impacts.append(
                CourseImpact(
                    course.slug,
                    "not_available" if was else "available",
                    "not_available" if will else "available",
                    will or was,
                )
            )
    return Plan(enabled, impacts, missing_requirements(tuition, enabled))


def missing_requirements(tuition: Tuition, enabled: frozenset[str]) -> dict[str, list[str]]:
    """Each plugin of ``enabled`` with the plugins it requires that ``enabled`` lacks."""
    missing = {
        name: [req for req in tuition.plugins.plugins[name].info.requires if req not in enabled]
        for name in sorted(enabled)
        if name in tuition.plugins.plugins
    }
    return {name: reqs for name, reqs in missing.items() if reqs}


@dataclass(frozen=True)
class Baseline:
    """A tenant's state before a change: why each published course cannot be sold (None
    when it can) and the plugins missing a plugin they require."""

    courses: dict[str, str | None] = field(default_factory=dict)
    missing_requirements: dict[str, list[str]] = field(default_factory=dict)


def baseline(tuition: Tuition, session: Session, tenant: Tenant) -> Baseline:
    """The tenant's state as ``session`` holds it now (take it before changing anything)."""
    enabled = tuition.hooks(tenant).enabled
    return Baseline(
        {
            course.slug: unsellable(tuition, tenant, course, enabled)
            for course in session.scalars(
                select(Course).where(Course.tenant_id == tenant.id, Course.status == "published")
            )
        },
        missing_requirements(tuition, enabled),
    )


def check(tuition: Tuition, session: Session, tenant: Tenant, before: Baseline) -> None:
    """Refuse (409 ``plugin_plan_rejected``) the state ``session`` now holds if, compared
    with ``before``, a published course became unsellable (or was published unsellable) or
    an enabled plugin lacks a plugin it requires. The caller rolls back on the error."""
    after = baseline(tuition, session, tenant)
    # Broken: unsellable now, and not a course that was published and unsellable before.
    breaks = sorted(
        (slug, reason)
        for slug, reason in after.courses.items()
        if reason is not None and before.courses.get(slug) is None
    )
    missing = {
        name: reqs
        for name, reqs in after.missing_requirements.items()
        if set(reqs) - set(before.missing_requirements.get(name, []))
    }
    if breaks or missing:
        raise rejected(breaks, missing)


@contextmanager
def guard(tuition: Tuition, session: Session, tenant: Tenant) -> Iterator[None]:
    """Run the change in the ``with`` block, then :func:`check` the state it produced."""
    before = baseline(tuition, session, tenant)
    yield
    check(tuition, session, tenant, before)


def rejected(breaks: list[tuple[str, str]], missing: dict[str, list[str]]) -> Conflict:
    """The ``plugin_plan_rejected`` error: each broken course with what it misses, and each
    plugin with the plugins it requires."""
    details = [f"course {slug!r}: {reason}" for slug, reason in breaks] + [
        f"plugin {name!r} requires {', '.join(reqs)}" for name, reqs in missing.items()
    ]
    return Conflict(
        "This change would leave the site broken: " + "; ".join(details) + ".",
        code="plugin_plan_rejected",
        courses=[{"course": slug, "missing": reason} for slug, reason in breaks],
        missing_requirements=missing,
    )
