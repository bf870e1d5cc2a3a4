"""Migrations take an empty database to head on both backends, matching the models."""

from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from tuition import migrate
from tuition.db import Base, make_engine
from tuition.testing.databases import postgres_admin_url


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/empty.db"
        return
    admin = create_engine(postgres_admin_url(), isolation_level="AUTOCOMMIT")
    name = f"tuition_mig_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(postgres_admin_url()).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_empty_to_head_matches_models_and_back(empty_url):
    engine = make_engine(empty_url, poolclass=NullPool)
    try:
        migrate.upgrade(engine)
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
            assert diff == []
            tables = set(inspect(conn).get_table_names())
        assert {"tenants", "courses", "students", "enrollments", "jobs"} <= tables
        migrate.upgrade(engine)  # idempotent
        migrate.downgrade(engine, "base")
        with engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()


def test_cli_db_upgrade(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from tuition.cli import main

    url = f"sqlite:///{tmp_path}/cli.db"
    monkeypatch.setenv("TUITION_DATABASE_URL", url)
    result = CliRunner().invoke(main, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    engine = make_engine(url)
    with engine.connect() as conn:
        assert "enrollments" in inspect(conn).get_table_names()
    engine.dispose()
