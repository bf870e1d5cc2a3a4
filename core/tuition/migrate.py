"""Schema migrations with Alembic (``tuition db upgrade``)."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from tuition import __version__, rls
from tuition.builtin import BUILTIN_PLUGINS
from tuition.plugins import PluginRegistry

MIGRATIONS = Path(__file__).parent / "migrations"


def plugin_migration_dirs() -> list[str]:
    """Migration directories of the installed plugins (found through their entry points)."""
    return PluginRegistry(core_version=__version__, builtins=BUILTIN_PLUGINS).migration_dirs()


def alembic_config(engine: Engine, plugin_dirs: Sequence[str] | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    dirs = plugin_migration_dirs() if plugin_dirs is None else list(plugin_dirs)
    config.set_main_option("path_separator", "os")
    config.set_main_option(
        "version_locations", os.pathsep.join([str(MIGRATIONS / "versions"), *dirs])
    )
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def upgrade(
    engine: Engine, revision: str = "heads", plugin_dirs: Sequence[str] | None = None
) -> None:
    """Bring the database to ``revision`` (default: the newest of core and every plugin)."""
    config = alembic_config(engine, plugin_dirs)
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            rls.set_tenant(connection, rls.ALL_TENANTS)  # data migrations see every tenant
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        rls.enable(connection)


def schema_problem(engine: Engine, plugin_dirs: Sequence[str] | None = None) -> str | None:
    """Why the database cannot serve this version of Tuition yet (one line ending in
    "run `tuition db upgrade`"), or None when its schema is at every head of core and the
    plugins' migrations. A database that knows revisions this code does not (migrated by a
    newer release) is not refused. An unreachable database is a problem too."""
    quiet = logging.getLogger("alembic")  # its INFO lines are noise for a mere check
    level = quiet.level
    quiet.setLevel(logging.WARNING)
    try:
        return _schema_problem(engine, plugin_dirs)
    finally:
        quiet.setLevel(level)


def _schema_problem(engine: Engine, plugin_dirs: Sequence[str] | None) -> str | None:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError
    from sqlalchemy.exc import OperationalError

    where = engine.url.render_as_string(hide_password=True)
    script = ScriptDirectory.from_config(alembic_config(engine, plugin_dirs))
    try:
        with engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
    except OperationalError as exc:
        reason = str(exc.orig or exc).strip().splitlines()[0]
        return f"cannot reach the database {where}: {reason}"
    if not current:
        return f"the database {where} has no Tuition tables yet: run `tuition db upgrade`"
    for revision in current:
        try:
            if script.get_revision(revision) is None:
                return None
        except CommandError:
            return None  # a newer release migrated it: not ours to judge
    missing = sorted(set(script.get_heads()) - current)
    if missing:
        shown = ", ".join(missing[:3]) + (", …" if len(missing) > 3 else "")
        return (
            f"the database {where} is behind this version of Tuition and its plugins "
            f"(not at {shown}): run `tuition db upgrade`"
        )
    return None


def downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def revision(engine: Engine, message: str, **kwargs: Any) -> None:
    """Autogenerate a revision from the models (development)."""
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True, **kwargs)
