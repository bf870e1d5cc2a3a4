"""The cohorts admin API: cohorts, steps and session options, their rules and the roster."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from tuition.testing.api import Api
from tuition_cohorts.models import Cohort, CohortSeat

PROBLEM_KEYS = ("type", "title", "status", "detail", "code")


def problem(response: Any, status: int, code: str, *fields: str) -> dict[str, Any]:
    """``response`` is a problem+json ``status``/``code`` whose errors name ``fields``."""
    text = response.get_data(as_text=True)
    assert response.status_code == status, f"{response.status_code}: {text[:500]}"
    assert response.mimetype == "application/problem+json", text[:500]
    body: dict[str, Any] = response.get_json()
    assert all(key in body for key in PROBLEM_KEYS), body
    assert body["code"] == code, body
    errors = body.get("errors") or {}
    for name in fields:
        assert any(k == name or k.startswith(f"{name}.") for k in errors), (name, errors)
    return body


@pytest.fixture
def yoga(cohort_admin: Any) -> dict[str, Any]:
    """Course ``yoga`` with cohort ``spring`` (3 seats), steps week-1/week-2 and an option
    for week-1 (2 seats) and two for week-2."""
    cohort_admin.course("yoga")
    cohort = cohort_admin.cohort(
        "yoga",
        capacity=3,
        starts_on="2030-03-01",
        ends_on="2030-04-30",
        enrollment_deadline="2030-02-20T12:00:00+01:00",
    )
    week1 = cohort_admin.step("yoga", "week-1")
    week2 = cohort_admin.step("yoga", "week-2")
    mon = cohort_admin.option(cohort["id"], "week-1", name="Monday", capacity=2)
    tue = cohort_admin.option(cohort["id"], "week-2", name="Tuesday", weekday=1)
    sat = cohort_admin.option(
        cohort["id"],
        week2["id"],
        name="Saturday",
        weekday=None,
        date="2030-03-16",
        start_time="09:00",
        end_time="12:00",
    )
    return {"cohort": cohort, "steps": [week1, week2], "options": [mon, tue, sat]}


# -- plugin off, credentials ----------------------------------------------------------------


def admin_paths(
    cohort_id: str = "coh_x", step_id: str = "stp_x", option_id: str = "opt_x"
) -> list[tuple[str, str, dict[str, Any] | None]]:
    return [
        ("GET", "/v1/admin/courses/yoga/cohorts", None),
        ("POST", "/v1/admin/courses/yoga/cohorts", {"slug": "s", "name": "S", "capacity": 1}),
        ("GET", f"/v1/admin/cohorts/{cohort_id}", None),
        ("PATCH", f"/v1/admin/cohorts/{cohort_id}", {"name": "Renamed"}),
        ("DELETE", f"/v1/admin/cohorts/{cohort_id}", None),
        ("GET", f"/v1/admin/cohorts/{cohort_id}/roster", None),
        ("GET", "/v1/admin/courses/yoga/steps", None),
        ("POST", "/v1/admin/courses/yoga/steps", {"label": "w", "title": "W"}),
        ("PATCH", f"/v1/admin/steps/{step_id}", {"title": "Renamed"}),
        ("DELETE", f"/v1/admin/steps/{step_id}", None),
        ("GET", f"/v1/admin/cohorts/{cohort_id}/options", None),
        (
            "POST",
            f"/v1/admin/cohorts/{cohort_id}/options",
            {
                "step": "w",
                "name": "n",
                "weekday": 1,
                "start_time": "10:00",
                "end_time": "11:00",
                "capacity": 1,
            },
        ),
        ("PATCH", f"/v1/admin/options/{option_id}", {"name": "Renamed"}),
        ("DELETE", f"/v1/admin/options/{option_id}", None),
    ]


def test_plugin_off_every_path_is_404(api: Api, cohort_admin: Any, yoga: dict[str, Any]):
    """A tenant that switched the plugin off (or never had it) sees none of it."""
    other = api.create_tenant({"free_enrollment": {}})
    api.create_course(other, "yoga")
    student = api.signup(other)
    enrollment = api.enroll(other, student, "yoga").get_json()
    ids = (yoga["cohort"]["id"], yoga["steps"][0]["id"], yoga["options"][0]["id"])
    for method, path, body in admin_paths(*ids):
        problem(api.call(method, path, json=body, headers=other.admin), 404, "not_found")
    for method, path, body in [
        ("GET", f"/v1/me/enrollments/{enrollment['id']}/steps", None),
        (
            "POST",
            f"/v1/me/enrollments/{enrollment['id']}/bookings",
            {"selections": [{"step": "week-1", "option": ids[2]}]},
        ),
    ]:
        problem(api.call(method, path, json=body, headers=student.headers), 404, "not_found")
    # Switching it off at the tenant that uses it hides everything as well.
    api.call(
        "PUT",
        "/v1/admin/plugins/cohorts",
        headers=cohort_admin.tenant.admin,
        json={"enabled": False},
        expect=200,
    )
    for method, path, body in admin_paths(*ids):
        problem(cohort_admin.call(method, path, json=body), 404, "not_found")


def test_credentials_come_first(api: Api, cohort_site: Any):
    """No secret key → 401 before anything else, even for a bad body."""
    for method, path, _ in admin_paths():
        problem(api.call(method, path, json={"capacity": "x"}), 401, "unauthorized")
        problem(
            api.call(method, path, json={}, headers=cohort_site.storefront), 401, "unauthorized"
        )


def test_other_tenants_objects_are_not_found(api: Api, cohort_admin: Any, yoga: dict[str, Any]):
    """A second tenant with the plugin cannot reach the first one's cohort, steps, options."""
    other = api.create_tenant({"cohorts": {}, "free_enrollment": {}})
    api.create_course(other, "yoga")
    ids = (yoga["cohort"]["id"], yoga["steps"][0]["id"], yoga["options"][0]["id"])
    for method, path, body in admin_paths(*ids):
        if "/courses/" in path:
            continue  # that is the other tenant's own course "yoga"
        response = api.call(method, path, json=body, headers=other.admin)
        problem(response, 404, "not_found")
        assert yoga["cohort"]["name"] not in response.get_data(as_text=True)
    assert (
        api.call(
            "GET", "/v1/admin/courses/yoga/cohorts", headers=other.admin, expect=200
        ).get_json()["total"]
        == 0
    )
    assert (
        api.call("GET", "/v1/admin/courses/yoga/steps", headers=other.admin, expect=200).get_json()[
            "items"
        ]
        == []
    )
    # Nothing of the first tenant changed.
    got = cohort_admin.call("GET", f"/v1/admin/cohorts/{ids[0]}", expect=200)
    assert got == yoga["cohort"]


