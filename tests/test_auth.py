"""Built-in student accounts through the HTTP API: signup, login, /v1/me, tokens and attacks."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import jwt
import pytest
from sqlalchemy import select

from tuition.models import Student
from tuition.services.auth import ISSUER

PASSWORD = "correct horse battery"


# -- helpers ------------------------------------------------------------------------------


def assert_problem(response: Any, status: int, code: str) -> dict[str, Any]:
    """``response`` is an RFC 9457 problem with this status and stable ``code``."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"] == f"urn:tuition:problem:{code}"
    assert body["title"] and body["detail"]
    return body


def signup(api, tenant, **fields: Any) -> Any:
    body = {"email": "ada@example.com", "password": PASSWORD, **fields}
    return api.call("POST", "/v1/auth/signup", json=body, headers=tenant.storefront)


def login(api, tenant, email: str, password: str) -> Any:
    return api.call(
        "POST",
        "/v1/auth/login",
        json={"email": email, "password": password},
        headers=tenant.storefront,
    )


def me(api, tenant, token: str) -> Any:
    return api.call("GET", "/v1/me", headers=tenant.as_student(token))


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def claims_for(tenant, sub: str, **overrides: Any) -> dict[str, Any]:
    """Claims of a genuine Tuition token of ``tenant`` for student ``sub``."""
    now = int(time.time())
    return {
        "iss": ISSUER,
        "aud": f"tuition:{tenant.id}",
        "sub": sub,
        "iat": now,
        "exp": now + 600,
        **overrides,
    }


def student_rows(runtime, tenant_id: str | None = None) -> list[Student]:
    with runtime.session() as session:
        stmt = select(Student)
        if tenant_id is not None:
            stmt = stmt.where(Student.tenant_id == tenant_id)
        return list(session.scalars(stmt))


# -- signup -------------------------------------------------------------------------------


def test_signup_records_email_method_and_intended_course(api, tenant, runtime):
    api.create_course(tenant, "python-101")
    response = signup(
        api,
        tenant,
        email="Ada.Lovelace@Example.COM",
        signup_method="google",
        intended_course="python-101",
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {
        "token",
        "token_type",
        "expires_in",
        "refresh_token",
        "refresh_expires_in",
        "student",
    }
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == runtime.settings.token_ttl_seconds
    student = body["student"]
    assert set(student) == {
        "id",
        "email",
        "name",
        "signup_method",
        "sign_in_method",
        "intended_course",
        "email_verified",
        "locale",
        "created_at",
    }
    assert student["email_verified"] is False
    assert student["locale"] is None  # none given
    assert student["name"] is None  # only the site owner's enrollment sets one
    assert student["id"].startswith("stu_")
    assert student["sign_in_method"] == "password"
    assert student["email"] == "ada.lovelace@example.com"
    assert student["signup_method"] == "google"
    assert student["intended_course"] == "python-101"
    assert student["created_at"]

    # The token is Tuition's own: HS256, issued for this tenant only, for this student.
    assert jwt.get_unverified_header(body["token"])["alg"] == "HS256"
    claims = jwt.decode(
        body["token"],
        runtime.settings.secret_key,
        algorithms=["HS256"],
        audience=f"tuition:{tenant.id}",
        issuer=ISSUER,
    )
    assert claims["sub"] == student["id"]
    assert claims["exp"] - claims["iat"] == runtime.settings.token_ttl_seconds

    # /v1/me answers the same student with that token.
    mine = me(api, tenant, body["token"])
    assert mine.status_code == 200
    assert mine.get_json() == student

    [row] = student_rows(runtime, tenant.id)
    assert row.id == student["id"]
    assert row.email == "ada.lovelace@example.com"
    assert row.signup_method == "google"
    assert row.intended_course_id is not None  # its slug is checked on /v1/me above
    assert row.external_subject is None


def test_signup_defaults_to_email_method_and_no_intended_course(api, tenant):
    body = signup(api, tenant).get_json()
    assert body["student"]["signup_method"] == "email"
    assert body["student"]["intended_course"] is None


def test_password_is_stored_with_argon2_never_in_clear(api, tenant, runtime):
    body = signup(api, tenant).get_json()
    assert PASSWORD not in json.dumps(body)
    [row] = student_rows(runtime, tenant.id)
    assert row.id == body["student"]["id"]
    assert row.password_hash is not None
    assert row.password_hash.startswith("$argon2")
    assert PASSWORD not in row.password_hash


def test_unknown_intended_course_is_a_validation_error(api, tenant, runtime):
    other = api.create_tenant()
    api.create_course(other, "only-elsewhere")
    for slug in ("no-such-course", "only-elsewhere"):  # another tenant's course is unknown too
        problem = assert_problem(signup(api, tenant, intended_course=slug), 422, "validation_error")
        assert "intended_course" in problem["errors"]
    assert student_rows(runtime, tenant.id) == []


def test_duplicate_email_is_email_taken_whatever_its_case(api, tenant, runtime):
    assert signup(api, tenant, email="ada@example.com").status_code == 201
    for email in ("ada@example.com", "ADA@Example.com"):
        assert_problem(
            signup(api, tenant, email=email, password="another password"), 409, "email_taken"
        )
    assert len(student_rows(runtime, tenant.id)) == 1
    # The first account keeps its password.
    assert login(api, tenant, "ada@example.com", PASSWORD).status_code == 200


def test_the_same_email_may_sign_up_at_two_tenants(api, tenant):
    other = api.create_tenant()
    first = signup(api, tenant).get_json()["student"]
    second = signup(api, other).get_json()["student"]
    assert first["id"] != second["id"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "ada@example.com", "password": "short"}, "password"),
        ({"email": "ada@example.com", "password": "x" * 257}, "password"),
        ({"email": "ada@example.com"}, "password"),
        ({"email": "not-an-email", "password": PASSWORD}, "email"),
        ({"password": PASSWORD}, "email"),
        (
            {"email": "ada@example.com", "password": PASSWORD, "signup_method": "Bad Method!"},
            "signup_method",
        ),
        (
            {"email": "ada@example.com", "password": PASSWORD, "intended_course": "Not A Slug"},
            "intended_course",
        ),
    ],
)
def test_invalid_signup_is_a_validation_error_naming_the_field(api, tenant, runtime, body, field):
    response = api.call("POST", "/v1/auth/signup", json=body, headers=tenant.storefront)
    problem = assert_problem(response, 422, "validation_error")
    assert field in problem["errors"]
    assert student_rows(runtime, tenant.id) == []


