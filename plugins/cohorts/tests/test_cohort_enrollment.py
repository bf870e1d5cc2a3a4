"""Enrolling in a cohort: catalogue states, checks, seat holds during checkout, late
payments for lapsed holds, and no oversell under concurrency."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update

from tuition.plugin_api import utcnow
from tuition.testing.recorders import Recorder
from tuition_cohorts.models import Cohort, CohortSeat
from tuition_cohorts.testing import (
    PRICE,
    add_cohort,
    cohort_view,
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


def test_catalogue_lists_cohorts_and_asks_to_choose(api: Any) -> None:
    tenant = make_site(api)
    api.create_course(tenant, "bootcamp")
    add_cohort(api, tenant, "bootcamp", "spring", 2, starts_on="2027-03-01")
    add_cohort(api, tenant, "bootcamp", "autumn", 0, starts_on="2027-09-01")
    add_cohort(api, tenant, "bootcamp", "winter", 5, active=False)
    student = api.signup(tenant)
    course = cohort_view(api, tenant, "bootcamp", student)
    assert course["enroll_state"] == "choose_cohort"
    listed = [
        (c["slug"], c["seats_left"], c["enroll_state"], c["waitlist"])
        for c in course["extensions"]["cohorts"]
    ]
    assert listed == [("spring", 2, "available", False), ("autumn", 0, "full", True)]
    assert cohort_view(api, tenant, "bootcamp")["enroll_state"] == "login_required"


def test_a_course_whose_cohorts_are_full_is_full_with_a_waitlist(api: Any) -> None:
    tenant = make_site(api)
    api.create_course(tenant, "bootcamp")
    add_cohort(api, tenant, "bootcamp", "spring", 1)
    first, second = api.signup(tenant), api.signup(tenant)
    assert enroll(api, first, "bootcamp", "spring").status_code == 201
    course = cohort_view(api, tenant, "bootcamp", second)
    assert course["enroll_state"] == "full"
    assert course["extensions"]["waitlist"] is True
    refused = enroll(api, second, "bootcamp", "spring")
    assert refused.status_code == 409
    assert refused.get_json()["code"] == "cohort_full"
    assert refused.get_json()["waitlist"] is True
    assert cohort_view(api, tenant, "bootcamp", first)["enroll_state"] == "enrolled"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"course": "bootcamp"}, 422, "cohort_required"),
        ({"course": "bootcamp", "cohort": "nope"}, 422, "unknown_cohort"),
        ({"course": "bootcamp", "cohort": "closed"}, 409, "registration_closed"),
        ({"course": "bootcamp", "cohort": "paused"}, 409, "cohort_inactive"),
        ({"course": "plain", "cohort": "spring"}, 422, "unknown_cohort"),
    ],
)
def test_cohort_checks(
    api: Any, runtime: Any, body: dict[str, Any], status: int, code: str
) -> None:
    tenant = make_site(api)
    api.create_course(tenant, "bootcamp")
    api.create_course(tenant, "plain")
    add_cohort(api, tenant, "bootcamp", "spring", 3)
    add_cohort(
        api,
        tenant,
        "bootcamp",
        "closed",
        3,
        enrollment_deadline=(utcnow() - timedelta(days=1)).isoformat(),
    )
    add_cohort(api, tenant, "bootcamp", "paused", 3, active=False)
    student = api.signup(tenant)
    response = api.call("POST", "/v1/enrollments", json=body, headers=student.headers)
    assert response.status_code == status
    assert response.get_json()["code"] == code
    with runtime.session(tenant.id) as session:
        assert runtime.services.enrollments(session) == []
        assert session.scalar(select(func.sum(Cohort.seats_taken))) == 0


def test_cohort_field_is_unknown_where_the_plugin_is_off(api: Any) -> None:
    tenant = api.create_tenant({"free_enrollment": {}})
    api.create_course(tenant, "plain")
    student = api.signup(tenant)
    response = enroll(api, student, "plain", "spring")
    assert response.status_code == 422 and "cohort" in str(response.get_json()["errors"])


def test_paid_cohort_holds_a_seat_until_paid_or_released(
    api: Any, runtime: Any, recorder: Recorder
) -> None:
    tenant = make_site(api)
    paid_course(api, tenant, capacity=2)
    buyer, decliner = api.signup(tenant), api.signup(tenant)
    bought = enroll(api, buyer, "bootcamp", "spring")
    assert bought.status_code == 202
    declined = enroll(api, decliner, "bootcamp", "spring").get_json()
    assert seats(runtime, tenant) == 2  # two holds
    assert cohort_view(api, tenant, "bootcamp")["extensions"]["cohorts"][0]["seats_left"] == 0

    pay(api, tenant, declined["checkout"]["order_id"], outcome="decline")
    assert seats(runtime, tenant) == 1  # the failed checkout gave its hold back
    order_id = bought.get_json()["checkout"]["order_id"]
    pay(api, tenant, order_id)
    with runtime.session(tenant.id) as session:
        statuses = dict(session.execute(select(CohortSeat.enrollment_id, CohortSeat.status)).all())
    assert sorted(statuses.values()) == ["released", "taken"]
    assert seats(runtime, tenant) == 1

    api.call(
        "POST", f"/v1/admin/orders/{order_id}/refund", json={}, headers=tenant.admin, expect=200
    )
    assert seats(runtime, tenant) == 0


def _expire_holds(runtime: Any, tenant: Any) -> None:
    with runtime.session(tenant.id) as session:
        session.execute(
            update(CohortSeat)
            .where(CohortSeat.status == "held")
            .values(hold_until=utcnow() - timedelta(minutes=1))
        )
        session.commit()


def test_money_for_a_lapsed_hold_in_a_full_cohort_is_refunded(
    api: Any, runtime: Any, recorder: Recorder
) -> None:
    tenant = make_site(api)
    paid_course(api, tenant, capacity=1)
    late, winner = api.signup(tenant), api.signup(tenant)
    late_order = enroll(api, late, "bootcamp", "spring").get_json()["checkout"]["order_id"]
    assert enroll(api, winner, "bootcamp", "spring").status_code == 409  # held by `late`
    _expire_holds(runtime, tenant)
    won = enroll(api, winner, "bootcamp", "spring")  # the overdue hold lapses for them
    assert won.status_code == 202
    pay(api, tenant, won.get_json()["checkout"]["order_id"])

    pay(api, tenant, late_order)  # money arrives for the lapsed hold: never oversold
    order = api.call(
        "GET", f"/v1/admin/orders/{late_order}", headers=tenant.admin, expect=200
    ).get_json()
    assert order["status"] == "refunded" and order["refunded_amount"] == PRICE["amount"]
    assert order["enrollment_status"] == "canceled"
    assert seats(runtime, tenant) == 1
    told = [data for kind, data in recorder.called("event") if kind == "order.refund_scheduled"]
    assert [(d["order_id"], d["reason"]) for d in told] == [(late_order, "cohort_full")]
    assert "filled up" in told[0]["detail"]


def test_money_for_a_lapsed_hold_with_a_seat_left_is_kept(api: Any, runtime: Any) -> None:
    tenant = make_site(api)
    paid_course(api, tenant, capacity=2)
    late = api.signup(tenant)
    order_id = enroll(api, late, "bootcamp", "spring").get_json()["checkout"]["order_id"]
    _expire_holds(runtime, tenant)
    assert sweep(runtime)["freed"] == 1
    assert seats(runtime, tenant) == 0
    pay(api, tenant, order_id)
    order = api.call(
        "GET", f"/v1/admin/orders/{order_id}", headers=tenant.admin, expect=200
    ).get_json()
    assert order["status"] == "paid" and order["enrollment_status"] == "active"
    assert seats(runtime, tenant) == 1


def test_hold_minutes_caps_the_hold(api: Any, runtime: Any) -> None:
    tenant = make_site(api, hold_minutes=5)
    paid_course(api, tenant)
    body = enroll(api, api.signup(tenant), "bootcamp", "spring").get_json()
    with runtime.session(tenant.id) as session:
        hold_until = session.scalar(select(CohortSeat.hold_until))
        order = runtime.services.order(session, body["checkout"]["order_id"])
        expires_at = order.expires_at if order is not None else None
    assert hold_until is not None and expires_at is not None
    assert hold_until < expires_at
    assert timedelta(minutes=4) < hold_until - utcnow() <= timedelta(minutes=5)


def test_hundred_buyers_ten_seats(app: Any, api: Any, runtime: Any, backend: str) -> None:
    tenant = make_site(api)
    paid_course(api, tenant, capacity=10)
    count = 100 if backend == "postgresql" else 40
    buyers = [s.headers for s in api.add_students(tenant, count, prefix="buyer")]
    barrier = threading.Barrier(len(buyers))

    def buy(headers: dict[str, str]) -> tuple[int, Any]:
        client = app.test_client()
        barrier.wait()
        response = client.post(
            "/v1/enrollments", json={"course": "bootcamp", "cohort": "spring"}, headers=headers
        )
        return response.status_code, response.get_json()

    with ThreadPoolExecutor(max_workers=len(buyers)) as pool:
        results = list(pool.map(buy, buyers))
    held = [body for status, body in results if status == 202]
    refused = [body["code"] for status, body in results if status == 409]
    assert len(held) == 10 and refused == ["cohort_full"] * (len(buyers) - 10)
    assert seats(runtime, tenant) == 10
    for body in held:
        pay(api, tenant, body["checkout"]["order_id"])
    paid = api.call("GET", "/v1/admin/orders?status=paid", headers=tenant.admin, expect=200)
    assert paid.get_json()["total"] == 10
    with runtime.session(tenant.id) as session:
        assert len(runtime.services.enrollments(session, statuses=["active"])) == 10
        assert (
            session.scalar(
                select(func.count()).select_from(CohortSeat).where(CohortSeat.status == "taken")
            )
            == 10
        )
    assert seats(runtime, tenant) == 10


def test_a_refund_frees_the_cohort_seat_and_the_booked_sessions(api: Any, runtime: Any) -> None:
    from tuition_cohorts.models import SessionOption

    tenant = make_site(api)
    paid_course(api, tenant, capacity=2)
    with runtime.session(tenant.id) as session:
        spring = session.scalar(select(Cohort))
        assert spring is not None
        spring_id = spring.id
    api.call(
        "POST",
        "/v1/admin/courses/bootcamp/steps",
        headers=tenant.admin,
        expect=201,
        json={"label": "kickoff", "title": "Kick-off"},
    )
    api.call(
        "POST",
        f"/v1/admin/cohorts/{spring_id}/options",
        headers=tenant.admin,
        expect=201,
        json={
            "step": "kickoff",
            "name": "Monday",
            "weekday": 0,
            "start_time": "09:00",
            "end_time": "10:00",
            "capacity": 5,
        },
    )
    student = api.signup(tenant)
    started = enroll(api, student, "bootcamp", "spring").get_json()
    pay(api, tenant, started["checkout"]["order_id"])
    with runtime.session(tenant.id) as session:
        assert session.scalar(select(SessionOption.seats_taken)) == 1  # auto-booked

    api.call(
        "POST",
        f"/v1/admin/orders/{started['checkout']['order_id']}/refund",
        json={},
        headers=tenant.admin,
        expect=200,
    )
    assert seats(runtime, tenant) == 0
    with runtime.session(tenant.id) as session:
        assert session.scalar(select(SessionOption.seats_taken)) == 0