# -- cohorts --------------------------------------------------------------------------------


def test_cohort_crud(cohort_admin: Any, yoga: dict[str, Any]):
    cohort = yoga["cohort"]
    assert cohort["course"] == "yoga" and cohort["slug"] == "spring"
    assert cohort["capacity"] == 3 and cohort["seats_taken"] == 0 and cohort["seats_left"] == 3
    assert cohort["active"] is True
    assert cohort["enrollment_deadline"].startswith("2030-02-20T11:00:00")  # stored in UTC
    assert (cohort["starts_on"], cohort["ends_on"]) == ("2030-03-01", "2030-04-30")
    autumn = cohort_admin.cohort("yoga", "autumn", capacity=0, starts_on="2030-09-01", active=False)
    assert autumn["capacity"] == 0 and autumn["active"] is False
    assert autumn["enrollment_deadline"] is None and autumn["ends_on"] is None

    page = cohort_admin.call("GET", "/v1/admin/courses/yoga/cohorts?page_size=1", expect=200)
    assert page["total"] == 2 and page["page_size"] == 1
    assert [c["slug"] for c in page["items"]] == ["spring"]  # by start date
    page2 = cohort_admin.call(
        "GET", "/v1/admin/courses/yoga/cohorts?page=2&page_size=1", expect=200
    )
    assert [c["slug"] for c in page2["items"]] == ["autumn"]

    path = f"/v1/admin/cohorts/{cohort['id']}"
    changed = cohort_admin.call(
        "PATCH",
        path,
        expect=200,
        json={
            "name": "Spring 2030",
            "active": False,
            "ends_on": "2030-05-31",
            "enrollment_deadline": None,
        },
    )
    assert changed["name"] == "Spring 2030" and changed["active"] is False
    assert changed["ends_on"] == "2030-05-31" and changed["enrollment_deadline"] is None
    assert cohort_admin.call("GET", path, expect=200) == changed

    cohort_admin.call("DELETE", path, expect=204)
    problem(cohort_admin.call("GET", path), 404, "not_found")
    problem(cohort_admin.call("DELETE", path), 404, "not_found")
    problem(cohort_admin.call("GET", "/v1/admin/courses/nope/cohorts"), 404, "not_found")