def test_signup_needs_a_valid_publishable_key(api, tenant, runtime):
    body = {"email": "ada@example.com", "password": PASSWORD}
    for headers in ({}, {"X-Tenant-Key": "pk_not_a_real_key"}, {"X-Tenant-Key": tenant.secret_key}):
        response = api.call("POST", "/v1/auth/signup", json=body, headers=headers)
        assert_problem(response, 401, "unauthorized")
    assert student_rows(runtime) == []


# -- login --------------------------------------------------------------------------------


def test_login_with_the_right_password_returns_a_working_token(api, tenant):
    created = signup(api, tenant, email="ada@example.com").get_json()["student"]
    response = login(api, tenant, "ADA@example.com", PASSWORD)  # email is case-insensitive
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["token_type"] == "Bearer"
    assert body["student"] == created
    assert me(api, tenant, body["token"]).get_json() == created


def test_login_refuses_wrong_password_and_unknown_email_alike(api, tenant):
    signup(api, tenant, email="ada@example.com")
    wrong = assert_problem(
        login(api, tenant, "ada@example.com", "wrong password"), 401, "invalid_credentials"
    )
    unknown = assert_problem(
        login(api, tenant, "nobody@example.com", PASSWORD), 401, "invalid_credentials"
    )
    # Nothing tells an attacker which emails have accounts.
    assert wrong == unknown


def test_login_is_per_tenant(api, tenant):
    other = api.create_tenant()
    signup(api, other, email="ada@example.com")
    assert_problem(login(api, tenant, "ada@example.com", PASSWORD), 401, "invalid_credentials")


def test_invalid_login_body_is_a_validation_error(api, tenant):
    response = api.call(
        "POST", "/v1/auth/login", json={"email": "ada@example.com"}, headers=tenant.storefront
    )
    assert "password" in assert_problem(response, 422, "validation_error")["errors"]


# -- /v1/me -------------------------------------------------------------------------------


def test_me_needs_a_token(api, tenant):
    assert_problem(api.call("GET", "/v1/me", headers=tenant.storefront), 401, "login_required")
    for authorization in (
        "Basic abc",
        f"Bearer {tenant.publishable_key}",
        f"Bearer {tenant.secret_key}",
        "Bearer ",
    ):
        response = api.call(
            "GET", "/v1/me", headers={**tenant.storefront, "Authorization": authorization}
        )
        assert_problem(response, 401, "login_required")


def test_me_needs_the_publishable_key_too(api, tenant, student):
    response = api.call("GET", "/v1/me", headers={"Authorization": f"Bearer {student.token}"})
    assert_problem(response, 401, "unauthorized")


# -- tenant isolation ---------------------------------------------------------------------


def test_a_token_of_one_tenant_is_refused_by_every_other_tenant(api, tenant):
    other = api.create_tenant()
    api.create_course(tenant, "shared-slug")
    api.create_course(other, "shared-slug")
    outsider = api.signup(other, "bob@example.com")
    # The token works where it was issued...
    assert api.call("GET", "/v1/me", headers=outsider.headers).status_code == 200
    # ...but not with tenant A's publishable key, on any student endpoint.
    wrong_site = tenant.as_student(outsider.token)
    assert_problem(api.call("GET", "/v1/me", headers=wrong_site), 401, "invalid_token")
    assert_problem(api.call("GET", "/v1/me/enrollments", headers=wrong_site), 401, "invalid_token")
    assert_problem(api.call("GET", "/v1/me/dashboard", headers=wrong_site), 401, "invalid_token")
    response = api.call(
        "POST", "/v1/enrollments", json={"course": "shared-slug"}, headers=wrong_site
    )
    assert_problem(response, 401, "invalid_token")
    # Nothing was enrolled anywhere.
    for site in (tenant, other):
        listed = api.call("GET", "/v1/admin/enrollments", headers=site.admin, expect=200)
        assert listed.get_json()["total"] == 0


