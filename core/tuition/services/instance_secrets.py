"""Secrets of the installation, not of a tenant, kept in the ``instance_secrets`` table.

The first process that needs one makes it and stores it; every other process (gunicorn
workers, rq workers, cron sweeps, the next start) reads the same value. Concurrent first
starts are safe: each inserts only if the name is absent, then reads the value that won.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, insert, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from tuition.db import utcnow
from tuition.models import InstanceSecret

#: The key that signs student tokens (and that plugins derive keys from) when
#: ``TUITION_SECRET_KEY`` is not set.
SECRET_KEY = "secret_key"


def load_or_create(engine: Engine, name: str, make: Callable[[], str]) -> str | None:
    """The secret stored under ``name``, storing ``make()`` first if there is none; None
    while the database has no ``instance_secrets`` table (not migrated yet)."""
    read = select(InstanceSecret.value).where(InstanceSecret.name == name)
    with engine.connect() as connection:
        if not inspect(connection).has_table(InstanceSecret.__tablename__):
            return None
        value = connection.scalar(read)
    if value is not None:
        return str(value)
    row = {"name": name, "value": make(), "created_at": utcnow()}
    dialect = engine.dialect.name
    try:
        with engine.begin() as connection:
            if dialect == "postgresql":
                connection.execute(
                    postgresql.insert(InstanceSecret).values(row).on_conflict_do_nothing()
                )
            elif dialect == "sqlite":
                connection.execute(
                    sqlite.insert(InstanceSecret).values(row).on_conflict_do_nothing()
                )
            else:
                connection.execute(insert(InstanceSecret).values(row))
    except IntegrityError:  # another process stored it first (dialects without upsert)
        pass
    with engine.connect() as connection:
        return str(connection.scalar(read))
