"""Database plumbing: declarative base, engine factory and tenant-scoped sessions."""

from __future__ import annotations

import functools
import select
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, cast

from sqlalchemy import (
    Connection,
    CursorResult,
    Engine,
    Executable,
    Insert,
    Table,
    bindparam,
    create_engine,
    event,
    insert,
    make_url,
)
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import (
    ORMExecuteState,
    Session,
    SessionTransaction,
    sessionmaker,
    with_loader_criteria,
)

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
    "TENANT_FILTERED",
    "Base",
    "JSONType",
    "TenantScoped",
    "TuitionSession",
    "UTCDateTime",
    "across_tenants",
    "append",
    "execute_core",
    "make_bookkeeping_engine",
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
    event.listen(engine, "commit", _tenant_setting_committed)
    event.listen(engine, "rollback", _tenant_setting_rolled_back)
    event.listen(engine, "rollback_savepoint", _tenant_setting_unknown)
    return engine


def make_bookkeeping_engine(url: str) -> Engine | None:
    """A small pool for the job outbox's bookkeeping on PostgreSQL (None elsewhere): every
    statement commits on its own (autocommit: no ``BEGIN``/``COMMIT`` round trips) and does
    not wait for the WAL flush (``synchronous_commit=off``, a startup parameter: no round
    trip either). For writes whose loss in a crash only makes a job run again, never for
    money or tenant data: the ``jobs`` table has no row-level security to set."""
    if url.startswith("sqlite"):
        return None
    parsed = make_url(url)
    given = parsed.query.get("options")
    given = " ".join(given) if isinstance(given, tuple) else given
    options = " ".join(filter(None, [given, "-c synchronous_commit=off"]))
    engine = create_engine(
        parsed.difference_update_query(["options"]),
        pool_size=2,
        max_overflow=10,
        pool_recycle=1800,
        isolation_level="AUTOCOMMIT",
        connect_args={"options": options},
    )
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


# -- append-only rows -------------------------------------------------------------------
#: ``session.info`` key: the append-only rows waiting for the next flush, by table.
_APPENDS = "tuition.appends"


class TuitionSession(Session):
    """A session that also writes append-only rows (:func:`append`) without the ORM's
    unit of work: all of them in one statement (PostgreSQL) when it commits, or earlier
    when something could read them (an ORM query, a bulk change of their table, a
    savepoint)."""

    def begin_nested(self) -> SessionTransaction:
        self.write_appends()  # the savepoint's rollback must not drop them
        return super().begin_nested()

    def write_appends(self) -> None:
        """Flush the ORM's changes, then write the pending append-only rows."""
        pending = self.info.get(_APPENDS)
        if not pending:
            return
        self.flush()  # first what they may refer to
        del self.info[_APPENDS]
        if self.get_bind().dialect.name != "postgresql":
            for table, rows in pending.items():
                execute_core(self, _insert_into(table), rows)
            return
        # PostgreSQL: every table's rows in one round trip, as data-modifying CTEs.
        shape = tuple((table, len(rows), tuple(rows[0])) for table, rows in pending.items())
        params = {
            f"a{t}_{r}_{column}": value
            for t, rows in enumerate(pending.values())
            for r, row in enumerate(rows)
            for column, value in row.items()
        }
        execute_core(self, _appends_statement(shape), params)


@functools.cache
def _insert_into(table: Table) -> Insert:
    return table.insert()


#: The statements of :meth:`TuitionSession.write_appends` by shape (tables, how many rows,
#: which columns), built once: a few shapes cover every transaction.
_APPENDS_STATEMENTS: dict[tuple[tuple[Table, int, tuple[str, ...]], ...], Insert] = {}


