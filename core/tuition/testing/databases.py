"""Throw-away databases for tests: one per test, cloned from a migrated template."""

from __future__ import annotations

import os
import queue
import shutil
import sqlite3
import threading
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from tuition import migrate, rls
from tuition.db import make_engine

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
#: The role the app under test logs in as on PostgreSQL: neither owner nor superuser, so
#: row-level security applies to everything the tests do through the app.
APP_ROLE = os.environ.get("TUITION_TEST_POSTGRES_APP_ROLE", "tuition_app")


def backends() -> list[str]:
    """Backends to test on: ``TUITION_TEST_DATABASES`` (comma list), default both."""
    raw = os.environ.get("TUITION_TEST_DATABASES", "sqlite,postgresql")
    return [name.strip() for name in raw.split(",") if name.strip()]


def postgres_admin_url() -> str:
    return os.environ.get("TUITION_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


class SQLiteFactory:
    """Copies a migrated SQLite file per test."""

    def __init__(self, workdir: Path) -> None:
        self.template = workdir / "template.db"
        engine = make_engine(f"sqlite:///{self.template}")
        migrate.upgrade(engine)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()

    def create(self, directory: Path) -> str:
        target = directory / f"tuition-{uuid.uuid4().hex[:8]}.db"
        shutil.copyfile(self.template, target)
        return f"sqlite:///{target}"

    def drop(self, url: str) -> None:
        """Files live in the test's tmp_path; nothing to do."""


class PostgresFactory:
    """Creates a database per test from a migrated template database.

    A background thread keeps :attr:`SPARE` databases ready and drops used ones, so a test
    waits for neither ``CREATE DATABASE`` (a copy of the template, most of a second on a
    busy machine) nor ``DROP DATABASE``: PostgreSQL does that work while tests run."""

    #: Databases made ahead of the tests that will ask for them.
    SPARE = 2

    def __init__(self, worker: str) -> None:
        self.admin_url = make_url(postgres_admin_url())
        self.admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        self.template = f"tuition_tpl_{worker}_{uuid.uuid4().hex[:6]}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.template}"'))
            conn.execute(
                text(
                    "DO $$ BEGIN CREATE ROLE " + _quoted(APP_ROLE) + " LOGIN; "
                    "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
                )
            )
        engine = make_engine(self.url_for(self.template), poolclass=_null_pool())
        migrate.upgrade(engine)
        with engine.begin() as conn:
            rls.grant(conn, APP_ROLE)  # copied into every database made from the template
        engine.dispose()
        self._ready: queue.Queue[str] = queue.Queue()
        self._tasks: queue.Queue[tuple[str, str]] = queue.Queue()
        self._worker = threading.Thread(target=self._work, name="test-databases", daemon=True)
        self._worker.start()
        for _ in range(self.SPARE):
            self._tasks.put(("create", ""))

    def url_for(self, name: str) -> str:
        return self.admin_url.set(database=name).render_as_string(hide_password=False)

    def create(self, _directory: Path) -> str:
        self._tasks.put(("create", ""))  # the one taken now, made again meanwhile
        try:
            name = self._ready.get(timeout=60)
        except queue.Empty:  # the background thread is stuck: make one here
            name = self._create()
        return self.url_for(name)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        if name:
            self._tasks.put(("drop", name))

    def close(self) -> None:
        self._tasks.put(("stop", ""))
        self._worker.join(timeout=120)
        while not self._ready.empty():
            self._drop(self._ready.get_nowait())
        self._drop(self.template)
        self.admin.dispose()

    def _create(self) -> str:
        name = f"tuition_t_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"'))
        return name

    def _drop(self, name: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def _work(self) -> None:
        """Drops first (they free disk and connections), then creates; until ``stop``."""
        while True:
            kind, name = self._tasks.get()
            try:
                if kind == "stop":
                    while not self._tasks.empty():  # the drops still owed
                        left, left_name = self._tasks.get_nowait()
                        if left == "drop":
                            self._drop(left_name)
                    return
                if kind == "drop":
                    self._drop(name)
                else:
                    self._ready.put(self._create())
            except Exception:  # a test then makes its database itself (see create)
                continue


def app_url(url: str) -> str:
    """The URL the app under test uses for the database at ``url``: on PostgreSQL the same
    database as :data:`APP_ROLE`, so row-level security is in force."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return url
    return parsed.set(username=APP_ROLE, password=None).render_as_string(hide_password=False)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _null_pool() -> type:
    from sqlalchemy.pool import NullPool

    return NullPool


def write_transaction_open(engine: Engine) -> bool:
    """Whether another connection of ``engine``'s database holds a write transaction at
    this moment: SQLite's write lock, or a PostgreSQL transaction that has an id (it
    wrote, so it may hold row locks). For tests that a network call (a payment provider,
    a secret store) is made with no lock held."""
    if engine.dialect.name == "sqlite":
        raw = sqlite3.connect(str(engine.url.database), timeout=0)
        raw.isolation_level = None
        try:
            raw.execute("BEGIN IMMEDIATE")  # fails at once while another writer is open
            raw.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            raw.close()
    with engine.connect() as conn:
        writers = conn.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
            )
        )
    return bool(writers)
