"""Staff accounts behind the admin API: invitation, sign-in, roles, TOTP, sessions, audit,
and a walk over every admin route proving the role rule holds for each."""

from __future__ import annotations

import itertools
import re
import time
from datetime import timedelta
from typing import Any

import pytest
from click.testing import CliRunner
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import select

from tuition.cli import main
from tuition.models import AuditEntry, StaffMember, StaffSession
from tuition.plugin_api import ADMIN, hookimpl, staff_role
from tuition.services import staff

from .test_auth import assert_problem

PASSWORD = "a staff passphrase"
_emails = itertools.count(1)


def invite(api, tenant, role: str, *, headers: dict[str, str] | None = None, **body: Any) -> Any:
    body = {"email": f"staff{next(_emails)}@example.com", "role": role, **body}
    return api.call("POST", "/v1/admin/staff", json=body, headers=headers or tenant.admin)


def invitation(runtime, tenant, staff_id: str) -> str:
    """The token the invitation mail carries (core's service for mail plugins)."""
    with runtime.session(tenant.id) as session:
        found = runtime.services.staff_invitation(session, staff_id)
    assert found is not None
    return found[1]


def accept(api, tenant, token: str, password: str = PASSWORD) -> Any:
    body = {"token": token, "password": password}
    return api.call("POST", "/v1/staff/invitations:accept", json=body, headers=tenant.storefront)


def sign_in(api, tenant, email: str, password: str = PASSWORD, **extra: Any) -> Any:
    body = {"email": email, "password": password, **extra}
    return api.call("POST", "/v1/staff/sign-in", json=body, headers=tenant.storefront)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def member(api, runtime, tenant, role: str) -> dict[str, Any]:
    """A staff member of ``role`` who accepted and signed in: id, email, token, headers."""
    invited = invite(api, tenant, role)
    assert invited.status_code == 201, invited.get_data(as_text=True)
    body = invited.get_json()
    assert accept(api, tenant, invitation(runtime, tenant, body["id"])).status_code == 200
    signed = sign_in(api, tenant, body["email"])
    assert signed.status_code == 200, signed.get_data(as_text=True)
    token = signed.get_json()["token"]
    return {"id": body["id"], "email": body["email"], "token": token, "headers": bearer(token)}


def new_course(role_headers: dict[str, str]) -> dict[str, Any]:
    return {
        "json": {"slug": f"c-{next(_emails)}", "title": "A course", "pricing_model": "free"},
        "headers": role_headers,
    }


# -- invite → accept → sign in → admin API ----------------------------------------------------


def test_invited_owner_accepts_signs_in_and_uses_the_admin_api(api, tenant, runtime):
    invited = invite(api, tenant, "owner", name="Olga")
    assert invited.status_code == 201, invited.get_data(as_text=True)
    body = invited.get_json()
    assert body["status"] == "invited" and body["role"] == "owner"
    token = invitation(runtime, tenant, body["id"])

    # Not signed in before accepting; the invitation works once (used again: 409, told
    # apart from a token that is not one of ours).
    assert_problem(sign_in(api, tenant, body["email"]), 401, "invalid_credentials")
    accepted = accept(api, tenant, token)
    assert accepted.status_code == 200 and accepted.get_json()["status"] == "active"
    assert_problem(accept(api, tenant, token), 409, "invitation_accepted")
    assert_problem(accept(api, tenant, token + "x"), 401, "invalid_invitation")
    with runtime.session(tenant.id) as session:
        assert runtime.services.staff_invitation(session, body["id"]) is None

    assert_problem(
        sign_in(api, tenant, body["email"], "wrong password"), 401, "invalid_credentials"
    )
    signed = sign_in(api, tenant, body["email"])
    assert signed.status_code == 200
    raw = signed.get_json()["token"]
    assert raw.startswith("st_") and signed.get_json()["staff"]["role"] == "owner"
    with runtime.session() as session:
        rows = list(session.scalars(select(StaffSession)))
        stored = session.get(StaffMember, body["id"])
        assert stored is not None and stored.password_hash.startswith("$argon2")
    assert len(rows) == 1 and rows[0].token_hash != raw and raw not in rows[0].token_hash

    headers = bearer(raw)
    assert api.call("GET", "/v1/staff/me", headers=headers).get_json()["email"] == body["email"]
    created = api.call("POST", "/v1/admin/courses", **new_course(headers))
    assert created.status_code == 201, created.get_data(as_text=True)
    assert api.call("GET", "/v1/admin/keys", headers=headers).status_code == 200

    # Audited with the person as the actor.
    with runtime.session(tenant.id) as session:
        actors = {
            (a.object_type, a.action): a.actor
            for a in session.scalars(select(AuditEntry).where(AuditEntry.object_type != "key"))
        }
    who = f"staff:{body['id']}"
    assert actors[("course", "created")] == who
    assert actors[("staff", "accepted")] == who and actors[("staff", "signed_in")] == who
    assert actors[("staff", "invited")] == "admin"


