"""Database plumbing: declarative base, engine factory and tenant-scoped sessions."""

from __future__ import annotations

import select
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import CursorResult, Engine, Executable, create_engine, event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker, with_loader_criteria

from tuition import rls
from tuition.plugin_api.tables import (
    NAMING_CONVENTION,
    Base,
    JSONType,
    TenantScoped,
    UTCDateTime,
    new_id,
    rowcount,
    utcnow,
)

__all__ = [
    "NAMING_CONVENTION",
    "Base",
    "JSONType",
    "TenantScoped",
    "UTCDateTime",
    "across_tenants",
    "execute_core",
    "make_engine",
    "make_sessionmaker",
    "new_id",
    "rowcount",
    "tenant_session",
    "utcnow",
]


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create the engine for ``url`` with settings fit for concurrent web traffic."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            if ":memory:" not in url:
                cur.execute("PRAGMA journal_mode=WAL")
            cur.close()

        return engine
    # No pre-ping round trip per checkout: a connection the server closed is found without
    # one (below), and connections are renewed every half hour anyway.
    kwargs.setdefault("pool_recycle", 1800)
    if "poolclass" not in kwargs:
        kwargs.setdefault("pool_size", 10)
        kwargs.setdefault("max_overflow", 20)
    engine = create_engine(url, **kwargs)
    event.listen(engine, "checkout", _refuse_closed_connection)
    return engine


def _refuse_closed_connection(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
    """Hand out no pooled connection the server has closed (a restart, an idle timeout,
    ``pg_terminate_backend``): an idle connection has nothing to read unless the server
    said goodbye, which one ``select()`` with no timeout sees without a round trip. The
    pool then opens a new connection in its place."""
    if dbapi_conn.closed or dbapi_conn.broken:
        raise DisconnectionError("the connection is closed")
    readable, _, _ = select.select([dbapi_conn.fileno()], [], [], 0)
    if readable:
        raise DisconnectionError("the server closed the connection")


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose ORM queries are filtered to ``session.info["tenant_id"]`` when set.

    On PostgreSQL each transaction also carries the tenant in ``app.tenant_id`` for the
    row-level security policies (:mod:`tuition.rls`): the session's tenant, else every
    tenant (``*``) unless ``session.info["all_tenants"]`` is False, then none.
    """
    factory = sessionmaker(engine, expire_on_commit=False)
    event.listen(factory, "do_orm_execute", _scope_to_tenant)
    if engine.dialect.name == "postgresql":
        event.listen(factory, "after_begin", _begin_with_tenant)
        event.listen(factory, "before_flush", _flush_with_tenant)
    return factory


def _rls_value(session: Session) -> str:
    tenant_id = session.info.get("tenant_id")
    if tenant_id:
        return str(tenant_id)
    return rls.ALL_TENANTS if session.info.get("all_tenants", True) else ""


def _begin_with_tenant(session: Session, transaction: Any, connection: Any) -> None:
    value = _rls_value(session)
    if getattr(transaction, "nested", False) and session.info.get("_rls_value") == value:
        return  # a savepoint keeps its transaction's setting
    rls.set_tenant(connection, value)
    session.info["_rls_value"] = value


def _sync_tenant(session: Session) -> None:
    """Follow a change of the session's tenant inside an open transaction."""
    if session.in_transaction() and session.info.get("_rls_value") != _rls_value(session):
        connection = session.connection()  # may begin the transaction: after_begin sets it
        if session.info.get("_rls_value") != _rls_value(session):
            _begin_with_tenant(session, None, connection)


def _flush_with_tenant(session: Session, _context: Any, _instances: Any) -> None:
    _sync_tenant(session)


@contextmanager
def across_tenants(session: Session) -> Iterator[Session]:
    """Let ``session`` look across tenants for a moment (finding the tenant of a key)."""
    before = session.info.get("all_tenants")
    session.info["all_tenants"] = True
    try:
        yield session
    finally:
        session.info["all_tenants"] = before


def execute_core(session: Session, statement: Executable) -> CursorResult[*tuple[Any, ...]]:
    """Run a Core ``statement`` (built on tables, not entities) in ``session``'s
    transaction without the ORM's execution layer: for hot reads that need rows, not
    objects. The ORM's tenant criteria do not apply, so ``statement`` must filter by tenant
    itself; row-level security (PostgreSQL) does apply."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        _sync_tenant(session)
    return session.connection().execute(statement)


def _scope_to_tenant(state: ORMExecuteState) -> None:
    if state.session.bind is not None and state.session.bind.dialect.name == "postgresql":
        _sync_tenant(state.session)
    tenant_id = state.session.info.get("tenant_id")
    if tenant_id is None or state.is_column_load or state.is_relationship_load:
        return
    if state.is_select or state.is_update or state.is_delete:
        state.statement = state.statement.options(
            with_loader_criteria(
                TenantScoped,
                lambda cls: cls.tenant_id == tenant_id,
                include_aliases=True,
            )
        )


def tenant_session(factory: sessionmaker[Session], tenant_id: str | None) -> Session:
    """Open a session that only reads and changes rows of ``tenant_id``."""
    session = factory()
    session.info["tenant_id"] = tenant_id
    return session