def test_cohort_slug_is_unique_per_course(cohort_admin: Any, yoga: dict[str, Any]):
    body = {"slug": "spring", "name": "Again", "capacity": 1}
    problem(
        cohort_admin.call("POST", "/v1/admin/courses/yoga/cohorts", json=body), 409, "cohort_exists"
    )
    cohort_admin.course("pilates")
    assert cohort_admin.cohort("pilates", "spring")["course"] == "pilates"


COHORT_CASES = {
    "capacity-negative": ({"capacity": -1}, ["capacity"]),
    "capacity-string": ({"capacity": "3"}, ["capacity"]),
    "capacity-float": ({"capacity": 2.5}, ["capacity"]),
    "capacity-bool": ({"capacity": True}, ["capacity"]),
    "capacity-huge": ({"capacity": 10**12}, ["capacity"]),
    "slug-uppercase": ({"slug": "Spring"}, ["slug"]),
    "slug-too-long": ({"slug": "s" * 65}, ["slug"]),
    "name-empty": ({"name": ""}, ["name"]),
    "name-too-long": ({"name": "n" * 201}, ["name"]),
    "deadline-text": ({"enrollment_deadline": "soon"}, ["enrollment_deadline"]),
    "deadline-date-only": ({"enrollment_deadline": 20300101}, ["enrollment_deadline"]),
    "starts-bad": ({"starts_on": "2030-02-30"}, ["starts_on"]),
    "starts-datetime": ({"starts_on": "2030-02-01T10:00:00Z"}, ["starts_on"]),
    "ends-before-starts": ({"starts_on": "2030-03-01", "ends_on": "2030-02-28"}, ["ends_on"]),
    "active-string": ({"active": "maybe"}, ["active"]),
    "unknown-field": ({"seats_taken": 0}, ["seats_taken"]),
}


@pytest.mark.parametrize("case", list(COHORT_CASES))
def test_cohort_validation(cohort_admin: Any, case: str):
    cohort_admin.course("yoga")
    fields, names = COHORT_CASES[case]
    body = {"slug": "spring", "name": "Spring", "capacity": 3, **fields}
    problem(
        cohort_admin.call("POST", "/v1/admin/courses/yoga/cohorts", json=body),
        422,
        "validation_error",
        *names,
    )
    assert cohort_admin.call("GET", "/v1/admin/courses/yoga/cohorts", expect=200)["total"] == 0


def test_cohort_required_fields(cohort_admin: Any):
    cohort_admin.course("yoga")
    problem(
        cohort_admin.call("POST", "/v1/admin/courses/yoga/cohorts", json={}),
        422,
        "validation_error",
        "slug",
        "name",
        "capacity",
    )


