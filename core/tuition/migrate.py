"""Schema migrations with Alembic (``tuition db upgrade``)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).parent / "migrations"


def plugin_migration_dirs() -> list[str]:
    """Migration directories of the installed plugins (found through their entry points)."""
    from tuition import __version__
    from tuition.builtin import BUILTIN_PLUGINS
    from tuition.plugins import PluginRegistry

    return PluginRegistry(core_version=__version__, builtins=BUILTIN_PLUGINS).migration_dirs()


def alembic_config(engine: Engine, plugin_dirs: Sequence[str] | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    dirs = plugin_migration_dirs() if plugin_dirs is None else list(plugin_dirs)
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", os.pathsep.join(
        [str(MIGRATIONS / "versions"), *dirs]))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def upgrade(engine: Engine, revision: str = "heads",
            plugin_dirs: Sequence[str] | None = None) -> None:
    """Bring the database to ``revision`` (default: the newest of core and every plugin)."""
    from tuition import rls

    config = alembic_config(engine, plugin_dirs)
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            rls.set_tenant(connection, rls.ALL_TENANTS)  # data migrations see every tenant
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        rls.enable(connection)


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
