"""The audit log: who changed what, from what to what, written in the change's transaction.

The actor comes from the session (``session.info["actor"]``): the API sets it from the
caller (``admin``, ``student:<id>``, ``operator``, ``provider:<name>``), jobs set
``job:<name>``, commands ``cli``; anything else is ``system``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from tuition.db import append, new_id, utcnow
from tuition.models import AuditEntry

ACTOR_KEY = "actor"


def set_actor(session: Session, actor: str) -> None:
    """Name who acts through ``session`` from now on (kept across commits)."""
    session.info[ACTOR_KEY] = actor[:100]


def actor_of(session: Session) -> str:
    return str(session.info.get(ACTOR_KEY) or "system")


def record(
    session: Session,
    tenant_id: str,
    object_type: str,
    object_id: str,
    action: str,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    *,
    actor: str | None = None,
    at: datetime | None = None,
) -> None:
    """Add an audit entry to the session's transaction (never a secret in before/after)."""
    append(
        session,
        AuditEntry,
        id=new_id("aud"),
        tenant_id=tenant_id,
        at=at or utcnow(),
        actor=(actor or actor_of(session))[:100],
        object_type=object_type,
        object_id=object_id,
        action=action[:64],
        before=dict(before) if before is not None else None,
        after=dict(after) if after is not None else None,
    )


def query(
    *,
    object_type: str | None = None,
    object_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    actor: str | None = None,
) -> Select[Any]:
    stmt = select(AuditEntry)
    if object_type:
        stmt = stmt.where(AuditEntry.object_type == object_type)
    if object_id:
        stmt = stmt.where(AuditEntry.object_id == object_id)
    if actor:
        stmt = stmt.where(AuditEntry.actor == actor)
    if since:
        stmt = stmt.where(AuditEntry.at >= since)
    if until:
        stmt = stmt.where(AuditEntry.at < until)
    return stmt
