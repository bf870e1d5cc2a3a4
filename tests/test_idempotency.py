"""Idempotency-Key on every unsafe request, per credential: replay, reuse, in use."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update

from tuition.api.idempotency import UNSAFE_METHODS
from tuition.db import utcnow
from tuition.models import Enrollment, IdempotencyKey, Order, Tenant
from tuition.services.idempotency import credential_of, fingerprint
from tuition.services.sweep import sweep
from tuition.testing.api import OPERATOR_TOKEN

OPERATOR = {"Authorization": f"Bearer {OPERATOR_TOKEN}"}
PRICE = {"amount": 4900, "currency": "EUR"}


def post(api, student, body, key, expect):
    return api.call(
        "POST",
        "/v1/enrollments",
        json=body,
        expect=expect,
        headers={**student.headers, "Idempotency-Key": key},
    )


def count(runtime, model) -> int:
    with runtime.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_same_key_and_body_replays_the_first_response(api, tenant, student, runtime):
    api.create_course(tenant, "intro")
    first = post(api, student, {"course": "intro"}, "k-1", 201)
    again = post(api, student, {"course": "intro"}, "k-1", 201)
    assert again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert count(runtime, Enrollment) == 1


def test_same_key_other_body_is_refused(api, tenant, student):
    api.create_course(tenant, "intro")
    api.create_course(tenant, "other")
    post(api, student, {"course": "intro"}, "k-2", 201)
    problem = post(api, student, {"course": "other"}, "k-2", 422).get_json()
    assert problem["code"] == "idempotency_key_reused"
    # The same key on another path is another request too.
    reused = api.call(
        "POST",
        "/v1/courses/intro/views",
        headers={**student.headers, "Idempotency-Key": "k-2"},
        expect=422,
    ).get_json()
    assert reused["code"] == "idempotency_key_reused"


def test_json_is_compared_by_value(api, tenant, student):
    api.create_course(tenant, "intro")
    headers = {**student.headers, "Idempotency-Key": "k-json", "Content-Type": "application/json"}
    api.call("POST", "/v1/enrollments", data='{"course": "intro"}', headers=headers, expect=201)
    again = api.call(
        "POST", "/v1/enrollments", data='{ "course":"intro" }\n', headers=headers, expect=201
    )
    assert again.headers["Idempotent-Replayed"] == "true"


def test_refusals_are_replayed_too(api, tenant, student):
    api.create_course(tenant, "full", capacity=0)
    first = post(api, student, {"course": "full"}, "k-3", 409)
    api.call(
        "PATCH", "/v1/admin/courses/full", json={"capacity": 5}, headers=tenant.admin, expect=200
    )
    again = post(api, student, {"course": "full"}, "k-3", 409)
    assert again.get_json() == first.get_json()
    assert again.mimetype == "application/problem+json"
    # A new key really retries.
    post(api, student, {"course": "full"}, "k-4", 201)


def test_keys_are_per_credential_and_expire_after_a_day(api, tenant, student, runtime):
    api.create_course(tenant, "intro")
    other = api.signup(tenant)
    post(api, student, {"course": "intro"}, "shared", 201)
    post(api, other, {"course": "intro"}, "shared", 201)  # not a replay of someone else's

    api.create_course(tenant, "later")
    with runtime.session() as session:
        session.execute(update(IdempotencyKey).values(created_at=utcnow() - timedelta(hours=25)))
        session.commit()
    # After 24 h the key is free again: the new body runs for real.
    response = post(api, student, {"course": "later"}, "shared", 201)
    assert "Idempotent-Replayed" not in response.headers


def test_in_progress_key_is_reported(api, tenant, student, runtime, app):
    api.create_course(tenant, "intro")
    credential = credential_of(student.headers["Authorization"], tenant.publishable_key)
    assert credential is not None
    with runtime.engine.begin() as conn:  # a first request still running
        conn.execute(
            IdempotencyKey.__table__.insert().values(
                credential=credential,
                key="busy",
                created_at=utcnow(),
                request_hash=fingerprint("POST", "/v1/enrollments", b'{"course": "intro"}'),
            )
        )
    app.extensions.pop("tuition_idempotency", None)
    with app.app_context():
        from tuition.api.idempotency import store

        store().wait_seconds = 0.2
    problem = post(api, student, {"course": "intro"}, "busy", 409).get_json()
    assert problem["code"] == "idempotency_key_in_use"
    assert count(runtime, Enrollment) == 0


def test_a_claim_left_by_a_dead_process_frees_its_key(api, tenant, student, runtime):
    api.create_course(tenant, "intro")
    credential = credential_of(student.headers["Authorization"], tenant.publishable_key)
    with runtime.engine.begin() as conn:
        conn.execute(
            IdempotencyKey.__table__.insert().values(
                credential=credential,
                key="dead",
                created_at=utcnow() - timedelta(minutes=5),
                request_hash=fingerprint("POST", "/v1/enrollments", b'{"course": "intro"}'),
            )
        )
    post(api, student, {"course": "intro"}, "dead", 201)


@pytest.mark.parametrize("key", ["", "x" * 256, "naïve"])
def test_bad_keys_are_refused(api, tenant, student, key):
    api.create_course(tenant, "intro")
    problem = api.call(
        "POST",
        "/v1/enrollments",
        json={"course": "intro"},
        headers={**student.headers, "Idempotency-Key": key},
        expect=422,
    ).get_json()
    assert problem["code"] == "validation_error"


def test_retried_admin_refund_refunds_once(api, runtime):
    tenant = _paid_site(api)
    order_id = _paid_order(api, tenant)
    url = f"/v1/admin/orders/{order_id}/refund"
    headers = {**tenant.admin, "Idempotency-Key": "refund-1"}
    first = api.call("POST", url, json={"amount": 1000}, headers=headers, expect=200)
    again = api.call("POST", url, json={"amount": 1000}, headers=headers, expect=200)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json()
    with runtime.session() as session:
        assert session.scalar(select(Order.refunded_amount)) == 1000


def test_replayed_tenant_creation_shows_the_same_secret_key_kept_encrypted(api, runtime):
    body = {"slug": "replayed", "name": "Replayed", "plugins": {"free_enrollment": {}}}
    headers = {**OPERATOR, "Idempotency-Key": "new-site"}
    first = api.call("POST", "/v1/tenants", json=body, headers=headers, expect=201).get_json()
    again = api.call("POST", "/v1/tenants", json=body, headers=headers, expect=201)
    assert again.get_json() == first
    assert again.headers["Idempotent-Replayed"] == "true"
    assert count(runtime, Tenant) == 1
    with runtime.engine.connect() as conn:
        stored = conn.execute(select(IdempotencyKey.body)).scalar_one()
    assert first["secret_key"].encode() not in stored  # never kept in clear
    # The key works: the replayed answer is the real one.
    api.call(
        "GET",
        "/v1/admin/tenant",
        headers={"Authorization": f"Bearer {again.get_json()['secret_key']}"},
        expect=200,
    )


def test_failures_on_our_side_free_the_key(api, tenant, runtime, monkeypatch):
    from tuition.services import courses

    def crash(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("boom")

    headers = {**tenant.admin, "Idempotency-Key": "retry-me"}
    body = {"slug": "later", "title": "Later", "pricing_model": "free"}
    with monkeypatch.context() as patched:
        patched.setattr(courses, "create_course", crash)
        api.call("POST", "/v1/admin/courses", json=body, headers=headers, expect=500)
    first = api.call("POST", "/v1/admin/courses", json=body, headers=headers, expect=201)
    assert "Idempotent-Replayed" not in first.headers


def test_concurrent_duplicates_have_one_effect(app, api, tenant, runtime):
    body = {"slug": "twice", "title": "Twice", "pricing_model": "free"}
    headers = {**tenant.admin, "Idempotency-Key": "dup"}
    statuses = _concurrently(
        app, 4, lambda client: client.post("/v1/admin/courses", json=body, headers=headers)
    )
    assert set(statuses) <= {201, 409}, statuses
    assert 201 in statuses
    with runtime.session() as session:
        assert (
            session.scalar(select(func.count()).select_from(select(IdempotencyKey).subquery())) == 1
        )


def test_concurrent_creations_of_one_slug_answer_201_and_409(app, api, tenant):
    body = {"slug": "race", "title": "Race", "pricing_model": "free"}
    responses: list[Any] = []
    statuses = _concurrently(
        app,
        4,
        lambda client: _keep(
            responses, client.post("/v1/admin/courses", json=body, headers=tenant.admin)
        ),
    )
    assert sorted(statuses) == [201, 409, 409, 409], statuses
    assert {r.get_json()["code"] for r in responses if r.status_code == 409} == {"course_exists"}


def test_concurrent_tenant_creations_answer_201_and_409(app):
    body = {"slug": "rush", "name": "Rush", "plugins": {"free_enrollment": {}}}
    responses: list[Any] = []
    statuses = _concurrently(
        app,
        3,
        lambda client: _keep(responses, client.post("/v1/tenants", json=body, headers=OPERATOR)),
    )
    assert sorted(statuses) == [201, 409, 409], statuses
    assert {r.get_json()["code"] for r in responses if r.status_code == 409} == {"tenant_exists"}


def test_concurrent_refunds_never_exceed_what_was_captured(app, api, runtime):
    tenant = _paid_site(api)
    order_id = _paid_order(api, tenant)
    url = f"/v1/admin/orders/{order_id}/refund"
    amounts = iter([3000, 2900, 3100, 2500])
    lock = threading.Lock()

    def refund(client: Any) -> Any:
        with lock:
            amount = next(amounts)
        return client.post(url, json={"amount": amount}, headers=tenant.admin)

    statuses = _concurrently(app, 4, refund)
    assert set(statuses) <= {200, 409, 422}, statuses
    with runtime.session() as session:
        refunded = session.scalar(select(Order.refunded_amount))
        assert session.scalar(select(Order.refund_started_at)) is None
    assert 0 < refunded <= 4900
    dummy = api.call("GET", f"/v1/admin/orders/{order_id}", headers=tenant.admin).get_json()
    assert dummy["refunded_amount"] == refunded


def test_every_unsafe_operation_with_a_credential_documents_the_key(app):
    document = app.test_client().get("/openapi.json").get_json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method.upper() not in UNSAFE_METHODS:
                continue
            schemes = {name for option in operation.get("security", []) for name in option}
            names = [p.get("name") for p in operation.get("parameters", [])]
            documented = "Idempotency-Key" in names
            assert documented == bool(schemes - {"ProviderSignature"}), (method, path)
            if documented:
                assert {"409", "422"} <= set(operation["responses"]), (method, path)


def test_sweep_drops_keys_past_their_window(api, tenant, student, runtime):
    api.create_course(tenant, "intro")
    post(api, student, {"course": "intro"}, "old", 201)
    post(api, student, {"course": "intro"}, "new", 409)
    with runtime.session() as session:
        session.execute(
            update(IdempotencyKey)
            .where(IdempotencyKey.key == "old")
            .values(created_at=utcnow() - timedelta(hours=25))
        )
        session.commit()
    result = sweep(runtime)
    assert result["core"]["idempotency_keys_expired"] == 1  # type: ignore[index]
    with runtime.session() as session:
        assert session.scalars(select(IdempotencyKey.key)).all() == ["new"]


def _paid_site(api):
    tenant = api.create_tenant({"free_enrollment": {}, "dummy_provider": {}})
    api.create_course(tenant, "pro", pricing_model="one_time", price=PRICE, capacity=5)
    return tenant


def _paid_order(api, tenant) -> str:
    student = api.signup(tenant)
    order_id: str = api.enroll(tenant, student, "pro", expect=202).get_json()["checkout"][
        "order_id"
    ]
    api.call(
        "POST", f"/v1/dummy/checkout/{tenant.slug}/{order_id}", json={"outcome": "pay"}, expect=200
    )
    return order_id


def _keep(responses: list[Any], response: Any) -> Any:
    responses.append(response)
    return response


def _concurrently(app, n: int, request: Callable[[Any], Any]) -> list[int]:
    """Send ``n`` requests at once from their own threads and clients; their statuses."""
    barrier = threading.Barrier(n)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def run() -> None:
        client = app.test_client()
        try:
            barrier.wait()
            statuses.append(request(client).status_code)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return statuses
