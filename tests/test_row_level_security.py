"""PostgreSQL row-level security: a second wall between tenants under the ORM's filter.

The app under test logs in as a role that is neither owner nor superuser (see
``tuition.testing.databases.APP_ROLE``), so every policy is in force for it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from tuition import rls
from tuition.testing.databases import APP_ROLE, PostgresFactory, app_url

pytestmark = pytest.mark.postgres


@pytest.fixture
def db_url(_postgres_factory: PostgresFactory, tmp_path: Path) -> Iterator[str]:
    """PostgreSQL only: row-level security is a PostgreSQL feature (SQLite has none)."""
    url = _postgres_factory.create(tmp_path)
    yield url
    _postgres_factory.drop(url)


def two_shops(api: Any) -> tuple[Any, Any]:
    """Two tenants with a course, a student, an enrollment and a pending order each."""
    shops = []
    for _ in range(2):
        tenant = api.create_tenant({"free_enrollment": {}, "dummy_provider": {}})
        api.create_course(tenant, "intro")
        api.create_course(
            tenant, "pro", pricing_model="one_time", price={"amount": 4900, "currency": "EUR"}
        )
        student = api.signup(tenant)
        api.enroll(tenant, student, "intro", expect=201)
        api.enroll(tenant, student, "pro", expect=202)
        shops.append(tenant)
    return shops[0], shops[1]


def counts(connection: Any, tables: list[str]) -> dict[str, int]:
    return {t: connection.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in tables}


def test_every_tenant_table_has_a_forced_policy(db_url):
    owner = create_engine(db_url)
    try:
        with owner.connect() as conn:
            tables = rls.tenant_tables(conn)
            flags = dict(
                conn.execute(
                    text(
                        "SELECT relname, relrowsecurity AND relforcerowsecurity FROM pg_class "
                        "WHERE relname = ANY(:t)"
                    ),
                    {"t": tables},
                ).all()
            )
            policies = set(
                conn.execute(
                    text("SELECT tablename FROM pg_policies WHERE policyname = :p"),
                    {"p": rls.POLICY},
                ).scalars()
            )
            role = conn.execute(
                text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = :r"),
                {"r": APP_ROLE},
            ).one()
    finally:
        owner.dispose()
    for expected in (
        "courses",
        "students",
        "enrollments",
        "orders",
        "api_keys",
        "payment_events",
        "audit_log",
        "cohorts",
        "cohort_seats",
    ):
        assert expected in tables
    assert all(flags[t] for t in tables) and policies == set(tables)
    assert "jobs" not in tables  # the outbox is infrastructure
    assert tuple(role) == (False, False)


def test_the_app_role_sees_one_tenant_at_a_time_and_nothing_without_one(api, db_url):
    first, second = two_shops(api)
    engine = create_engine(app_url(db_url))
    try:
        with engine.connect() as conn:
            tables = rls.tenant_tables(conn)
            conn.rollback()
            with conn.begin():
                assert set(counts(conn, tables).values()) == {0}  # no tenant: no rows
            with conn.begin():
                rls.set_tenant(conn, first.id)
                mine = counts(conn, tables)
                assert mine["enrollments"] == 2 and mine["orders"] == 1
                assert (
                    conn.execute(
                        text("SELECT count(*) FROM courses WHERE tenant_id = :t"), {"t": second.id}
                    ).scalar_one()
                    == 0
                )
            with conn.begin():
                rls.set_tenant(conn, rls.ALL_TENANTS)
                every = counts(conn, tables)
                assert every["enrollments"] == 4 and every["courses"] == 4
    finally:
        engine.dispose()


def test_a_row_for_another_tenant_cannot_be_written_or_moved(api, db_url):
    first, second = two_shops(api)
    engine = create_engine(app_url(db_url))
    try:
        with engine.connect() as conn, conn.begin():
            rls.set_tenant(conn, first.id)
            with pytest.raises(DBAPIError, match="row-level security"), conn.begin_nested():
                conn.execute(
                    text(
                        "INSERT INTO courses (id, tenant_id, slug, title, summary, status, "
                        "pricing_model, seats_taken, attributes, created_at, updated_at) "
                        "VALUES ('crs_x', :t, 'x', 'X', '', 'draft', 'free', 0, '{}', now(), "
                        "now())"
                    ),
                    {"t": second.id},
                )
            with pytest.raises(DBAPIError, match="row-level security"), conn.begin_nested():
                conn.execute(text("UPDATE courses SET tenant_id = :t"), {"t": second.id})
            moved = conn.execute(text("DELETE FROM courses WHERE tenant_id = :t"), {"t": second.id})
            assert moved.rowcount == 0
    finally:
        engine.dispose()


def test_raw_sql_through_the_app_stays_inside_the_tenant(api, runtime):
    """A query that forgot the tenant filter still sees one tenant's rows."""
    first, _second = two_shops(api)
    with runtime.session(first.id) as session:
        assert session.execute(text("SELECT count(*) FROM enrollments")).scalar_one() == 2
        assert (
            session.execute(text("SELECT count(DISTINCT tenant_id) FROM students")).scalar_one()
            == 1
        )
    with runtime.session() as session:  # jobs, sweeps, the operator: every tenant
        assert session.execute(text("SELECT count(*) FROM enrollments")).scalar_one() == 4
    with runtime.session() as session:
        session.info["all_tenants"] = False  # a request before its tenant is known
        assert session.execute(text("SELECT count(*) FROM enrollments")).scalar_one() == 0
        session.info["tenant_id"] = first.id  # the tenant is known: followed mid-transaction
        assert session.execute(text("SELECT count(*) FROM enrollments")).scalar_one() == 2


