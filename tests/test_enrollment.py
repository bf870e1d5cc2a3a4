"""Enroll states and enrollment checks, through the API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from tuition.models import Course, Enrollment


def states(api, headers) -> dict[str, str]:
    body = api.call("GET", "/v1/courses", headers=headers, expect=200).get_json()
    return {c["slug"]: c["enroll_state"] for c in body["items"]}


def switch_off_behind_the_plan(runtime, plugin: str) -> None:
    """Disable a plugin directly in the database, as if it had been uninstalled."""
    from tuition.models import Tenant, TenantPlugin

    with runtime.session() as session:
        session.execute(
            update(TenantPlugin).where(TenantPlugin.plugin == plugin).values(enabled=False)
        )
        session.execute(update(Tenant).values(config_version=Tenant.config_version + 1))
        session.commit()


def count_enrollments(runtime) -> int:
    with runtime.session() as session:
        return session.scalar(select(func.count()).select_from(Enrollment))


def test_each_enroll_state(api, tenant, student, runtime):
    past = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    api.create_course(tenant, "open")
    api.create_course(tenant, "closed", registration_deadline=past)
    api.create_course(tenant, "tiny", capacity=1)
    api.create_course(tenant, "taken")
    api.create_course(tenant, "unpaid")
    api.create_course(tenant, "advanced", prerequisites=["open"])
    other = api.signup(tenant)
    api.enroll(tenant, other, "tiny")
    api.enroll(tenant, student, "taken")
    with runtime.session() as session:  # a pending (unpaid) enrollment, as a paid model makes
        course = session.scalar(select(Course).where(Course.slug == "unpaid"))
        session.add(
            Enrollment(
                tenant_id=tenant.id,
                student_id=student.id,
                course_id=course.id,
                status="pending",
                source="test",
            )
        )
        session.commit()

    assert states(api, tenant.storefront) == {
        "open": "login_required",
        "closed": "registration_closed",
        "tiny": "full",
        "taken": "login_required",
        "unpaid": "login_required",
        "advanced": "login_required",
    }
    assert states(api, student.headers) == {
        "open": "available",
        "closed": "registration_closed",
        "tiny": "full",
        "taken": "enrolled",
        "unpaid": "pending_payment",
        "advanced": "not_available",
    }
    detail = api.call("GET", "/v1/courses/advanced", headers=student.headers).get_json()
    assert detail["missing_prerequisites"] == ["open"]

    api.enroll(tenant, student, "open")
    assert states(api, student.headers)["advanced"] == "available"

    # A pricing model whose plugin is gone (uninstalled, or switched off behind the plan
    # check): not available.
    switch_off_behind_the_plan(runtime, "free_enrollment")
    after = states(api, student.headers)
    assert after["closed"] == "not_available" and after["taken"] == "enrolled"


def test_drafts_are_not_listed(api, tenant, student):
    api.create_course(tenant, "draft-one", status="draft")
    assert states(api, student.headers) == {}
    api.call("GET", "/v1/courses/draft-one", headers=student.headers, expect=404)


@pytest.mark.parametrize(
    ("setup", "code"),
    [
        ({"status": "draft"}, "not_published"),
        ({"registration_deadline": "2001-01-01T00:00:00Z"}, "registration_closed"),
        ({"capacity": 0}, "course_full"),
        ({"prerequisites": ["basics"]}, "prerequisite_missing"),
    ],
)
def test_each_enrollment_check_refuses_and_writes_nothing(
    api, tenant, student, runtime, setup, code
):
    api.create_course(tenant, "basics")
    api.create_course(tenant, "target", **setup)
    response = api.enroll(tenant, student, "target", expect=409)
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["code"] == code and problem["status"] == 409
    if code == "prerequisite_missing":
        assert problem["missing"] == ["basics"]
    assert count_enrollments(runtime) == 0
    with runtime.session() as session:
        assert session.scalar(select(Course.seats_taken).where(Course.slug == "target")) == 0


def test_duplicate_enrollment_returns_the_existing_one(api, tenant, student, runtime):
    api.create_course(tenant, "intro", capacity=10)
    first = api.enroll(tenant, student, "intro").get_json()
    problem = api.enroll(tenant, student, "intro", expect=409).get_json()
    assert problem["code"] == "already_enrolled"
    assert problem["enrollment_id"] == first["id"]
    assert count_enrollments(runtime) == 1
    course = api.call("GET", "/v1/admin/courses/intro", headers=tenant.admin).get_json()
    assert course["seats_taken"] == 1


def test_disabled_pricing_model_and_unknown_course(api, tenant, student, runtime):
    api.create_course(tenant, "intro")
    api.enroll(tenant, student, "missing", expect=404)
    switch_off_behind_the_plan(runtime, "free_enrollment")
    assert api.enroll(tenant, student, "intro", expect=409).get_json()["code"] == "not_available"


def test_enrolling_needs_a_student(api, tenant):
    api.create_course(tenant, "intro")
    problem = api.call(
        "POST", "/v1/enrollments", json={"course": "intro"}, headers=tenant.storefront, expect=401
    ).get_json()
    assert problem["code"] == "login_required"


def test_database_refuses_a_second_live_enrollment(api, tenant, student, runtime):
    from sqlalchemy.exc import IntegrityError

    api.create_course(tenant, "intro")
    api.enroll(tenant, student, "intro")
    with runtime.session() as session:
        course_id = session.scalar(select(Course.id).where(Course.slug == "intro"))
        session.add(
            Enrollment(
                tenant_id=tenant.id,
                student_id=student.id,
                course_id=course_id,
                status="active",
                source="sneaky",
            )
        )
        with pytest.raises(IntegrityError):
            session.commit()


def test_student_lists_and_dashboard(api, tenant, student):
    for slug in ("a", "b", "c"):
        api.create_course(tenant, slug)
    api.enroll(tenant, student, "a")
    api.enroll(tenant, student, "b")
    mine = api.call(
        "GET", "/v1/me/enrollments?page_size=1", headers=student.headers, expect=200
    ).get_json()
    assert mine["total"] == 2 and len(mine["items"]) == 1 and mine["page_size"] == 1
    board = api.call("GET", "/v1/me/dashboard", headers=student.headers, expect=200).get_json()
    assert sorted(o["course"]["slug"] for o in board["owned"]) == ["a", "b"]
    assert all(o["course"]["enroll_state"] == "enrolled" for o in board["owned"])
    assert [c["slug"] for c in board["available"]] == ["c"]
    assert board["recommendations"] == []


def test_admin_enrollment_list_filters(api, tenant, student):
    api.create_course(tenant, "a")
    api.create_course(tenant, "b")
    api.enroll(tenant, student, "a")
    other = api.signup(tenant)
    api.enroll(tenant, other, "a")
    api.enroll(tenant, other, "b")
    everything = api.call("GET", "/v1/admin/enrollments", headers=tenant.admin).get_json()
    assert everything["total"] == 3
    only_b = api.call("GET", "/v1/admin/enrollments?course=b", headers=tenant.admin).get_json()
    assert [(e["course"], e["student_email"]) for e in only_b["items"]] == [("b", other.email)]
    api.call("GET", "/v1/admin/enrollments?course=zzz", headers=tenant.admin, expect=404)
    none = api.call("GET", "/v1/admin/enrollments?status=pending", headers=tenant.admin)
    assert none.get_json()["total"] == 0
