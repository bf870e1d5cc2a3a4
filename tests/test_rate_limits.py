"""Rate limits on sign-up, login and enrollment: per IP and per key, 429 problem+json with
Retry-After, shared through Redis, off with TUITION_RATE_LIMITS=off."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from tuition.app import create_app
from tuition.config import Settings
from tuition.models import Student
from tuition.testing.api import OPERATOR_TOKEN, Api


@pytest.fixture
def tuition_settings(tuition_settings: Settings) -> Settings:
    tuition_settings.rate_limits = True
    tuition_settings.rate_limit_auth_per_ip = "3/minute"
    tuition_settings.rate_limit_auth_per_key = "5/minute"
    tuition_settings.rate_limit_enroll_per_ip = "2/minute"
    return tuition_settings


def signup(client: Any, tenant: Any, n: int, ip: str = "203.0.113.1") -> Any:
    return client.post(
        "/v1/auth/signup",
        headers=tenant.storefront,
        environ_base={"REMOTE_ADDR": ip},
        json={"email": f"s{n}-{ip}@example.com", "password": "correct horse battery"},
    )


def students(runtime: Any) -> int:
    with runtime.session() as session:
        return session.scalar(select(func.count()).select_from(Student)) or 0


def test_sign_ups_from_one_address_are_limited(client, api, runtime):
    tenant = api.create_tenant()
    assert [signup(client, tenant, n).status_code for n in range(3)] == [201] * 3
    refused = signup(client, tenant, 3)
    assert refused.status_code == 429
    assert refused.mimetype == "application/problem+json"
    assert refused.get_json()["code"] == "rate_limited"
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert students(runtime) == 3  # the refused one wrote nothing
    # another address still signs up; login shares the auth budget of the address
    assert signup(client, tenant, 4, ip="203.0.113.2").status_code == 201
    login = client.post(
        "/v1/auth/login",
        headers=tenant.storefront,
        environ_base={"REMOTE_ADDR": "203.0.113.1"},
        json={"email": "s0-203.0.113.1@example.com", "password": "correct horse battery"},
    )
    assert login.status_code == 429


def test_one_key_is_limited_across_addresses(client, api):
    tenant, other = api.create_tenant(), api.create_tenant()
    codes = [signup(client, tenant, n, ip=f"198.51.100.{n}").status_code for n in range(6)]
    assert codes == [201] * 5 + [429]
    assert signup(client, other, 0, ip="198.51.100.9").status_code == 201  # its own budget


def test_enrollment_is_limited_and_reading_is_not(client, api, tenant):
    for slug in ("a", "b", "c"):
        api.create_course(tenant, slug)
    student = api.signup(tenant)
    answers = [
        client.post(
            "/v1/enrollments",
            headers=student.headers,
            json={"course": slug},
            environ_base={"REMOTE_ADDR": "192.0.2.7"},
        ).status_code
        for slug in ("a", "b", "c")
    ]
    assert answers == [201, 201, 429]
    assert all(
        client.get(
            "/v1/courses", headers=student.headers, environ_base={"REMOTE_ADDR": "192.0.2.7"}
        ).status_code
        == 200
        for _ in range(5)
    )


def test_limits_are_off_with_the_setting(db_url):
    settings = Settings.from_env(
        {"TUITION_RATE_LIMITS": "off", "TUITION_DATABASE_URL": db_url},
        secret_key="test-secret-key-long-enough-for-hs256",
        testing=True,
        password_hashing="fast",
        operator_token=OPERATOR_TOKEN,
    )
    assert settings.rate_limits is False
    app = create_app(settings)
    try:
        api = Api(app.test_client())
        tenant = api.create_tenant()
        client = app.test_client()
        assert {signup(client, tenant, n).status_code for n in range(30)} == {201}
    finally:
        app.extensions["tuition"].close()


def test_limits_read_from_the_environment():
    settings = Settings.from_env(
        {
            "TUITION_RATE_LIMIT_AUTH_PER_IP": "7/second",
            "TUITION_RATE_LIMIT_STORAGE": "redis://127.0.0.1:6379/3",
        },
        secret_key="k",
    )
    assert settings.rate_limits is True
    assert settings.rate_limit_auth_per_ip == "7/second"
    assert settings.rate_limit_storage == "redis://127.0.0.1:6379/3"


@pytest.mark.redis
def test_workers_share_their_counts_through_redis(rq_queue, tuition_settings, app, api):
    """Two apps (two gunicorn workers) on one Redis: the limit is shared."""
    assert tuition_settings.redis_url
    second = create_app(tuition_settings)
    try:
        tenant = api.create_tenant()
        one, two = app.test_client(), second.test_client()
        codes = [
            signup(client, tenant, n).status_code for n, client in enumerate([one, two, one, two])
        ]
        assert codes == [201, 201, 201, 429]
    finally:
        second.extensions["tuition"].close()


def test_a_broken_limit_store_lets_requests_through(tuition_settings, api, client):
    tuition_settings.rate_limit_storage = "redis://127.0.0.1:9/0"  # nothing listens there
    app = create_app(tuition_settings)
    try:
        tenant = api.create_tenant()
        codes = {signup(app.test_client(), tenant, n).status_code for n in range(2)}
        assert codes == {201}
    finally:
        app.extensions["tuition"].close()


def test_staff_sign_in_spends_the_auth_budget(client, api):
    tenant = api.create_tenant()

    def staff_sign_in() -> int:
        answer = client.post(
            "/v1/staff/sign-in",
            headers=tenant.storefront,
            environ_base={"REMOTE_ADDR": "203.0.113.9"},
            json={"email": "owner@example.com", "password": "a guessed password"},
        )
        return answer.status_code

    assert [staff_sign_in() for _ in range(3)] == [401] * 3
    assert staff_sign_in() == 429
