"""marshmallow schemas of the cohorts admin and student APIs (snake_case JSON, like core)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from tuition.plugin_api import Out, PageQuery, UTCDateTime, page_of, slug_field

MAX_CAPACITY = 1_000_000
MAX_POSITION = 10_000
TIME_RE = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$")
WEEKDAYS = "0 = Monday … 6 = Sunday"
# Names the tz database ships that are not places: the machine's own zone and helpers.
_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones()) - _NOT_ZONES


def valid_timezone(value: str) -> bool:
    """Whether ``value`` is an IANA zone name (``Europe/Berlin``) that zoneinfo can load."""
    if value not in _zones():
        return False
    try:
        ZoneInfo(value)
    except (ValueError, LookupError, OSError):
        return False
    return True


def _check_timezone(value: str) -> None:
    if not valid_timezone(value):
        raise ValidationError("Use an IANA time zone name such as Europe/Berlin.")


def _name(**kwargs: Any) -> fields.String:
    return fields.String(validate=validate.Length(min=1, max=200), **kwargs)


def _capacity(**kwargs: Any) -> fields.Integer:
    return fields.Integer(strict=True, validate=validate.Range(min=0, max=MAX_CAPACITY), **kwargs)


def _location() -> fields.String:
    return fields.String(
        allow_none=True,
        validate=validate.Length(max=500),
        metadata={"description": "Where: a room, an address or a meeting link (free text)."},
    )


def _time(
    description: str = "24-hour HH:MM in the option's timezone.", **kwargs: Any
) -> fields.String:
    return fields.String(
        validate=validate.Regexp(TIME_RE, error="Use 24-hour HH:MM, e.g. 09:30."),
        metadata={"example": "18:00", "description": description},
        **kwargs,
    )


# -- cohorts ----------------------------------------------------------------------------


class CohortUpdate(Schema):
    """Every field optional; a cohort's slug cannot change (students enroll with it)."""

    name = _name()
    capacity = _capacity(
        metadata={
            "description": "Seats of the cohort; not below the seats taken (held ones count)."
        }
    )
    enrollment_deadline = UTCDateTime(
        allow_none=True,
        metadata={
            "description": "No enrollment after this instant (ISO 8601; no offset means UTC)."
        },
    )
    starts_on = fields.Date(allow_none=True)
    ends_on = fields.Date(allow_none=True, metadata={"description": "Not before starts_on."})
    active = fields.Boolean(
        metadata={
            "description": "Inactive cohorts take no enrollments "
            "and are not listed in the catalogue."
        }
    )

    @validates_schema
    def _dates_in_order(self, data: dict[str, Any], **_kwargs: Any) -> None:
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts is not None and ends is not None and ends < starts:
            raise ValidationError("Must not be before starts_on.", "ends_on")


class CohortWrite(CohortUpdate):
    slug = slug_field(
        required=True,
        metadata={"description": "Unique per course; students enroll with ``{course, cohort}``."},
    )
    name = _name(required=True)
    capacity = _capacity(required=True)
    active = fields.Boolean(load_default=True)


class CohortOut(Out):
    id = fields.String()
    course = fields.String(metadata={"description": "The course's slug."})
    slug = fields.String()
    name = fields.String()
    capacity = fields.Integer()
    seats_taken = fields.Integer(
        metadata={
            "description": "Seats counted against capacity: taken, held during a checkout, or "
            "reserved for a waitlist offer."
        }
    )
    seats_left = fields.Integer()
    enrollment_deadline = fields.DateTime(allow_none=True)
    starts_on = fields.Date(allow_none=True)
    ends_on = fields.Date(allow_none=True)
    active = fields.Boolean()
    created_at = fields.DateTime()


CohortPage = page_of(CohortOut, "CohortPage")


# -- steps ------------------------------------------------------------------------------


class StepUpdate(Schema):
    label = slug_field(metadata={"description": "Unique per course, e.g. ``week-1``."})
    title = _name()
    position = fields.Integer(
        strict=True,
        validate=validate.Range(min=0, max=MAX_POSITION),
        metadata={"description": "Steps are shown in this order."},
    )


class StepWrite(StepUpdate):
    label = slug_field(required=True, metadata={"description": "Unique per course."})
    title = _name(required=True)
    position = fields.Integer(
        strict=True,
        validate=validate.Range(min=0, max=MAX_POSITION),
        metadata={"description": "Default: after the last step."},
    )


class StepOut(Out):
    id = fields.String()
    course = fields.String(metadata={"description": "The course's slug."})
    label = fields.String()
    title = fields.String()
    position = fields.Integer()


class StepList(Out):
    items = fields.List(fields.Nested(StepOut))


# -- session options --------------------------------------------------------------------


class OptionUpdate(Schema):
    """Every field optional; the step of an option cannot change."""

    name = _name()
    weekday = fields.Integer(
        strict=True,
        allow_none=True,
        validate=validate.Range(min=0, max=6),
        metadata={"description": f"Weekly on this day ({WEEKDAYS})."},
    )
    date = fields.Date(
        allow_none=True, attribute="on_date", metadata={"description": "Once, on this date."}
    )
    start_time = _time()
    end_time = _time("After start_time, same day.")
    timezone = fields.String(
        validate=[validate.Length(min=1, max=64), _check_timezone],
        metadata={"description": "IANA zone of the times, e.g. Europe/Berlin."},
    )
    location = _location()
    capacity = _capacity(metadata={"description": "Not below the seats taken."})

    @validates_schema
    def _consistent(self, data: dict[str, Any], **_kwargs: Any) -> None:
        errors: dict[str, list[str]] = {}
        start, end = data.get("start_time"), data.get("end_time")
        if start is not None and end is not None and end <= start:
            errors["end_time"] = ["Must be after start_time."]
        if data.get("weekday") is not None and data.get("on_date") is not None:
            errors["date"] = ["Give a weekday or a date, not both."]
        if errors:
            raise ValidationError(errors)


