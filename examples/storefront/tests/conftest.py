"""Browser tests of the reference storefront: Debian's chromium driven by Playwright (sync API).

The app under test serves ``examples/storefront`` at ``/storefront/`` over real HTTP
(``live_server``: a free port per test, so xdist workers never collide) with the demo sites
of ``tenants/`` loaded. When a test fails, each page it opened is saved (screenshot and
console log) into ``$TUITION_TEST_ARTIFACTS`` (default ``test-artifacts/`` at the root).

SQLite only: ``db_url`` is overridden below. These journeys test what the storefront does
with the API; what the API does on each database is tested on both backends by the core and
plugin suites, and a PostgreSQL run would double the slowest tests of the suite while
exercising nothing the browser adds.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from examples.storefront.tests.helpers import (
    DESKTOP,
    OPENED,
    PHONE,
    STOREFRONT,
    OpenedPage,
    Shop,
    Site,
    chromium,
    load_demo_sites,
    open_page,
    save_artifacts,
)
from tuition.plugin_api import Host
from tuition.testing.databases import SQLiteFactory
from tuition.testing.live import LiveServer

expect.set_options(timeout=10_000)


# -- the server ---------------------------------------------------------------------------------


@pytest.fixture
def db_url(_sqlite_factory: SQLiteFactory, tmp_path: Path) -> str:
    """SQLite only (see above): replaces the plugin's fixture parametrised over backends."""
    return _sqlite_factory.create(tmp_path)


@pytest.fixture
def tuition_setting_overrides() -> dict[str, Any]:
    """The app serves the storefront at ``/storefront/``; live streams are short, so that a
    closed page's stream ends soon after the test."""
    return {
        "storefront_dir": str(STOREFRONT),
        "live_stream_seconds": 20,
        "live_heartbeat_seconds": 1,
    }


@pytest.fixture
def sites(runtime: Host, app: Flask) -> dict[str, Site]:
    """The demo sites of ``tenants/`` in this test's database, by slug."""
    return load_demo_sites(runtime, app.test_client())


@pytest.fixture
def shop(live_server: LiveServer, sites: dict[str, Site]) -> Shop:
    """The storefront served by the live server, the demo sites loaded."""
    return Shop(live_server.url)


# -- the browser --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One chromium per test process (each xdist worker starts its own)."""
    with chromium() as started:
        yield started


@pytest.fixture
def new_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Callable[..., Page]]:
    """``new_page(viewport=None)``: a page in a fresh context (its own storage, so another
    visitor); console messages are kept for the failure report."""
    opened: list[OpenedPage] = []
    request.node.stash[OPENED] = opened

    def new(viewport: dict[str, int] | None = None) -> Page:
        return open_page(browser, opened, viewport or DESKTOP)

    yield new
    for record in opened:
        record.page.context.close()


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    return new_page()


@pytest.fixture
def phone(new_page: Callable[..., Page]) -> Page:
    """A phone-sized page (375 by 740 CSS pixels)."""
    return new_page(PHONE)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item,
    call: pytest.CallInfo[None],
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """On a failure, save every page the test opened (they are still open at this point)."""
    report = yield
    if report.failed and report.when in ("setup", "call"):
        save_artifacts(item)
    return report
