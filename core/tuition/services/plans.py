"""Plugin plans: what a change of a tenant's plugins would do to its published courses.

A change that would leave a published course unsellable (its pricing model's plugin off,
no enabled provider for its currency, a required plugin missing) is refused with an error
naming each course and the missing piece; the preview shows the same without applying.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from tuition.errors import Conflict
from tuition.models import Course, Tenant

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


def unsellable(tuition: Tuition, tenant: Tenant, course: Course,
               enabled: frozenset[str]) -> str | None:
    """Why ``course`` could not be sold with ``enabled`` plugins, or None."""
    model = tuition.plugins.pricing_model(course.pricing_model, enabled)
    if model is None:
        owners = [p.name for p in tuition.plugins.plugins.values()
                  if any(m.name == course.pricing_model for m in p.pricing_models)]
        needs = f"plugin {owners[0]!r}" if owners else "a plugin that provides it"
        return f"pricing model {course.pricing_model!r} needs {needs} enabled"
    return model.why_not_sellable(tuition, tenant, course, enabled)


def preview(tuition: Tuition, session: Session, tenant: Tenant,
            enabled: frozenset[str]) -> Plan:
    """The effect of switching ``tenant`` to the plugin set ``enabled``."""
    current = tuition.hooks(tenant).enabled
    impacts = []
    for course in session.scalars(select(Course).where(Course.status == "published")
                                  .order_by(Course.slug)):
        was = unsellable(tuition, tenant, course, current)
        will = unsellable(tuition, tenant, course, enabled)
        if (was is None) != (will is None):
            impacts.append(CourseImpact(
                course.slug, "not_available" if was else "available",
                "not_available" if will else "available", will or was))
    missing = {
        name: [req for req in tuition.plugins.plugins[name].info.requires
               if req not in enabled]
        for name in sorted(enabled) if name in tuition.plugins.plugins
    }
    return Plan(enabled, impacts, {k: v for k, v in missing.items() if v})


def enforce(tuition: Tuition, session: Session, tenant: Tenant,
            enabled: frozenset[str]) -> None:
    """Refuse a plugin set that breaks published courses or misses required plugins."""
    plan = preview(tuition, session, tenant, enabled)
    if plan.breaks or plan.missing_requirements:
        problems = [{"course": i.course, "missing": i.reason} for i in plan.breaks]
        details = [f"course {i.course!r}: {i.reason}" for i in plan.breaks] + [
            f"plugin {name!r} requires {', '.join(reqs)}"
            for name, reqs in plan.missing_requirements.items()]
        raise Conflict("This change would leave the site broken: " + "; ".join(details) + ".",
                       code="plugin_plan_rejected", courses=problems,
                       missing_requirements=plan.missing_requirements)