class OptionWrite(OptionUpdate):
    step = fields.String(
        required=True,
        validate=validate.Length(min=1, max=64),
        metadata={"description": "The step's label or id (a step of the cohort's course)."},
    )
    name = _name(required=True)
    start_time = _time(required=True)
    end_time = _time("After start_time, same day.", required=True)
    timezone = fields.String(
        load_default="UTC",
        validate=[validate.Length(min=1, max=64), _check_timezone],
        metadata={"description": "IANA zone of the times, e.g. Europe/Berlin."},
    )
    capacity = _capacity(required=True)

    @validates_schema
    def _weekday_or_date(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if data.get("weekday") is None and data.get("on_date") is None:
            raise ValidationError(
                {"weekday": ["Give a weekday or a date."], "date": ["Give a weekday or a date."]}
            )


class OptionOut(Out):
    id = fields.String()
    cohort_id = fields.String()
    step = fields.String(metadata={"description": "The step's label."})
    step_id = fields.String()
    name = fields.String()
    weekday = fields.Integer(allow_none=True, metadata={"description": WEEKDAYS})
    date = fields.Date(allow_none=True, attribute="on_date")
    start_time = fields.String()
    end_time = fields.String()
    timezone = fields.String()
    location = fields.String(allow_none=True)
    capacity = fields.Integer()
    seats_taken = fields.Integer()
    seats_left = fields.Integer()


class OptionList(Out):
    items = fields.List(fields.Nested(OptionOut))


# -- roster -----------------------------------------------------------------------------


class RosterStepOut(Out):
    step = fields.String(metadata={"description": "The step's label."})
    status = fields.String(metadata={"enum": ["unbooked", "booked", "completed"]})
    option_id = fields.String(allow_none=True)
    option_name = fields.String(allow_none=True)
    booked_at = fields.DateTime(allow_none=True)
    completed_at = fields.DateTime(allow_none=True)


class RosterEntryOut(Out):
    enrollment_id = fields.String()
    enrollment_status = fields.String()
    student_id = fields.String()
    student_email = fields.String(allow_none=True)
    seat_status = fields.String(metadata={"enum": ["held", "taken"]})
    hold_until = fields.DateTime(
        allow_none=True,
        metadata={"description": "While held: the checkout may complete until then."},
    )
    steps = fields.List(fields.Nested(RosterStepOut))


class RosterCounts(Out):
    capacity = fields.Integer()
    seats_taken = fields.Integer()
    held = fields.Integer()
    taken = fields.Integer()
    seats_left = fields.Integer()
    waiting = fields.Integer(metadata={"description": "Waitlist entries waiting or offered."})


class RosterOut(Out):
    cohort = fields.Nested(CohortOut)
    counts = fields.Nested(RosterCounts)
    items = fields.List(fields.Nested(RosterEntryOut))
    page = fields.Integer()
    page_size = fields.Integer()
    total = fields.Integer()


RosterQuery = PageQuery


# -- student: steps and bookings --------------------------------------------------------


class SessionOut(Out):
    id = fields.String()
    name = fields.String()
    weekday = fields.Integer(allow_none=True, metadata={"description": WEEKDAYS})
    date = fields.Date(allow_none=True, attribute="on_date")
    start_time = fields.String()
    end_time = fields.String()
    timezone = fields.String()
    location = fields.String(allow_none=True)


class SessionChoiceOut(SessionOut):
    seats_left = fields.Integer()


class MyStepOut(Out):
    step = fields.String(metadata={"description": "The step's label (use it to book)."})
    title = fields.String()
    position = fields.Integer()
    status = fields.String(metadata={"enum": ["unbooked", "booked", "completed"]})
    booked_at = fields.DateTime(allow_none=True)
    completed_at = fields.DateTime(allow_none=True)
    option = fields.Nested(
        SessionOut,
        allow_none=True,
        metadata={"description": "The booked session (booked and completed steps)."},
    )
    options = fields.List(
        fields.Nested(SessionChoiceOut),
        metadata={
            "description": "Sessions of the cohort for this step (unless completed); booking "
            "another one moves the booking."
        },
    )


class MyStepsOut(Out):
    enrollment_id = fields.String()
    enrollment_status = fields.String()
    cohort = fields.String(metadata={"description": "The cohort's slug."})
    cohort_name = fields.String()
    steps = fields.List(fields.Nested(MyStepOut))


class Selection(Schema):
    step = fields.String(
        required=True,
        validate=validate.Length(min=1, max=64),
        metadata={"description": "The step's label."},
    )
    option = fields.String(
        required=True,
        validate=validate.Length(min=1, max=64),
        metadata={
            "description": "The id of a session option of the enrollment's cohort for that step."
        },
    )


class BookingRequest(Schema):
    selections = fields.List(
        fields.Nested(Selection), required=True, validate=validate.Length(min=1, max=100)
    )

    @validates_schema
    def _one_per_step(self, data: dict[str, Any], **_kwargs: Any) -> None:
        labels = [s["step"] for s in data.get("selections") or []]
        if len(labels) != len(set(labels)):
            raise ValidationError("Choose one option per step.", "selections")
