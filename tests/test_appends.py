"""Append-only rows (audit entries, funnel events, live events, order transitions) skip the
ORM's unit of work: written in one statement when the transaction commits, or earlier
when something could read them, and dropped with the transaction or savepoint they were
added in."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update

from tests.test_query_counts import counting
from tuition.db import utcnow
from tuition.models import AuditEntry, FunnelEvent
from tuition.services import audit, reports


def site(api: Any) -> tuple[Any, str]:
    tenant = api.create_tenant({"free_enrollment": {}})
    course = api.create_course(tenant, "intro")
    return tenant, course["id"]


def actions(runtime: Any, tenant: Any) -> list[str]:
    with runtime.transaction(tenant.id) as session:
        return list(
            session.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.object_type == "test")
                .order_by(AuditEntry.action)
            )
        )


def test_they_are_written_together_at_commit(api: Any, runtime: Any, backend: str) -> None:
    tenant, course_id = site(api)
    with counting(runtime) as statements, runtime.transaction(tenant.id) as session:
        audit.record(session, tenant.id, "test", "1", "a")
        audit.record(session, tenant.id, "test", "2", "b")
        reports.add(session, tenant.id, course_id, "view", None)
    inserts = [s for s in statements if "INSERT" in s]
    # PostgreSQL: one statement for both tables; SQLite: one per table.
    assert len(inserts) == (1 if backend == "postgresql" else 2)
    assert actions(runtime, tenant) == ["a", "b"]
    with runtime.transaction(tenant.id) as session:
        assert session.scalar(select(func.count()).select_from(FunnelEvent)) == 1


def test_a_query_in_the_transaction_sees_them(api: Any, runtime: Any) -> None:
    tenant, _ = site(api)
    with runtime.transaction(tenant.id) as session:
        audit.record(session, tenant.id, "test", "1", "a")
        found = session.scalars(select(AuditEntry).where(AuditEntry.object_type == "test"))
        assert [entry.action for entry in found] == ["a"]


def test_a_bulk_change_of_their_table_includes_them(api: Any, runtime: Any) -> None:
    """An erasure's bulk update of the audit log also covers the entries written with it."""
    tenant, _ = site(api)
    with runtime.transaction(tenant.id) as session, session.no_autoflush:
        audit.record(session, tenant.id, "test", "1", "a", actor="student:x")
        session.execute(
            update(AuditEntry)
            .where(AuditEntry.actor == "student:x")
            .values(actor="erased")
            .execution_options(synchronize_session=False)
        )
    with runtime.transaction(tenant.id) as session:
        assert session.scalars(
            select(AuditEntry.actor).where(AuditEntry.object_type == "test")
        ).all() == ["erased"]


def test_a_rollback_drops_them(api: Any, runtime: Any) -> None:
    tenant, _ = site(api)
    with runtime.session(tenant.id) as session:
        audit.record(session, tenant.id, "test", "1", "lost")
        session.rollback()
        audit.record(session, tenant.id, "test", "2", "kept")
        session.commit()
    assert actions(runtime, tenant) == ["kept"]


def test_a_savepoint_rollback_drops_only_its_own(api: Any, runtime: Any) -> None:
    tenant, _ = site(api)
    with runtime.transaction(tenant.id) as session:
        audit.record(session, tenant.id, "test", "1", "before")
        savepoint = session.begin_nested()
        audit.record(session, tenant.id, "test", "2", "inside")
        savepoint.rollback()
        savepoint = session.begin_nested()
        audit.record(session, tenant.id, "test", "3", "released")
        savepoint.commit()
        audit.record(session, tenant.id, "test", "4", "after", at=utcnow())
    assert actions(runtime, tenant) == ["after", "before", "released"]


def test_a_closed_session_forgets_them(api: Any, runtime: Any) -> None:
    """A session closed without a commit drops them: used again, it does not write them."""
    tenant, _ = site(api)
    session = runtime.session(tenant.id)
    audit.record(session, tenant.id, "test", "1", "lost")
    session.close()
    audit.record(session, tenant.id, "test", "2", "kept")
    session.commit()
    session.close()
    assert actions(runtime, tenant) == ["kept"]