def test_cohort_update_validation(cohort_admin: Any, yoga: dict[str, Any]):
    path = f"/v1/admin/cohorts/{yoga['cohort']['id']}"
    problem(
        cohort_admin.call("PATCH", path, json={"slug": "other"}), 422, "validation_error", "slug"
    )
    problem(
        cohort_admin.call("PATCH", path, json={"capacity": -1}), 422, "validation_error", "capacity"
    )
    problem(cohort_admin.call("PATCH", path, json={"name": None}), 422, "validation_error", "name")
    # Against the stored dates, too: starts_on 2030-03-01.
    problem(
        cohort_admin.call("PATCH", path, json={"ends_on": "2030-01-01"}),
        422,
        "validation_error",
        "ends_on",
    )
    problem(
        cohort_admin.call("PATCH", path, json={"starts_on": "2030-06-01"}),
        422,
        "validation_error",
        "starts_on",
    )
    assert cohort_admin.call("GET", path, expect=200) == yoga["cohort"]


def test_capacity_not_below_seats_taken(api: Api, cohort_admin: Any, yoga: dict[str, Any]):
    path = f"/v1/admin/cohorts/{yoga['cohort']['id']}"
    for _ in range(2):
        cohort_admin.enroll(api.signup(cohort_admin.tenant), "yoga")
    body = problem(
        cohort_admin.call("PATCH", path, json={"capacity": 1, "name": "Smaller"}),
        409,
        "capacity_below_seats_taken",
    )
    assert body["seats_taken"] == 2
    unchanged = cohort_admin.call("GET", path, expect=200)
    assert unchanged["capacity"] == 3 and unchanged["name"] == "Spring"  # nothing applied
    lowered = cohort_admin.call("PATCH", path, json={"capacity": 2}, expect=200)
    assert (lowered["capacity"], lowered["seats_taken"], lowered["seats_left"]) == (2, 2, 0)


def test_raising_capacity_offers_the_new_seat_to_the_waitlist(
    api: Api, cohort_admin: Any, yoga: dict[str, Any]
):
    path = f"/v1/admin/cohorts/{yoga['cohort']['id']}"
    cohort_admin.call("PATCH", path, json={"capacity": 1}, expect=200)
    cohort_admin.enroll(api.signup(cohort_admin.tenant), "yoga")
    waiting = api.signup(cohort_admin.tenant)
    api.call(
        "POST",
        "/v1/courses/yoga/waitlist",
        json={"cohort": "spring"},
        headers=waiting.headers,
        expect=201,
    )
    raised = cohort_admin.call("PATCH", path, json={"capacity": 2}, expect=200)
    # The new seat is reserved for the student waiting, as an offer.
    assert raised["seats_taken"] == 2 and raised["seats_left"] == 0
    entries = api.call(
        "GET", "/v1/courses/yoga/waitlist", headers=waiting.headers, expect=200
    ).get_json()["items"]
    assert [e["status"] for e in entries] == ["offered"]
    roster = cohort_admin.call("GET", f"{path}/roster", expect=200)
    assert roster["counts"]["waiting"] == 1
    cohort_admin.enroll(waiting, "yoga")


def test_delete_cohort_in_use(api: Api, cohort_admin: Any, yoga: dict[str, Any], runtime: Any):
    path = f"/v1/admin/cohorts/{yoga['cohort']['id']}"
    cohort_admin.enroll(api.signup(cohort_admin.tenant), "yoga")
    problem(cohort_admin.call("DELETE", path), 409, "cohort_in_use")
    assert cohort_admin.call("GET", path, expect=200)["seats_taken"] == 1
    # A past (released) seat still keeps the cohort: it is history of an enrollment.
    with runtime.session() as session:
        seat = session.scalar(select(CohortSeat))
        seat.status = "released"
        session.get(Cohort, yoga["cohort"]["id"]).seats_taken = 0
        session.commit()
    problem(cohort_admin.call("DELETE", path), 409, "cohort_in_use")
    cohort_admin.call("PATCH", path, json={"active": False}, expect=200)


