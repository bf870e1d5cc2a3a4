"""What the storefront shows of cohorts: each cohort's seats and state for the caller, and
the course's enroll state (``choose_cohort`` until a cohort is picked)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tuition.plugin_api import CatalogContext

from .models import Cohort, WaitlistEntry
from .settings import PLUGIN, waitlist_enabled


def cohorts_by_course(session: Session, course_ids: list[str]) -> dict[str, list[Cohort]]:
    """Active cohorts of the courses, by start date (one query)."""
    grouped: dict[str, list[Cohort]] = defaultdict(list)
    for cohort in session.scalars(
        select(Cohort)
        .where(Cohort.course_id.in_(course_ids), Cohort.active.is_(True))
        .order_by(Cohort.starts_on, Cohort.created_at, Cohort.id)
    ):
        grouped[cohort.course_id].append(cohort)
    return grouped


def cohort_state(cohort: Cohort, now: datetime, offered: bool) -> str:
    if cohort.enrollment_deadline is not None and now > cohort.enrollment_deadline:
        return "registration_closed"
    if cohort.seats_taken >= cohort.capacity and not offered:
        return "full"
    return "available"


class CatalogView:
    """Cohorts of the listed courses and the caller's waitlist entries, loaded once."""

    def __init__(self, ctx: CatalogContext) -> None:
        self.ctx = ctx
        self.cohorts = cohorts_by_course(ctx.session, [c.id for c in ctx.courses])
        self.entries: dict[str, WaitlistEntry] = {}
        ids = [c.id for group in self.cohorts.values() for c in group]
        if ctx.student is not None and ids:
            for entry in ctx.session.scalars(
                select(WaitlistEntry).where(
                    WaitlistEntry.student_id == ctx.student.id,
                    WaitlistEntry.cohort_id.in_(ids),
                    WaitlistEntry.status.in_(("waiting", "offered")),
                )
            ):
                if entry.cohort_id is not None:
                    self.entries[entry.cohort_id] = entry
        self.waitlist = waitlist_enabled(ctx.settings.get(PLUGIN, {}))
        self.course_entries: dict[str, WaitlistEntry] = {}
        limited = [c.id for c in ctx.courses if c.capacity is not None and c.id not in self.cohorts]
        if ctx.student is not None and limited:
            for entry in ctx.session.scalars(
                select(WaitlistEntry).where(
                    WaitlistEntry.student_id == ctx.student.id,
                    WaitlistEntry.course_id.in_(limited),
                    WaitlistEntry.cohort_id.is_(None),
                    WaitlistEntry.status.in_(("waiting", "offered")),
                )
            ):
                self.course_entries[entry.course_id] = entry

    @classmethod
    def of(cls, ctx: CatalogContext) -> CatalogView:
        """The view of ``ctx``, loaded once for both catalogue hooks of a request."""
        view = ctx.memo.get(PLUGIN)
        if not isinstance(view, cls):
            view = ctx.memo[PLUGIN] = cls(ctx)
        return view

    def _open_offer(self, entry: WaitlistEntry | None) -> bool:
        return bool(
            entry
            and entry.status == "offered"
            and entry.offer_expires_at
            and entry.offer_expires_at > self.ctx.now
        )

    def _offered(self, cohort: Cohort) -> bool:
        return self._open_offer(self.entries.get(cohort.id))

    def states(self) -> dict[str, str]:
        overrides: dict[str, str] = {}
        for course in self.ctx.courses:
            group = self.cohorts.get(course.id)
            base = self.ctx.states.get(course.id)
            if not group:
                if base == "full" and self._open_offer(self.course_entries.get(course.id)):
                    overrides[course.id] = "available"  # the offer holds a seat for them
                continue
            if base not in ("available", "login_required"):
                continue
            states = {cohort_state(c, self.ctx.now, self._offered(c)) for c in group}
            if "available" in states:
                overrides[course.id] = "choose_cohort" if base == "available" else base
            else:
                overrides[course.id] = "full" if "full" in states else "registration_closed"
        return overrides

    def extensions(self) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for course in self.ctx.courses:
            group = self.cohorts.get(course.id)
            if not group:
                if course.capacity is not None:
                    found[course.id] = self.course_waitlist(
                        course.id, course.capacity, course.seats_taken
                    )
                continue
            shown = [self.present(c) for c in group]
            found[course.id] = {"cohorts": shown}
            if self.waitlist and shown and all(c["enroll_state"] != "available" for c in shown):
                found[course.id]["waitlist"] = any(c["waitlist"] for c in shown)
        return found

    def course_waitlist(self, course_id: str, capacity: int, taken: int) -> dict[str, Any]:
        """A capacity-limited course without cohorts: its waitlist, for the caller."""
        entry = self.course_entries.get(course_id)
        offered = self._open_offer(entry)
        return {
            "waitlist": self.waitlist and taken >= capacity and not offered,
            "waitlist_status": entry.status if entry else None,
            "offer_expires_at": _iso(entry.offer_expires_at) if offered and entry else None,
        }

    def present(self, cohort: Cohort) -> dict[str, Any]:
        offered = self._offered(cohort)
        state = cohort_state(cohort, self.ctx.now, offered)
        entry = self.entries.get(cohort.id)
        return {
            "slug": cohort.slug,
            "name": cohort.name,
            "capacity": cohort.capacity,
            "seats_left": max(cohort.capacity - cohort.seats_taken, 0),
            "enrollment_deadline": _iso(cohort.enrollment_deadline),
            "starts_on": cohort.starts_on.isoformat() if cohort.starts_on else None,
            "ends_on": cohort.ends_on.isoformat() if cohort.ends_on else None,
            "enroll_state": state,
            "waitlist": self.waitlist and state == "full",
            "waitlist_status": entry.status if entry else None,
            "offer_expires_at": _iso(entry.offer_expires_at) if offered and entry else None,
        }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
