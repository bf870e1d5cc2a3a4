"""Built-in auth beyond the access token: refresh tokens (rotated, revocable), log out
everywhere, email verification and password reset by mail.

Refresh tokens are random and stored as their SHA-256 only. Verification and reset tokens are
never stored: they are signed with the server secret and bound to a fingerprint of the
student's state (email, verified flag, password hash, token version) that their use changes,
so each works once and only until it expires. Mails are sent by a plugin reacting to the
events ``student.email_verification_requested`` and ``student.password_reset_requested``,
which carry the student's id only; the plugin mints the link's token when it sends
(:meth:`tuition.plugin_api.CoreServices.student_link_token`), so no usable token is ever
written to the jobs table or a log.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Literal, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from tuition.db import new_id, utcnow
from tuition.models import RefreshToken, Student, Tenant
from tuition.plugin_api import Conflict, Unauthorized
from tuition.services import audit, auth, events, link_tokens

if TYPE_CHECKING:
    from tuition.runtime import Tuition

log = logging.getLogger(__name__)
LinkPurpose = Literal["verify_email", "reset_password", "set_password"]
#: ``set_password``: the invitation of a student the site owner enrolled (no password yet).
PURPOSES: tuple[LinkPurpose, ...] = ("verify_email", "reset_password", "set_password")
VERIFICATION_REQUESTED = "student.email_verification_requested"
RESET_REQUESTED = "student.password_reset_requested"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _refused() -> Unauthorized:
    return Unauthorized(
        "The refresh token is unknown, expired or revoked; sign in again.",
        code="invalid_refresh_token",
    )


def sign_in(
    tuition: Tuition, session: Session, tenant: Tenant, student: Student, family: str | None = None
) -> dict[str, Any]:
    """A new access token and a new refresh token (of ``family``, else of a new family) for
    ``student``: the token fields signup, login and refresh answer."""
    family = family or new_id("rfm")
    raw = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        RefreshToken(
            tenant_id=tenant.id,
            student_id=student.id,
            family=family,
            token_hash=_digest(raw),
            created_at=now,
            expires_at=now + timedelta(seconds=tuition.settings.refresh_token_ttl_seconds),
        )
    )
    session.flush()
    token, ttl = auth.issue_token(tuition, tenant, student, family=family)
    return {
        "token": token,
        "token_type": "Bearer",
        "expires_in": ttl,
        "refresh_token": raw,
        "refresh_expires_in": tuition.settings.refresh_token_ttl_seconds,
    }


def refresh(
    tuition: Tuition, session: Session, tenant: Tenant, raw: str
) -> tuple[Student, dict[str, Any]]:
    """Rotate refresh token ``raw``: the student and their new tokens. An unknown, expired or
    revoked token answers ``invalid_refresh_token``; one used already revokes its family (for
    good, in a transaction of its own) and is refused the same way."""
    found = session.scalar(select(RefreshToken).where(RefreshToken.token_hash == _digest(raw)))
    now = utcnow()
    if found is None or found.revoked_at is not None or found.expires_at <= now:
        raise _refused()
    # Conditional: of two uses at once, one rotates and the other is a reuse.
    used = cast(
        CursorResult[Any],
        session.execute(
            update(RefreshToken)
            .where(RefreshToken.id == found.id, RefreshToken.used_at.is_(None))
            .values(used_at=now)
            .execution_options(synchronize_session=False)
        ),
    ).rowcount
    if used != 1:
        _revoke_family_in_own_transaction(session, found.student_id, found.family)
        raise Unauthorized(
            "The refresh token was used already, so it may have been stolen: every token of "
            "this sign-in is revoked; sign in again.",
            code="invalid_refresh_token",
        )
    student = session.get(Student, found.student_id)
    if student is None:  # pragma: no cover - the cascade deletes the token with the student
        raise _refused()
    return student, sign_in(tuition, session, tenant, student, family=found.family)


def _revoke_family_in_own_transaction(session: Session, student_id: str, family: str) -> None:
    """Theft detection: revoke the family in a transaction of its own on ``session`` (which
    wrote nothing else: the refusal that follows rolls back nothing that matters), so the
    revocation stands although the request answers 401. A failed write is logged and the
    request still refused."""
    session.rollback()
    try:
        revoke(session, student_id, family=family)
        session.commit()
    except SQLAlchemyError:
        session.rollback()
        log.warning("refresh token family %s not revoked", family, exc_info=True)


def revoke(session: Session, student_id: str, *, family: str | None = None) -> None:
    """Revoke the student's live refresh tokens of ``family`` (all when None)."""
    query = update(RefreshToken).where(
        RefreshToken.student_id == student_id, RefreshToken.revoked_at.is_(None)
    )
    if family is not None:
        query = query.where(RefreshToken.family == family)
    session.execute(query.values(revoked_at=utcnow()).execution_options(synchronize_session=False))


