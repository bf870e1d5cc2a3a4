"""The waitlist: join once, a freed seat becomes a reserved, time-limited offer to the next
student, an unused offer passes on, and raised capacity is offered too."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from tuition.plugin_api import utcnow
from tuition.testing.cli import run_cli
from tuition.testing.recorders import Recorder
from tuition_cohorts.models import Cohort, WaitlistEntry
from tuition_cohorts.testing import (
    PRICE,
    add_cohort,
    enroll,
    make_site,
    paid_course,
    pay,
    seats,
)
from tuition_cohorts.waitlist import sweep


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def tuition_plugins(recorder: Recorder) -> list[tuple[str, Any]]:
    return [("recorder", recorder)]


def join(
    api: Any, student: Any, course: str = "bootcamp", expect: int | None = 201, **body: Any
) -> Any:
    return api.call(
        "POST", f"/v1/courses/{course}/waitlist", json=body, headers=student.headers, expect=expect
    )


def offers(recorder: Recorder) -> list[str]:
    return [
        data["student_id"] for kind, data in recorder.called("event") if kind == "waitlist.offered"
    ]


def full_paid_cohort(api: Any, tenant: Any) -> tuple[Any, str]:
    paid_course(api, tenant, capacity=1)
    holder = api.signup(tenant)
    order_id = enroll(api, holder, "bootcamp", "spring").get_json()["checkout"]["order_id"]
    return holder, order_id


def test_join_once_and_see_the_position(api: Any) -> None:
    tenant = make_site(api)
    full_paid_cohort(api, tenant)
    first, second = api.signup(tenant), api.signup(tenant)
    entry = join(api, first, cohort="spring").get_json()
    assert (entry["status"], entry["position"], entry["cohort"]) == ("waiting", 1, "spring")
    again = join(api, first, expect=200, cohort="spring").get_json()
    assert again["id"] == entry["id"]
    assert join(api, second).get_json()["position"] == 2  # the only cohort: may be omitted
    mine = api.call(
        "GET", "/v1/courses/bootcamp/waitlist", headers=second.headers, expect=200
    ).get_json()["items"]
    assert [(e["status"], e["position"]) for e in mine] == [("waiting", 2)]


def test_no_waitlist_while_seats_are_left_or_when_switched_off(api: Any) -> None:
    tenant = make_site(api)
    paid_course(api, tenant, capacity=3)
    refused = join(api, api.signup(tenant), expect=409)
    assert refused.get_json()["code"] == "seats_available"
    off = make_site(api, waitlist=False)
    paid_course(api, off, capacity=0)
    join(api, api.signup(off), expect=404)
    plain = api.create_tenant({"free_enrollment": {}})
    api.create_course(plain, "bootcamp")
    join(api, api.signup(plain), expect=404)


def test_freed_seat_is_offered_and_reserved_for_the_next(
    api: Any, runtime: Any, recorder: Recorder
) -> None:
    tenant = make_site(api)
    _, order_id = full_paid_cohort(api, tenant)
    waiting, latecomer = api.signup(tenant), api.signup(tenant)
    join(api, waiting)
    pay(api, tenant, order_id, outcome="decline")  # the holder's checkout fails

    assert offers(recorder) == [waiting.id]
    assert seats(runtime, tenant) == 1  # reserved for the offer
    refused = enroll(api, latecomer, "bootcamp", "spring")
    assert refused.status_code == 409 and refused.get_json()["code"] == "cohort_full"
    course = api.call("GET", "/v1/courses/bootcamp", headers=waiting.headers).get_json()
    spring = course["extensions"]["cohorts"][0]
    assert spring["enroll_state"] == "available" and spring["waitlist_status"] == "offered"
    assert spring["offer_expires_at"] is not None

    accepted = enroll(api, waiting, "bootcamp", "spring")
    assert accepted.status_code == 202
    pay(api, tenant, accepted.get_json()["checkout"]["order_id"])
    assert seats(runtime, tenant) == 1
    mine = api.call(
        "GET", "/v1/courses/bootcamp/waitlist", headers=waiting.headers, expect=200
    ).get_json()["items"]
    assert [e["status"] for e in mine] == ["accepted"]


def test_unused_offer_passes_to_the_next(api: Any, runtime: Any, recorder: Recorder) -> None:
    tenant = make_site(api, offer_minutes=30)
    _, order_id = full_paid_cohort(api, tenant)
    first, second = api.signup(tenant), api.signup(tenant)
    join(api, first)
    join(api, second)
    pay(api, tenant, order_id, outcome="decline")
    assert offers(recorder) == [first.id]
    with runtime.session(tenant.id) as session:
        expires = session.scalar(
            select(WaitlistEntry.offer_expires_at).where(WaitlistEntry.status == "offered")
        )
        assert expires is not None
        assert timedelta(minutes=29) < expires - utcnow() <= timedelta(minutes=30)
        session.execute(
            update(WaitlistEntry)
            .where(WaitlistEntry.status == "offered")
            .values(offer_expires_at=utcnow() - timedelta(seconds=1))
        )
        session.commit()
    assert sweep(runtime)["freed"] == 1
    assert offers(recorder) == [first.id, second.id]
    assert enroll(api, first, "bootcamp", "spring").status_code == 409  # too late
    assert enroll(api, second, "bootcamp", "spring").status_code == 202
    assert seats(runtime, tenant) == 1


def test_leaving_with_an_offer_passes_it_on(api: Any, runtime: Any, recorder: Recorder) -> None:
    tenant = make_site(api)
    _, order_id = full_paid_cohort(api, tenant)
    first = api.signup(tenant)
    join(api, first)
    pay(api, tenant, order_id, outcome="decline")
    api.call("DELETE", "/v1/courses/bootcamp/waitlist", headers=first.headers, expect=204)
    assert seats(runtime, tenant) == 0  # nobody else waits: the seat is free again
    assert enroll(api, api.signup(tenant), "bootcamp", "spring").status_code == 202


def test_raised_capacity_is_offered_in_order(api: Any, runtime: Any, recorder: Recorder) -> None:
    tenant = make_site(api)
    api.create_course(tenant, "bootcamp")
    cohort = add_cohort(api, tenant, "bootcamp", "spring", 0)
    students = [api.signup(tenant) for _ in range(3)]
    for student in students:
        join(api, student)
    api.call(
        "PATCH",
        f"/v1/admin/cohorts/{cohort['id']}",
        json={"capacity": 2},
        headers=tenant.admin,
        expect=200,
    )
    assert offers(recorder) == [students[0].id, students[1].id]
    with runtime.session(tenant.id) as session:
        assert session.scalar(select(Cohort.seats_taken)) == 2
    assert enroll(api, students[2], "bootcamp", "spring").status_code == 409
    assert enroll(api, students[0], "bootcamp", "spring").status_code == 201


def test_cli_sweep_passes_an_expired_offer_on(
    api: Any, runtime: Any, recorder: Recorder, db_url: str
) -> None:
    tenant = make_site(api)
    _, order_id = full_paid_cohort(api, tenant)
    first, second = api.signup(tenant), api.signup(tenant)
    join(api, first)
    join(api, second)
    pay(api, tenant, order_id, outcome="decline")
    with runtime.session(tenant.id) as session:
        session.execute(
            update(WaitlistEntry)
            .where(WaitlistEntry.status == "offered")
            .values(offer_expires_at=utcnow() - timedelta(seconds=1))
        )
        session.commit()
    result = run_cli(["cohorts", "sweep"], database_url=db_url)
    assert result.exit_code == 0, result.output
    assert "freed 1 seat(s)" in result.output
    with runtime.session(tenant.id) as session:
        statuses = dict(
            session.execute(select(WaitlistEntry.student_id, WaitlistEntry.status)).all()
        )
    assert statuses == {first.id: "expired", second.id: "offered"}


# -- a capacity-limited course sold without cohorts -----------------------------------------


def limited_course(api: Any, tenant: Any, capacity: int = 1) -> None:
    api.create_course(tenant, "workshop", pricing_model="one_time", price=PRICE, capacity=capacity)


def test_course_without_cohorts_offers_a_freed_seat_to_the_next(
    api: Any, runtime: Any, recorder: Recorder
) -> None:
    tenant = make_site(api)
    limited_course(api, tenant)
    holder, waiting, latecomer = (api.signup(tenant) for _ in range(3))
    order_id = enroll(api, holder, "workshop").get_json()["checkout"]["order_id"]
    full = api.call("GET", "/v1/courses/workshop", headers=waiting.headers).get_json()
    assert full["enroll_state"] == "full" and full["extensions"]["waitlist"] is True
    entry = join(api, waiting, course="workshop").get_json()
    assert (entry["cohort"], entry["position"]) == (None, 1)
    join(api, waiting, course="workshop", expect=200)

    pay(api, tenant, order_id, outcome="decline")  # the hold is released…
    assert offers(recorder) == [waiting.id]  # …and offered, not given to the pool
    assert (
        api.call("GET", "/v1/courses/workshop", headers=latecomer.headers).get_json()["seats_left"]
        == 0
    )
    assert enroll(api, latecomer, "workshop").status_code == 409
    offered = api.call("GET", "/v1/courses/workshop", headers=waiting.headers).get_json()
    assert offered["enroll_state"] == "available"
    assert offered["extensions"]["waitlist_status"] == "offered"

    accepted = enroll(api, waiting, "workshop")
    assert accepted.status_code == 202
    pay(api, tenant, accepted.get_json()["checkout"]["order_id"])
    order = api.call(
        "GET",
        f"/v1/admin/orders/{accepted.get_json()['checkout']['order_id']}",
        headers=tenant.admin,
        expect=200,
    ).get_json()
    assert order["status"] == "paid" and order["enrollment_status"] == "active"
    course = api.call(
        "GET", "/v1/admin/courses/workshop", headers=tenant.admin, expect=200
    ).get_json()
    assert course["seats_taken"] == 1  # never oversold


def test_course_offer_that_runs_out_passes_on_and_raised_capacity_is_offered(
    api: Any, runtime: Any, recorder: Recorder
) -> None:
    tenant = make_site(api)
    limited_course(api, tenant)
    holder, first, second, third = (api.signup(tenant) for _ in range(4))
    order_id = enroll(api, holder, "workshop").get_json()["checkout"]["order_id"]
    for student in (first, second, third):
        join(api, student, course="workshop")
    pay(api, tenant, order_id, outcome="decline")
    with runtime.session(tenant.id) as session:
        session.execute(
            update(WaitlistEntry)
            .where(WaitlistEntry.status == "offered")
            .values(offer_expires_at=utcnow() - timedelta(seconds=1))
        )
        session.commit()
    assert sweep(runtime)["freed"] == 1
    assert offers(recorder) == [first.id, second.id]
    assert enroll(api, first, "workshop").status_code == 409

    api.call(
        "PATCH",
        "/v1/admin/courses/workshop",
        json={"capacity": 2},
        headers=tenant.admin,
        expect=200,
    )
    sweep(runtime)  # the new seat goes to the next student waiting
    assert offers(recorder) == [first.id, second.id, third.id]
    assert enroll(api, third, "workshop").status_code == 202
    assert enroll(api, second, "workshop").status_code == 202
    course = api.call(
        "GET", "/v1/admin/courses/workshop", headers=tenant.admin, expect=200
    ).get_json()
    assert course["seats_taken"] == 2


def test_no_waitlist_for_a_course_without_capacity(api: Any) -> None:
    tenant = make_site(api)
    api.create_course(tenant, "open")
    join(api, api.signup(tenant), course="open", expect=404)


def test_erasing_a_student_with_an_offer_passes_it_on(
    api: Any, runtime: Any, recorder: Recorder
) -> None:
    tenant = make_site(api)
    _, order_id = full_paid_cohort(api, tenant)
    first, second = api.signup(tenant), api.signup(tenant)
    join(api, first)
    join(api, second)
    pay(api, tenant, order_id, outcome="decline")  # the seat is offered to the first
    assert offers(recorder) == [first.id]
    exported = api.call("GET", "/v1/me/export", headers=first.headers, expect=200).get_json()
    assert [w["status"] for w in exported["plugins"]["cohorts"]["waitlist"]] == ["offered"]

    report = api.call(
        "POST", f"/v1/admin/students/{first.id}/erasure", headers=tenant.admin, expect=200
    ).get_json()
    assert report["plugins"]["cohorts"]["erased"] == {"waitlist_places_left": 1}
    assert offers(recorder) == [first.id, second.id]  # the offer passed on
    assert seats(runtime, tenant) == 1  # still set aside, now for the second
    with runtime.session(tenant.id) as session:
        rows = session.execute(select(WaitlistEntry.student_id, WaitlistEntry.status))
        statuses = {student_id: status for student_id, status in rows}
    assert statuses == {first.id: "left", second.id: "offered"}