def test_a_bad_staff_token_is_refused(api, tenant):
    for raw in ("st_nope", "st_"):
        assert_problem(
            api.call("GET", "/v1/admin/courses", headers=bearer(raw)), 401, "invalid_token"
        )
    assert_problem(api.call("GET", "/v1/staff/me", headers=tenant.admin), 401, "unauthorized")


def test_a_token_works_at_its_own_site_only(api, tenant, runtime):
    owner = member(api, runtime, tenant, "owner")
    elsewhere = api.create_tenant()
    api.create_course(elsewhere, slug="theirs")
    answer = api.call("GET", "/v1/admin/courses/theirs", headers=owner["headers"])
    assert_problem(answer, 404, "not_found")
    assert_problem(sign_in(api, elsewhere, owner["email"]), 401, "invalid_credentials")
    # An invitation of one site is no invitation at another.
    invited = invite(api, tenant, "support").get_json()
    token = invitation(runtime, tenant, invited["id"])
    assert_problem(accept(api, elsewhere, token), 401, "invalid_invitation")
    assert accept(api, tenant, token).status_code == 200


# -- roles ----------------------------------------------------------------------------------


def test_manager_is_refused_owner_only_routes(api, tenant, runtime):
    manager = member(api, runtime, tenant, "manager")
    headers = manager["headers"]
    refused = [
        ("GET", "/v1/admin/keys", None),
        ("POST", "/v1/admin/keys", {"kind": "secret"}),
        ("PUT", "/v1/admin/plugins/free_enrollment", {"enabled": False}),
        ("PATCH", "/v1/admin/tenant", {"name": "Mine now"}),
        ("GET", "/v1/admin/staff", None),
        ("POST", "/v1/admin/staff", {"email": "x@example.com", "role": "owner"}),
        ("PATCH", f"/v1/admin/staff/{manager['id']}", {"role": "owner"}),
    ]
    for method, path, body in refused:
        answer = api.call(method, path, json=body, headers=headers)
        problem = assert_problem(answer, 403, "insufficient_role")
        assert "owner" in problem["detail"], (method, path)
    # Nothing was written.
    assert api.call("GET", "/v1/admin/tenant", headers=headers).get_json()["name"] != "Mine now"
    # What a manager does.
    assert api.call("POST", "/v1/admin/courses", **new_course(headers)).status_code == 201
    assert api.call("GET", "/v1/admin/plugins", headers=headers).status_code == 200


def test_support_reads_but_cannot_write(api, tenant, runtime):
    support = member(api, runtime, tenant, "support")
    headers = support["headers"]
    api.create_course(tenant, slug="intro")
    assert api.call("GET", "/v1/admin/courses/intro", headers=headers).status_code == 200
    assert api.call("GET", "/v1/admin/audit", headers=headers).status_code == 200
    assert_problem(
        api.call("POST", "/v1/admin/courses", **new_course(headers)), 403, "insufficient_role"
    )
    assert_problem(
        api.call("PATCH", "/v1/admin/courses/intro", json={"title": "x"}, headers=headers),
        403,
        "insufficient_role",
    )
    assert_problem(
        api.call("POST", "/v1/admin/enrollments/enr_x/complete", headers=headers),
        403,
        "insufficient_role",
    )


def test_a_role_change_applies_at_once_and_the_last_owner_stays(api, tenant, runtime):
    owner = member(api, runtime, tenant, "owner")
    manager = member(api, runtime, tenant, "manager")
    path = f"/v1/admin/staff/{manager['id']}"
    assert api.call("GET", "/v1/admin/keys", headers=manager["headers"]).status_code == 403
    changed = api.call("PATCH", path, json={"role": "owner"}, headers=owner["headers"])
    assert changed.status_code == 200 and changed.get_json()["role"] == "owner"
    assert api.call("GET", "/v1/admin/keys", headers=manager["headers"]).status_code == 200

    # Two owners: one may step down; then the other is the last and stays.
    own = f"/v1/admin/staff/{owner['id']}"
    stepped = api.call("PATCH", own, json={"role": "support"}, headers=owner["headers"])
    assert stepped.status_code == 200
    demote = api.call("PATCH", path, json={"role": "manager"}, headers=manager["headers"])
    assert_problem(demote, 409, "last_owner")
    assert_problem(api.call("DELETE", path, headers=manager["headers"]), 409, "last_owner")
    bad = api.call("PATCH", path, json={"role": "root"}, headers=tenant.admin)
    assert_problem(bad, 422, "validation_error")


