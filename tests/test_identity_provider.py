"""A tenant's own identity provider: RS256 tokens verified against its JWKS, issuer, audience.

The JWKS is served by a small HTTP server started by the test itself.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from sqlalchemy import select

from tuition.models import AuditEntry, Student

ISSUER = "https://idp.example.com/"
AUDIENCE = "tuition-site-a"
KID = "idp-key-1"


# -- the identity provider ----------------------------------------------------------------


@dataclass(frozen=True)
class KeyPair:
    kid: str
    private: rsa.RSAPrivateKey

    @property
    def jwk(self) -> dict[str, Any]:
        jwk: dict[str, Any] = RSAAlgorithm.to_jwk(self.private.public_key(), as_dict=True)
        return {**jwk, "kid": self.kid, "use": "sig", "alg": "RS256"}

    @property
    def public_pem(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )


def _rsa() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="session")
def idp_key() -> KeyPair:
    return KeyPair(KID, _rsa())


@pytest.fixture(scope="session")
def stranger_key() -> KeyPair:
    """A key the identity provider never published."""
    return KeyPair(KID, _rsa())


@dataclass
class IdentityProvider:
    """A JWKS endpoint on 127.0.0.1; tests may change ``keys`` or make it answer ``broken``."""

    url: str
    keys: list[dict[str, Any]]
    broken: bool = False
    requests: list[str] = field(default_factory=list)

    def config(self, **overrides: Any) -> dict[str, Any]:
        return {"jwks_url": self.url, "issuer": ISSUER, "audience": AUDIENCE, **overrides}


@pytest.fixture
def idp(idp_key: KeyPair) -> Iterator[IdentityProvider]:
    provider = IdentityProvider(url="", keys=[idp_key.jwk])

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            provider.requests.append(self.path)
            if provider.broken:
                body, kind = b"<html>upstream is down</html>", "text/html"
            else:
                body, kind = json.dumps({"keys": provider.keys}).encode(), "application/json"
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            """Keep the test output quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    provider.url = f"http://127.0.0.1:{server.server_address[1]}/.well-known/jwks.json"
    yield provider
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def idp_claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "user-42",
        "email": "Grace@Example.com",
        "iat": now,
        "exp": now + 600,
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def idp_token(key: KeyPair, kid: str | None = None, **overrides: Any) -> str:
    headers = {"kid": kid or key.kid}
    return jwt.encode(idp_claims(**overrides), key.private, algorithm="RS256", headers=headers)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


# -- helpers ------------------------------------------------------------------------------


def assert_problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"] == f"urn:tuition:problem:{code}"
    return body


def me(api, tenant, token: str) -> Any:
    return api.call("GET", "/v1/me", headers=tenant.as_student(token))


def students(runtime, tenant) -> list[Student]:
    with runtime.session() as session:
        return list(session.scalars(select(Student).where(Student.tenant_id == tenant.id)))


@pytest.fixture
def site(api, idp):
    """A tenant trusting ``idp``, configured when the tenant is created."""
    return api.create_tenant(identity_provider=idp.config())


# -- configuration ------------------------------------------------------------------------


def test_identity_provider_set_at_tenant_creation(api, idp, site):
    shown = api.call("GET", "/v1/admin/tenant", headers=site.admin, expect=200).get_json()
    assert shown["identity_provider"] == {
        **idp.config(),
        "signup_method": "identity_provider",
        "token_use": "id",
    }


def test_identity_provider_set_and_removed_with_patch(api, idp, idp_key, runtime):
    tenant = api.create_tenant()
    token = idp_token(idp_key)
    assert_problem(me(api, tenant, token), 401, "invalid_token")  # not trusted yet

    patched = api.call(
        "PATCH",
        "/v1/admin/tenant",
        headers=tenant.admin,
        expect=200,
        json={"identity_provider": idp.config(signup_method="sso")},
    )
    assert patched.get_json()["identity_provider"]["jwks_url"] == idp.url
    created = me(api, tenant, token)
    assert created.status_code == 200, created.get_data(as_text=True)
    assert created.get_json()["signup_method"] == "sso"

    api.call(
        "PATCH",
        "/v1/admin/tenant",
        headers=tenant.admin,
        expect=200,
        json={"identity_provider": None},
    )
    assert_problem(me(api, tenant, token), 401, "invalid_token")  # trusted no more


@pytest.mark.parametrize(
    ("config", "field"),
    [
        ({"jwks_url": "not a url", "issuer": ISSUER, "audience": AUDIENCE}, "jwks_url"),
        ({"jwks_url": "file:///etc/passwd", "issuer": ISSUER, "audience": AUDIENCE}, "jwks_url"),
        ({"jwks_url": "https://idp.example.com/jwks", "audience": AUDIENCE}, "issuer"),
        ({"jwks_url": "https://idp.example.com/jwks", "issuer": ISSUER}, "audience"),
        (
            {"jwks_url": "https://idp.example.com/jwks", "issuer": "", "audience": AUDIENCE},
            "issuer",
        ),
    ],
)
def test_invalid_identity_provider_is_a_validation_error(api, tenant, config, field):
    response = api.call(
        "PATCH", "/v1/admin/tenant", headers=tenant.admin, json={"identity_provider": config}
    )
    problem = assert_problem(response, 422, "validation_error")
    assert f"identity_provider.{field}" in problem["errors"]
    shown = api.call("GET", "/v1/admin/tenant", headers=tenant.admin, expect=200).get_json()
    assert shown["identity_provider"] is None


