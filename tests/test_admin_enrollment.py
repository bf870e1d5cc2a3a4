"""The site owner enrolls students by hand (``POST /v1/admin/enrollments``) and ends
enrollments (``POST /v1/admin/enrollments/<id>/end``)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from tuition.models import AuditEntry, Course, Enrollment, Student
from tuition.testing.api import Api, TenantHandle
from tuition.testing.recorders import Recorder

ENROLL = "/v1/admin/enrollments"


@pytest.fixture
def tuition_plugins(recorder: Recorder) -> list[tuple[str, Any]]:
    return [("recorder", recorder)]


@pytest.fixture
def site(api: Api) -> TenantHandle:
    return api.create_tenant({"free_enrollment": {}, "recorder": {}})


def admin_enroll(api: Api, tenant: TenantHandle, expect: int | None = 201, **body: Any) -> Any:
    body.setdefault("complimentary", True)
    answer = api.call("POST", ENROLL, json=body, headers=tenant.admin, expect=expect)
    return answer.get_json()


def seats_taken(runtime, tenant: TenantHandle, slug: str) -> int:
    with runtime.session(tenant.id) as session:
        return session.scalar(select(Course.seats_taken).where(Course.slug == slug))


def events(recorder: Recorder, kind: str) -> list[dict[str, Any]]:
    return [data for type_, data in recorder.called("event") if type_ == kind]


def test_enroll_an_existing_student_by_id_or_email(api, site, runtime, recorder):
    api.create_course(site, "intro")
    api.create_course(site, "advanced", registration_deadline="2020-01-01T00:00:00Z")
    grace = api.signup(site, "grace@example.com")

    made = admin_enroll(api, site, course="intro", student=grace.id)
    assert made["status"] == "active" and made["source"] == "admin"
    assert made["invited"] is False and made["student_id"] == grace.id
    assert made["take_seat"] is True and made["external_reference"] is None
    # By email (any case), into a course whose registration closed: the owner's call.
    late = admin_enroll(api, site, course="advanced", email="GRACE@example.com")
    assert late["student_id"] == grace.id and late["status"] == "active"

    mine = api.call("GET", "/v1/me/enrollments", headers=grace.headers, expect=200).get_json()
    assert {e["course"] for e in mine["items"]} == {"intro", "advanced"}
    assert [d["course"] for d in events(recorder, "enrollment.activated")] == ["intro", "advanced"]
    assert events(recorder, "student.invited") == []
    with runtime.session(site.id) as session:
        entry = session.scalar(
            select(AuditEntry).where(
                AuditEntry.object_id == made["id"], AuditEntry.action == "created"
            )
        )
        assert entry.actor == "admin"
        assert entry.after["source"] == "admin" and entry.after["take_seat"] is True


def test_enroll_someone_new_invites_them_to_choose_a_password(api, site, runtime, recorder):
    api.create_course(site, "intro")
    made = admin_enroll(api, site, course="intro", email="ada@example.com", name="Ada Lovelace")
    assert made["invited"] is True and made["student_email"] == "ada@example.com"
    assert made["student_name"] == "Ada Lovelace"
    [invited] = events(recorder, "student.invited")
    assert invited == {
        "student_id": made["student_id"],
        "course": "intro",
        "enrollment_id": made["id"],
    }
    with runtime.session(site.id) as session:
        student = session.get(Student, made["student_id"])
        assert student.password_hash is None and student.signup_method == "invitation"
    # The invitation link's token lets them choose a password, once, and signs them in.
    token = runtime.services.student_link_token(
        runtime.session(site.id), made["student_id"], "set_password"
    )
    body = {"token": token, "password": "a long enough passphrase"}
    accept = "/v1/auth/invitation:accept"
    signed_in = api.call("POST", accept, json=body, headers=site.storefront, expect=200)
    me = signed_in.get_json()["student"]
    assert me["email_verified"] is True and me["name"] == "Ada Lovelace"
    api.call("POST", accept, json=body, headers=site.storefront, expect=401)
    assert (
        runtime.services.student_link_token(
            runtime.session(site.id), made["student_id"], "set_password"
        )
        is None
    )
    login = {"email": "ada@example.com", "password": body["password"]}
    api.call("POST", "/v1/auth/login", json=login, headers=site.storefront, expect=200)


def test_complimentary_or_paid_outside_tuition(api, site, runtime):
    api.create_course(site, "intro")
    api.create_course(site, "paid-by-invoice")
    free = admin_enroll(api, site, course="intro", email="a@example.com")
    invoiced = admin_enroll(
        api,
        site,
        course="paid-by-invoice",
        email="a@example.com",
        complimentary=False,
        external_reference="INV-2026-0042",
    )
    assert free["external_reference"] is None
    assert invoiced["external_reference"] == "INV-2026-0042"
    listed = api.call(
        "GET", f"{ENROLL}?course=paid-by-invoice", headers=site.admin, expect=200
    ).get_json()
    assert [e["external_reference"] for e in listed["items"]] == ["INV-2026-0042"]

    for wrong in (
        {"complimentary": False},  # neither
        {"complimentary": True, "external_reference": "INV-1"},  # both
    ):
        problem = admin_enroll(api, site, 422, course="intro", email="b@example.com", **wrong)
        assert problem["code"] == "validation_error" and "complimentary" in problem["errors"]
    problem = admin_enroll(api, site, 422, course="intro")  # no student at all
    assert "student" in problem["errors"]
    with runtime.session(site.id) as session:  # nothing half-written: no b@example.com
        assert session.scalar(select(Student).where(Student.email == "b@example.com")) is None


def test_problems_unknown_course_or_student_already_enrolled_full(api, site, runtime):
    api.create_course(site, "tiny", capacity=1)
    grace = api.signup(site)
    assert admin_enroll(api, site, 404, course="nope", student=grace.id)["code"] == "not_found"
    assert admin_enroll(api, site, 404, course="tiny", student="stu_nobody")["code"] == "not_found"
    admin_enroll(api, site, course="tiny", student=grace.id)
    again = admin_enroll(api, site, 409, course="tiny", student=grace.id)
    assert again["code"] == "already_enrolled"
    full = admin_enroll(api, site, 409, course="tiny", email="new@example.com")
    assert full["code"] == "course_full"
    with runtime.session(site.id) as session:  # the refused invitation wrote nothing
        assert session.scalar(select(Student).where(Student.email == "new@example.com")) is None
    assert admin_enroll(api, site, 422, course="tiny", email="x@example.com", cohort="x")[
        "errors"
    ] == {"cohort": ["Unknown field."]}


def test_take_seat_false_enrolls_beyond_capacity_and_gives_nothing_back(api, site, runtime):
    api.create_course(site, "tiny", capacity=1)
    first = admin_enroll(api, site, course="tiny", email="one@example.com")
    extra = admin_enroll(api, site, course="tiny", email="two@example.com", take_seat=False)
    assert extra["status"] == "active" and extra["take_seat"] is False
    assert seats_taken(runtime, site, "tiny") == 1
    # Ending the extra one gives no seat back (the course stays full) …
    ended = api.call("POST", f"{ENROLL}/{extra['id']}/end", headers=site.admin, expect=200)
    assert ended.get_json()["status"] == "canceled"
    assert seats_taken(runtime, site, "tiny") == 1
    assert admin_enroll(api, site, 409, course="tiny", email="three@example.com")["code"] == (
        "course_full"
    )
    # … ending the counted one does.
    api.call("POST", f"{ENROLL}/{first['id']}/end", headers=site.admin, expect=200)
    assert seats_taken(runtime, site, "tiny") == 0
    admin_enroll(api, site, course="tiny", email="three@example.com")


def test_end_releases_the_seat_emits_and_is_idempotent(api, site, runtime, recorder):
    api.create_course(site, "tiny", capacity=1)
    grace = api.signup(site)
    api.enroll(site, grace, "tiny")  # the student's own enrollment
    [mine] = api.call("GET", ENROLL, headers=site.admin, expect=200).get_json()["items"]
    assert seats_taken(runtime, site, "tiny") == 1

    body = {"reason": "left the company"}
    path = f"{ENROLL}/{mine['id']}/end"
    ended = api.call("POST", path, json=body, headers=site.admin, expect=200).get_json()
    assert ended["status"] == "canceled" and ended["ended_at"] is not None
    assert seats_taken(runtime, site, "tiny") == 0
    [event] = events(recorder, "enrollment.ended")
    assert event["enrollment_id"] == mine["id"] and event["reason"] == "left the company"
    # Again: nothing changes, no second event; the seat went to someone else meanwhile.
    other = api.signup(site)
    api.enroll(site, other, "tiny")
    api.call("POST", path, headers=site.admin, expect=200)
    assert seats_taken(runtime, site, "tiny") == 1
    assert len(events(recorder, "enrollment.ended")) == 1
    api.call("POST", f"{ENROLL}/enr_nope/end", headers=site.admin, expect=404)
    with runtime.session(site.id) as session:
        row = session.get(Enrollment, mine["id"])
        assert row.status == "canceled"
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.object_id == mine["id"])
        ).all()
        assert "status.canceled" in actions


def test_a_pending_enrollment_is_not_ended(api, site, runtime):
    api.create_course(site, "intro")
    grace = api.signup(site)
    api.enroll(site, grace, "intro")
    with runtime.session(site.id) as session:
        row = session.scalar(select(Enrollment))
        row.status = "pending"
        session.commit()
        enrollment_id = row.id
    answer = api.call(
        "POST", f"{ENROLL}/{enrollment_id}/end", headers=site.admin, expect=409
    ).get_json()
    assert answer["code"] == "enrollment_not_active"


def test_an_enrollment_by_hand_replays_with_its_idempotency_key(api, site, runtime):
    api.create_course(site, "intro")
    headers = {**site.admin, "Idempotency-Key": "enroll-ada-1"}
    body = {"course": "intro", "email": "ada@example.com", "complimentary": True}
    first = api.call("POST", ENROLL, json=body, headers=headers, expect=201)
    second = api.call("POST", ENROLL, json=body, headers=headers, expect=201)
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert second.get_json() == first.get_json()
    with runtime.session(site.id) as session:
        assert len(session.scalars(select(Enrollment)).all()) == 1


def test_another_sites_student_or_enrollment_is_not_found(api, site):
    api.create_course(site, "intro")
    other = api.create_tenant()
    api.create_course(other, "intro")
    theirs = api.signup(other)
    api.enroll(other, theirs, "intro")
    [enrollment] = api.call("GET", ENROLL, headers=other.admin, expect=200).get_json()["items"]
    assert admin_enroll(api, site, 404, course="intro", student=theirs.id)["code"] == "not_found"
    api.call("POST", f"{ENROLL}/{enrollment['id']}/end", headers=site.admin, expect=404)
    # The same email at this site is someone else: invited here.
    made = admin_enroll(api, site, course="intro", email=theirs.email)
    assert made["invited"] is True and made["student_id"] != theirs.id
