"""The benchmark's own PostgreSQL databases: created fresh, always dropped afterwards."""

from __future__ import annotations

import re

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
#: The login the benchmarked servers use: neither owner nor superuser, so PostgreSQL's
#: row-level security applies to them as it does in production (``tuition db grant``).
APP_ROLE = "tuition_bench_app"


class Databases:
    """Creates databases on the server of ``server_url`` and drops every one it created."""

    def __init__(self, server_url: str, maintenance_db: str = "postgres") -> None:
        self.server_url = make_url(server_url)
        self.admin = create_engine(
            self.server_url.set(database=maintenance_db),
            isolation_level="AUTOCOMMIT",
            poolclass=NullPool,
        )
        self.created: list[str] = []

    def url(self, name: str) -> str:
        """The SQLAlchemy URL of database ``name``."""
        return self.server_url.set(database=name).render_as_string(hide_password=False)

    def create(self, name: str) -> str:
        """Drop a leftover ``name`` (an earlier run killed hard), create it, answer its URL."""
        if not _NAME.match(name):
            raise ValueError(f"not a plain database name: {name!r}")
        self._drop(name)
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        self.created.append(name)
        return self.url(name)

    def ensure_role(self, role: str = APP_ROLE) -> None:
        """Create the login ``role`` unless it exists. It is never dropped: it owns nothing
        and its grants go with the databases, so a leftover one is harmless, and another
        benchmark running at the same time may be using it."""
        if not _NAME.match(role):
            raise ValueError(f"not a plain role name: {role!r}")
        with self.admin.connect() as conn:
            conn.execute(
                text(
                    f"DO $$ BEGIN CREATE ROLE {role} LOGIN; "
                    "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
                )
            )

    def grant(self, url: str, role: str = APP_ROLE) -> str:
        """Let ``role`` read and write every table of the database at ``url`` (as
        ``tuition db grant`` does); answer the URL of that database as ``role``."""
        from tuition import rls

        engine = create_engine(url, poolclass=NullPool)
        try:
            with engine.begin() as conn:
                rls.grant(conn, role)
        finally:
            engine.dispose()
        return make_url(url).set(username=role, password=None).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        """Drop the database at ``url`` (one this object created) now."""
        name = make_url(url).database or ""
        if name in self.created:
            self.created.remove(name)
            self._drop(name)

    def drop_all(self) -> None:
        """Drop every database this object created (connections are terminated)."""
        while self.created:
            self._drop(self.created.pop())
        self.admin.dispose()

    def _drop(self, name: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
