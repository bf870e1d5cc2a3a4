"""pytest fixtures for Tuition and plugin test suites (registered through ``pytest11``).

Every test that uses ``app`` gets its own database: a copy of a migrated SQLite file and,
unless ``TUITION_TEST_DATABASES=sqlite``, a PostgreSQL database cloned from a migrated
template. Tests run once per backend (ids ``sqlite`` / ``postgresql``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tuition.app import create_app
from tuition.config import Settings
from tuition.runtime import Tuition
from tuition.testing.api import OPERATOR_TOKEN, Api, StudentHandle, TenantHandle
from tuition.testing.databases import PostgresFactory, SQLiteFactory, backends


def _worker(config: pytest.Config) -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def _sqlite_factory(tmp_path_factory: pytest.TempPathFactory) -> SQLiteFactory:
    return SQLiteFactory(tmp_path_factory.mktemp("tuition-template"))


@pytest.fixture(scope="session")
def _postgres_factory(pytestconfig: pytest.Config) -> Iterator[PostgresFactory]:
    factory = PostgresFactory(_worker(pytestconfig))
    yield factory
    factory.close()


@pytest.fixture(params=backends())
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated, empty database of the parametrised backend."""
    factory_name = "_sqlite_factory" if request.param == "sqlite" else "_postgres_factory"
    factory = request.getfixturevalue(factory_name)
    url = factory.create(tmp_path)
    yield url
    factory.drop(url)


@pytest.fixture
def backend(db_url: str) -> str:
    return "sqlite" if db_url.startswith("sqlite") else "postgresql"


@pytest.fixture
def tuition_plugins() -> list[tuple[str, Any]]:
    """Extra plugin objects to register for this test (override in a test module)."""
    return []


@pytest.fixture
def tuition_settings(db_url: str, tuition_plugins: list[tuple[str, Any]]) -> Settings:
    """Settings of the app under test; override to change any of them."""
    return Settings(
        database_url=db_url,
        operator_token=OPERATOR_TOKEN,
        secret_key="test-secret-key-not-for-production",
        testing=True,
        password_hashing="fast",
        extra_plugins=tuple(tuition_plugins),
    )


@pytest.fixture
def app(tuition_settings: Settings) -> Iterator[Flask]:
    application = create_app(tuition_settings)
    yield application
    application.extensions["tuition"].close()


@pytest.fixture
def runtime(app: Flask) -> Tuition:
    rt: Tuition = app.extensions["tuition"]
    return rt


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def api(client: FlaskClient) -> Api:
    return Api(client)


@pytest.fixture
def tenant(api: Api) -> TenantHandle:
    """A tenant with the free pricing model enabled."""
    return api.create_tenant()


@pytest.fixture
def student(api: Api, tenant: TenantHandle) -> StudentHandle:
    return api.signup(tenant)