def _appends_statement(shape: tuple[tuple[Table, int, tuple[str, ...]], ...]) -> Insert:
    statement = _APPENDS_STATEMENTS.get(shape)
    if statement is None:
        # A row per statement: SQLAlchemy caches no multi-row VALUES.
        first, *rest = (
            insert(table).values(
                {c: bindparam(f"a{t}_{r}_{c}", type_=table.c[c].type) for c in columns}
            )
            for t, (table, count, columns) in enumerate(shape)
            for r in range(count)
        )
        statement = first.add_cte(*(part.cte(f"append_{n}") for n, part in enumerate(rest)))
        if len(_APPENDS_STATEMENTS) >= 256:
            _APPENDS_STATEMENTS.clear()
        _APPENDS_STATEMENTS[shape] = statement
    return statement


def append(session: Session, model: type[Any], **values: Any) -> None:
    """Add a row of ``model`` that nothing reads back as an object in this transaction
    (an audit entry, a funnel event, a live event, an order transition). It is written
    before the commit, and before anything could miss it: an ORM query (unless autoflush
    is off), an ORM update or delete of its table, a savepoint; rolled back with the
    transaction or savepoint it was added in. ``values`` name every column but an
    autoincrement key: no column default runs. A plain :class:`Session` adds the object
    instead."""
    if not isinstance(session, TuitionSession):
        session.add(model(**values))
        return
    pending = session.info.get(_APPENDS)
    if pending is None:
        if not session.in_transaction():
            session.begin()  # so that a rollback drops the row
        pending = session.info[_APPENDS] = {}
    table = model.__table__
    rows = pending.get(table)
    if rows is None:
        pending[table] = [values]
    else:
        rows.append(values)


def _write_appends_before_commit(session: Session) -> None:
    if session.info.get(_APPENDS):
        cast(TuitionSession, session).write_appends()


def _write_appends_before_reads(state: ORMExecuteState) -> None:
    """Before an ORM query (autoflush on) or an ORM update/delete of a table with pending
    rows, write them, as autoflush does for objects."""
    session = state.session
    pending = session.info.get(_APPENDS)
    if not pending:
        return
    if state.is_select:
        if not session.autoflush:
            return
    elif getattr(state.statement, "table", None) not in pending:
        return
    cast(TuitionSession, session).write_appends()


