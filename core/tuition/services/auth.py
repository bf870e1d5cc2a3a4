"""Students: built-in signup and login, Tuition's own tokens, and tenants' identity providers."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import CursorResult, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tuition.models import Course, Student, Tenant
from tuition.plugin_api import Conflict, Unauthorized, ValidationFailed, normalise_locale, outbound
from tuition.services import audit
from tuition.services.tenant_cache import TenantCache

if TYPE_CHECKING:
    from tuition.runtime import Tuition

ISSUER = "tuition"
# OWASP's argon2id baseline (19 MiB, t=2, p=1): ~50 ms here, so login cannot be brute-forced
# fast yet a 2-core server still answers logins. Tests use argon2's cheapest parameters.
HASHERS = {
    "owasp": PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1),
    "fast": PasswordHasher(time_cost=1, memory_cost=8, parallelism=1),
}
_DUMMY_HASHES: dict[str, str] = {}
#: Claims of Tuition's own tokens this process verified, by (secret, audience, token): a
#: token's signature, audience and issuer never change, so a token seen again costs no
#: decoding, only the check of its expiry (and, as always, of the student's token version).
_VERIFIED: dict[tuple[str, str, str], dict[str, Any]] = {}
MAX_VERIFIED = 10_000


def hasher(tuition: Tuition) -> PasswordHasher:
    """The password hasher the settings ask for (``password_hashing``)."""
    return HASHERS[tuition.settings.password_hashing]


def _dummy_hash(tuition: Tuition) -> str:
    name = tuition.settings.password_hashing
    if name not in _DUMMY_HASHES:
        _DUMMY_HASHES[name] = HASHERS[name].hash("timing-equaliser")
    return _DUMMY_HASHES[name]


def audience(tenant: Tenant) -> str:
    """The audience of Tuition's tokens for ``tenant``: a token of one tenant fits no other."""
    return f"tuition:{tenant.id}"


def normalise_email(email: str) -> str:
    return email.strip().lower()


def signup(
    tuition: Tuition,
    session: Session,
    tenant: Tenant,
    *,
    email: str,
    password: str,
    signup_method: str,
    intended_course: str | None,
    locale: str | None = None,
) -> Student:
    """Create a student with a password, recording how and for which course they came
    (in the caller's transaction: the caller commits)."""
    email = normalise_email(email)
    course_id = None
    if intended_course:
        course_id = session.scalar(select(Course.id).where(Course.slug == intended_course))
        if course_id is None:
            raise ValidationFailed({"intended_course": [f"No course {intended_course!r}."]})
    if session.scalar(select(Student.id).where(Student.email == email)):
        raise Conflict("An account with this email exists; log in instead.", code="email_taken")
    student = Student(
        tenant_id=tenant.id,
        email=email,
        password_hash=hasher(tuition).hash(password),
        signup_method=signup_method,
        sign_in_method="password",
        intended_course_id=course_id,
        locale=locale,
    )
    session.add(student)
    try:  # written in the caller's transaction; a concurrent signup loses here, with a 409
        session.flush()
    except IntegrityError as exc:
        raise Conflict(
            "An account with this email exists; log in instead.", code="email_taken"
        ) from exc
    return student


def login(tuition: Tuition, session: Session, *, email: str, password: str) -> Student:
    """The student with these credentials, or ``invalid_credentials``."""
    student = session.scalar(select(Student).where(Student.email == normalise_email(email)))
    stored = student.password_hash if student and student.password_hash else _dummy_hash(tuition)
    try:
        hasher(tuition).verify(stored, password)
    except (VerificationError, InvalidHashError):
        student = None
    if student is None or not student.password_hash:
        raise Unauthorized("Email or password is wrong.", code="invalid_credentials")
    return student


def issue_token(
    tuition: Tuition, tenant: Tenant, student: Student, *, family: str | None = None
) -> tuple[str, int]:
    """A signed student token for ``tenant`` and its lifetime in seconds. It carries the
    student's token version (``ver``: log out everywhere moves it on) and the refresh
    token family of its sign-in (``fam``, what log out revokes)."""
    now = int(time.time())
    ttl = tuition.settings.token_ttl_seconds
    claims: dict[str, Any] = {
        "iss": ISSUER,
        "aud": audience(tenant),
        "sub": student.id,
        "iat": now,
        "exp": now + ttl,
        "ver": student.token_version,
    }
    if family is not None:
        claims["fam"] = family
    return jwt.encode(claims, tuition.secret_key, algorithm="HS256"), ttl