def test_a_removed_member_is_signed_out(api, tenant, runtime):
    manager = member(api, runtime, tenant, "manager")
    removed = api.call("DELETE", f"/v1/admin/staff/{manager['id']}", headers=tenant.admin)
    assert removed.status_code == 204
    assert_problem(
        api.call("GET", "/v1/admin/courses", headers=manager["headers"]), 401, "invalid_token"
    )
    with runtime.session(tenant.id) as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "removed"))
    assert entry is not None and entry.actor == "admin" and entry.before["role"] == "manager"


def test_inviting_someone_twice_is_a_conflict(api, tenant):
    first = invite(api, tenant, "support", email="Sam@Example.com")
    assert first.status_code == 201 and first.get_json()["email"] == "sam@example.com"
    assert_problem(invite(api, tenant, "manager", email="sam@example.com"), 409, "staff_exists")


# -- sessions -------------------------------------------------------------------------------


def test_sessions_are_listed_and_a_revoked_one_is_refused(api, tenant, runtime):
    manager = member(api, runtime, tenant, "manager")
    other = sign_in(api, tenant, manager["email"]).get_json()
    listed = api.call("GET", "/v1/staff/me/sessions", headers=manager["headers"]).get_json()
    assert len(listed) == 2
    assert [s["current"] for s in listed if s["id"] == other["session_id"]] == [False]

    revoked = api.call(
        "DELETE", f"/v1/staff/me/sessions/{other['session_id']}", headers=manager["headers"]
    )
    assert revoked.status_code == 204
    for path in ("/v1/admin/courses", "/v1/staff/me"):
        assert_problem(api.call("GET", path, headers=bearer(other["token"])), 401, "invalid_token")
    assert api.call("GET", "/v1/admin/courses", headers=manager["headers"]).status_code == 200
    listed = api.call("GET", "/v1/staff/me/sessions", headers=manager["headers"]).get_json()
    assert [s["id"] for s in listed] != [other["session_id"]] and len(listed) == 1

    # Using a session marks it used (at most once a minute).
    with runtime.session() as session:
        row = session.get(StaffSession, listed[0]["id"])
        assert row is not None
        row.last_used_at = row.created_at - timedelta(hours=1)
        session.commit()
    api.call("GET", "/v1/staff/me", headers=manager["headers"])
    [shown] = api.call("GET", "/v1/staff/me/sessions", headers=manager["headers"]).get_json()
    assert shown["last_used_at"] > shown["created_at"]

    # Another member's session is not found.
    support = member(api, runtime, tenant, "support")
    answer = api.call(
        "DELETE", f"/v1/staff/me/sessions/{listed[0]['id']}", headers=support["headers"]
    )
    assert_problem(answer, 404, "not_found")
    with runtime.session(tenant.id) as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "session_revoked"))
    assert entry is not None and entry.actor == f"staff:{manager['id']}"


# -- TOTP -------------------------------------------------------------------------------------


