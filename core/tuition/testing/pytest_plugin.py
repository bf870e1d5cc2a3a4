"""pytest fixtures for Tuition and plugin test suites (registered through ``pytest11``).

Every test that uses ``app`` gets its own database: a copy of a migrated SQLite file and,
unless ``TUITION_TEST_DATABASES=sqlite``, a PostgreSQL database cloned from a migrated
template. Tests run once per backend (ids ``sqlite`` / ``postgresql``).

Jobs run inline unless the test asks for ``rq_queue``: its app then sends them to an rq
queue of its own on Redis, which a test runs with
:func:`tuition.testing.queues.run_worker_burst`. ``recorder`` is core's recording plugin,
for ``tuition_plugins``. ``moto_endpoint`` is a local AWS endpoint (moto's server mode).

The test servers (SMTP, JWKS, webhook receivers, fake providers) listen on 127.0.0.1, so
the outbound policy's allow-list (``TUITION_OUTBOUND_ALLOWED_HOSTS``) holds 127.0.0.1 for
the whole run unless the environment sets it; tests of the policy unset it.
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
from tuition.plugin_api.outbound import ALLOWED_HOSTS_VARIABLE
from tuition.runtime import Tuition
from tuition.testing.api import Api, StudentHandle, TenantHandle
from tuition.testing.apps import close_app, make_settings
from tuition.testing.aws import moto_server
from tuition.testing.databases import PostgresFactory, SQLiteFactory, app_url, backends
from tuition.testing.live import LiveServer
from tuition.testing.queues import RqQueue, drop_queue, new_queue
from tuition.testing.recorders import Recorder


def pytest_configure(config: pytest.Config) -> None:
    """Allow the loopback test servers under the outbound policy (see the module doc)."""
    os.environ.setdefault(ALLOWED_HOSTS_VARIABLE, "127.0.0.1")


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
def recorder() -> Recorder:
    """A :class:`~tuition.testing.recorders.Recorder`: register it with
    ``tuition_plugins`` (``[("recorder", recorder)]``) and enable ``recorder`` on the
    tenant to see every dispatch hook call, activations and domain events included."""
    return Recorder()


@pytest.fixture
def rq_queue() -> Iterator[RqQueue]:
    """An rq queue on the test Redis for this test alone (a unique name), deleted with
    its jobs and results afterwards. Asking for it is enough: ``tuition_settings`` then
    sends the app's jobs to it instead of running them inline, whatever the order of the
    test's arguments. Run the jobs with
    :func:`tuition.testing.queues.run_worker_burst`; mark such tests
    ``@pytest.mark.redis``."""
    queue = new_queue()
    try:
        yield queue
    finally:
        drop_queue(queue)


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """AWS's API, spoken by moto (server mode) on a free loopback port, for the whole
    session; point boto3 at it with :func:`tuition.testing.aws.use_local_aws`. moto's
    state is the session's: tests name their resources uniquely."""
    with moto_server() as endpoint:
        yield endpoint


@pytest.fixture
def tuition_setting_overrides() -> dict[str, Any]:
    """Settings of the app under test to change, by name (default none); override it in a
    conftest or test module: ``return {"storefront_dir": str(STOREFRONT)}``."""
    return {}


@pytest.fixture
def tuition_settings(
    request: pytest.FixtureRequest,
    db_url: str,
    tuition_plugins: list[tuple[str, Any]],
    tuition_setting_overrides: dict[str, Any],
) -> Settings:
    """Settings of the app under test (:func:`tuition.testing.apps.make_settings` on the
    test's database, with ``tuition_plugins`` and ``tuition_setting_overrides``)."""
    settings = make_settings(app_url(db_url), plugins=tuition_plugins, **tuition_setting_overrides)
    if "rq_queue" in request.fixturenames:
        queue: RqQueue = request.getfixturevalue("rq_queue")
        settings.redis_url, settings.job_queue = queue.redis_url, queue.name
    return settings


@pytest.fixture
def app(tuition_settings: Settings) -> Iterator[Flask]:
    application = create_app(tuition_settings)
    yield application
    close_app(application)


@pytest.fixture
def live_server(app: Flask) -> Iterator[LiveServer]:
    """The ``app`` fixture served over real HTTP on a free loopback port (``.url``)."""
    with LiveServer(app) as server:
        yield server


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
