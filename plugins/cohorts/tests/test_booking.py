"""Students book one session per step: the steps view, all-or-nothing bookings, moves,
automatic bookings after enrolling, and no overbooking under concurrent requests."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import func, select

from tuition.testing.api import Api
from tuition.testing.recorders import Recorder
from tuition_cohorts import booking
from tuition_cohorts.models import Cohort, SessionOption, StepProgress


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def tuition_plugins(recorder: Recorder) -> list[tuple[str, Any]]:
    return [("recorder", recorder)]


@pytest.fixture
def cohort_site(api: Api) -> Any:
    """The shared tenant, plus the recorder (to see the events)."""
    return api.create_tenant(
        {"cohorts": {}, "free_enrollment": {}, "dummy_provider": {}, "recorder": {}}
    )


@pytest.fixture
def yoga(cohort_admin: Any) -> dict[str, Any]:
    """Course ``yoga``, cohort ``spring``: ``intro`` has one session (booked on enrolling),
    ``week-1`` has Monday (1 seat) and Thursday, ``week-2`` has Saturday (a date) and
    Sunday; cohort ``autumn`` has its own week-1 session."""
    cohort_admin.course("yoga")
    spring = cohort_admin.cohort("yoga", "spring", capacity=50)
    autumn = cohort_admin.cohort("yoga", "autumn", capacity=50)
    for label in ("intro", "week-1", "week-2"):
        cohort_admin.step("yoga", label)
    opts = {
        "intro": cohort_admin.option(spring["id"], "intro", name="Welcome", weekday=4),
        "mon": cohort_admin.option(spring["id"], "week-1", name="Monday", capacity=1),
        "thu": cohort_admin.option(spring["id"], "week-1", name="Thursday", weekday=3),
        "sat": cohort_admin.option(
            spring["id"],
            "week-2",
            name="Saturday",
            weekday=None,
            date="2030-03-16",
            start_time="09:00",
            end_time="12:00",
            timezone="UTC",
        ),
        "sun": cohort_admin.option(spring["id"], "week-2", name="Sunday", weekday=6),
        "autumn": cohort_admin.option(autumn["id"], "week-1", name="Autumn Monday"),
    }
    return {"spring": spring, "autumn": autumn, "options": opts}


def steps_of(api: Api, student: Any, enrollment_id: str, expect: int = 200) -> Any:
    response = api.call(
        "GET", f"/v1/me/enrollments/{enrollment_id}/steps", headers=student.headers, expect=expect
    )
    return response.get_json()


def book(
    api: Api, student: Any, enrollment_id: str, *pairs: tuple[str, str], expect: int | None = 200
) -> Any:
    return api.call(
        "POST",
        f"/v1/me/enrollments/{enrollment_id}/bookings",
        headers=student.headers,
        expect=expect,
        json={"selections": [{"step": s, "option": o} for s, o in pairs]},
    )


def seats(api: Api, cohort_admin: Any, cohort_id: str) -> dict[str, int]:
    items = cohort_admin.call("GET", f"/v1/admin/cohorts/{cohort_id}/options", expect=200)["items"]
    return {o["name"]: o["seats_taken"] for o in items}


def state(view: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    return [
        (s["step"], s["status"], s["option"]["name"] if s["option"] else None)
        for s in view["steps"]
    ]


def problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body: dict[str, Any] = response.get_json()
    assert body["code"] == code and body["status"] == status, body
    return body


# -- the steps view ---------------------------------------------------------------------


def test_steps_view_after_enrolling(
    api: Api, cohort_admin: Any, yoga: dict[str, Any], recorder: Recorder
):
    student = api.signup(cohort_admin.tenant)
    enrollment = cohort_admin.enroll(student, "yoga")
    view = steps_of(api, student, enrollment["id"])
    assert view["enrollment_id"] == enrollment["id"] and view["cohort"] == "spring"
    assert view["enrollment_status"] == "active" and view["cohort_name"] == "Spring"
    # intro has a single session: booked on enrolling; the others wait for the student.
    assert state(view) == [
        ("intro", "booked", "Welcome"),
        ("week-1", "unbooked", None),
        ("week-2", "unbooked", None),
    ]
    intro, week1, week2 = view["steps"]
    assert intro["booked_at"] and intro["option"] == {
        "id": yoga["options"]["intro"]["id"],
        "name": "Welcome",
        "weekday": 4,
        "date": None,
        "start_time": "18:00",
        "end_time": "19:30",
        "timezone": "Europe/Berlin",
        "location": None,
    }
    assert [(o["name"], o["seats_left"]) for o in week1["options"]] == [
        ("Monday", 1),
        ("Thursday", 10),
    ]
    assert [(o["name"], o["date"], o["weekday"]) for o in week2["options"]] == [
        ("Sunday", None, 6),
        ("Saturday", "2030-03-16", None),
    ]
    assert week1["booked_at"] is None and week1["option"] is None
    events = [data for kind, data in recorder.called("event") if kind == "cohort.session_booked"]
    assert [(e["step"], e["automatic"]) for e in events] == [("intro", True)]


def test_the_location_an_owner_sets_is_shown_to_students(
    api: Api, cohort_admin: Any, yoga: dict[str, Any]
):
    """A session option's location (a room, a link), changed after booking, is what the
    booked student and the choosing student see."""
    student = api.signup(cohort_admin.tenant)
    enrollment = cohort_admin.enroll(student, "yoga")
    for key, where in (("intro", "Studio 2, Hauptstr. 5"), ("mon", "https://meet.example.com/y")):
        cohort_admin.call(
            "PATCH",
            f"/v1/admin/options/{yoga['options'][key]['id']}",
            json={"location": where},
            expect=200,
        )
    intro, week1, _ = steps_of(api, student, enrollment["id"])["steps"]
    assert intro["option"]["location"] == "Studio 2, Hauptstr. 5"
    assert [(o["name"], o["location"]) for o in week1["options"]] == [
        ("Monday", "https://meet.example.com/y"),
        ("Thursday", None),
    ]


def test_steps_view_is_only_for_the_students_cohort_enrollments(
    api: Api, cohort_admin: Any, yoga: dict[str, Any]
):
    owner = api.signup(cohort_admin.tenant)
    enrollment = cohort_admin.enroll(owner, "yoga")
    intruder = api.signup(cohort_admin.tenant)
    for response in (
        api.call("GET", f"/v1/me/enrollments/{enrollment['id']}/steps", headers=intruder.headers),
        book(
            api, intruder, enrollment["id"], ("week-1", yoga["options"]["thu"]["id"]), expect=None
        ),
    ):
        body = problem(response, 404, "not_found")
        assert owner.email not in str(body)
    # An enrollment in a course without cohorts has no steps.
    api.create_course(cohort_admin.tenant, "plain")
    plain = api.enroll(cohort_admin.tenant, owner, "plain").get_json()
    problem(
        api.call("GET", f"/v1/me/enrollments/{plain['id']}/steps", headers=owner.headers),
        404,
        "not_found",
    )
    problem(book(api, owner, plain["id"], ("week-1", "opt_x"), expect=None), 404, "not_found")
    problem(
        api.call("GET", "/v1/me/enrollments/enr_nope/steps", headers=owner.headers),
        404,
        "not_found",
    )
    # Credentials: a token is needed, and the publishable key comes first.
    problem(
        api.call(
            "GET",
            f"/v1/me/enrollments/{enrollment['id']}/steps",
            headers=cohort_admin.tenant.storefront,
        ),
        401,
        "login_required",
    )
    problem(
        api.call(
            "POST", f"/v1/me/enrollments/{enrollment['id']}/bookings", json={"selections": "bad"}
        ),
        401,
        "unauthorized",
    )


# -- booking ----------------------------------------------------------------------------


def test_book_and_move(api: Api, cohort_admin: Any, yoga: dict[str, Any], recorder: Recorder):
    spring, opts = yoga["spring"]["id"], yoga["options"]
    student = api.signup(cohort_admin.tenant)
    enrollment = cohort_admin.enroll(student, "yoga")["id"]
    view = book(
        api, student, enrollment, ("week-1", opts["mon"]["id"]), ("week-2", opts["sat"]["id"])
    ).get_json()
    assert state(view) == [
        ("intro", "booked", "Welcome"),
        ("week-1", "booked", "Monday"),
        ("week-2", "booked", "Saturday"),
    ]
    assert view["steps"][1]["booked_at"] is not None
    assert [(o["name"], o["seats_left"]) for o in view["steps"][1]["options"]] == [
        ("Monday", 0),
        ("Thursday", 10),
    ]
    assert steps_of(api, student, enrollment) == view
    assert seats(api, cohort_admin, spring) == {
        "Welcome": 1,
        "Monday": 1,
        "Thursday": 0,
        "Sunday": 0,
        "Saturday": 1,
    }

    # Moving week-1 to Thursday gives Monday's seat back; booking Saturday again is a no-op.
    recorder.calls.clear()
    view = book(
        api, student, enrollment, ("week-1", opts["thu"]["id"]), ("week-2", opts["sat"]["id"])
    ).get_json()
    assert state(view)[1:] == [("week-1", "booked", "Thursday"), ("week-2", "booked", "Saturday")]
    assert seats(api, cohort_admin, spring) == {
        "Welcome": 1,
        "Monday": 0,
        "Thursday": 1,
        "Sunday": 0,
        "Saturday": 1,
    }
    events = [data for kind, data in recorder.called("event") if kind == "cohort.session_booked"]
    assert events == [
        {
            "enrollment_id": enrollment,
            "student_id": student.id,
            "cohort": "spring",
            "step": "week-1",
            "option_id": opts["thu"]["id"],
            "previous_option_id": opts["mon"]["id"],
            "automatic": False,
        }
    ]

    # The seat given back is there for someone else.
    other = api.signup(cohort_admin.tenant)
    other_enrollment = cohort_admin.enroll(other, "yoga")["id"]
    book(api, other, other_enrollment, ("week-1", opts["mon"]["id"]))
    assert seats(api, cohort_admin, spring)["Monday"] == 1


def test_one_full_session_books_nothing(
    api: Api, cohort_admin: Any, yoga: dict[str, Any], recorder: Recorder
):
    spring, opts = yoga["spring"]["id"], yoga["options"]
    first = api.signup(cohort_admin.tenant)
    book(api, first, cohort_admin.enroll(first, "yoga")["id"], ("week-1", opts["mon"]["id"]))
    student = api.signup(cohort_admin.tenant)
    enrollment = cohort_admin.enroll(student, "yoga")["id"]
    book(api, student, enrollment, ("week-2", opts["sun"]["id"]))
    before = seats(api, cohort_admin, spring)
    recorder.calls.clear()

    # Saturday has seats, Monday is full, and Sunday would move to Saturday: nothing happens.
    body = problem(
        book(
            api,
            student,
            enrollment,
            ("week-2", opts["sat"]["id"]),
            ("week-1", opts["mon"]["id"]),
            expect=None,
        ),
        409,
        "session_full",
    )
    assert body["option"] == opts["mon"]["id"] and body["step"] == "week-1"
    assert "Monday" in body["detail"]
    assert seats(api, cohort_admin, spring) == before
    assert state(steps_of(api, student, enrollment)) == [
        ("intro", "booked", "Welcome"),
        ("week-1", "unbooked", None),
        ("week-2", "booked", "Sunday"),
    ]
    assert not [e for e in recorder.called("event") if e[0] == "cohort.session_booked"]


def test_selections_must_belong_to_the_cohort_and_step(
    api: Api, cohort_admin: Any, yoga: dict[str, Any]
):
    opts = yoga["options"]
    student = api.signup(cohort_admin.tenant)
    enrollment = cohort_admin.enroll(student, "yoga")["id"]
    cases = {
        "other-cohort": (("week-1", opts["autumn"]["id"]), "week-1"),
        "other-step": (("week-1", opts["sat"]["id"]), "week-1"),
        "unknown-option": (("week-1", "opt_nope"), "week-1"),
        "unknown-step": (("week-9", opts["mon"]["id"]), "week-9"),
        "step-id-not-label": ((opts["mon"]["step_id"], opts["mon"]["id"]), None),
    }
    for name, (pair, step) in cases.items():
        # A good selection alongside: it is not booked either.
        body = problem(
            book(api, student, enrollment, ("week-2", opts["sun"]["id"]), pair, expect=None),
            422,
            "invalid_selection",
        )
        assert body["step"] == (step or pair[0]), name
    assert state(steps_of(api, student, enrollment))[1:] == [
        ("week-1", "unbooked", None),
        ("week-2", "unbooked", None),
    ]
    assert seats(api, cohort_admin, yoga["spring"]["id"])["Sunday"] == 0


def test_completed_step_cannot_be_rebooked(
    api: Api, cohort_admin: Any, yoga: dict[str, Any], runtime: Any
):
    opts = yoga["options"]
    student = api.signup(cohort_admin.tenant)
    enrollment = cohort_admin.enroll(student, "yoga")["id"]
    with runtime.session() as session:
        row = session.scalar(
            select(StepProgress).where(
                StepProgress.enrollment_id == enrollment,
                StepProgress.option_id == opts["intro"]["id"],
            )
        )
        row.status = "completed"
        session.commit()
    view = steps_of(api, student, enrollment)
    assert view["steps"][0]["status"] == "completed" and view["steps"][0]["options"] == []
    assert view["steps"][0]["option"]["name"] == "Welcome"
    body = problem(
        book(
            api,
            student,
            enrollment,
            ("week-1", opts["thu"]["id"]),
            ("intro", opts["intro"]["id"]),
            expect=None,
        ),
        409,
        "step_completed",
    )
    assert body["step"] == "intro"
    assert state(steps_of(api, student, enrollment))[1][1] == "unbooked"


def test_only_active_enrollments_book(api: Api, cohort_admin: Any):
    cohort_admin.course("paid", pricing_model="one_time", price={"amount": 2500, "currency": "EUR"})
    cohort = cohort_admin.cohort("paid", capacity=5)
    cohort_admin.step("paid", "week-1")
    option = cohort_admin.option(cohort["id"], "week-1")
    student = api.signup(cohort_admin.tenant)
    pending = cohort_admin.enroll(student, "paid", expect=202)
    assert pending["status"] == "pending"
    # The steps are there to look at while the payment is open, but not to book.
    assert state(steps_of(api, student, pending["id"])) == [("week-1", "unbooked", None)]
    problem(
        book(api, student, pending["id"], ("week-1", option["id"]), expect=None),
        409,
        "enrollment_not_active",
    )
    assert seats(api, cohort_admin, cohort["id"]) == {"week-1 session": 0}


BAD_BODIES = {
    "no-selections": ({}, "selections"),
    "empty": ({"selections": []}, "selections"),
    "not-a-list": ({"selections": {"step": "week-1"}}, "selections"),
    "item-not-object": ({"selections": ["week-1"]}, "selections.0"),
    "missing-option": ({"selections": [{"step": "week-1"}]}, "selections.0.option"),
    "option-number": ({"selections": [{"step": "week-1", "option": 5}]}, "selections.0.option"),
    "step-empty": ({"selections": [{"step": "", "option": "opt_x"}]}, "selections.0.step"),
    "unknown-key": (
        {"selections": [{"step": "week-1", "option": "o", "seat": 1}]},
        "selections.0.seat",
    ),
    "same-step-twice": (
        {"selections": [{"step": "week-1", "option": "a"}, {"step": "week-1", "option": "b"}]},
        "selections",
    ),
    "too-many": (
        {"selections": [{"step": f"s{i}", "option": "o"} for i in range(101)]},
        "selections",
    ),
}


def test_bad_booking_bodies(api: Api, cohort_admin: Any, yoga: dict[str, Any]):
    student = api.signup(cohort_admin.tenant)
    enrollment = cohort_admin.enroll(student, "yoga")["id"]
    failures = []
    for name, (body, field) in BAD_BODIES.items():
        response = api.call(
            "POST", f"/v1/me/enrollments/{enrollment}/bookings", json=body, headers=student.headers
        )
        got = response.get_json() or {}
        errors = got.get("errors") or {}
        if (response.status_code, got.get("code")) != (422, "validation_error") or not any(
            key == field or key.startswith(f"{field}.") for key in errors
        ):
            failures.append(f"{name}: {response.status_code} {got}")
    assert not failures, "\n".join(failures)
    assert seats(api, cohort_admin, yoga["spring"]["id"])["Monday"] == 0


# -- start_progress (the after-enrollment hook) ------------------------------------------


def test_start_progress_is_idempotent(
    api: Api, cohort_admin: Any, yoga: dict[str, Any], runtime: Any
):
    student = api.signup(cohort_admin.tenant)
    enrollment_id = cohort_admin.enroll(student, "yoga")["id"]
    extra = cohort_admin.step("yoga", "week-3")  # added after enrolling
    single = cohort_admin.option(yoga["spring"]["id"], "week-3", name="Finale")
    with runtime.session(cohort_admin.tenant.id) as session:
        enrollment = runtime.services.enrollment(session, enrollment_id)
        assert enrollment is not None
        cohort = session.get(Cohort, yoga["spring"]["id"])
        booked = booking.start_progress(session, enrollment, cohort)
        assert [(r.step.label, r.option_id) for r in booked] == [("week-3", single["id"])]
        session.commit()
        assert booking.start_progress(session, enrollment, cohort) == []
        session.commit()
        rows = session.scalars(
            select(StepProgress).where(StepProgress.enrollment_id == enrollment_id)
        ).all()
        assert sorted(r.step.label for r in rows) == ["intro", "week-1", "week-2", "week-3"]
        finale = session.get(SessionOption, single["id"])
        assert finale is not None and finale.seats_taken == 1
    assert extra["label"] == "week-3"


def test_single_full_session_is_not_booked_automatically(
    api: Api, cohort_admin: Any, yoga: dict[str, Any]
):
    cohort_admin.call(
        "PATCH",
        f"/v1/admin/options/{yoga['options']['intro']['id']}",
        json={"capacity": 1},
        expect=200,
    )
    first, second = api.signup(cohort_admin.tenant), api.signup(cohort_admin.tenant)
    cohort_admin.enroll(first, "yoga")
    enrollment = cohort_admin.enroll(second, "yoga")["id"]
    view = steps_of(api, second, enrollment)
    assert view["steps"][0]["status"] == "unbooked"
    assert [(o["name"], o["seats_left"]) for o in view["steps"][0]["options"]] == [("Welcome", 0)]


def test_release_bookings_gives_the_seats_back(
    api: Api, cohort_admin: Any, yoga: dict[str, Any], runtime: Any
):
    opts = yoga["options"]
    student = api.signup(cohort_admin.tenant)
    enrollment_id = cohort_admin.enroll(student, "yoga")["id"]
    book(api, student, enrollment_id, ("week-1", opts["mon"]["id"]))
    with runtime.session(cohort_admin.tenant.id) as session:
        assert booking.release_bookings(session, enrollment_id) == 2  # intro and week-1
        session.commit()
        assert booking.release_bookings(session, enrollment_id) == 0
        session.commit()
    assert seats(api, cohort_admin, yoga["spring"]["id"]) == {
        "Welcome": 0,
        "Monday": 0,
        "Thursday": 0,
        "Sunday": 0,
        "Saturday": 0,
    }
    assert state(steps_of(api, student, enrollment_id)) == [
        ("intro", "unbooked", None),
        ("week-1", "unbooked", None),
        ("week-2", "unbooked", None),
    ]


# -- concurrency --------------------------------------------------------------------------


def _enrolled_students(api: Api, tenant: Any, count: int) -> list[tuple[dict[str, str], str]]:
    """``count`` students with active enrollments in yoga/spring: (headers, enrollment)."""
    found = []
    for h in [s.headers for s in api.add_students(tenant, count, prefix="booker")]:
        enrollment = api.call(
            "POST",
            "/v1/enrollments",
            json={"course": "yoga", "cohort": "spring"},
            headers=h,
            expect=201,
        ).get_json()
        found.append((h, enrollment["id"]))
    return found


def test_thirty_students_five_seats(
    app: Any, api: Api, cohort_admin: Any, runtime: Any, yoga: dict[str, Any]
):
    small = cohort_admin.option(yoga["spring"]["id"], "week-2", name="Small", capacity=5)
    students = _enrolled_students(api, cohort_admin.tenant, 30)
    barrier = threading.Barrier(len(students))

    def race(item: tuple[dict[str, str], str]) -> tuple[int, Any]:
        headers, enrollment = item
        client = app.test_client()
        barrier.wait()
        response = client.post(
            f"/v1/me/enrollments/{enrollment}/bookings",
            headers=headers,
            json={"selections": [{"step": "week-2", "option": small["id"]}]},
        )
        return response.status_code, response.get_json()

    with ThreadPoolExecutor(max_workers=len(students)) as pool:
        results = list(pool.map(race, students))
    statuses = [status for status, _ in results]
    assert statuses.count(200) == 5, results
    assert statuses.count(409) == 25, results
    assert {(body["code"], body["option"]) for status, body in results if status == 409} == {
        ("session_full", small["id"])
    }
    with runtime.session() as session:
        assert (
            session.scalar(select(SessionOption.seats_taken).where(SessionOption.id == small["id"]))
            == 5
        )
        assert (
            session.scalar(
                select(func.count())
                .select_from(StepProgress)
                .where(StepProgress.option_id == small["id"], StepProgress.status == "booked")
            )
            == 5
        )