def _step() -> int:
    return int(time.time() // staff.TOTP_STEP)


def test_totp_is_required_at_sign_in_once_confirmed(api, tenant, runtime):
    owner = member(api, runtime, tenant, "owner")
    headers = owner["headers"]
    enrolled = api.call("POST", "/v1/staff/me/totp", headers=headers)
    assert enrolled.status_code == 201
    secret = enrolled.get_json()["secret"]
    uri = enrolled.get_json()["provisioning_uri"]
    assert uri.startswith("otpauth://totp/") and f"secret={secret}" in uri
    # Enrolled but not confirmed: sign-in needs no code yet.
    assert sign_in(api, tenant, owner["email"]).status_code == 200

    step = _step()
    wrong = "000000" if staff.totp_code(secret, step) != "000000" else "111111"
    bad = api.call("POST", "/v1/staff/me/totp:confirm", json={"code": wrong}, headers=headers)
    assert_problem(bad, 422, "invalid_totp")
    confirmed = api.call(
        "POST",
        "/v1/staff/me/totp:confirm",
        json={"code": staff.totp_code(secret, step)},
        headers=headers,
    )
    assert confirmed.status_code == 200 and confirmed.get_json()["totp_enabled"] is True

    assert_problem(sign_in(api, tenant, owner["email"]), 401, "totp_required")
    assert_problem(sign_in(api, tenant, owner["email"], totp_code=wrong), 401, "invalid_totp")
    # The code used to confirm is spent; the next one works, once.
    reused = sign_in(api, tenant, owner["email"], totp_code=staff.totp_code(secret, step))
    assert_problem(reused, 401, "invalid_totp")
    following = staff.totp_code(secret, step + 1)
    assert sign_in(api, tenant, owner["email"], totp_code=following).status_code == 200
    assert_problem(sign_in(api, tenant, owner["email"], totp_code=following), 401, "invalid_totp")
    assert_problem(api.call("POST", "/v1/staff/me/totp", headers=headers), 409, "totp_enabled")


def test_the_totp_secret_is_sealed_and_an_owner_can_reset_it(api, tenant, runtime):
    owner = member(api, runtime, tenant, "owner")
    manager = member(api, runtime, tenant, "manager")
    headers = manager["headers"]
    secret = api.call("POST", "/v1/staff/me/totp", headers=headers).get_json()["secret"]
    code = staff.totp_code(secret, _step())
    api.call("POST", "/v1/staff/me/totp:confirm", json={"code": code}, headers=headers)
    with runtime.session() as session:
        stored = session.get(StaffMember, manager["id"])
        assert stored is not None and stored.totp_secret and secret not in stored.totp_secret
    assert_problem(sign_in(api, tenant, manager["email"]), 401, "totp_required")

    path = f"/v1/admin/staff/{manager['id']}/totp"
    assert_problem(api.call("DELETE", path, headers=headers), 403, "insufficient_role")
    reset = api.call("DELETE", path, headers=owner["headers"])
    assert reset.status_code == 200 and reset.get_json()["totp_enabled"] is False
    assert sign_in(api, tenant, manager["email"]).status_code == 200
    with runtime.session(tenant.id) as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "totp_reset"))
    assert entry is not None and entry.actor == f"staff:{owner['id']}"