def token_family(token: str) -> str | None:
    """The ``fam`` claim of one of Tuition's own tokens that :func:`authenticate` accepted."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return None
    family = claims.get("fam") if claims.get("iss") == ISSUER else None
    return family if isinstance(family, str) else None


def authenticate(
    tuition: Tuition,
    session: Session,
    tenant: Tenant,
    token: str,
    *,
    intended_course: str | None = None,
) -> Student:
    """The student a bearer token stands for, for this tenant only; 401 otherwise.

    Tuition's own tokens are HS256 with the server secret; a tenant with an identity provider
    also accepts RS256 tokens from its issuer, verified against its JWKS: ID tokens (``aud``)
    and/or access tokens (``token_use: access``, ``client_id``) as its ``token_use`` says.
    Each path pins its algorithm, so no token can pass as the other kind. Tuition's own
    tokens must carry the student's current token version. ``intended_course`` (a course
    slug) is recorded on a student the identity provider's token creates, as signup records
    it; an unknown slug is ignored (it is a hint, not a reason to refuse the call).
    """
    remembered = (tuition.secret_key, audience(tenant), token)
    claims = _VERIFIED.get(remembered)
    if claims is not None and claims["exp"] > time.time():
        return _own_student(tuition, session, tenant, claims)
    try:
        unverified = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise Unauthorized("The token is malformed.", code="invalid_token") from exc
    issuer = unverified.get("iss")
    idp = tenant.identity_provider or {}
    try:
        if issuer == ISSUER:
            claims = jwt.decode(
                token,
                tuition.secret_key,
                algorithms=["HS256"],
                audience=audience(tenant),
                issuer=ISSUER,
                options={"require": ["exp", "sub", "aud", "iss"]},
            )
            if len(_VERIFIED) >= MAX_VERIFIED:
                _VERIFIED.clear()
            _VERIFIED[remembered] = claims
            return _own_student(tuition, session, tenant, claims)
        if idp and issuer == idp.get("issuer"):
            return _from_identity_provider(tuition, session, tenant, token, idp, intended_course)
    except jwt.PyJWTError as exc:
        raise Unauthorized(f"The token was refused: {exc}.", code="invalid_token") from exc
    raise Unauthorized("The token's issuer is not trusted by this site.", code="invalid_token")


def _own_student(
    tuition: Tuition, session: Session, tenant: Tenant, claims: Mapping[str, Any]
) -> Student:
    """The student of a verified token of Tuition's own, if the token is still theirs."""
    student = tuition.tenants.student(session, tenant.id, claims["sub"])
    if student is None:
        raise Unauthorized("The token's student does not exist.", code="invalid_token")
    if student.erased_at is not None:
        raise Unauthorized("The student's data was erased.", code="invalid_token")
    # Tokens issued before the ``ver`` claim existed count as version 0.
    if claims.get("ver", 0) != student.token_version:
        raise Unauthorized(
            "The token was revoked (signed out everywhere or password reset); sign in again.",
            code="invalid_token",
        )
    return student


def locale_claim(claims: Mapping[str, Any]) -> str | None:
    """The OpenID Connect ``locale`` claim as a BCP 47 tag (``fr_FR`` → ``fr-FR``), or None
    when the token has none or not a well-formed one (a first sign-in is never refused)."""
    value = claims.get("locale")
    if not isinstance(value, str):
        return None
    try:
        return normalise_locale(value)
    except ValueError:
        return None


