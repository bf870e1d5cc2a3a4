"""Built-in auth beyond the access token: refresh rotation and theft detection, log out
(everywhere), email verification and password reset through one-time link tokens."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import jwt
import pytest
from sqlalchemy import select, update

from tuition.db import utcnow
from tuition.models import AuditEntry, RefreshToken, Student
from tuition.services import auth_tokens

from .test_auth import PASSWORD, assert_problem, login, me, signup

NEW_PASSWORD = "a brand new passphrase"


def tokens(api, tenant, email: str = "ada@example.com") -> dict[str, Any]:
    body: dict[str, Any] = signup(api, tenant, email=email).get_json()
    return body


def refresh(api, tenant, raw: str, **headers: str) -> Any:
    return api.call(
        "POST",
        "/v1/auth/refresh",
        json={"refresh_token": raw},
        headers={**tenant.storefront, **headers},
    )


def logout(api, tenant, token: str, **body: Any) -> Any:
    return api.call("POST", "/v1/auth/logout", json=body, headers=tenant.as_student(token))


def link(runtime, tenant, student_id: str, purpose: str) -> str | None:
    with runtime.session(tenant.id) as session:
        return runtime.services.student_link_token(session, student_id, purpose)


def student_row(runtime, student_id: str) -> Student:
    with runtime.session() as session:
        found = session.get(Student, student_id)
        assert found is not None
        return found


# -- refresh tokens -----------------------------------------------------------------------


def test_refresh_token_is_random_stored_hashed_and_rotated(api, tenant, runtime):
    first = tokens(api, tenant)
    raw = first["refresh_token"]
    assert first["refresh_expires_in"] == runtime.settings.refresh_token_ttl_seconds
    with runtime.session() as session:
        rows = list(session.scalars(select(RefreshToken)))
    assert len(rows) == 1 and raw not in rows[0].token_hash and len(rows[0].token_hash) == 64

    answer = refresh(api, tenant, raw)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    second = answer.get_json()
    assert second["refresh_token"] != raw
    assert second["student"]["id"] == first["student"]["id"]
    assert me(api, tenant, second["token"]).status_code == 200
    # The new one rotates again; the family is the sign-in's.
    third = refresh(api, tenant, second["refresh_token"]).get_json()
    with runtime.session() as session:
        families = {row.family for row in session.scalars(select(RefreshToken))}
    assert len(families) == 1
    assert jwt.decode(third["token"], options={"verify_signature": False})["fam"] in families


def test_reusing_a_rotated_refresh_token_revokes_its_family(api, tenant, runtime):
    first = tokens(api, tenant)
    other = login(api, tenant, "ada@example.com", PASSWORD).get_json()  # another device
    second = refresh(api, tenant, first["refresh_token"]).get_json()

    stolen = refresh(api, tenant, first["refresh_token"])
    assert_problem(stolen, 401, "invalid_refresh_token")
    # The revocation outlived the refused request: the thief's and the owner's are both gone.
    assert_problem(refresh(api, tenant, second["refresh_token"]), 401, "invalid_refresh_token")
    # The other sign-in's family is untouched.
    assert refresh(api, tenant, other["refresh_token"]).status_code == 200


@pytest.mark.parametrize("raw", ["nope", "x" * 256])
def test_unknown_refresh_token_is_refused(api, tenant, raw):
    tokens(api, tenant)
    assert_problem(refresh(api, tenant, raw), 401, "invalid_refresh_token")


def test_expired_refresh_token_is_refused(api, tenant, runtime):
    raw = tokens(api, tenant)["refresh_token"]
    with runtime.session() as session:
        session.execute(update(RefreshToken).values(expires_at=utcnow() - timedelta(seconds=1)))
        session.commit()
    assert_problem(refresh(api, tenant, raw), 401, "invalid_refresh_token")


def test_refresh_token_of_another_tenant_is_refused(api, tenant):
    raw = tokens(api, tenant)["refresh_token"]
    elsewhere = api.create_tenant()
    assert_problem(refresh(api, elsewhere, raw), 401, "invalid_refresh_token")


def test_refresh_body_is_validated(api, tenant):
    answer = api.call("POST", "/v1/auth/refresh", json={}, headers=tenant.storefront)
    assert_problem(answer, 422, "validation_error")


def test_refresh_honours_idempotency_key(api, tenant):
    raw = tokens(api, tenant)["refresh_token"]
    first = refresh(api, tenant, raw, **{"Idempotency-Key": "r-1"})
    again = refresh(api, tenant, raw, **{"Idempotency-Key": "r-1"})
    assert first.status_code == again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json()


# -- log out ------------------------------------------------------------------------------


def test_logout_revokes_this_sign_in_only(api, tenant):
    here = tokens(api, tenant)
    there = login(api, tenant, "ada@example.com", PASSWORD).get_json()
    assert logout(api, tenant, here["token"]).status_code == 204
    assert_problem(refresh(api, tenant, here["refresh_token"]), 401, "invalid_refresh_token")
    assert refresh(api, tenant, there["refresh_token"]).status_code == 200
    assert me(api, tenant, there["token"]).status_code == 200


def test_logout_needs_no_body(api, tenant):
    here = tokens(api, tenant)
    answer = api.call("POST", "/v1/auth/logout", headers=tenant.as_student(here["token"]))
    assert answer.status_code == 204, answer.get_data(as_text=True)
    assert_problem(refresh(api, tenant, here["refresh_token"]), 401, "invalid_refresh_token")


def test_logout_everywhere_refuses_every_token_issued_before(api, tenant, runtime):
    here = tokens(api, tenant)
    there = login(api, tenant, "ada@example.com", PASSWORD).get_json()
    assert logout(api, tenant, here["token"], everywhere=True).status_code == 204
    for body in (here, there):
        assert_problem(me(api, tenant, body["token"]), 401, "invalid_token")
        assert_problem(refresh(api, tenant, body["refresh_token"]), 401, "invalid_refresh_token")
    assert student_row(runtime, here["student"]["id"]).token_version == 1
    # Signing in again works, with the new version.
    again = login(api, tenant, "ada@example.com", PASSWORD).get_json()
    assert me(api, tenant, again["token"]).status_code == 200


def test_logout_needs_a_student_token(api, tenant):
    answer = api.call("POST", "/v1/auth/logout", json={}, headers=tenant.storefront)
    assert_problem(answer, 401, "login_required")


def test_tokens_without_a_version_claim_count_as_version_zero(api, tenant, runtime):
    body = tokens(api, tenant)
    claims = jwt.decode(body["token"], options={"verify_signature": False})
    assert claims["ver"] == 0
    del claims["ver"]
    legacy = jwt.encode(claims, runtime.secret_key, algorithm="HS256")
    assert me(api, tenant, legacy).status_code == 200


# -- email verification -------------------------------------------------------------------


def test_verification_link_verifies_once(api, tenant, runtime):
    body = tokens(api, tenant)
    sid = body["student"]["id"]
    assert body["student"]["email_verified"] is False
    token = link(runtime, tenant, sid, "verify_email")
    assert token
    answer = api.call(
        "POST", "/v1/auth/verify-email", json={"token": token}, headers=tenant.storefront
    )
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.get_json()["email_verified"] is True
    assert me(api, tenant, body["token"]).get_json()["email_verified"] is True
    again = api.call(
        "POST", "/v1/auth/verify-email", json={"token": token}, headers=tenant.storefront
    )
    assert_problem(again, 401, "invalid_verification_token")
    # Nothing left to verify: no link, and resending is a conflict.
    assert link(runtime, tenant, sid, "verify_email") is None
    resend = api.call(
        "POST", "/v1/auth/verify-email:resend", headers=tenant.as_student(body["token"])
    )
    assert_problem(resend, 409, "email_already_verified")
    with runtime.session() as session:
        actions = list(session.scalars(select(AuditEntry.action)))
    assert "email_verified" in actions


def test_verification_tokens_are_bound_to_purpose_tenant_and_expiry(api, tenant, runtime):
    body = tokens(api, tenant)
    sid = body["student"]["id"]
    reset = link(runtime, tenant, sid, "reset_password")
    elsewhere = api.create_tenant()
    forged = jwt.encode(
        {
            "iss": "tuition",
            "aud": f"tuition:{tenant.id}:verify_email",
            "sub": sid,
            "exp": 2**40,
            "fp": "0" * 32,
        },
        runtime.secret_key,
        algorithm="HS256",
    )
    with runtime.session() as session:
        student = session.get(Student, sid)
        assert student is not None
        expired = jwt.encode(
            {
                **jwt.decode(
                    auth_tokens.link_token(runtime, student, "verify_email"),
                    options={"verify_signature": False},
                ),
                "exp": 1,
            },
            runtime.secret_key,
            algorithm="HS256",
        )
    good = link(runtime, tenant, sid, "verify_email")
    for token, where in [
        (reset, tenant),
        (forged, tenant),
        (expired, tenant),
        (good, elsewhere),
        ("garbage", tenant),
    ]:
        answer = api.call(
            "POST", "/v1/auth/verify-email", json={"token": token}, headers=where.storefront
        )
        assert_problem(answer, 401, "invalid_verification_token")
    assert student_row(runtime, sid).email_verified is False


def test_resend_needs_a_student_token(api, tenant):
    answer = api.call("POST", "/v1/auth/verify-email:resend", headers=tenant.storefront)
    assert_problem(answer, 401, "login_required")


def test_link_token_purpose_is_checked(api, tenant, runtime):
    sid = tokens(api, tenant)["student"]["id"]
    with pytest.raises(ValueError):
        link(runtime, tenant, sid, "anything")
    assert link(runtime, tenant, "stu_missing", "verify_email") is None


# -- password reset -----------------------------------------------------------------------


def reset_request(api, tenant, email: str) -> Any:
    return api.call(
        "POST", "/v1/auth/password-reset", json={"email": email}, headers=tenant.storefront
    )


def confirm(api, tenant, token: str, password: str = NEW_PASSWORD) -> Any:
    return api.call(
        "POST",
        "/v1/auth/password-reset:confirm",
        json={"token": token, "password": password},
        headers=tenant.storefront,
    )


def test_password_reset_answers_202_whether_or_not_the_account_exists(api, tenant):
    tokens(api, tenant)
    known = reset_request(api, tenant, "Ada@Example.com")
    unknown = reset_request(api, tenant, "nobody@example.com")
    assert known.status_code == unknown.status_code == 202
    assert known.get_data() == unknown.get_data()


def test_password_reset_sets_the_password_once_and_signs_out_everywhere(api, tenant, runtime):
    body = tokens(api, tenant)
    sid = body["student"]["id"]
    token = link(runtime, tenant, sid, "reset_password")
    assert token
    answer = confirm(api, tenant, token)
    assert answer.status_code == 204, answer.get_data(as_text=True)
    assert_problem(confirm(api, tenant, token, "yet another one!"), 401, "invalid_reset_token")
    assert_problem(login(api, tenant, "ada@example.com", PASSWORD), 401, "invalid_credentials")
    assert login(api, tenant, "ada@example.com", NEW_PASSWORD).status_code == 200
    assert_problem(me(api, tenant, body["token"]), 401, "invalid_token")
    assert_problem(refresh(api, tenant, body["refresh_token"]), 401, "invalid_refresh_token")
    row = student_row(runtime, sid)
    assert row.token_version == 1 and NEW_PASSWORD not in (row.password_hash or "")


def test_password_reset_uses_the_signup_password_rules(api, tenant, runtime):
    sid = tokens(api, tenant)["student"]["id"]
    token = link(runtime, tenant, sid, "reset_password")
    assert token
    problem = assert_problem(confirm(api, tenant, token, "short"), 422, "validation_error")
    assert "password" in str(problem)
    # The refused request spent nothing: the link still works.
    assert confirm(api, tenant, token).status_code == 204


def test_invalid_reset_tokens_are_refused(api, tenant, runtime):
    sid = tokens(api, tenant)["student"]["id"]
    verify = link(runtime, tenant, sid, "verify_email")
    assert verify
    for token in ["garbage", verify]:
        assert_problem(confirm(api, tenant, token), 401, "invalid_reset_token")


def test_a_reset_link_dies_when_the_password_changes_otherwise(api, tenant, runtime):
    sid = tokens(api, tenant)["student"]["id"]
    first = link(runtime, tenant, sid, "reset_password")
    second = link(runtime, tenant, sid, "reset_password")
    assert first and second
    assert confirm(api, tenant, second).status_code == 204
    assert_problem(confirm(api, tenant, first), 401, "invalid_reset_token")