def _forget_appends(session: Session, transaction: SessionTransaction) -> None:
    """A transaction or savepoint that ends with rows still pending was rolled back or
    closed: they go with it (a commit wrote them; a savepoint writes those added before
    it). A flush's inner transaction is neither."""
    if transaction.nested or transaction.parent is None:
        session.info.pop(_APPENDS, None)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose ORM queries are filtered to ``session.info["tenant_id"]`` when set.

    On PostgreSQL each transaction also carries the tenant in ``app.tenant_id`` for the
    row-level security policies (:mod:`tuition.rls`): the session's tenant, else every
    tenant (``*``) unless ``session.info["all_tenants"]`` is False, then none.
    """
    factory: sessionmaker[Session] = sessionmaker(
        engine, class_=TuitionSession, expire_on_commit=False
    )
    event.listen(factory, "do_orm_execute", _scope_to_tenant)
    event.listen(factory, "do_orm_execute", _write_appends_before_reads)
    event.listen(factory, "before_commit", _write_appends_before_commit)
    event.listen(factory, "after_transaction_end", _forget_appends)
    if engine.dialect.name == "postgresql":
        event.listen(factory, "after_begin", _begin_with_tenant)
        event.listen(factory, "before_flush", _flush_with_tenant)
        event.listen(factory, "after_soft_rollback", _forget_tenant_setting)
    return factory


# The connection's ``app.tenant_id`` is a session-level setting, remembered in the pooled
# connection's ``info`` (which is emptied when the pool opens a new connection): a
# transaction whose tenant is the one its connection already holds sends no
# ``set_config``, so the common case (one tenant per process, or a pool that keeps serving
# the same tenants) costs no round trip. A setting made inside a transaction only counts
# once the transaction commits: PostgreSQL undoes it on rollback, so does the memo.
_SETTING_HELD = "tuition_rls_held"
_SETTING_IN_TRANSACTION = "tuition_rls_in_transaction"
_UNKNOWN = object()


def _hold_tenant_setting(connection: Connection, value: str) -> None:
    """Make ``app.tenant_id`` = ``value`` on ``connection`` unless it holds it already."""
    info = connection.info
    current = info.get(_SETTING_IN_TRANSACTION, info.get(_SETTING_HELD, _UNKNOWN))
    if current == value:
        return
    rls.set_session_tenant(connection, value)
    info[_SETTING_IN_TRANSACTION] = value


def _tenant_setting_committed(connection: Connection) -> None:
    info = connection.info
    if _SETTING_IN_TRANSACTION in info:
        info[_SETTING_HELD] = info.pop(_SETTING_IN_TRANSACTION)


def _tenant_setting_rolled_back(connection: Connection) -> None:
    connection.info.pop(_SETTING_IN_TRANSACTION, None)


def _tenant_setting_unknown(connection: Connection, *_args: Any) -> None:
    """After a savepoint's rollback the setting may be any the transaction had: set it
    again before the next query."""
    connection.info[_SETTING_IN_TRANSACTION] = _UNKNOWN


def _rls_value(session: Session) -> str:
    tenant_id = session.info.get("tenant_id")
    if tenant_id:
        return str(tenant_id)
    return rls.ALL_TENANTS if session.info.get("all_tenants", True) else ""


def _begin_with_tenant(session: Session, transaction: Any, connection: Any) -> None:
    value = _rls_value(session)
    if getattr(transaction, "nested", False) and session.info.get("_rls_value") == value:
        return  # a savepoint keeps its transaction's setting
    _hold_tenant_setting(connection, value)
    session.info["_rls_value"] = value


def _sync_tenant(session: Session) -> None:
    """Follow a change of the session's tenant inside an open transaction."""
    if session.in_transaction() and session.info.get("_rls_value") != _rls_value(session):
        connection = session.connection()  # may begin the transaction: after_begin sets it
        if session.info.get("_rls_value") != _rls_value(session):
            _begin_with_tenant(session, None, connection)


def _flush_with_tenant(session: Session, _context: Any, _instances: Any) -> None:
    _sync_tenant(session)


def _forget_tenant_setting(session: Session, _previous: Any) -> None:
    """A rolled-back savepoint may have undone a tenant change: check again on next use."""
    session.info.pop("_rls_value", None)


@contextmanager
def across_tenants(session: Session) -> Iterator[Session]:
    """Let ``session`` look across tenants for a moment (finding the tenant of a key)."""
    before = session.info.get("all_tenants")
    session.info["all_tenants"] = True
    try:
        yield session
    finally:
        session.info["all_tenants"] = before


def execute_core(
    session: Session, statement: Executable, params: Mapping[str, Any] | None = None
) -> CursorResult[*tuple[Any, ...]]:
    """Run a Core ``statement`` (built on tables, not entities) in ``session``'s
    transaction without the ORM's execution layer: for hot reads that need rows, not
    objects. The ORM's tenant criteria do not apply, so ``statement`` must filter by tenant
    itself; row-level security (PostgreSQL) does apply."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        _sync_tenant(session)
    return session.connection().execute(statement, params)


#: Execution option of an ORM statement that filters by the session's tenant itself (or
#: only touches rows by the id of a row the tenant's session loaded): the tenant criteria
#: are not added to it again, which saves building a new statement per execution.
TENANT_FILTERED = "tuition_tenant_filtered"


def _scope_to_tenant(state: ORMExecuteState) -> None:
    if state.session.bind is not None and state.session.bind.dialect.name == "postgresql":
        _sync_tenant(state.session)
    tenant_id = state.session.info.get("tenant_id")
    if (
        tenant_id is None
        or state.is_column_load
        or state.is_relationship_load
        or state.execution_options.get(TENANT_FILTERED)
    ):
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