def test_a_well_signed_token_naming_another_tenants_student_is_refused(api, tenant, runtime):
    """Even with the server secret, a token for tenant A cannot carry tenant B's student."""
    other = api.create_tenant()
    outsider = api.signup(other)
    token = jwt.encode(
        claims_for(tenant, outsider.id), runtime.settings.secret_key, algorithm="HS256"
    )
    assert_problem(me(api, tenant, token), 401, "invalid_token")


# -- attacks on tokens --------------------------------------------------------------------


def _alg_none(claims: dict[str, Any], alg: str = "none") -> str:
    header = b64(json.dumps({"alg": alg, "typ": "JWT"}).encode())
    return f"{header}.{b64(json.dumps(claims).encode())}."


def test_genuine_forged_token_is_accepted_so_the_attack_tests_mean_something(
    api, tenant, student, runtime
):
    token = jwt.encode(
        claims_for(tenant, student.id), runtime.settings.secret_key, algorithm="HS256"
    )
    assert me(api, tenant, token).get_json()["id"] == student.id


@pytest.mark.parametrize(
    "attack",
    [
        "alg_none",
        "alg_None",
        "alg_none_with_signature",
        "wrong_secret",
        "expired",
        "wrong_audience",
        "no_audience",
        "wrong_issuer",
        "no_issuer",
        "no_expiry",
        "unknown_student",
        "tampered_payload",
        "truncated_signature",
    ],
)
def test_forged_or_stale_tokens_are_refused(api, tenant, student, runtime, attack):
    secret = runtime.settings.secret_key
    good = claims_for(tenant, student.id)
    now = int(time.time())
    if attack == "alg_none":
        token = _alg_none(good)
    elif attack == "alg_None":
        token = _alg_none(good, "None")
    elif attack == "alg_none_with_signature":
        token = _alg_none(good) + b64(b"signature")
    elif attack == "wrong_secret":
        token = jwt.encode(good, "a-different-secret-that-is-long-enough!!", algorithm="HS256")
    elif attack == "expired":
        token = jwt.encode(
            {**good, "iat": now - 7200, "exp": now - 3600}, secret, algorithm="HS256"
        )
    elif attack == "wrong_audience":
        token = jwt.encode({**good, "aud": "tuition:ten_someone_else"}, secret, algorithm="HS256")
    elif attack == "no_audience":
        token = jwt.encode({k: v for k, v in good.items() if k != "aud"}, secret, algorithm="HS256")
    elif attack == "wrong_issuer":
        token = jwt.encode({**good, "iss": "https://evil.example.com"}, secret, algorithm="HS256")
    elif attack == "no_issuer":
        token = jwt.encode({k: v for k, v in good.items() if k != "iss"}, secret, algorithm="HS256")
    elif attack == "no_expiry":
        token = jwt.encode({k: v for k, v in good.items() if k != "exp"}, secret, algorithm="HS256")
    elif attack == "unknown_student":
        token = jwt.encode({**good, "sub": "stu_0000000000000000"}, secret, algorithm="HS256")
    elif attack == "tampered_payload":
        header, _, signature = student.token.split(".")
        forged = b64(json.dumps({**good, "sub": "stu_0000000000000000"}).encode())
        token = f"{header}.{forged}.{signature}"
    else:  # truncated_signature
        token = student.token[:-4]
    assert_problem(me(api, tenant, token), 401, "invalid_token")


def test_a_token_seen_before_is_still_refused_once_it_expires(api, tenant, student, runtime):
    """A process remembers the tokens it verified; the expiry is checked again each time."""
    exp = int(time.time()) + 1
    token = jwt.encode(
        {**claims_for(tenant, student.id), "exp": exp}, runtime.settings.secret_key, "HS256"
    )
    assert me(api, tenant, token).status_code == 200
    assert me(api, tenant, token).status_code == 200  # remembered
    time.sleep(max(0.0, exp - time.time()) + 0.05)
    assert_problem(me(api, tenant, token), 401, "invalid_token")


@pytest.mark.parametrize(
    "garbage",
    [
        "garbage",
        "a.b.c",
        "....",
        "eyJhbGciOiJIUzI1NiJ9",
        "eyJhbGciOiJIUzI1NiJ9.e30",
        "eyJ9.eyJ9.eyJ9",
        b64(b"[1, 2]") + "." + b64(b"{}") + ".",
        "x" * 5000,
        b64(b'{"alg":"HS256"}') + "." + b64(b'"just a string"') + ".c2ln",
    ],
)
def test_garbage_tokens_are_refused(api, tenant, garbage):
    for path in ("/v1/me", "/v1/me/enrollments"):
        response = api.call("GET", path, headers=tenant.as_student(garbage))
        assert_problem(response, 401, "invalid_token")
