"""The catalogue answers without marshmallow: its JSON must be exactly what dumping the
same courses with the documented ``CoursePage`` schema gives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tuition.api import present
from tuition.api.schemas import DashboardOut
from tuition.api.storefront import CoursePage
from tuition.models import Student, Tenant
from tuition.services import catalog, dashboard
from tuition.services.dashboard import OwnedEnrollment

PRICE = {"amount": 4900, "currency": "EUR"}


def dumped(runtime: Any, tenant_id: str, student_id: str | None) -> dict[str, Any]:
    """The page as flask-smorest would have dumped it through ``CoursePage``."""
    session = runtime.session()
    session.info["tenant_id"] = tenant_id
    try:
        tenant = session.get(Tenant, tenant_id)
        student = session.get(Student, student_id) if student_id else None
        page = catalog.list_courses(runtime, session, tenant, student, page=1, page_size=100)
        return CoursePage().dump(
            {
                "items": [present.course(v) for v in page.items],
                "page": page.page,
                "page_size": page.page_size,
                "total": page.total,
            }
        )
    finally:
        session.close()


def test_the_catalogue_json_is_the_schema_dump(api, runtime):
    tenant = api.create_tenant(
        {"free_enrollment": {}, "dummy_provider": {}, "cohorts": {}, "next_course": {}}
    )
    deadline = datetime.now(UTC).replace(microsecond=123456) + timedelta(days=3)
    api.create_course(tenant, "intro", capacity=2)
    api.create_course(
        tenant,
        "deep",
        pricing_model="one_time",
        price=PRICE,
        registration_deadline=deadline.isoformat(),
        prerequisites=["intro"],
        next_courses=["intro"],
    )
    api.create_course(tenant, "closed", registration_deadline="2020-01-01T00:00:00Z")
    api.create_course(tenant, "bootcamp", capacity=10)
    api.call(
        "POST",
        "/v1/admin/courses/bootcamp/cohorts",
        json={"slug": "spring", "name": "Spring", "capacity": 5},
        headers=tenant.admin,
        expect=201,
    )
    student = api.signup(tenant)
    api.enroll(tenant, student, "intro")

    for headers, student_id in ((tenant.storefront, None), (student.headers, student.id)):
        answer = api.call("GET", "/v1/courses?page_size=100", headers=headers, expect=200)
        body = answer.get_json()
        assert body == dumped(runtime, tenant.id, student_id)
        assert [c["slug"] for c in body["items"]] == ["intro", "deep", "closed", "bootcamp"]
        deep = body["items"][1]
        assert deep["registration_deadline"] == deadline.isoformat()
        assert deep["price"] == PRICE and deep["prerequisites"] == ["intro"]
        assert body["items"][3]["extensions"]["cohorts"][0]["slug"] == "spring"


def test_a_prerequisite_owned_off_the_page_counts(api):
    """The page reads the student's enrollments of its own courses; a prerequisite listed
    on another page is looked up on its own."""
    tenant = api.create_tenant({"free_enrollment": {}})
    api.create_course(tenant, "intro")
    api.create_course(tenant, "deep", prerequisites=["intro"])
    api.create_course(tenant, "other", prerequisites=["intro"])
    student = api.signup(tenant)

    def page_two() -> list[tuple[str, str, list[str]]]:
        body = api.call(
            "GET", "/v1/courses?page=2&page_size=1", headers=student.headers, expect=200
        ).get_json()
        return [(c["slug"], c["enroll_state"], c["missing_prerequisites"]) for c in body["items"]]

    assert page_two() == [("deep", "not_available", ["intro"])]
    api.enroll(tenant, student, "intro")
    assert page_two() == [("deep", "available", [])]
    one = api.call("GET", "/v1/courses/deep", headers=student.headers, expect=200).get_json()
    assert (one["enroll_state"], one["missing_prerequisites"]) == ("available", [])


def dumped_dashboard(runtime: Any, tenant_id: str, student_id: str) -> dict[str, Any]:
    """The dashboard as flask-smorest would have dumped it through ``DashboardOut``."""
    session = runtime.session()
    session.info["tenant_id"] = tenant_id
    try:
        tenant = session.get(Tenant, tenant_id)
        student = session.get(Student, student_id)
        board = dashboard.build(runtime, session, tenant, student)
        owned = [
            {
                "enrollment": {
                    **{name: getattr(e, name) for name in OwnedEnrollment.__slots__},
                    "course": view.course.slug,
                    "order_id": board.open_orders.get(e.id),
                    "checkout": None,
                },
                "course": present.course(view),
            }
            for e, view in board.owned
        ]
        return DashboardOut().dump(
            {
                "owned": owned,
                "available": [present.course(v) for v in board.available],
                "recommendations": [
                    {"course": present.course(v), "reason": r.reason, "score": r.score}
                    for v, r in board.recommendations
                ],
            }
        )
    finally:
        session.close()


def test_the_dashboard_json_is_the_schema_dump(api, runtime):
    tenant = api.create_tenant({"free_enrollment": {}, "dummy_provider": {}, "next_course": {}})
    deadline = datetime.now(UTC).replace(microsecond=654321) + timedelta(days=5)
    api.create_course(tenant, "extra")
    api.create_course(tenant, "intro", next_courses=["extra"])
    api.create_course(
        tenant,
        "deep",
        pricing_model="one_time",
        price=PRICE,
        registration_deadline=deadline.isoformat(),
    )
    api.create_course(tenant, "advanced", prerequisites=["intro"], capacity=3)
    student = api.signup(tenant)
    api.enroll(tenant, student, "intro")
    order_id = api.enroll(tenant, student, "deep", expect=202).get_json()["checkout"]["order_id"]

    body = api.call("GET", "/v1/me/dashboard", headers=student.headers, expect=200).get_json()
    assert body == dumped_dashboard(runtime, tenant.id, student.id)
    owned = {o["course"]["slug"]: o["enrollment"] for o in body["owned"]}
    assert (owned["intro"]["status"], owned["intro"]["order_id"]) == ("active", None)
    assert (owned["deep"]["status"], owned["deep"]["order_id"]) == ("pending", order_id)
    assert owned["intro"]["activated_at"] is not None
    assert {c["slug"]: c["enroll_state"] for c in body["available"]} == {
        "advanced": "available",
        "extra": "available",
    }
    assert [r["course"]["slug"] for r in body["recommendations"]] == ["extra"]
    deep = next(o["course"] for o in body["owned"] if o["course"]["slug"] == "deep")
    assert deep["registration_deadline"] == deadline.isoformat()
