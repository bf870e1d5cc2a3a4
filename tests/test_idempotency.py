"""Idempotency-Key on POST /v1/enrollments."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update

from tuition.db import utcnow
from tuition.models import Enrollment, IdempotencyRecord


def post(api, student, body, key, expect):
    return api.call("POST", "/v1/enrollments", json=body, expect=expect,
                    headers={**student.headers, "Idempotency-Key": key})


def test_same_key_and_body_replays_the_first_response(api, tenant, student, runtime):
    api.create_course(tenant, "intro")
    first = post(api, student, {"course": "intro"}, "k-1", 201)
    again = post(api, student, {"course": "intro"}, "k-1", 201)
    assert again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    with runtime.session() as session:
        assert session.scalar(select(func.count()).select_from(Enrollment)) == 1


def test_same_key_other_body_is_refused(api, tenant, student):
    api.create_course(tenant, "intro")
    api.create_course(tenant, "other")
    post(api, student, {"course": "intro"}, "k-2", 201)
    problem = post(api, student, {"course": "other"}, "k-2", 422).get_json()
    assert problem["code"] == "idempotency_key_reused"


def test_refusals_are_replayed_too(api, tenant, student):
    api.create_course(tenant, "full", capacity=0)
    first = post(api, student, {"course": "full"}, "k-3", 409)
    api.call("PATCH", "/v1/admin/courses/full", json={"capacity": 5}, headers=tenant.admin,
             expect=200)
    again = post(api, student, {"course": "full"}, "k-3", 409)
    assert again.get_json() == first.get_json()
    assert again.mimetype == "application/problem+json"
    # A new key really retries.
    post(api, student, {"course": "full"}, "k-4", 201)


def test_keys_are_per_student_and_expire_after_a_day(api, tenant, student, runtime):
    api.create_course(tenant, "intro")
    other = api.signup(tenant)
    post(api, student, {"course": "intro"}, "shared", 201)
    post(api, other, {"course": "intro"}, "shared", 201)  # not a replay of someone else's

    api.create_course(tenant, "later")
    with runtime.session() as session:
        session.execute(update(IdempotencyRecord).values(
            created_at=utcnow() - timedelta(hours=25)))
        session.commit()
    # After 24 h the key is free again: the new body runs for real.
    response = post(api, student, {"course": "later"}, "shared", 201)
    assert "Idempotent-Replayed" not in response.headers


def test_in_progress_key_is_reported(api, tenant, student, runtime):
    api.create_course(tenant, "intro")
    from tuition.services.idempotency import IdempotencyGuard, request_fingerprint

    guard = IdempotencyGuard(runtime.sessions, tenant.id, timedelta(hours=24))
    guard.claim(f"enroll:{student.id}", "busy", request_fingerprint({"course": "intro"}))
    problem = post(api, student, {"course": "intro"}, "busy", 409).get_json()
    assert problem["code"] == "idempotency_key_in_use"
