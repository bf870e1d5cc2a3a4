"""Recording plugins for tests (register them through the ``tuition_plugins`` fixture)."""

from __future__ import annotations

from typing import Any

from tuition.models import Enrollment
from tuition.plugin_api import (
    CatalogContext,
    DomainEvent,
    EnrollmentContext,
    JobContext,
    PluginInfo,
    Problem,
    Recommendation,
    hookimpl,
)


class Recorder:
    """Implements every dispatch hook and records each call."""

    TUITION_PLUGIN = PluginInfo(title="Recorder", category="test")

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.refuse: set[str] = set()
        self.state_override: dict[str, str] = {}
        self.recommend: list[str] = []
        self.fail_after_enrollment = False

    @hookimpl
    def tuition_problem_codes(self) -> dict[str, str]:
        return {"recorder_says_no": "The recorder refuses this course (``refuse``)."}

    @hookimpl
    def tuition_enrollment_checks(self, ctx: EnrollmentContext) -> list[Problem]:
        self.calls.append(("checks", ctx.course.slug))
        if ctx.course.slug in self.refuse:
            return [Problem("recorder_says_no", "The recorder refuses this course.")]
        return []

    @hookimpl
    def tuition_enroll_state(self, ctx: CatalogContext) -> dict[str, str]:
        self.calls.append(("enroll_state", [c.slug for c in ctx.courses]))
        return {
            c.id: self.state_override[c.slug] for c in ctx.courses if c.slug in self.state_override
        }

    @hookimpl
    def tuition_after_enrollment(self, enrollment: Enrollment, job: JobContext) -> None:
        # The job has its own session: the enrollment row must be committed and visible.
        row = job.session.get(Enrollment, enrollment.id)
        assert row is not None
        self.calls.append(("after_enrollment", (enrollment.course.slug, row.status)))
        if self.fail_after_enrollment:
            raise RuntimeError("post-enrollment action failed")

    @hookimpl
    def tuition_event(self, event: DomainEvent) -> None:
        self.calls.append(("event", (event.type, dict(event.data))))

    @hookimpl
    def tuition_recommendations(self, ctx: CatalogContext, limit: int) -> list[Recommendation]:
        self.calls.append(("recommendations", limit))
        by_slug = {c.slug: c for c in ctx.courses}
        return [
            Recommendation(by_slug[s].id, f"because {s}", score=float(i))
            for i, s in enumerate(self.recommend)
            if s in by_slug
        ]

    def called(self, name: str) -> list[Any]:
        return [args for hook, args in self.calls if hook == name]

    @property
    def activated(self) -> list[Any]:
        """``(course slug, enrollment status)`` of each post-enrollment call: one per
        activation, the status as committed when the job ran."""
        return self.called("after_enrollment")

    def events(self, type_: str) -> list[Any]:
        """The data of each domain event ``type_`` (``"order.paid"``, …) received."""
        return [data for kind, data in self.called("event") if kind == type_]


class SecondRecorder:
    """Only acts after enrollments; used to prove one failing action does not stop others."""

    TUITION_PLUGIN = PluginInfo(title="Second recorder", category="test")

    def __init__(self) -> None:
        self.seen: list[str] = []

    @hookimpl
    def tuition_after_enrollment(self, enrollment: Enrollment) -> None:
        self.seen.append(enrollment.id)
