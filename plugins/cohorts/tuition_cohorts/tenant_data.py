"""Cohorts, steps and session options declared in a tenant file::

    [[plugin_data.cohorts.steps]]
    course = "web-bootcamp"
    label = "kickoff"
    title = "Kick-off"

    [[plugin_data.cohorts.cohorts]]
    course = "web-bootcamp"
    slug = "spring-2027"
    name = "Spring 2027"
    capacity = 24

    [[plugin_data.cohorts.options]]
    course = "web-bootcamp"
    cohort = "spring-2027"
    step = "kickoff"
    name = "Monday evening"
    weekday = 0
    start_time = "18:00"
    end_time = "20:00"
    timezone = "Europe/Berlin"
    capacity = 24

Applied idempotently: rows are matched by (course, slug), (course, label) and
(cohort, step, name); what the file declares is updated, nothing is deleted.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from sqlalchemy import select
from sqlalchemy.orm import Session

from tuition.plugin_api import CourseRecord, Host, TenantRecord, ValidationFailed

from .models import Cohort, CourseStep, SessionOption
from .schemas import TIME_RE, valid_timezone

_SLUG = validate.Regexp(
    r"^[a-z0-9][a-z0-9-]{0,63}$", error="Use lowercase letters, digits and dashes."
)
_TIME = validate.Regexp(TIME_RE, error="Use 24-hour HH:MM, e.g. 09:30.")


def _date(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


class StepData(Schema):
    course = fields.String(required=True, validate=_SLUG)
    label = fields.String(required=True, validate=_SLUG)
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    position = fields.Integer(strict=True, load_default=None)


class CohortData(Schema):
    course = fields.String(required=True, validate=_SLUG)
    slug = fields.String(required=True, validate=_SLUG)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    capacity = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=0, max=1_000_000)
    )
    enrollment_deadline = fields.AwareDateTime(load_default=None)
    starts_on = fields.Date(load_default=None)
    ends_on = fields.Date(load_default=None)
    active = fields.Boolean(load_default=True)


class OptionData(Schema):
    course = fields.String(required=True, validate=_SLUG)
    cohort = fields.String(required=True, validate=_SLUG)
    step = fields.String(required=True, validate=_SLUG)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    weekday = fields.Integer(strict=True, load_default=None, validate=validate.Range(min=0, max=6))
    date = fields.Date(load_default=None)
    start_time = fields.String(required=True, validate=_TIME)
    end_time = fields.String(required=True, validate=_TIME)
    timezone = fields.String(load_default="UTC")
    # Left as it is (set in the console, say) unless the file gives it; null clears it.
    location = fields.String(allow_none=True, validate=validate.Length(max=500))
    capacity = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=0, max=1_000_000)
    )

    @validates_schema
    def _consistent(self, data: dict[str, Any], **_: Any) -> None:
        if (data.get("weekday") is None) == (data.get("date") is None):
            raise ValidationError("Give exactly one of weekday and date.", "weekday")
        if data["end_time"] <= data["start_time"]:
            raise ValidationError("Must be after start_time.", "end_time")
        if not valid_timezone(data["timezone"]):
            raise ValidationError("Unknown time zone.", "timezone")


class CohortsData(Schema):
    steps = fields.List(fields.Nested(StepData), load_default=list)
    cohorts = fields.List(fields.Nested(CohortData), load_default=list)
    options = fields.List(fields.Nested(OptionData), load_default=list)


def apply(tuition: Host, session: Session, tenant: TenantRecord, raw: dict[str, Any]) -> list[str]:
    """Upsert the declared steps, cohorts and options through ``session`` (never
    committed here); returns what changed."""
    try:
        data = CohortsData().load(
            {
                key: [
                    {k: _date(v) for k, v in item.items()} if isinstance(item, dict) else item
                    for item in value
                ]
                if isinstance(value, list)
                else value
                for key, value in raw.items()
            }
        )
    except ValidationError as exc:
        raise ValidationFailed(
            {f"plugin_data.cohorts.{k}": v for k, v in dict(exc.messages).items()}  # type: ignore[arg-type]
        ) from None
    courses = {c.slug: c for c in tuition.services.courses(session)}
    changes: list[str] = []

    def course_of(item: dict[str, Any], where: str) -> CourseRecord:
        course = courses.get(item["course"])
        if course is None:
            raise ValidationFailed(
                {f"plugin_data.cohorts.{where}.course": [f"No course {item['course']!r}."]}
            )
        return course

    steps: dict[tuple[str, str], CourseStep] = {
        (s.course_id, s.label): s for s in session.scalars(select(CourseStep))
    }
    for index, item in enumerate(data["steps"]):
        course = course_of(item, f"steps.{index}")
        position = index if item["position"] is None else item["position"]
        step = steps.get((course.id, item["label"]))
        if step is None:
            step = CourseStep(
                tenant_id=tenant.id,
                course_id=course.id,
                label=item["label"],
                title=item["title"],
                position=position,
            )
            session.add(step)
            steps[(course.id, item["label"])] = step
            changes.append(f"step {course.slug}/{item['label']} created")
        elif (step.title, step.position) != (item["title"], position):
            step.title, step.position = item["title"], position
            changes.append(f"step {course.slug}/{item['label']} updated")

    cohorts: dict[tuple[str, str], Cohort] = {
        (c.course_id, c.slug): c for c in session.scalars(select(Cohort))
    }
    for index, item in enumerate(data["cohorts"]):
        course = course_of(item, f"cohorts.{index}")
        values = {
            k: item[k]
            for k in ("name", "capacity", "enrollment_deadline", "starts_on", "ends_on", "active")
        }
        cohort = cohorts.get((course.id, item["slug"]))
        if cohort is None:
            cohort = Cohort(tenant_id=tenant.id, course_id=course.id, slug=item["slug"], **values)
            session.add(cohort)
            cohorts[(course.id, item["slug"])] = cohort
            changes.append(f"cohort {course.slug}/{item['slug']} created")
            continue
        changed = {k: v for k, v in values.items() if getattr(cohort, k) != v}
        if changed.get("capacity", cohort.capacity) < cohort.seats_taken:
            raise ValidationFailed(
                {
                    f"plugin_data.cohorts.cohorts.{index}.capacity": [
                        f"Below the {cohort.seats_taken} seats already taken."
                    ]
                }
            )
        raised = changed.get("capacity", cohort.capacity) > cohort.capacity
        for key, value in changed.items():
            setattr(cohort, key, value)
        if changed:
            changes.append(f"cohort {course.slug}/{item['slug']} updated")
        if raised:  # new seats go to the students waiting first
            session.flush()
            from .waitlist import seats_freed

            seats_freed(tuition, session, tenant, cohort)
    session.flush()

    options: dict[tuple[str, str, str], SessionOption] = {
        (o.cohort_id, o.step_id, o.name): o for o in session.scalars(select(SessionOption))
    }
    for index, item in enumerate(data["options"]):
        where = f"plugin_data.cohorts.options.{index}"
        course = course_of(item, f"options.{index}")
        found_cohort = cohorts.get((course.id, item["cohort"]))
        found_step = steps.get((course.id, item["step"]))
        if found_cohort is None or found_step is None:
            raise ValidationFailed({where: ["Unknown cohort or step of this course."]})
        values = {
            "weekday": item["weekday"],
            "on_date": item["date"],
            "start_time": item["start_time"],
            "end_time": item["end_time"],
            "timezone": item["timezone"],
            "capacity": item["capacity"],
            **({"location": item["location"]} if "location" in item else {}),
        }
        option = options.get((found_cohort.id, found_step.id, item["name"]))
        if option is None:
            session.add(
                SessionOption(
                    tenant_id=tenant.id,
                    cohort_id=found_cohort.id,
                    step_id=found_step.id,
                    name=item["name"],
                    **values,
                )
            )
            changes.append(f"option {item['cohort']}/{item['step']}/{item['name']} created")
            continue
        changed = {k: v for k, v in values.items() if getattr(option, k) != v}
        if changed.get("capacity", option.capacity) < option.seats_taken:
            raise ValidationFailed(
                {f"{where}.capacity": [f"Below the {option.seats_taken} seats already booked."]}
            )
        for key, value in changed.items():
            setattr(option, key, value)
        if changed:
            changes.append(f"option {item['cohort']}/{item['step']}/{item['name']} updated")
    session.flush()
    return changes