def test_delete_cohort_takes_its_options(cohort_admin: Any, yoga: dict[str, Any]):
    cohort_id = yoga["cohort"]["id"]
    cohort_admin.call("DELETE", f"/v1/admin/cohorts/{cohort_id}", expect=204)
    option = yoga["options"][0]["id"]
    problem(
        cohort_admin.call("PATCH", f"/v1/admin/options/{option}", json={"name": "x"}),
        404,
        "not_found",
    )
    # Steps belong to the course and stay.
    assert len(cohort_admin.call("GET", "/v1/admin/courses/yoga/steps", expect=200)["items"]) == 2


# -- roster ---------------------------------------------------------------------------------


def test_roster(api: Api, cohort_admin: Any, yoga: dict[str, Any]):
    cohort_id = yoga["cohort"]["id"]
    first = api.signup(cohort_admin.tenant, "first@example.com")
    enrollment = cohort_admin.enroll(first, "yoga")
    api.create_course(
        cohort_admin.tenant,
        "paid-yoga",
        pricing_model="one_time",
        price={"amount": 1500, "currency": "EUR"},
    )
    paid = cohort_admin.cohort("paid-yoga", capacity=5)
    pending = api.signup(cohort_admin.tenant, "pending@example.com")
    held = cohort_admin.enroll(pending, "paid-yoga", expect=202)

    roster = cohort_admin.call("GET", f"/v1/admin/cohorts/{cohort_id}/roster", expect=200)
    assert roster["cohort"]["id"] == cohort_id
    assert roster["counts"] == {
        "capacity": 3,
        "seats_taken": 1,
        "held": 0,
        "taken": 1,
        "seats_left": 2,
        "waiting": 0,
    }
    assert roster["total"] == 1
    [entry] = roster["items"]
    assert entry["enrollment_id"] == enrollment["id"]
    assert entry["enrollment_status"] == "active" and entry["seat_status"] == "taken"
    assert entry["student_email"] == "first@example.com" and entry["hold_until"] is None
    mon = yoga["options"][0]
    # week-1 has one option: booked automatically; week-2 has two and waits for the student.
    assert [(s["step"], s["status"], s["option_id"], s["option_name"]) for s in entry["steps"]] == [
        ("week-1", "booked", mon["id"], "Monday"),
        ("week-2", "unbooked", None, None),
    ]
    assert entry["steps"][0]["booked_at"] is not None

    roster = cohort_admin.call("GET", f"/v1/admin/cohorts/{paid['id']}/roster", expect=200)
    assert roster["counts"]["held"] == 1 and roster["counts"]["seats_taken"] == 1
    [entry] = roster["items"]
    assert entry["enrollment_id"] == held["id"] and entry["enrollment_status"] == "pending"
    assert entry["seat_status"] == "held" and entry["steps"] == []

    problem(
        cohort_admin.call("GET", f"/v1/admin/cohorts/{cohort_id}/roster?page=0"),
        422,
        "validation_error",
        "query.page",
    )
    problem(cohort_admin.call("GET", "/v1/admin/cohorts/coh_nope/roster"), 404, "not_found")


# -- steps ----------------------------------------------------------------------------------