def _from_identity_provider(
    tuition: Tuition,
    session: Session,
    tenant: Tenant,
    token: str,
    idp: Mapping[str, Any],
    intended_course: str | None = None,
) -> Student:
    claims = _signed_claims(tuition, token, idp)
    subject = str(claims["sub"])
    student = session.scalar(select(Student).where(Student.external_subject == subject))
    if student is not None:
        return student
    email = claims.get("email")
    email = normalise_email(email) if isinstance(email, str) else None
    if email is not None:
        owner = session.scalar(select(Student).where(Student.email == email))
        if owner is not None:
            return _link(session, tenant, owner, subject, claims)
    student = Student(
        tenant_id=tenant.id,
        external_subject=subject,
        email=email,
        signup_method=str(idp.get("signup_method", "identity_provider")),
        sign_in_method=sign_in_method(claims),
        locale=locale_claim(claims),
        intended_course_id=session.scalar(select(Course.id).where(Course.slug == intended_course))
        if intended_course
        else None,
    )
    try:  # in the caller's transaction, behind a savepoint: a refusal leaves it usable
        with session.begin_nested():
            session.add(student)
    except IntegrityError:
        # Seen first by two requests at once, or the email was taken meanwhile.
        existing = session.scalar(select(Student).where(Student.external_subject == subject))
        if existing is not None:
            return existing
        owner = session.scalar(select(Student).where(Student.email == email)) if email else None
        if owner is None:
            raise Conflict(
                "An account with this email exists already.", code="email_taken"
            ) from None
        return _link(session, tenant, owner, subject, claims)
    return student


def identity_provider_claims(tuition: Tuition, tenant: Tenant, token: str) -> dict[str, Any]:
    """The claims of ``token`` once verified as a token of ``tenant``'s identity provider
    (its issuer, JWKS, and what its ``token_use`` setting accepts), for callers other than
    a student's sign-in (staff roles from the provider's groups); 401 ``invalid_token`` for
    any other token, including one of a site without an identity provider."""
    idp = tenant.identity_provider or {}
    try:
        issuer = jwt.decode(token, options={"verify_signature": False}).get("iss")
        if not idp or issuer != idp.get("issuer"):
            raise Unauthorized(
                "The token's issuer is not trusted by this site.", code="invalid_token"
            )
        return _signed_claims(tuition, token, idp)
    except jwt.PyJWTError as exc:
        raise Unauthorized(f"The token was refused: {exc}.", code="invalid_token") from exc


def _signed_claims(tuition: Tuition, token: str, idp: Mapping[str, Any]) -> dict[str, Any]:
    """The claims of the identity provider's ``token``, its key taken from the JWKS."""
    client = _jwks_client(tuition, idp["jwks_url"])
    try:
        key = client.get_signing_key_from_jwt(token)
    except jwt.PyJWKClientError as exc:
        raise Unauthorized("The token's signing key is unknown.", code="invalid_token") from exc
    except (ValueError, OSError) as exc:
        # The JWKS endpoint answered something that is not JSON, or the connection broke
        # mid-read: the token cannot be verified, which is a refusal, not a crash.
        raise Unauthorized(
            "The identity provider's keys could not be read.", code="invalid_token"
        ) from exc
    return _verified_claims(tuition, token, key.key, idp)


def _verified_claims(
    tuition: Tuition, token: str, key: Any, idp: Mapping[str, Any]
) -> dict[str, Any]:
    """The token's claims once its signature, issuer, expiry and audience (an ID token) or
    ``token_use`` and ``client_id`` (an access token) are checked, as the tenant allows."""
    accepted = str(idp.get("token_use", "id"))
    declared = jwt.decode(token, options={"verify_signature": False}).get("token_use")
    kind = (
        "access" if accepted == "access" or (accepted == "any" and declared == "access") else "id"
    )
    common: dict[str, Any] = {
        "algorithms": ["RS256"],
        "issuer": idp["issuer"],
        "leeway": tuition.settings.idp_leeway_seconds,
    }
    if kind == "id":
        claims = jwt.decode(
            token,
            key,
            audience=idp["audience"],
            options={"require": ["exp", "sub", "iss"]},
            **common,
        )
        if claims.get("token_use", "id") != "id":
            raise Unauthorized("The token is not an ID token.", code="invalid_token")
        return claims
    # Access tokens (Amazon Cognito's): no ``aud``; the app client is ``client_id``.
    claims = jwt.decode(
        token,
        key,
        options={"require": ["exp", "sub", "iss", "token_use", "client_id"], "verify_aud": False},
        **common,
    )
    if claims["token_use"] != "access":
        raise Unauthorized("The token is not an access token.", code="invalid_token")
    if claims["client_id"] not in idp.get("client_ids", [idp["audience"]]):
        raise Unauthorized("The token's client is not accepted.", code="invalid_token")
    return claims