# -- accepted tokens ----------------------------------------------------------------------


def test_valid_token_creates_the_student_once(api, idp, idp_key, site, runtime):
    first = me(api, site, idp_token(idp_key))
    assert first.status_code == 200, first.get_data(as_text=True)
    student = first.get_json()
    assert student["id"].startswith("stu_")
    assert student["email"] == "grace@example.com"
    assert student["signup_method"] == "identity_provider"
    assert student["intended_course"] is None

    # Another token of the same subject (even with a changed email) is the same student.
    later = idp_token(idp_key, exp=int(time.time()) + 900, email="grace.h@example.com")
    again = me(api, site, later)
    assert again.status_code == 200
    assert again.get_json() == student

    [row] = students(runtime, site)
    assert row.id == student["id"]
    assert row.external_subject == "user-42"
    assert row.email == "grace@example.com"
    assert row.password_hash is None
    # The JWKS was fetched once and then cached.
    assert idp.requests == ["/.well-known/jwks.json"]


def test_the_tokens_locale_claim_becomes_the_students_locale(api, idp_key, site):
    spoken = me(
        api, site, idp_token(idp_key, sub="fr", email="fr@example.com", locale="fr_FR")
    ).get_json()
    assert spoken["locale"] == "fr-FR"
    # A claim that is not a language tag is ignored, never a refusal.
    odd = me(api, site, idp_token(idp_key, sub="odd", email="odd@example.com", locale="Français!"))
    assert odd.status_code == 200 and odd.get_json()["locale"] is None


def test_token_without_email_creates_a_student_without_email(api, idp_key, site, runtime):
    response = me(api, site, idp_token(idp_key, sub="no-email", email=None))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["email"] is None
    assert [s.external_subject for s in students(runtime, site)] == ["no-email"]


def test_identity_provider_students_are_distinct_per_subject(api, idp_key, site, runtime):
    a = me(api, site, idp_token(idp_key, sub="alice", email="alice@example.com")).get_json()
    b = me(api, site, idp_token(idp_key, sub="bob", email="bob@example.com")).get_json()
    assert a["id"] != b["id"]
    assert sorted(s.external_subject for s in students(runtime, site)) == ["alice", "bob"]


def test_enrolling_with_an_identity_provider_token(api, idp_key, site):
    course = api.create_course(site)
    headers = site.as_student(idp_token(idp_key))
    response = api.call("POST", "/v1/enrollments", json={"course": course["slug"]}, headers=headers)
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.get_json()["status"] == "active"
    mine = api.call("GET", "/v1/me/enrollments", headers=headers, expect=200).get_json()
    assert [e["course"] for e in mine["items"]] == [course["slug"]]
    listed = api.call("GET", "/v1/admin/enrollments", headers=site.admin, expect=200)
    assert listed.get_json()["items"][0]["student_email"] == "grace@example.com"


def test_password_login_is_not_a_way_into_an_identity_provider_account(api, idp_key, site):
    me(api, site, idp_token(idp_key))
    response = api.call(
        "POST",
        "/v1/auth/login",
        headers=site.storefront,
        json={"email": "grace@example.com", "password": "timing-equaliser"},
    )
    assert_problem(response, 401, "invalid_credentials")


def test_identity_provider_email_of_a_password_account_is_not_taken_over(
    api, idp_key, site, runtime
):
    owner = api.signup(site, "grace@example.com")
    assert_problem(me(api, site, idp_token(idp_key)), 409, "email_taken")
    [row] = students(runtime, site)
    assert row.id == owner.id
    assert row.external_subject is None
    assert api.call("GET", "/v1/me", headers=owner.headers, expect=200).get_json()["id"] == (
        owner.id
    )


# -- refused tokens -----------------------------------------------------------------------


def _hs256_with_public_key(key: KeyPair, claims: dict[str, Any]) -> str:
    """HS/RS confusion: an HS256 token whose HMAC key is the IdP's public key PEM."""
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": key.kid}).encode())
    payload = b64(json.dumps(claims).encode())
    signing_input = f"{header}.{payload}".encode()
    signature = hmac.new(key.public_pem, signing_input, hashlib.sha256).digest()
    return f"{header}.{payload}.{b64(signature)}"


def _alg_none(claims: dict[str, Any]) -> str:
    header = b64(json.dumps({"alg": "none", "typ": "JWT", "kid": KID}).encode())
    return f"{header}.{b64(json.dumps(claims).encode())}."


@pytest.mark.parametrize(
    "attack",
    [
        "wrong_audience",
        "no_audience",
        "wrong_issuer",
        "expired",
        "no_expiry",
        "no_subject",
        "unknown_kid",
        "no_kid",
        "other_key",
        "hs_rs_confusion",
        "alg_none",
        "rs256_as_tuition",
    ],
)
def test_bad_identity_provider_tokens_are_refused(
    api, idp_key, stranger_key, site, runtime, attack
):
    now = int(time.time())
    if attack == "wrong_audience":
        token = idp_token(idp_key, aud="some-other-site")
    elif attack == "no_audience":
        token = idp_token(idp_key, aud=None)
    elif attack == "wrong_issuer":
        token = idp_token(idp_key, iss="https://evil.example.com/")
    elif attack == "expired":
        token = idp_token(idp_key, iat=now - 7200, exp=now - 3600)
    elif attack == "no_expiry":
        token = idp_token(idp_key, exp=None)
    elif attack == "no_subject":
        token = idp_token(idp_key, sub=None)
    elif attack == "unknown_kid":
        token = idp_token(idp_key, kid="not-published")
    elif attack == "no_kid":
        token = jwt.encode(idp_claims(), idp_key.private, algorithm="RS256")
    elif attack == "other_key":  # the published kid, but signed by a key the IdP never had
        token = idp_token(stranger_key)
    elif attack == "hs_rs_confusion":
        token = _hs256_with_public_key(idp_key, idp_claims())
    elif attack == "alg_none":
        token = _alg_none(idp_claims())
    else:  # an IdP-signed token pretending to be one of Tuition's own
        token = idp_token(idp_key, iss="tuition", aud=f"tuition:{site.id}")
    assert_problem(me(api, site, token), 401, "invalid_token")
    assert students(runtime, site) == []