def test_step_crud(cohort_admin: Any, yoga: dict[str, Any]):
    week1, week2 = yoga["steps"]
    assert (week1["position"], week2["position"]) == (0, 1)  # appended in order
    assert week1["course"] == "yoga" and week1["title"] == "Week-1"
    intro = cohort_admin.step("yoga", "intro", title="Introduction", position=0)
    listed = cohort_admin.call("GET", "/v1/admin/courses/yoga/steps", expect=200)["items"]
    assert [s["label"] for s in listed] == ["intro", "week-1", "week-2"]  # position, label

    changed = cohort_admin.call(
        "PATCH",
        f"/v1/admin/steps/{intro['id']}",
        expect=200,
        json={"label": "welcome", "title": "Welcome", "position": 9},
    )
    assert (changed["label"], changed["title"], changed["position"]) == ("welcome", "Welcome", 9)
    problem(
        cohort_admin.call("PATCH", f"/v1/admin/steps/{intro['id']}", json={"label": "week-1"}),
        409,
        "step_exists",
    )
    problem(
        cohort_admin.call(
            "POST", "/v1/admin/courses/yoga/steps", json={"label": "week-2", "title": "Again"}
        ),
        409,
        "step_exists",
    )
    cohort_admin.call("DELETE", f"/v1/admin/steps/{intro['id']}", expect=204)
    problem(cohort_admin.call("DELETE", f"/v1/admin/steps/{intro['id']}"), 404, "not_found")
    problem(
        cohort_admin.call("PATCH", "/v1/admin/steps/stp_nope", json={"title": "x"}),
        404,
        "not_found",
    )
    problem(cohort_admin.call("GET", "/v1/admin/courses/nope/steps"), 404, "not_found")


STEP_CASES = {
    "label-missing": ({"label": None}, ["label"]),
    "label-spaces": ({"label": "week 1"}, ["label"]),
    "label-uppercase": ({"label": "Week-1"}, ["label"]),
    "title-empty": ({"title": ""}, ["title"]),
    "position-negative": ({"position": -1}, ["position"]),
    "position-string": ({"position": "1"}, ["position"]),
    "position-huge": ({"position": 10**9}, ["position"]),
    "unknown": ({"course": "yoga"}, ["course"]),
}


@pytest.mark.parametrize("case", list(STEP_CASES))
def test_step_validation(cohort_admin: Any, case: str):
    cohort_admin.course("yoga")
    fields, names = STEP_CASES[case]
    body = {
        k: v for k, v in {"label": "week-1", "title": "Week", **fields}.items() if v is not None
    }
    problem(
        cohort_admin.call("POST", "/v1/admin/courses/yoga/steps", json=body),
        422,
        "validation_error",
        *names,
    )


def test_step_with_bookings_cannot_be_deleted(api: Api, cohort_admin: Any, yoga: dict[str, Any]):
    cohort_admin.enroll(api.signup(cohort_admin.tenant), "yoga")  # week-1 booked at once
    week1, week2 = yoga["steps"]
    problem(cohort_admin.call("DELETE", f"/v1/admin/steps/{week1['id']}"), 409, "step_in_use")
    # week-2 is unbooked: it goes, with its options and the unbooked progress rows.
    cohort_admin.call("DELETE", f"/v1/admin/steps/{week2['id']}", expect=204)
    options = cohort_admin.call(
        "GET", f"/v1/admin/cohorts/{yoga['cohort']['id']}/options", expect=200
    )["items"]
    assert [o["name"] for o in options] == ["Monday"] and options[0]["seats_taken"] == 1


# -- session options ------------------------------------------------------------------------


