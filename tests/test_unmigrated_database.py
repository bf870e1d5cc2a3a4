"""The CLI on a database that is not migrated says "run `tuition db upgrade`" in one line
and exits 2, instead of a traceback (or a worker that waits for jobs it cannot run)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import make_url

from tuition import migrate
from tuition.cli import main
from tuition.db import make_engine
from tuition.models import Tenant
from tuition.testing.databases import backends, postgres_admin_url

DEMO = Path(__file__).resolve().parents[1] / "tenants"

COMMANDS = [
    ["tenants", "sync", str(DEMO)],
    ["jobs", "sweep"],
    ["jobs", "flush"],
    ["payments", "reconcile"],
    ["db", "grant", "somebody"],
    ["worker", "--burst"],
    ["run", "--port", "1"],
    ["cohorts", "sweep"],  # a plugin's command: its database error is recognised
]


@pytest.fixture(params=backends())
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no tables at all: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/empty.db"
        return
    admin = create_engine(postgres_admin_url(), isolation_level="AUTOCOMMIT")
    name = f"tuition_empty_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield (
            make_url(postgres_admin_url()).set(database=name).render_as_string(hide_password=False)
        )
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _invoke(url: str, args: list[str], monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TUITION_DATABASE_URL", url)
    monkeypatch.setenv("TUITION_REDIS_URL", "redis://127.0.0.1:6379/15")  # for `worker`
    return CliRunner().invoke(main, args)


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a[:2]) for a in COMMANDS])
def test_commands_ask_for_db_upgrade_on_an_empty_database(empty_db_url, args, monkeypatch):
    result = _invoke(empty_db_url, args, monkeypatch)
    assert result.exit_code == 2, result.output
    shown = make_url(empty_db_url).render_as_string(hide_password=True)
    assert result.stderr == (
        f"tuition: the database {shown} has no Tuition tables yet: run `tuition db upgrade`\n"
    )
    engine = make_engine(empty_db_url)
    try:
        assert inspect(engine).get_table_names() == []  # nothing was half-created
    finally:
        engine.dispose()


def test_a_database_behind_this_version_is_refused_until_upgraded(empty_db_url, monkeypatch):
    engine = make_engine(empty_db_url)
    migrate.upgrade(engine, "0005_job_request_id", plugin_dirs=[])  # core, not at its head
    engine.dispose()
    behind = _invoke(
        empty_db_url, ["tenants", "sync", str(DEMO / "single-course.toml")], monkeypatch
    )
    assert behind.exit_code == 2
    (line,) = behind.stderr.splitlines()
    assert "is behind this version of Tuition and its plugins" in line
    assert line.endswith("run `tuition db upgrade`")

    assert _invoke(empty_db_url, ["db", "upgrade"], monkeypatch).exit_code == 0
    synced = _invoke(
        empty_db_url, ["tenants", "sync", str(DEMO / "single-course.toml")], monkeypatch
    )
    assert synced.exit_code == 0, synced.output
    engine = make_engine(empty_db_url)
    try:
        with engine.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(Tenant)) == 1
    finally:
        engine.dispose()


def test_an_unreachable_database_is_one_line(monkeypatch):
    result = _invoke(
        "postgresql+psycopg://nobody:secret@127.0.0.1:1/none", ["jobs", "sweep"], monkeypatch
    )
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(
        "tuition: cannot reach the database postgresql+psycopg://nobody:***@127.0.0.1:1/none: "
    )
    assert "secret" not in result.output
