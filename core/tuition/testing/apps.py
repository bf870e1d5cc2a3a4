"""Apps built as the test fixtures build them, for a script or a fixture of its own (the
``app`` fixture is one of these on the test's database)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import Flask

from tuition.app import create_app
from tuition.config import Settings
from tuition.plugin_api import Host
from tuition.testing.api import OPERATOR_TOKEN


def make_settings(
    database_url: str, *, plugins: Sequence[tuple[str, Any]] = (), **overrides: Any
) -> Settings:
    """The settings of an app under test on ``database_url``: the operator token
    :data:`~tuition.testing.api.OPERATOR_TOKEN`, a fixed secret key, fast password
    hashing, no rate limits, jobs run inline, only the installed plugins plus ``plugins``
    (``[(name, object)]``), nothing read from ``TUITION_*`` variables. ``overrides`` set
    any other setting by name (``storefront_dir=...``); an unknown name is a TypeError."""
    defaults: dict[str, Any] = {
        "operator_token": OPERATOR_TOKEN,
        "secret_key": "test-secret-key-not-for-production",
        "testing": True,
        "password_hashing": "fast",
        "rate_limits": False,  # tests sign up hundreds of students from one address
    }
    return Settings(
        database_url=database_url,
        extra_plugins=tuple(plugins),
        **{**defaults, **overrides},
    )


def make_app(
    database_url: str, *, plugins: Sequence[tuple[str, Any]] = (), **overrides: Any
) -> Flask:
    """A Flask app built from :func:`make_settings` on ``database_url`` (a migrated
    database, e.g. from :class:`tuition.testing.databases.SQLiteFactory`). Close it with
    :func:`close_app` when done."""
    return create_app(make_settings(database_url, plugins=plugins, **overrides))


def host_of(app: Flask) -> Host:
    """The running installation behind ``app`` (what the ``runtime`` fixture is for the
    ``app`` fixture): the host the helpers of :mod:`tuition.testing` take."""
    host: Host = app.extensions["tuition"]
    return host


def close_app(app: Flask) -> None:
    """Release what ``app`` holds (database connections, the job queue's)."""
    app.extensions["tuition"].close()
