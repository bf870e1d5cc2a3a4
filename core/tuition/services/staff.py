"""Staff accounts: people who run a tenant through the admin API, each with a role.

An owner invites by email (the event ``staff.invitation_requested`` carries the member's id
only; the mail plugin mints the link's token when it sends, as for students' links, so no
usable token is written to the jobs table or a log). The invitee accepts with a password
(argon2, like students') or with a verified token of the tenant's identity provider, whose
subject (``sub``) then names the member: their later tokens of the provider sign them in
(:func:`sign_in_with_identity`) and act as them on the admin API. Sign-in gives an opaque
staff token (``st_…``), stored as its SHA-256 only, one revocable :class:`StaffSession` per
sign-in. An optional TOTP second factor (RFC 6238, SHA-1, 6 digits, 30 s) is required at
password sign-in once confirmed; each code works once.
Everything a member changes is audited with ``staff:<id>`` as the actor.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
import time
from collections.abc import Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tuition.db import utcnow
from tuition.models import StaffMember, StaffSession, Tenant
from tuition.plugin_api import (
    STAFF_ROLES,
    Conflict,
    NotFound,
    StaffRole,
    TuitionError,
    Unauthorized,
)
from tuition.services import audit, auth, events, link_tokens

if TYPE_CHECKING:
    from tuition.runtime import Tuition

TOKEN_PREFIX = "st_"
INVITATION_REQUESTED = "staff.invitation_requested"
TOTP_STEP, TOTP_DIGITS = 30, 6
#: How stale a session's ``last_used_at`` may get before a request writes it again.
LAST_USED_EVERY = timedelta(minutes=1)


class InvalidTotp(TuitionError):
    status, code, title = 422, "invalid_totp", "Invalid code"


class InvalidPassword(TuitionError):
    status, code, title = 422, "invalid_password", "Wrong password"


def actor(member: StaffMember) -> str:
    """The audit actor of ``member``."""
    return f"staff:{member.id}"


def allows(role: str, required: str) -> bool:
    """Whether ``role`` may do what needs ``required`` (roles are ordered, least first)."""
    order: tuple[str, ...] = STAFF_ROLES
    return order.index(role) >= order.index(required)


#: The claim of an identity provider's token that lists the user's groups, unless the
#: tenant's ``identity_provider.groups_claim`` names another (Amazon Cognito's).
GROUPS_CLAIM = "cognito:groups"


def role_from_claims(idp: Mapping[str, Any], claims: Mapping[str, Any]) -> StaffRole | None:
    """The staff role a verified token of the tenant's identity provider ``idp`` grants:
    the most privileged role its groups (``groups_claim``, a list, or one name as a
    string) map to in ``staff_groups``; None when none does. Read from each token, so a
    group the provider removed counts from the user's next token on."""
    mapping = idp.get("staff_groups") or {}
    groups = claims.get(str(idp.get("groups_claim") or GROUPS_CLAIM))
    if isinstance(groups, str):
        groups = [groups]
    if not isinstance(groups, list) or not mapping:
        return None
    roles = [mapping[group] for group in groups if isinstance(group, str) and group in mapping]
    if not roles:
        return None
    best: StaffRole = max(roles, key=STAFF_ROLES.index)
    return best


def identity_actor(claims: Mapping[str, Any]) -> str:
    """The audit actor of a person acting with their identity provider's token: ``idp:``
    and the token's subject (its ``sub``, stable at the provider)."""
    return f"idp:{claims['sub']}"


def describe(member: StaffMember) -> dict[str, Any]:
    """What the audit log keeps of a member: never a secret."""
    return {"email": member.email, "role": member.role, "name": member.name}