def logout(session: Session, student: Student, *, family: str | None, everywhere: bool) -> None:
    """Revoke the refresh tokens of this sign-in (``family``), or with ``everywhere`` all of
    the student's and every access token issued so far (the token version moves on)."""
    if everywhere:
        revoke(session, student.id)
        student.token_version += 1
        session.flush()
    elif family is not None:
        revoke(session, student.id, family=family)


# -- one-time links: email verification and password reset ---------------------------


def _fingerprint(student: Student, purpose: LinkPurpose) -> str:
    return link_tokens.fingerprint(
        purpose,
        student.id,
        student.email or "",
        "1" if student.email_verified else "0",
        student.password_hash or "",
        str(student.token_version),
    )


def link_token(tuition: Tuition, student: Student, purpose: LinkPurpose) -> str:
    """A one-time token for ``student``'s verification or reset link (not stored anywhere)."""
    ttl = {
        "verify_email": tuition.settings.verify_token_ttl_seconds,
        "reset_password": tuition.settings.reset_token_ttl_seconds,
        "set_password": tuition.settings.invite_token_ttl_seconds,
    }[purpose]
    return link_tokens.mint(
        tuition,
        audience=link_tokens.audience(student.tenant_id, purpose),
        subject=student.id,
        ttl_seconds=ttl,
        fingerprint=_fingerprint(student, purpose),
    )


def _redeem(
    tuition: Tuition, session: Session, tenant: Tenant, token: str, purpose: LinkPurpose, code: str
) -> Student:
    def load(student_id: str) -> Student | None:
        found = session.get(Student, student_id)
        return found if found is not None and found.tenant_id == tenant.id else None

    student = link_tokens.redeem(
        tuition,
        token,
        audience=link_tokens.audience(tenant.id, purpose),
        load=load,
        fingerprint=lambda found: _fingerprint(found, purpose),
    )
    if student is None:
        raise Unauthorized("The link is invalid, used already or expired.", code=code)
    return student


def request_verification(
    tuition: Tuition, session: Session, tenant: Tenant, student: Student
) -> None:
    """Ask for a verification mail to ``student`` (after signup, or again)."""
    if student.email_verified:
        raise Conflict("The email is verified already.", code="email_already_verified")
    if not student.email:
        raise Conflict("The account has no email to verify.", code="no_email")
    events.emit(tuition, session, tenant, VERIFICATION_REQUESTED, {"student_id": student.id})


def verify_email(tuition: Tuition, session: Session, tenant: Tenant, token: str) -> Student:
    """Mark the email of the link's student verified; ``invalid_verification_token`` else."""
    student = _redeem(tuition, session, tenant, token, "verify_email", "invalid_verification_token")
    student.email_verified = True
    audit.record(
        session,
        tenant.id,
        "student",
        student.id,
        "email_verified",
        {"email_verified": False},
        {"email_verified": True},
        actor=f"student:{student.id}",
    )
    session.flush()
    return student


def request_password_reset(tuition: Tuition, session: Session, tenant: Tenant, email: str) -> None:
    """Ask for a reset mail when a student with a password has ``email``; nothing else (the
    caller answers the same either way, so accounts cannot be found out)."""
    student = session.scalar(select(Student).where(Student.email == auth.normalise_email(email)))
    if student is not None and student.password_hash:
        events.emit(tuition, session, tenant, RESET_REQUESTED, {"student_id": student.id})


def accept_invitation(
    tuition: Tuition, session: Session, tenant: Tenant, token: str, password: str
) -> Student:
    """The invited student (enrolled by the site owner, no password yet) chooses a password
    with the token of the invitation link, which is then spent; the link came by mail, so
    the email counts as verified. ``invalid_invitation_token`` otherwise."""
    student = _redeem(tuition, session, tenant, token, "set_password", "invalid_invitation_token")
    student.password_hash = auth.hasher(tuition).hash(password)
    student.email_verified = True
    student.sign_in_method = student.sign_in_method or "password"
    audit.record(
        session,
        tenant.id,
        "student",
        student.id,
        "invitation_accepted",
        None,
        {"email_verified": True},
        actor=f"student:{student.id}",
    )
    session.flush()
    return student


def reset_password(
    tuition: Tuition, session: Session, tenant: Tenant, token: str, password: str
) -> Student:
    """Set the link's student's new password: the link is spent, every refresh token revoked
    and every access token issued so far refused. ``invalid_reset_token`` otherwise."""
    student = _redeem(tuition, session, tenant, token, "reset_password", "invalid_reset_token")
    student.password_hash = auth.hasher(tuition).hash(password)
    student.token_version += 1
    revoke(session, student.id)
    audit.record(
        session,
        tenant.id,
        "student",
        student.id,
        "password_reset",
        None,
        None,
        actor=f"student:{student.id}",
    )
    session.flush()
    return student