def test_totp_code_matches_rfc_6238():
    # RFC 6238 appendix B, SHA-1 (the 8-digit codes' last six digits).
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # base32 of "12345678901234567890"
    assert staff.totp_code(secret, 59 // 30) == "287082"
    assert staff.totp_code(secret, 1111111109 // 30) == "081804"
    assert staff.totp_code(secret, 2000000000 // 30) == "279037"


# -- every admin route ------------------------------------------------------------------------

#: The role rule, written out independently of the code: (path pattern, methods) → owner.
OWNER_ONLY = [
    (r"/v1/admin/keys(/.*)?", {"GET", "POST", "DELETE", "PUT", "PATCH"}),
    (r"/v1/admin/staff(/.*)?", {"GET", "POST", "DELETE", "PUT", "PATCH"}),  # incl. /totp
    (r"/v1/admin/tenant", {"PATCH", "PUT"}),
    (r"/v1/admin/plugins/<plugin_name:name>", {"PUT", "PATCH"}),
    (r"/v1/admin/webhook-endpoints(/.*)?", {"POST", "PUT", "PATCH", "DELETE"}),
]
#: Writes support staff may make: enrolling a student by hand and resending a mail (the
#: manual enrollment route, ``POST /v1/admin/enrollments``, where the app has it).
SUPPORT_WRITES = [
    (r"/v1/admin/enrollments", {"POST"}),
    (r"/v1/admin/enrollments:import", {"POST"}),
    (r"/v1/admin/mails/<string:mail_id>/resend", {"POST"}),
]
ROLES = ("support", "manager", "owner")


def expected_role(rule: str, method: str) -> str:
    for pattern, methods in OWNER_ONLY:
        if re.fullmatch(pattern, rule) and method in methods:
            return "owner"
    for pattern, methods in SUPPORT_WRITES:
        if re.fullmatch(pattern, rule) and method in methods:
            return "support"
    return "support" if method == "GET" else "manager"


def _fill(rule: str) -> str:
    return re.sub(r"<[^>]+>", "x-unknown", rule)


def test_every_admin_route_enforces_the_role_rule(api, app, tenant, runtime):
    members = {role: member(api, runtime, tenant, role)["headers"] for role in ROLES}
    operations = sorted(
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/v1/admin/")
        for method in rule.methods or ()
        if method not in {"HEAD", "OPTIONS"}
    )
    assert len(operations) > 30  # core's and the plugins' admin routes
    checked: list[tuple[str, str, str, int]] = []
    for rule, method in operations:
        need = expected_role(rule, method)
        path = _fill(rule)
        for role in ROLES:
            body = {} if method in {"POST", "PUT", "PATCH"} else None
            answer = api.client.open(path, method=method, json=body, headers=members[role])
            allowed = ROLES.index(role) >= ROLES.index(need)
            if allowed:
                assert answer.status_code not in (401, 403), (rule, method, role)
                assert answer.status_code < 500, (rule, method, role)
            else:
                assert answer.status_code == 403, (rule, method, role, answer.status_code)
                assert answer.get_json()["code"] == "insufficient_role"
            checked.append((rule, method, role, answer.status_code))
        # Without credentials, every one of them answers 401.
        anonymous = api.client.open(path, method=method, json=body)
        assert anonymous.status_code == 401, (rule, method)
    assert {role for _, _, role, _ in checked} == set(ROLES)


# -- the first owner ----------------------------------------------------------------------------


def create_owner(db_url: str, runtime, *args: str, **kwargs: Any) -> Any:
    env = {"TUITION_SECRET_KEY": runtime.secret_key, "TUITION_PASSWORD_HASHING": "fast"}
    return CliRunner().invoke(
        main,
        ["staff", "create-owner", *args],
        env={**env, "TUITION_DATABASE_URL": db_url},
        **kwargs,
    )


def test_cli_creates_the_first_owner_with_an_invitation(api, tenant, runtime, db_url):
    result = create_owner(db_url, runtime, "--tenant", tenant.slug, "--email", "boss@example.com")
    assert result.exit_code == 0, result.output
    token = result.output.strip().rsplit(" ", 1)[-1]
    assert accept(api, tenant, token).status_code == 200
    assert sign_in(api, tenant, "boss@example.com").status_code == 200
    again = create_owner(db_url, runtime, "--tenant", tenant.slug, "--email", "boss@example.com")
    assert again.exit_code != 0 and "staff already" in again.output


def test_cli_creates_the_first_owner_with_a_password(api, tenant, runtime, db_url):
    result = create_owner(
        db_url,
        runtime,
        "--tenant",
        tenant.slug,
        "--email",
        "o@example.com",
        "--password",
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    signed = sign_in(api, tenant, "o@example.com")
    assert signed.status_code == 200 and signed.get_json()["staff"]["role"] == "owner"


# -- a plugin that forgets to check its caller ----------------------------------------------


class CarelessPlugin:
    """An admin blueprint that checks nothing itself (a plain flask-smorest Blueprint)."""

    __version__ = "0.0.1"

    @hookimpl
    def tuition_api_blueprints(self) -> list[Blueprint]:
        blp = Blueprint("careless", __name__, url_prefix="/v1/admin")

        @blp.route("/careless")
        class Careless(MethodView):
            @blp.doc(security=ADMIN, operationId="carelessRead", tags=["admin"])
            @blp.response(200)
            def get(self) -> dict[str, Any]:
                return {"read": True}

            @blp.doc(security=ADMIN, operationId="carelessWrite", tags=["admin"])
            @blp.response(200)
            def post(self) -> dict[str, Any]:
                return {"written": True}

            @staff_role("owner")
            @blp.doc(security=ADMIN, operationId="carelessDelete", tags=["admin"])
            @blp.response(200)
            def delete(self) -> dict[str, Any]:
                return {"deleted": True}

        return [blp]


class TestAnAdminRouteThatChecksNothingIsGuarded:
    @pytest.fixture
    def tuition_plugins(self) -> list[tuple[str, Any]]:
        return [("careless", CarelessPlugin())]

    def test_core_checks_the_caller_before_the_view(self, api, tenant, runtime):
        support = member(api, runtime, tenant, "support")["headers"]
        manager = member(api, runtime, tenant, "manager")["headers"]
        client = api.client
        assert client.get("/v1/admin/careless").status_code == 401
        assert client.post("/v1/admin/careless", json={}).status_code == 401
        assert client.get("/v1/admin/careless", headers=support).get_json() == {"read": True}
        assert client.post("/v1/admin/careless", json={}, headers=support).status_code == 403
        assert client.post("/v1/admin/careless", json={}, headers=manager).status_code == 200
        assert client.delete("/v1/admin/careless", headers=manager).status_code == 403
        assert client.delete("/v1/admin/careless", headers=tenant.admin).status_code == 200