def email_verified(claims: Mapping[str, Any]) -> bool:
    """Whether the provider vouches for the token's email (Cognito may send ``"true"``)."""
    value = claims.get("email_verified")
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def sign_in_method(claims: Mapping[str, Any]) -> str | None:
    """How the user signed in at the provider: the social provider's name from
    ``identities`` (e.g. ``Google``), else ``email``. An access token says neither (Cognito
    puts ``identities`` in ID tokens only): None, unknown."""
    identities = claims.get("identities")
    if isinstance(identities, str):  # some providers send the list as a JSON string
        try:
            identities = json.loads(identities)
        except ValueError:
            identities = None
    if isinstance(identities, list):
        for identity in identities:
            name = identity.get("providerName") if isinstance(identity, dict) else None
            if isinstance(name, str) and name.strip():
                return name.strip()[:64]
    return None if claims.get("token_use") == "access" else "email"


def _link(
    session: Session, tenant: Tenant, owner: Student, subject: str, claims: Mapping[str, Any]
) -> Student:
    """Link the identity provider's ``subject`` to the account ``owner`` holding its email,
    once: a conditional update, so of two first requests at once one links and the other
    finds it linked. Audited as the student."""
    if owner.external_subject not in (None, subject):
        raise Conflict(
            "An account with this email exists already, linked to another identity.",
            code="email_taken",
        )
    if owner.external_subject is None and not email_verified(claims):
        raise Conflict(
            "An account with this email exists already; it is linked only when the identity "
            "provider says the email is verified (email_verified), and this token does not.",
            code="email_taken",
        )
    if owner.external_subject is None:
        try:
            with session.begin_nested():
                linked = cast(
                    CursorResult[Any],
                    session.execute(
                        update(Student)
                        .where(Student.id == owner.id, Student.external_subject.is_(None))
                        .values(external_subject=subject)
                        .execution_options(synchronize_session=False)
                    ),
                ).rowcount
            TenantCache.mark_changed(session)
        except IntegrityError:
            linked = 0  # the subject was given to a new student meanwhile
        if linked == 1:
            audit.record(
                session,
                tenant.id,
                "student",
                owner.id,
                "identity_linked",
                {"external_subject": None},
                {"external_subject": subject, "sign_in_method": sign_in_method(claims)},
                actor=f"student:{owner.id}",
            )
        session.refresh(owner)
    if owner.external_subject != subject:
        existing = session.scalar(select(Student).where(Student.external_subject == subject))
        if existing is not None:
            return existing
        raise Conflict(
            "An account with this email exists already, linked to another identity.",
            code="email_taken",
        )
    return owner


class _GuardedJWKClient(jwt.PyJWKClient):
    """PyJWT's JWKS client (caching, key selection) fetching under Tuition's outbound policy:
    checked public address, no redirects, no proxies, at most 1 MB."""

    def fetch_data(self) -> Any:
        try:
            jwk_set = outbound.fetch_json(self.uri, timeout=self.timeout)
        except outbound.FetchFailed as exc:
            raise jwt.PyJWKClientConnectionError(f"The JWKS could not be fetched: {exc}") from exc
        if not isinstance(jwk_set, dict):
            raise jwt.PyJWKClientError("The JWKS endpoint did not answer a JSON object.")
        if self.jwk_set_cache is not None:
            self.jwk_set_cache.put(jwk_set)
        # Starts PyJWT's refetch cooldown for unknown key ids (PyJWT >= 2.10).
        self._last_successful_fetch = time.monotonic()
        return jwk_set


def _jwks_client(tuition: Tuition, url: str) -> jwt.PyJWKClient:
    clients: dict[str, jwt.PyJWKClient] = tuition.cache.setdefault("jwks_clients", {})
    if url not in clients:
        # Only the JWK set is cached, for ``jwks_cache_seconds``: PyJWT's per-kid key cache
        # never expires, so a key the identity provider withdrew would stay trusted.
        clients[url] = _GuardedJWKClient(
            url, cache_keys=False, lifespan=tuition.settings.jwks_cache_seconds, timeout=5
        )
    return clients[url]
