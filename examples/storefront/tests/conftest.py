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

import os
import re
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright

from examples.storefront.tests.helpers import (
    DESKTOP,
    PHONE,
    ROOT,
    STOREFRONT,
    Shop,
    Site,
    launch,
    load_demo_sites,
)
from tuition.plugin_api import Host
from tuition.testing.databases import SQLiteFactory
from tuition.testing.live import LiveServer

expect.set_options(timeout=10_000)


def artifacts_dir() -> Path:
    return Path(os.environ.get("TUITION_TEST_ARTIFACTS") or ROOT / "test-artifacts")


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
    with sync_playwright() as driver:
        chromium = launch(driver)
        yield chromium
        chromium.close()


@dataclass
class OpenedPage:
    page: Page
    console: list[str] = field(default_factory=list)


OPENED = pytest.StashKey[list[OpenedPage]]()


@pytest.fixture
def new_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Callable[..., Page]]:
    """``new_page(viewport=None)``: a page in a fresh context (its own storage, so another
    visitor); console messages are kept for the failure report."""
    opened: list[OpenedPage] = []
    request.node.stash[OPENED] = opened

    def open_page(viewport: dict[str, int] | None = None) -> Page:
        size = viewport or DESKTOP
        context = browser.new_context(
            viewport={"width": size["width"], "height": size["height"]},
            locale="en-US",
            timezone_id="Europe/Berlin",
        )
        context.set_default_timeout(10_000)
        page = context.new_page()
        record = OpenedPage(page)

        def log(message: ConsoleMessage) -> None:
            record.console.append(f"{message.type}: {message.text}")

        page.on("console", log)
        page.on("pageerror", lambda error: record.console.append(f"pageerror: {error}"))
        opened.append(record)
        return page

    yield open_page
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


def save_artifacts(item: pytest.Item) -> None:
    opened = item.stash.get(OPENED, [])
    if not opened:
        return
    directory = artifacts_dir()
    directory.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid)[-150:]
    for number, record in enumerate(opened, start=1):
        stem = f"{name}-{number}"
        try:
            record.page.screenshot(path=directory / f"{stem}.png", full_page=True)
        except Exception as error:  # a crashed page: keep its log at least
            record.console.append(f"(no screenshot: {error})")
        (directory / f"{stem}.console.txt").write_text(
            f"url: {record.page.url}\n" + "\n".join(record.console) + "\n"
        )