def test_identity_provider_token_of_one_tenant_is_refused_by_others(
    api, idp, idp_key, site, runtime
):
    token = idp_token(idp_key)
    no_idp = api.create_tenant()
    other_issuer = api.create_tenant(identity_provider=idp.config(issuer="https://b.example/"))
    other_audience = api.create_tenant(identity_provider=idp.config(audience="tuition-site-b"))
    for other in (no_idp, other_issuer, other_audience):
        slug = api.create_course(other)["slug"]
        headers = other.as_student(token)
        assert_problem(api.call("GET", "/v1/me", headers=headers), 401, "invalid_token")
        assert_problem(api.call("GET", "/v1/me/enrollments", headers=headers), 401, "invalid_token")
        response = api.call("POST", "/v1/enrollments", json={"course": slug}, headers=headers)
        assert_problem(response, 401, "invalid_token")
        assert students(runtime, other) == []
    # It still works where it belongs.
    assert me(api, site, token).status_code == 200


def test_a_key_removed_from_the_jwks_stops_being_trusted(api, idp, idp_key, site, runtime):
    runtime.settings.jwks_cache_seconds = 0.05  # type: ignore[assignment]
    token = idp_token(idp_key)
    assert me(api, site, token).status_code == 200
    idp.keys = [{**idp_key.jwk, "kid": "idp-key-2"}]  # the IdP rotated key-1 out
    time.sleep(0.1)  # let the cached JWKS expire
    assert_problem(me(api, site, token), 401, "invalid_token")
    assert len(idp.requests) == 2


def test_unreachable_or_broken_jwks_is_refused_not_a_crash(api, idp, idp_key, runtime):
    token = idp_token(idp_key)
    broken = api.create_tenant(identity_provider=idp.config())
    idp.broken = True
    assert_problem(me(api, broken, token), 401, "invalid_token")

    # A port that is bound but not listening: connections are refused.
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{closed.getsockname()[1]}/jwks.json"
        unreachable = api.create_tenant(identity_provider=idp.config(jwks_url=url))
        assert_problem(me(api, unreachable, token), 401, "invalid_token")
    assert students(runtime, broken) == [] and students(runtime, unreachable) == []


@pytest.mark.parametrize(("skew", "accepted"), [(-20, True), (-45, False)])
def test_identity_provider_clock_skew_within_the_leeway(api, idp_key, site, skew, accepted):
    """A token that expired 20 s ago by our clock is the providers' clock running behind
    ours: accepted within the 30 s leeway (``TUITION_IDP_LEEWAY_SECONDS``); 45 s is not."""
    now = int(time.time())
    expired = me(api, site, idp_token(idp_key, iat=now - 600, exp=now + skew))
    assert expired.status_code == (200 if accepted else 401), expired.get_data(as_text=True)
    # Its clock running ahead instead: not valid before 20 s (or 45 s) from now.
    early = me(api, site, idp_token(idp_key, nbf=now - skew, exp=now + 600))
    assert early.status_code == (200 if accepted else 401), early.get_data(as_text=True)


def test_identity_provider_leeway_is_a_setting():
    from tuition.config import Settings

    assert Settings.from_env({"TUITION_IDP_LEEWAY_SECONDS": "0"}).idp_leeway_seconds == 0
    assert Settings.from_env({}).idp_leeway_seconds == 30
    with pytest.raises(ValueError, match="TUITION_IDP_LEEWAY_SECONDS"):
        Settings.from_env({"TUITION_IDP_LEEWAY_SECONDS": "3600"})


# -- the outbound policy (tuition.plugin_api.outbound) ----------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/jwks.json",
        "https://169.254.169.254/latest/meta-data",
        "https://10.0.0.7/jwks.json",
        "https://keys.internal/jwks.json",
        "http://idp.example.com/jwks.json",  # http only for allow-listed hosts
    ],
)
def test_a_jwks_url_inside_the_network_is_refused(api, tenant, monkeypatch, url):
    from tuition.plugin_api.outbound import ALLOWED_HOSTS_VARIABLE

    monkeypatch.delenv(ALLOWED_HOSTS_VARIABLE, raising=False)
    response = api.call(
        "PATCH",
        "/v1/admin/tenant",
        headers=tenant.admin,
        json={"identity_provider": {"jwks_url": url, "issuer": ISSUER, "audience": AUDIENCE}},
    )
    problem = assert_problem(response, 422, "validation_error")
    assert "identity_provider.jwks_url" in problem["errors"]
    shown = api.call("GET", "/v1/admin/tenant", headers=tenant.admin, expect=200).get_json()
    assert shown["identity_provider"] is None