def _fernet(tuition: Tuition) -> Fernet:
    """The key that seals TOTP secrets at rest, derived from the application's secret key
    (as idempotency answers are sealed): a copy of the database alone yields no codes."""
    digest = hashlib.sha256(b"tuition staff totp\x00" + tuition.secret_key.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# -- members -------------------------------------------------------------------------


def get(session: Session, staff_id: str) -> StaffMember:
    found = session.get(StaffMember, staff_id)
    if found is None:
        raise NotFound(f"No staff member {staff_id!r}.")
    return found


def list_members() -> Any:
    return select(StaffMember)


def invite(
    tuition: Tuition,
    session: Session,
    tenant: Tenant,
    *,
    email: str,
    role: str,
    name: str | None = None,
    mail: bool = True,
) -> StaffMember:
    """Invite ``email`` as ``role``; 409 ``staff_exists`` when the tenant has them. With
    ``mail`` the invitation is mailed (``staff.invitation_requested``)."""
    email = auth.normalise_email(email)
    if session.scalar(select(StaffMember.id).where(StaffMember.email == email)):
        raise Conflict(f"{email} is on the staff already.", code="staff_exists")
    member = StaffMember(
        tenant_id=tenant.id, email=email, role=role, name=name, invited_by=audit.actor_of(session)
    )
    session.add(member)
    session.flush()
    audit.record(session, tenant.id, "staff", member.id, "invited", None, describe(member))
    if mail:
        events.emit(
            tuition, session, tenant, INVITATION_REQUESTED, {"staff_id": member.id, "role": role}
        )
    return member


def resend_invitation(
    tuition: Tuition, session: Session, tenant: Tenant, staff_id: str
) -> StaffMember:
    """Mail member ``staff_id``'s invitation again (``staff.invitation_requested``, a new
    one-time link); 409 ``invitation_accepted`` once they accepted it."""
    member = get(session, staff_id)
    if member.accepted_at is not None:
        raise Conflict(f"{member.email} accepted the invitation.", code="invitation_accepted")
    audit.record(session, tenant.id, "staff", member.id, "invitation_resent", None, None)
    events.emit(
        tuition,
        session,
        tenant,
        INVITATION_REQUESTED,
        {"staff_id": member.id, "role": member.role},
    )
    return member


def _owners(session: Session) -> int:
    return session.scalar(select(func.count()).where(StaffMember.role == "owner")) or 0


def change_role(session: Session, tenant: Tenant, staff_id: str, role: str) -> StaffMember:
    """Give member ``staff_id`` ``role``; the last owner stays one (409 ``last_owner``)."""
    member = get(session, staff_id)
    if member.role == role:
        return member
    if member.role == "owner" and _owners(session) <= 1:
        raise Conflict("The site's last owner stays an owner.", code="last_owner")
    before = describe(member)
    member.role = role
    audit.record(session, tenant.id, "staff", member.id, "role_changed", before, describe(member))
    session.flush()
    return member


def remove(session: Session, tenant: Tenant, staff_id: str) -> None:
    """Remove member ``staff_id`` and end their sessions; never the last owner."""
    member = get(session, staff_id)
    if member.role == "owner" and _owners(session) <= 1:
        raise Conflict("The site's last owner cannot be removed.", code="last_owner")
    audit.record(session, tenant.id, "staff", member.id, "removed", describe(member), None)
    session.execute(delete(StaffSession).where(StaffSession.staff_id == member.id))
    session.delete(member)
    session.flush()


# -- invitations -----------------------------------------------------------------------


INVITATION_PURPOSE = "staff_invitation"


def _fingerprint(member: StaffMember) -> str:
    return link_tokens.fingerprint(member.id, member.email, member.password_hash or "")


def invitation_token(tuition: Tuition, member: StaffMember) -> str | None:
    """A one-time token accepting ``member``'s invitation (not stored anywhere); None once
    it was accepted."""
    if member.accepted_at is not None:
        return None
    return link_tokens.mint(
        tuition,
        audience=link_tokens.audience(member.tenant_id, INVITATION_PURPOSE),
        subject=member.id,
        ttl_seconds=tuition.settings.staff_invitation_ttl_seconds,
        fingerprint=_fingerprint(member),
        extra={"tid": member.tenant_id},
    )


class InvitationExpired(TuitionError):
    status, code, title = 410, "invitation_expired", "Invitation expired"


class IdentityTaken(TuitionError):
    status, code, title = 409, "identity_taken", "Identity in use"


def _pending_invitation(
    tuition: Tuition, session: Session, tenant: Tenant, token: str
) -> StaffMember:
    """The member whose pending invitation ``token`` is, at ``tenant``. 409
    ``invitation_accepted`` once it was accepted, 410 ``invitation_expired`` after its
    lifetime, 401 ``invalid_invitation`` for anything else (not ours, another site's, a
    withdrawn invitation). Only a token this server signed is told apart, so the codes say
    nothing to someone guessing."""

    def load(staff_id: str) -> StaffMember | None:
        found = session.get(StaffMember, staff_id)
        pending = found is not None and found.tenant_id == tenant.id and found.accepted_at is None
        return found if pending else None

    audience = link_tokens.audience(tenant.id, INVITATION_PURPOSE)
    member = link_tokens.redeem(
        tuition, token, audience=audience, load=load, fingerprint=_fingerprint
    )
    if member is not None:
        return member
    claims = link_tokens.claims_ignoring_expiry(tuition, token, audience=audience)
    found = session.get(StaffMember, str(claims["sub"])) if claims else None
    if claims is not None and found is not None and found.tenant_id == tenant.id:
        if found.accepted_at is not None:
            raise Conflict(f"{found.email} accepted the invitation.", code="invitation_accepted")
        if claims["exp"] <= time.time():
            raise InvitationExpired(
                "The invitation expired; ask the site's owner to send it again."
            )
    raise Unauthorized("The invitation is invalid or was withdrawn.", code="invalid_invitation")


def _accepted(
    session: Session,
    tenant: Tenant,
    member: StaffMember,
    name: str | None,
    **recorded: str,
) -> None:
    member.accepted_at = utcnow()
    if name:
        member.name = name
    audit.record(
        session,
        tenant.id,
        "staff",
        member.id,
        "accepted",
        None,
        {**describe(member), **recorded},
        actor=actor(member),
    )
    session.flush()


def accept(
    tuition: Tuition,
    session: Session,
    tenant: Tenant,
    token: str,
    *,
    password: str,
    name: str | None = None,
) -> StaffMember:
    """Accept the invitation of ``token`` at ``tenant`` with a password; it works once."""
    member = _pending_invitation(tuition, session, tenant, token)
    set_password(tuition, member, password)
    _accepted(session, tenant, member, name)
    return member


def accept_with_identity(
    tuition: Tuition,
    session: Session,
    tenant: Tenant,
    token: str,
    *,
    identity_token: str,
    name: str | None = None,
) -> StaffMember:
    """Accept the invitation of ``token`` at ``tenant`` with ``identity_token``, a token of
    the tenant's identity provider (verified as a student's: issuer, JWKS, audience or
    client): the member is bound to its ``sub`` and has no password. 401 ``invalid_token``
    for a token the site does not trust (another site's provider, another audience, expired,
    or no provider at all); 409 ``identity_taken`` when another member has that identity.
    The audit entry names the person (``staff:<id>``) and the subject."""
    member = _pending_invitation(tuition, session, tenant, token)
    claims = auth.identity_provider_claims(tuition, tenant, identity_token)
    subject = str(claims["sub"])
    taken = session.scalar(select(StaffMember.id).where(StaffMember.external_subject == subject))
    if taken is not None:
        raise IdentityTaken(
            "Another member of this site's staff signs in with this identity.",
        )
    member.external_subject = subject
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:  # the same identity accepted another invitation meanwhile
        raise IdentityTaken(
            "Another member of this site's staff signs in with this identity."
        ) from None
    _accepted(session, tenant, member, name or _claimed_name(claims), external_subject=subject)
    return member


def _claimed_name(claims: Mapping[str, Any]) -> str | None:
    name = claims.get("name")
    return name.strip()[:200] or None if isinstance(name, str) else None


def has_identity_members(session: Session) -> bool:
    """Whether a member (at the session's tenant) accepted with an identity provider."""
    found = session.scalar(
        select(StaffMember.id).where(StaffMember.external_subject.is_not(None)).limit(1)
    )
    return found is not None


def member_of_identity(session: Session, claims: Mapping[str, Any]) -> StaffMember | None:
    """The accepted member bound to the subject of verified identity-provider ``claims``
    (at the session's tenant), or None."""
    member = session.scalar(
        select(StaffMember).where(StaffMember.external_subject == str(claims["sub"]))
    )
    return member if member is not None and member.accepted_at is not None else None


def set_password(tuition: Tuition, member: StaffMember, password: str) -> None:
    member.password_hash = auth.hasher(tuition).hash(password)


def change_password(
    tuition: Tuition,
    session: Session,
    member: StaffMember,
    current_session_id: str,
    *,
    current: str,
    new: str,
) -> None:
    """Change the member's own password after checking ``current`` (422
    ``invalid_password``); every other session of theirs ends (this one stays)."""
    try:
        auth.hasher(tuition).verify(member.password_hash or auth._dummy_hash(tuition), current)
    except (VerificationError, InvalidHashError):
        raise InvalidPassword(
            "That is not your current password.",
            errors={"current_password": ["Not your current password."]},
        ) from None
    if not member.password_hash:
        raise InvalidPassword("You sign in through the identity provider.")
    set_password(tuition, member, new)
    session.execute(
        delete(StaffSession).where(
            StaffSession.staff_id == member.id, StaffSession.id != current_session_id
        )
    )
    audit.record(
        session, member.tenant_id, "staff", member.id, "password_changed", actor=actor(member)
    )
    session.flush()


# -- sign-in and sessions ------------------------------------------------------------------


def sign_in(
    tuition: Tuition,
    session: Session,
    tenant: Tenant,
    *,
    email: str,
    password: str,
    totp_code: str | None = None,
    user_agent: str | None = None,
) -> tuple[StaffMember, StaffSession, str]:
    """Check the member's password (and TOTP code once enabled); a new session and its
    token (shown once). 401 ``invalid_credentials``, ``totp_required``, ``invalid_totp``."""
    member = session.scalar(
        select(StaffMember).where(StaffMember.email == auth.normalise_email(email))
    )
    stored = member.password_hash if member is not None else None
    try:
        auth.hasher(tuition).verify(stored or auth._dummy_hash(tuition), password)
    except (VerificationError, InvalidHashError):
        stored = None
    if member is None or not stored or member.accepted_at is None:
        raise Unauthorized("Email or password is wrong.", code="invalid_credentials")
    if member.totp_enabled:
        if not totp_code:
            raise Unauthorized(
                "Send the code of your authenticator app as totp_code.", code="totp_required"
            )
        if not _accept_code(tuition, member, totp_code):
            raise Unauthorized("The authenticator code is wrong or used.", code="invalid_totp")
    return (member, *_open_session(tuition, session, tenant, member, user_agent, "password"))


def sign_in_with_identity(
    tuition: Tuition,
    session: Session,
    tenant: Tenant,
    *,
    identity_token: str,
    user_agent: str | None = None,
) -> tuple[StaffMember, StaffSession, str]:
    """Sign in the member bound to the subject of ``identity_token`` (a token of the
    tenant's identity provider; they accepted their invitation with one): a new session and
    its token. The provider did the authentication (its own second factor included), so no
    TOTP code is asked. 401 ``invalid_token`` for a token the site does not trust,
    ``unknown_identity`` when no member of the site accepted with this identity."""
    claims = auth.identity_provider_claims(tuition, tenant, identity_token)
    member = member_of_identity(session, claims)
    if member is None:
        raise Unauthorized(
            "Nobody on this site's staff accepted an invitation with this identity.",
            code="unknown_identity",
        )
    return (member, *_open_session(tuition, session, tenant, member, user_agent, "identity"))


def _open_session(
    tuition: Tuition,
    session: Session,
    tenant: Tenant,
    member: StaffMember,
    user_agent: str | None,
    method: str,
) -> tuple[StaffSession, str]:
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    row = StaffSession(
        tenant_id=tenant.id,
        staff_id=member.id,
        token_hash=_digest(raw),
        user_agent=(user_agent or "")[:255] or None,
        created_at=now,
        last_used_at=now,
        expires_at=now + timedelta(seconds=tuition.settings.staff_session_ttl_seconds),
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        tenant.id,
        "staff",
        member.id,
        "signed_in",
        None,
        {"session": row.id, "method": method},
        actor=actor(member),
    )
    return row, raw


def authenticate(session: Session, raw: str) -> tuple[StaffSession, StaffMember, Tenant] | None:
    """The live session, member and tenant of staff token ``raw``, or None. Call with the
    session looking across tenants."""
    found = session.scalar(select(StaffSession).where(StaffSession.token_hash == _digest(raw)))
    now = utcnow()
    if found is None or found.revoked_at is not None or found.expires_at <= now:
        return None
    member = session.get(StaffMember, found.staff_id)
    tenant = session.get(Tenant, found.tenant_id)
    if member is None or tenant is None or member.accepted_at is None:
        return None
    if found.last_used_at is None or now - found.last_used_at > LAST_USED_EVERY:
        found.last_used_at = now  # written with the request, at most once a minute
    return found, member, tenant


def sessions(session: Session, member: StaffMember) -> list[StaffSession]:
    """``member``'s live sessions, newest first."""
    return list(
        session.scalars(
            select(StaffSession)
            .where(
                StaffSession.staff_id == member.id,
                StaffSession.revoked_at.is_(None),
                StaffSession.expires_at > utcnow(),
            )
            .order_by(StaffSession.created_at.desc(), StaffSession.id)
        )
    )


def revoke_session(session: Session, member: StaffMember, session_id: str) -> None:
    """End ``member``'s session ``session_id`` at once (idempotent); 404 for another's."""
    found = session.get(StaffSession, session_id)
    if found is None or found.staff_id != member.id:
        raise NotFound(f"No session {session_id!r}.")
    if found.revoked_at is None:
        found.revoked_at = utcnow()
        audit.record(
            session,
            member.tenant_id,
            "staff",
            member.id,
            "session_revoked",
            None,
            {"session": found.id},
        )
        session.flush()


# -- TOTP (RFC 6238) ----------------------------------------------------------------------------


def totp_code(secret: str, step: int) -> str:
    """The RFC 6238 code of base32 ``secret`` for time step ``step`` (HMAC-SHA1, 6 digits)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**TOTP_DIGITS).zfill(TOTP_DIGITS)


def _accept_code(
    tuition: Tuition, member: StaffMember, code: str, now: float | None = None
) -> bool:
    """Whether ``code`` is the member's code of now (±1 step) not used before; marks it used.
    A secret sealed with another secret key (the key was changed) accepts no code: an owner
    resets the member's second factor (``DELETE /v1/admin/staff/<id>/totp``)."""
    if not member.totp_secret:
        return False
    try:
        secret = _fernet(tuition).decrypt(member.totp_secret.encode()).decode()
    except InvalidToken:
        return False
    step = int((time.time() if now is None else now) // TOTP_STEP)
    for candidate in (step, step - 1, step + 1):
        if member.totp_last_step is not None and candidate <= member.totp_last_step:
            continue
        if hmac.compare_digest(totp_code(secret, candidate), code.strip()):
            member.totp_last_step = candidate
            return True
    return False


def enrol_totp(
    tuition: Tuition, session: Session, tenant: Tenant, member: StaffMember
) -> tuple[str, str]:
    """A new (pending) TOTP secret and its provisioning URI for an authenticator app;
    409 ``totp_enabled`` when a confirmed one exists (disable it first)."""
    if member.totp_enabled:
        raise Conflict("Two-factor sign-in is on already; disable it first.", code="totp_enabled")
    secret = base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")
    member.totp_secret = _fernet(tuition).encrypt(secret.encode()).decode()
    member.totp_last_step = None
    session.flush()
    label = quote(f"Tuition {tenant.slug}:{member.email}")
    query = urlencode({"secret": secret, "issuer": f"Tuition {tenant.slug}"}, quote_via=quote)
    return secret, f"otpauth://totp/{label}?{query}"


def confirm_totp(tuition: Tuition, session: Session, member: StaffMember, code: str) -> None:
    """Turn the enrolled secret on with a code of it; from now on sign-in asks for one."""
    if member.totp_enabled:
        raise Conflict("Two-factor sign-in is on already.", code="totp_enabled")
    if not member.totp_secret:
        raise Conflict("Enrol first (POST /v1/staff/me/totp).", code="totp_not_enrolled")
    if not _accept_code(tuition, member, code):
        raise InvalidTotp("The code is wrong or used; try the next one.")
    member.totp_enabled = True
    audit.record(session, member.tenant_id, "staff", member.id, "totp_enabled", None, None)
    session.flush()


def disable_totp(tuition: Tuition, session: Session, member: StaffMember, code: str) -> None:
    """Turn the second factor off, with a current code."""
    if not member.totp_enabled:
        raise Conflict("Two-factor sign-in is off.", code="totp_not_enrolled")
    if not _accept_code(tuition, member, code):
        raise InvalidTotp("The code is wrong or used; try the next one.")
    member.totp_enabled = False
    member.totp_secret = None
    audit.record(session, member.tenant_id, "staff", member.id, "totp_disabled", None, None)
    session.flush()


def reset_totp(session: Session, tenant: Tenant, staff_id: str) -> StaffMember:
    """Turn member ``staff_id``'s second factor off (a lost phone); an owner's decision."""
    member = get(session, staff_id)
    if member.totp_enabled or member.totp_secret:
        member.totp_enabled = False
        member.totp_secret = None
        member.totp_last_step = None
        audit.record(session, tenant.id, "staff", member.id, "totp_reset", None, None)
        session.flush()
    return member