def test_option_crud(cohort_admin: Any, yoga: dict[str, Any]):
    mon, tue, sat = yoga["options"]
    assert mon["step"] == "week-1" and mon["step_id"] == yoga["steps"][0]["id"]
    assert (mon["weekday"], mon["date"], mon["start_time"], mon["end_time"]) == (
        0,
        None,
        "18:00",
        "19:30",
    )
    assert mon["timezone"] == "Europe/Berlin" and mon["cohort_id"] == yoga["cohort"]["id"]
    assert (mon["capacity"], mon["seats_taken"], mon["seats_left"]) == (2, 0, 2)
    assert (sat["weekday"], sat["date"], sat["step"]) == (None, "2030-03-16", "week-2")

    path = f"/v1/admin/cohorts/{yoga['cohort']['id']}/options"
    listed = cohort_admin.call("GET", path, expect=200)["items"]
    assert [o["name"] for o in listed] == ["Monday", "Tuesday", "Saturday"]

    utc = cohort_admin.call(
        "POST",
        path,
        expect=201,
        json={
            "step": "week-1",
            "name": "Early",
            "weekday": 6,
            "start_time": "00:00",
            "end_time": "23:59",
            "capacity": 0,
        },
    )
    assert utc["timezone"] == "UTC" and utc["seats_left"] == 0

    # Weekly → once: the weekday goes, the date comes, in one change.
    changed = cohort_admin.call(
        "PATCH",
        f"/v1/admin/options/{tue['id']}",
        expect=200,
        json={
            "weekday": None,
            "date": "2030-03-20",
            "start_time": "07:15",
            "end_time": "08:00",
            "timezone": "America/New_York",
            "capacity": 4,
            "name": "Wednesday",
            "location": "Room 4",
        },
    )
    assert changed["location"] == "Room 4" and mon["location"] is None
    # A PATCH without it keeps it; null clears it.
    kept = cohort_admin.call(
        "PATCH", f"/v1/admin/options/{tue['id']}", expect=200, json={"capacity": 5}
    )
    assert kept["location"] == "Room 4"
    cleared = cohort_admin.call(
        "PATCH", f"/v1/admin/options/{tue['id']}", expect=200, json={"location": None}
    )
    assert cleared["location"] is None
    assert (
        changed["weekday"],
        changed["date"],
        changed["start_time"],
        changed["end_time"],
        changed["timezone"],
        changed["capacity"],
        changed["name"],
    ) == (None, "2030-03-20", "07:15", "08:00", "America/New_York", 4, "Wednesday")

    cohort_admin.call("DELETE", f"/v1/admin/options/{utc['id']}", expect=204)
    problem(cohort_admin.call("DELETE", f"/v1/admin/options/{utc['id']}"), 404, "not_found")
    problem(cohort_admin.call("GET", "/v1/admin/cohorts/coh_nope/options"), 404, "not_found")


OPTION_CASES = {
    "both-weekday-and-date": ({"date": "2030-03-16"}, ["date"]),
    "neither-weekday-nor-date": ({"weekday": None}, ["weekday", "date"]),
    "weekday-7": ({"weekday": 7}, ["weekday"]),
    "weekday-negative": ({"weekday": -1}, ["weekday"]),
    "weekday-name": ({"weekday": "monday"}, ["weekday"]),
    "date-bad": ({"weekday": None, "date": "2030-13-01"}, ["date"]),
    "end-before-start": ({"start_time": "19:00", "end_time": "18:00"}, ["end_time"]),
    "end-equals-start": ({"start_time": "19:00", "end_time": "19:00"}, ["end_time"]),
    "time-one-digit-hour": ({"start_time": "9:00"}, ["start_time"]),
    "time-24": ({"end_time": "24:00"}, ["end_time"]),
    "time-seconds": ({"start_time": "18:00:00"}, ["start_time"]),
    "time-number": ({"start_time": 1800}, ["start_time"]),
    "timezone-unknown": ({"timezone": "Mars/Olympus"}, ["timezone"]),
    "timezone-lowercase": ({"timezone": "europe/berlin"}, ["timezone"]),
    "timezone-path": ({"timezone": "../../etc/passwd"}, ["timezone"]),
    "timezone-absolute": ({"timezone": "/usr/share/zoneinfo/UTC"}, ["timezone"]),
    "timezone-local": ({"timezone": "localtime"}, ["timezone"]),
    "timezone-empty": ({"timezone": ""}, ["timezone"]),
    "timezone-long": ({"timezone": "A" * 500}, ["timezone"]),
    "capacity-negative": ({"capacity": -1}, ["capacity"]),
    "capacity-string": ({"capacity": "5"}, ["capacity"]),
    "step-unknown": ({"step": "week-9"}, ["step"]),
    "step-missing": ({"step": None}, ["step"]),
    "name-missing": ({"name": None}, ["name"]),
    "location-long": ({"location": "x" * 501}, ["location"]),
    "unknown-field": ({"seats_taken": 3}, ["seats_taken"]),
}