def test_a_jwks_host_taken_off_the_allow_list_is_not_fetched(
    api, idp, idp_key, site, runtime, monkeypatch
):
    """Saved while the operator allowed 127.0.0.1; allowed no more: no request is made and
    the token is refused."""
    from tuition.plugin_api.outbound import ALLOWED_HOSTS_VARIABLE

    monkeypatch.delenv(ALLOWED_HOSTS_VARIABLE)
    assert_problem(me(api, site, idp_token(idp_key)), 401, "invalid_token")
    assert idp.requests == []
    assert students(runtime, site) == []


# -- Amazon Cognito: access tokens, sign-in method, linking -------------------------------


def access_token(key: KeyPair, **overrides: Any) -> str:
    """An access token as Cognito issues it: ``token_use: access`` and ``client_id``, no
    ``aud`` and no ``email``."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "aud": None,
        "email": None,
        "token_use": "access",
        "client_id": AUDIENCE,
        "scope": "openid email",
        "username": "grace",
        "cognito:groups": ["students"],
        "auth_time": now,
        "jti": "4b1f6b6e-jti",
        "origin_jti": "0c2d-origin",
        "event_id": "9e1e-event",
    }
    claims.update(overrides)
    return idp_token(key, **claims)


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"token_use": "refresh"}, "token_use"),
        ({"client_ids": ["app-2"]}, "client_ids"),  # token_use id: no access tokens
        ({"token_use": "id", "client_ids": ["app-2"]}, "client_ids"),
        ({"token_use": "access", "client_ids": []}, "client_ids"),
        ({"token_use": "access", "client_ids": [""]}, "client_ids"),
    ],
)
def test_invalid_token_use_settings_are_validation_errors(api, idp, tenant, settings, field):
    response = api.call(
        "PATCH",
        "/v1/admin/tenant",
        headers=tenant.admin,
        json={"identity_provider": idp.config(**settings)},
    )
    problem = assert_problem(response, 422, "validation_error")
    assert [k for k in problem["errors"] if k.startswith(f"identity_provider.{field}")]
    shown = api.call("GET", "/v1/admin/tenant", headers=tenant.admin, expect=200).get_json()
    assert shown["identity_provider"] is None


def test_access_tokens_are_refused_by_default(api, idp_key, site, runtime):
    assert_problem(me(api, site, access_token(idp_key)), 401, "invalid_token")
    assert students(runtime, site) == []


def test_access_token_accepted_when_the_tenant_asks(api, idp, idp_key, runtime):
    site = api.create_tenant(identity_provider=idp.config(token_use="access"))
    shown = api.call("GET", "/v1/admin/tenant", headers=site.admin, expect=200).get_json()
    assert shown["identity_provider"]["token_use"] == "access"
    response = me(api, site, access_token(idp_key))
    assert response.status_code == 200, response.get_data(as_text=True)
    student = response.get_json()
    assert student["email"] is None  # access tokens carry none: the student is its subject
    assert student["sign_in_method"] is None  # nor ``identities``: unknown
    [row] = students(runtime, site)
    assert row.external_subject == "user-42"
    # An ID token is not what this tenant accepts.
    assert_problem(me(api, site, idp_token(idp_key, token_use="id")), 401, "invalid_token")


def test_access_tokens_of_the_listed_clients_only(api, idp, idp_key, runtime):
    config = idp.config(token_use="access", client_ids=["web-app", "mobile-app"])
    site = api.create_tenant(identity_provider=config)
    for client_id in ("web-app", "mobile-app"):
        response = me(api, site, access_token(idp_key, client_id=client_id))
        assert response.status_code == 200, response.get_data(as_text=True)
    for refused in (
        access_token(idp_key, client_id=AUDIENCE),  # not listed: the list replaces audience
        access_token(idp_key, client_id="other-app"),
        access_token(idp_key, client_id=None),
        access_token(idp_key, client_id="web-app", token_use="id"),
        access_token(idp_key, client_id="web-app", token_use=None),
        access_token(idp_key, client_id="web-app", iss="https://evil.example.com/"),
        access_token(idp_key, client_id="web-app", exp=int(time.time()) - 3600),
        access_token(idp_key, client_id="web-app", sub=None),
    ):
        assert_problem(me(api, site, refused), 401, "invalid_token")
    assert [s.external_subject for s in students(runtime, site)] == ["user-42"]


def test_token_use_any_accepts_both_for_the_same_student(api, idp, idp_key, runtime):
    site = api.create_tenant(identity_provider=idp.config(token_use="any"))
    by_id = me(api, site, idp_token(idp_key, token_use="id", email_verified=True))
    assert by_id.status_code == 200, by_id.get_data(as_text=True)
    by_access = me(api, site, access_token(idp_key))
    assert by_access.status_code == 200, by_access.get_data(as_text=True)
    assert by_access.get_json()["id"] == by_id.get_json()["id"]
    # Each kind still proves itself: an access token for the wrong client, an ID token for
    # the wrong audience, a token calling itself something else.
    for refused in (
        access_token(idp_key, client_id="other-app"),
        idp_token(idp_key, token_use="id", aud="other-site"),
        idp_token(idp_key, token_use="refresh"),
    ):
        assert_problem(me(api, site, refused), 401, "invalid_token")


def test_an_id_tenant_refuses_a_token_that_says_it_is_an_access_token(api, idp_key, site):
    """``aud`` matches, but the token calls itself an access token: not an ID token."""
    assert_problem(me(api, site, idp_token(idp_key, token_use="access")), 401, "invalid_token")


@pytest.mark.parametrize(
    ("identities", "method"),
    [
        ([{"providerName": "Google", "providerType": "Google", "userId": "1093"}], "Google"),
        ('[{"providerName": "Facebook", "userId": "77"}]', "Facebook"),  # as a JSON string
        (None, "email"),
        ([], "email"),
    ],
)
def test_sign_in_method_is_recorded_from_the_token(api, idp_key, site, runtime, identities, method):
    token = idp_token(idp_key, token_use="id", identities=identities)
    response = me(api, site, token)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["sign_in_method"] == method
    [row] = students(runtime, site)
    assert row.sign_in_method == method
    course = api.create_course(site)
    headers = site.as_student(token)
    api.call(
        "POST", "/v1/enrollments", json={"course": course["slug"]}, headers=headers, expect=201
    )
    listed = api.call("GET", "/v1/admin/enrollments", headers=site.admin, expect=200).get_json()
    assert listed["items"][0]["student_sign_in_method"] == method


def test_password_signup_is_recorded_as_password(api, site):
    owner = api.signup(site)
    shown = api.call("GET", "/v1/me", headers=owner.headers, expect=200).get_json()
    assert shown["sign_in_method"] == "password"


def _links(runtime, tenant) -> list[AuditEntry]:
    with runtime.session() as session:
        return list(
            session.scalars(
                select(AuditEntry).where(
                    AuditEntry.tenant_id == tenant.id, AuditEntry.action == "identity_linked"
                )
            )
        )


@pytest.mark.parametrize("verified", [True, "true", "True"])
def test_verified_email_of_a_password_account_is_linked(api, idp_key, site, runtime, verified):
    owner = api.signup(site, "grace@example.com")
    token = idp_token(idp_key, email_verified=verified, identities=[{"providerName": "Google"}])
    linked = me(api, site, token)
    assert linked.status_code == 200, linked.get_data(as_text=True)
    assert linked.get_json()["id"] == owner.id
    assert linked.get_json()["sign_in_method"] == "password"  # as first signed in
    [row] = students(runtime, site)
    assert row.external_subject == "user-42" and row.password_hash
    [entry] = _links(runtime, site)
    assert entry.object_type == "student" and entry.object_id == owner.id
    assert entry.actor == f"student:{owner.id}"
    assert entry.before == {"external_subject": None}
    assert entry.after == {"external_subject": "user-42", "sign_in_method": "Google"}
    # Both ways in lead to the one account, and later tokens do not link again.
    assert me(api, site, token).get_json()["id"] == owner.id
    password = api.call(
        "POST",
        "/v1/auth/login",
        headers=site.storefront,
        json={"email": "grace@example.com", "password": "correct horse battery"},
        expect=200,
    )
    assert password.get_json()["student"]["id"] == owner.id
    assert len(_links(runtime, site)) == 1


@pytest.mark.parametrize("verified", [None, False, "false", "yes", 1])
def test_unverified_email_of_a_password_account_is_not_linked(
    api, idp_key, site, runtime, verified
):
    owner = api.signup(site, "grace@example.com")
    problem = assert_problem(
        me(api, site, idp_token(idp_key, email_verified=verified)), 409, "email_taken"
    )
    assert "verified" in problem["detail"]
    [row] = students(runtime, site)
    assert row.id == owner.id and row.external_subject is None
    assert _links(runtime, site) == []


def test_an_account_linked_to_one_identity_is_not_linked_to_another(api, idp_key, site, runtime):
    owner = api.signup(site, "grace@example.com")
    first = me(api, site, idp_token(idp_key, email_verified=True))
    assert first.get_json()["id"] == owner.id
    other = idp_token(idp_key, sub="user-43", email_verified=True)
    problem = assert_problem(me(api, site, other), 409, "email_taken")
    assert "another identity" in problem["detail"]
    assert [s.external_subject for s in students(runtime, site)] == ["user-42"]


def test_two_first_calls_at_once_link_once(app, api, idp_key, site, runtime):
    owner = api.signup(site, "grace@example.com")
    headers = site.as_student(idp_token(idp_key, email_verified="true"))
    callers = 6
    barrier = threading.Barrier(callers)

    def call(_: int) -> tuple[int, Any]:
        client = app.test_client()
        barrier.wait()
        response = client.get("/v1/me", headers=headers)
        return response.status_code, response.get_json()

    with ThreadPoolExecutor(max_workers=callers) as pool:
        answers = list(pool.map(call, range(callers)))
    assert [status for status, _ in answers] == [200] * callers, answers
    assert {body["id"] for _, body in answers} == {owner.id}
    [row] = students(runtime, site)
    assert row.external_subject == "user-42"
    assert len(_links(runtime, site)) == 1


def test_the_course_a_student_came_for_rides_on_the_first_call(api, idp_key, site, runtime):
    """``X-Intended-Course`` on the first call records the course on the student the token
    creates (as signup's ``intended_course``); later calls change nothing, and an unknown
    slug is a hint ignored, not a refusal."""
    course = api.create_course(site)
    token = idp_token(idp_key, sub="came-for-a-course", email="ada@example.com")
    headers = {**site.as_student(token), "X-Intended-Course": course["slug"]}
    first = api.call("GET", "/v1/me", headers=headers, expect=200).get_json()
    assert first["intended_course"] == course["slug"]
    other = api.create_course(site)
    later = {**site.as_student(token), "X-Intended-Course": other["slug"]}
    assert api.call("GET", "/v1/me", headers=later, expect=200).get_json() == first

    stranger = idp_token(idp_key, sub="unknown-course", email="bob@example.com")
    hint = {**site.as_student(stranger), "X-Intended-Course": "no-such-course"}
    assert api.call("GET", "/v1/me", headers=hint, expect=200).get_json()["intended_course"] is None


# -- staff roles from the provider's groups (cognito:groups) ----------------------------------

STAFF_GROUPS = {"site-admins": "owner", "editors": "manager", "helpdesk": "support"}


def as_staff(tenant, token: str) -> dict[str, str]:
    """An identity provider's token on the admin API: with the site's publishable key."""
    return tenant.as_student(token)


def new_course_body() -> dict[str, Any]:
    slug = f"c-{time.monotonic_ns()}"
    return {"slug": slug, "title": "A course", "pricing_model": "free"}


def refused_as_without_a_role(response: Any, api) -> None:
    """Answered exactly as any bearer token that is no admin credential is."""
    today = api.call("GET", "/v1/admin/courses", headers={"Authorization": "Bearer not-a-key"})
    assert today.status_code == 401
    assert response.status_code == 401, response.get_data(as_text=True)
    assert response.get_json() == today.get_json()


@pytest.fixture
def staffed(api, idp):
    """A site whose provider's groups map to staff roles; ID and access tokens accepted."""
    return api.create_tenant(
        identity_provider=idp.config(token_use="any", staff_groups=STAFF_GROUPS)
    )


def test_staff_groups_are_shown_with_the_identity_provider(api, idp, staffed):
    shown = api.call("GET", "/v1/admin/tenant", headers=staffed.admin, expect=200).get_json()
    assert shown["identity_provider"]["staff_groups"] == STAFF_GROUPS
    assert "groups_claim" not in shown["identity_provider"]  # default: cognito:groups


@pytest.mark.parametrize(
    "groups",
    [{"site-admins": "admin"}, {"": "owner"}, {"a": None}, ["site-admins"]],
)
def test_invalid_staff_groups_are_validation_errors(api, idp, tenant, groups):
    response = api.call(
        "PATCH",
        "/v1/admin/tenant",
        headers=tenant.admin,
        json={"identity_provider": idp.config(staff_groups=groups)},
    )
    problem = assert_problem(response, 422, "validation_error")
    assert [k for k in problem["errors"] if k.startswith("identity_provider.staff_groups")]


def test_cognito_groups_grant_the_mapped_role(api, idp_key, staffed, runtime):
    """Cognito's access and ID tokens both list ``cognito:groups``; a mapped group admits
    the person with that role's rights, audited as them, and creates no student."""
    helpdesk = as_staff(staffed, access_token(idp_key, **{"cognito:groups": ["helpdesk"]}))
    assert api.call("GET", "/v1/admin/courses", headers=helpdesk).status_code == 200
    assert_problem(
        api.call("POST", "/v1/admin/courses", json=new_course_body(), headers=helpdesk),
        403,
        "insufficient_role",
    )
    editor_token = idp_token(
        idp_key, sub="editor-7", token_use="id", **{"cognito:groups": ["editors"]}
    )
    editor = as_staff(staffed, editor_token)
    created = api.call("POST", "/v1/admin/courses", json=new_course_body(), headers=editor)
    assert created.status_code == 201, created.get_data(as_text=True)
    assert_problem(api.call("GET", "/v1/admin/keys", headers=editor), 403, "insufficient_role")

    with runtime.session(staffed.id) as session:
        [entry] = session.scalars(
            select(AuditEntry).where(
                AuditEntry.object_type == "course", AuditEntry.action == "created"
            )
        )
    assert entry.actor == "idp:editor-7"
    assert students(runtime, staffed) == []


def test_the_most_privileged_mapped_group_wins(api, idp_key, staffed):
    groups = ["students", "helpdesk", "site-admins", "editors"]
    owner = as_staff(staffed, access_token(idp_key, **{"cognito:groups": groups}))
    assert api.call("GET", "/v1/admin/keys", headers=owner).status_code == 200
    keys = api.call("POST", "/v1/admin/keys", json={"kind": "publishable"}, headers=owner)
    assert keys.status_code == 201, keys.get_data(as_text=True)


def test_a_removed_group_counts_from_the_next_token(api, idp_key, staffed):
    before = as_staff(staffed, access_token(idp_key, **{"cognito:groups": ["site-admins"]}))
    assert api.call("GET", "/v1/admin/keys", headers=before).status_code == 200
    demoted = as_staff(
        staffed,
        access_token(idp_key, exp=int(time.time()) + 700, **{"cognito:groups": ["helpdesk"]}),
    )
    assert_problem(api.call("GET", "/v1/admin/keys", headers=demoted), 403, "insufficient_role")
    for groups in (["students"], [], None):
        removed = access_token(idp_key, exp=int(time.time()) + 800, **{"cognito:groups": groups})
        response = api.call("GET", "/v1/admin/courses", headers=as_staff(staffed, removed))
        refused_as_without_a_role(response, api)


def test_without_a_mapping_provider_tokens_are_refused_as_before(api, idp, idp_key, site):
    """A site that maps no group: a provider's token (with groups) is no admin credential,
    answered as before, and not even verified (no JWKS fetch)."""
    token = access_token(idp_key, **{"cognito:groups": ["site-admins"]})
    response = api.call("GET", "/v1/admin/courses", headers=as_staff(site, token))
    refused_as_without_a_role(response, api)
    assert idp.requests == []


def test_provider_staff_tokens_need_the_sites_publishable_key(api, idp_key, staffed, tenant):
    token = access_token(idp_key, **{"cognito:groups": ["site-admins"]})
    bare = {"Authorization": f"Bearer {token}"}
    refused_as_without_a_role(api.call("GET", "/v1/admin/courses", headers=bare), api)
    wrong = {**bare, "X-Tenant-Key": "pk_not_a_key"}
    refused_as_without_a_role(api.call("GET", "/v1/admin/courses", headers=wrong), api)
    # Another site (no identity provider) does not take the token for its own.
    other = api.call("GET", "/v1/admin/courses", headers=as_staff(tenant, token))
    refused_as_without_a_role(other, api)


def test_unverified_provider_tokens_are_refused_at_a_staffed_site(
    api, idp_key, stranger_key, staffed
):
    groups = {"cognito:groups": ["site-admins"]}
    for token in (
        access_token(stranger_key, **groups),  # not signed by the provider
        access_token(idp_key, exp=int(time.time()) - 3600, **groups),  # expired
        access_token(idp_key, client_id="other-app", **groups),  # another app client
        access_token(idp_key, iss="https://evil.example.com/", **groups),
    ):
        response = api.call("GET", "/v1/admin/courses", headers=as_staff(staffed, token))
        assert_problem(response, 401, "invalid_token")


def test_the_groups_claim_is_a_setting(api, idp, idp_key):
    site = api.create_tenant(
        identity_provider=idp.config(groups_claim="roles", staff_groups={"tuition-owner": "owner"})
    )
    cognito = idp_token(idp_key, **{"cognito:groups": ["tuition-owner"]})
    refused_as_without_a_role(
        api.call("GET", "/v1/admin/keys", headers=as_staff(site, cognito)), api
    )
    for roles in (["tuition-owner"], "tuition-owner"):  # a list, or one name
        token = idp_token(idp_key, roles=roles)
        assert api.call("GET", "/v1/admin/keys", headers=as_staff(site, token)).status_code == 200


# -- staff who accept their invitation with the provider ---------------------------------------


def _invited(api, runtime, site, role: str = "manager") -> tuple[dict[str, Any], str]:
    from .test_staff import invitation, invite

    invited = invite(api, site, role)
    assert invited.status_code == 201, invited.get_data(as_text=True)
    body = invited.get_json()
    return body, invitation(runtime, site, body["id"])


def accept_with(api, site, token: str, identity_token: str, **extra: Any) -> Any:
    body = {"token": token, "identity_token": identity_token, **extra}
    return api.call(
        "POST", "/v1/staff/invitations:accept-with-identity", json=body, headers=site.storefront
    )


def identity_sign_in(api, site, identity_token: str) -> Any:
    return api.call(
        "POST",
        "/v1/staff/sign-in:identity",
        json={"identity_token": identity_token},
        headers=site.storefront,
    )


def test_a_member_accepts_with_the_provider_and_signs_in_with_it(api, idp_key, site, runtime):
    """The invitee's provider token binds the member to its subject: later tokens of that
    person sign in (a staff session) and act on the admin API as the member, with the
    member's role, audited with the person as actor; no password, no student."""
    invited, token = _invited(api, runtime, site)
    accepted = accept_with(api, site, token, idp_token(idp_key, sub="staff-ada", name="Ada L."))
    assert accepted.status_code == 200, accepted.get_data(as_text=True)
    assert accepted.get_json()["status"] == "active"
    assert accepted.get_json()["name"] == "Ada L."
    who = f"staff:{invited['id']}"

    later = idp_token(idp_key, sub="staff-ada", exp=int(time.time()) + 900)
    signed = identity_sign_in(api, site, later)
    assert signed.status_code == 200, signed.get_data(as_text=True)
    session_token = signed.get_json()["token"]
    assert session_token.startswith("st_")
    assert signed.get_json()["staff"]["id"] == invited["id"]
    me_now = api.call(
        "GET", "/v1/staff/me", headers={"Authorization": f"Bearer {session_token}"}, expect=200
    )
    assert me_now.get_json()["email"] == invited["email"]

    # The provider's token itself on the admin API: the member's role (manager), not more.
    created = api.call(
        "POST", "/v1/admin/courses", json=new_course_body(), headers=as_staff(site, later)
    )
    assert created.status_code == 201, created.get_data(as_text=True)
    assert_problem(
        api.call("GET", "/v1/admin/keys", headers=as_staff(site, later)), 403, "insufficient_role"
    )
    # No password was set: the member signs in through the provider only.
    password = {"email": invited["email"], "password": "anything at all"}
    assert_problem(
        api.call("POST", "/v1/staff/sign-in", json=password, headers=site.storefront),
        401,
        "invalid_credentials",
    )

    with runtime.session(site.id) as session:
        entries = list(session.scalars(select(AuditEntry).where(AuditEntry.actor == who)))
    by_action = {(e.object_type, e.action): e for e in entries}
    assert by_action[("staff", "accepted")].after["external_subject"] == "staff-ada"
    assert by_action[("staff", "signed_in")].after["method"] == "identity"
    assert ("course", "created") in by_action
    assert students(runtime, site) == []


def test_an_invitation_is_accepted_once(api, idp_key, site, runtime):
    _, token = _invited(api, runtime, site)
    assert accept_with(api, site, token, idp_token(idp_key, sub="once")).status_code == 200
    assert_problem(
        accept_with(api, site, token, idp_token(idp_key, sub="twice")), 409, "invitation_accepted"
    )
    body = {"token": token, "password": "a staff passphrase"}
    again = api.call("POST", "/v1/staff/invitations:accept", json=body, headers=site.storefront)
    assert_problem(again, 409, "invitation_accepted")


def test_an_expired_invitation_is_told_apart(api, idp_key, site, runtime):
    from tuition.models import StaffMember
    from tuition.services import link_tokens, staff

    invited, _ = _invited(api, runtime, site)
    with runtime.session(site.id) as session:
        member = session.get(StaffMember, invited["id"])
        expired = link_tokens.mint(
            runtime,
            audience=link_tokens.audience(site.id, staff.INVITATION_PURPOSE),
            subject=member.id,
            ttl_seconds=-60,
            fingerprint=staff._fingerprint(member),
            extra={"tid": site.id},
        )
    assert_problem(
        accept_with(api, site, expired, idp_token(idp_key, sub="late")), 410, "invitation_expired"
    )
    body = {"token": expired, "password": "a staff passphrase"}
    late = api.call("POST", "/v1/staff/invitations:accept", json=body, headers=site.storefront)
    assert_problem(late, 410, "invitation_expired")
    # A forged or foreign token says nothing more than "invalid".
    assert_problem(
        accept_with(api, site, expired + "x", idp_token(idp_key, sub="late")),
        401,
        "invalid_invitation",
    )


def test_a_token_the_site_does_not_trust_accepts_nothing(
    api, idp, idp_key, stranger_key, site, tenant, runtime
):
    """Another audience (the provider's other app), another key or issuer (another site's
    provider), an expired token: 401 ``invalid_token``; the invitation stays open. A site
    without a provider refuses any such token; an invitation of another site is invalid."""
    invited, token = _invited(api, runtime, site)
    for refused in (
        idp_token(idp_key, aud="another-app"),
        idp_token(stranger_key),
        idp_token(idp_key, iss="https://other-site-idp.example.com/"),
        idp_token(idp_key, exp=int(time.time()) - 3600),
    ):
        assert_problem(accept_with(api, site, token, refused), 401, "invalid_token")
    shown = api.call("GET", f"/v1/admin/staff/{invited['id']}", headers=site.admin, expect=200)
    assert shown.get_json()["status"] == "invited"

    _, plain_token = _invited(api, runtime, tenant)
    assert_problem(accept_with(api, tenant, plain_token, idp_token(idp_key)), 401, "invalid_token")
    assert_problem(accept_with(api, tenant, token, idp_token(idp_key)), 401, "invalid_invitation")


def test_one_identity_is_one_member(api, idp_key, site, runtime):
    _, first = _invited(api, runtime, site)
    _, second = _invited(api, runtime, site, "support")
    assert accept_with(api, site, first, idp_token(idp_key, sub="same-person")).status_code == 200
    assert_problem(
        accept_with(api, site, second, idp_token(idp_key, sub="same-person")), 409, "identity_taken"
    )


def test_signing_in_with_an_identity_nobody_accepted_with(api, idp_key, site, runtime):
    assert_problem(
        identity_sign_in(api, site, idp_token(idp_key, sub="a-student")), 401, "unknown_identity"
    )
    invited, token = _invited(api, runtime, site)
    assert accept_with(api, site, token, idp_token(idp_key, sub="member-1")).status_code == 200
    # A removed member's identity signs in no more, and acts on nothing.
    api.call("DELETE", f"/v1/admin/staff/{invited['id']}", headers=site.admin, expect=204)
    assert_problem(
        identity_sign_in(api, site, idp_token(idp_key, sub="member-1")), 401, "unknown_identity"
    )
    refused_as_without_a_role(
        api.call(
            "GET", "/v1/admin/courses", headers=as_staff(site, idp_token(idp_key, sub="member-1"))
        ),
        api,
    )


CONSOLE_SIGN_IN = {
    "authorization_endpoint": "https://auth.example.com/oauth2/authorize",
    "token_endpoint": "https://auth.example.com/oauth2/token",
    "client_id": AUDIENCE,
}


def test_the_console_learns_how_to_sign_in_with_the_provider(api, idp, site):
    off = api.call("GET", "/v1/staff/identity-provider", headers=site.storefront, expect=200)
    assert off.get_json() == {
        "enabled": False,
        "authorization_endpoint": None,
        "token_endpoint": None,
        "client_id": None,
        "scope": None,
    }
    api.call(
        "PATCH",
        "/v1/admin/tenant",
        json={"identity_provider": idp.config(console=CONSOLE_SIGN_IN)},
        headers=site.admin,
        expect=200,
    )
    on = api.call("GET", "/v1/staff/identity-provider", headers=site.storefront, expect=200)
    assert on.get_json() == {"enabled": True, "scope": "openid email profile", **CONSOLE_SIGN_IN}
    bad = api.call(
        "PATCH",
        "/v1/admin/tenant",
        json={"identity_provider": idp.config(console={"client_id": "x"})},
        headers=site.admin,
    )
    problem = assert_problem(bad, 422, "validation_error")
    assert "identity_provider.console.authorization_endpoint" in problem["errors"]