def _one_connection_sessions(db_url: str) -> tuple[Any, Any, list[str]]:
    """Sessions of the app role over a pool of ONE connection, and the SQL it sends."""
    from sqlalchemy import event
    from sqlalchemy.pool import QueuePool

    from tuition.db import make_engine, make_sessionmaker

    engine = make_engine(app_url(db_url), poolclass=QueuePool, pool_size=1, max_overflow=0)
    sent: list[str] = []
    event.listen(
        engine, "before_cursor_execute", lambda _c, _cur, sql, *_a: sent.append(sql), retval=False
    )
    return engine, make_sessionmaker(engine), sent


def _enrollments(session: Any) -> int:
    return int(session.execute(text("SELECT count(*) FROM enrollments")).scalar_one())


def test_a_connection_keeps_its_tenant_setting_until_another_tenant_needs_it(api, db_url):
    """The second transaction of the same tenant on the same connection sends no
    set_config; another tenant's transaction does, and sees only its own rows."""
    first, second = two_shops(api)
    engine, sessions, sent = _one_connection_sessions(db_url)
    try:
        settings_sent = []
        for tenant in (first, first, second, first):
            sent.clear()
            with sessions() as session, session.begin():
                session.info["tenant_id"] = tenant.id
                assert _enrollments(session) == 2
                students = session.execute(text("SELECT DISTINCT tenant_id FROM students"))
                assert students.scalars().all() == [tenant.id]
            settings_sent.append(sum("set_config" in sql for sql in sent))
        assert settings_sent == [1, 0, 1, 1]
        sent.clear()
        with sessions() as session, session.begin():
            assert _enrollments(session) == 4  # a session with no tenant: every tenant
        assert any("set_config" in sql for sql in sent)
    finally:
        engine.dispose()


def test_a_rolled_back_tenant_change_is_not_remembered(api, db_url):
    """PostgreSQL undoes a setting made in a transaction that rolls back (or in a
    savepoint that does): the next transaction must not trust it."""
    first, second = two_shops(api)
    engine, sessions, _sent = _one_connection_sessions(db_url)
    try:
        with sessions() as session, session.begin():
            session.info["tenant_id"] = first.id
            assert _enrollments(session) == 2
        with sessions() as session:
            session.info["tenant_id"] = second.id
            session.begin()
            assert _enrollments(session) == 2
            session.rollback()  # the connection holds ``first`` again
        with sessions() as session, session.begin():
            session.info["tenant_id"] = second.id
            tenants = session.execute(text("SELECT DISTINCT tenant_id FROM students"))
            assert tenants.scalars().all() == [second.id]
        with sessions() as session, session.begin():
            session.info["tenant_id"] = first.id
            assert _enrollments(session) == 2
            nested = session.begin_nested()
            session.info["tenant_id"] = second.id
            assert session.execute(
                text("SELECT DISTINCT tenant_id FROM students")
            ).scalars().all() == [second.id]
            nested.rollback()  # PostgreSQL is back on ``first``; the session still says second
            tenants = session.execute(text("SELECT DISTINCT tenant_id FROM students"))
            assert tenants.scalars().all() == [second.id]
        with sessions() as session, session.begin():
            session.info["tenant_id"] = second.id
            tenants = session.execute(text("SELECT DISTINCT tenant_id FROM students"))
            assert tenants.scalars().all() == [second.id]
    finally:
        engine.dispose()


def test_tuition_db_grant_lets_a_role_in(db_url, monkeypatch):
    from click.testing import CliRunner

    from tuition.cli import main

    owner = create_engine(db_url)
    try:
        with owner.begin() as conn:
            conn.execute(
                text(
                    "DO $$ BEGIN CREATE ROLE tuition_grant_test LOGIN; "
                    "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
                )
            )
            conn.execute(text("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM tuition_grant_test"))
        monkeypatch.setenv("TUITION_DATABASE_URL", db_url)
        result = CliRunner().invoke(main, ["db", "grant", "tuition_grant_test"])
        assert result.exit_code == 0, result.output
        with owner.connect() as conn:
            assert (
                conn.execute(
                    text(
                        "SELECT has_table_privilege('tuition_grant_test', 'enrollments', 'INSERT')"
                    )
                ).scalar_one()
                is True
            )
            assert (
                conn.execute(
                    text(
                        "SELECT has_table_privilege("
                        "'tuition_grant_test', 'enrollments', 'TRUNCATE')"
                    )
                ).scalar_one()
                is False
            )
    finally:
        owner.dispose()