@pytest.mark.parametrize("case", list(OPTION_CASES))
def test_option_validation(cohort_admin: Any, yoga: dict[str, Any], case: str):
    fields, names = OPTION_CASES[case]
    body = {
        "step": "week-1",
        "name": "New",
        "weekday": 2,
        "start_time": "18:00",
        "end_time": "19:00",
        "timezone": "Europe/Berlin",
        "capacity": 5,
        **fields,
    }
    if fields.get("step", "") is None or fields.get("name", "") is None:
        body = {k: v for k, v in body.items() if v is not None or k == "weekday"}
    path = f"/v1/admin/cohorts/{yoga['cohort']['id']}/options"
    problem(cohort_admin.call("POST", path, json=body), 422, "validation_error", *names)
    assert len(cohort_admin.call("GET", path, expect=200)["items"]) == 3


def test_option_step_of_another_course(cohort_admin: Any, yoga: dict[str, Any]):
    cohort_admin.course("pilates")
    other = cohort_admin.step("pilates", "mat")
    path = f"/v1/admin/cohorts/{yoga['cohort']['id']}/options"
    for ref in ("mat", other["id"]):
        problem(
            cohort_admin.call(
                "POST",
                path,
                json={
                    "step": ref,
                    "name": "x",
                    "weekday": 1,
                    "start_time": "10:00",
                    "end_time": "11:00",
                    "capacity": 1,
                },
            ),
            422,
            "validation_error",
            "step",
        )


def test_option_update_validation(cohort_admin: Any, yoga: dict[str, Any]):
    mon, _, sat = yoga["options"]
    path = f"/v1/admin/options/{mon['id']}"
    # Checked against the stored fields: weekday 0, 18:00 to 19:30.
    problem(
        cohort_admin.call("PATCH", path, json={"date": "2030-03-02"}),
        422,
        "validation_error",
        "date",
    )
    problem(
        cohort_admin.call("PATCH", path, json={"weekday": None}), 422, "validation_error", "weekday"
    )
    problem(
        cohort_admin.call("PATCH", path, json={"end_time": "17:00"}),
        422,
        "validation_error",
        "end_time",
    )
    problem(
        cohort_admin.call("PATCH", path, json={"start_time": "20:00"}),
        422,
        "validation_error",
        "start_time",
    )
    problem(
        cohort_admin.call("PATCH", f"/v1/admin/options/{sat['id']}", json={"weekday": 3}),
        422,
        "validation_error",
        "weekday",
    )
    problem(
        cohort_admin.call("PATCH", path, json={"timezone": "Nowhere/City"}),
        422,
        "validation_error",
        "timezone",
    )
    problem(
        cohort_admin.call("PATCH", path, json={"step": "week-2"}), 422, "validation_error", "step"
    )
    problem(
        cohort_admin.call("PATCH", path, json={"capacity": -3}), 422, "validation_error", "capacity"
    )
    listed = cohort_admin.call(
        "GET", f"/v1/admin/cohorts/{yoga['cohort']['id']}/options", expect=200
    )["items"]
    assert listed[0] == mon


def test_option_capacity_and_delete_with_bookings(
    api: Api, cohort_admin: Any, yoga: dict[str, Any]
):
    mon = yoga["options"][0]  # the only option of week-1: enrollments book it at once
    for _ in range(2):
        cohort_admin.enroll(api.signup(cohort_admin.tenant), "yoga")
    path = f"/v1/admin/options/{mon['id']}"
    body = problem(
        cohort_admin.call("PATCH", path, json={"capacity": 1}), 409, "capacity_below_seats_taken"
    )
    assert body["seats_taken"] == 2
    problem(cohort_admin.call("DELETE", path), 409, "option_in_use")
    raised = cohort_admin.call("PATCH", path, json={"capacity": 5}, expect=200)
    assert (raised["capacity"], raised["seats_taken"], raised["seats_left"]) == (5, 2, 3)
    assert cohort_admin.call("PATCH", path, json={"capacity": 2}, expect=200)["seats_left"] == 0
