"""What the storefront's browser tests and ``screenshot.py`` share: the browser, the demo
sites driven through the API, and the steps of a journey a visitor takes."""

from __future__ import annotations

import atexit
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Locator,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

from tuition.plugin_api import Host
from tuition.testing.tenants import sync_tenant_files

ROOT = Path(__file__).resolve().parents[3]
STOREFRONT = ROOT / "examples" / "storefront"
TENANTS = ROOT / "tenants"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1100, "height": 800}
PASSWORD = "correct horse battery"
DATA_SCHOOL = "pk_demo_data_school"
BOOTCAMP = "pk_demo_web_bootcamp"
PYTHON_WEEKEND = "pk_demo_python_weekend"


def launch(driver: Playwright) -> Browser:
    """Debian's chromium, headless (Playwright never downloads a browser here)."""
    return driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


_DRIVER: Playwright | None = None


def _driver() -> Playwright:
    """One Playwright per process, started on first use and stopped at exit. Its sync API
    runs an event loop in this thread, so a second one started while the first lives fails
    ("Sync API inside the asyncio loop"): the storefront's session-long browser and the
    console's or the Next.js example's module browsers, in one xdist worker, share it."""
    global _DRIVER
    if _DRIVER is None:
        _DRIVER = sync_playwright().start()
        atexit.register(_DRIVER.stop)
    return _DRIVER


@contextmanager
def chromium() -> Iterator[Browser]:
    """:func:`launch`'s chromium, for a fixture's lifetime."""
    browser = launch(_driver())
    try:
        yield browser
    finally:
        browser.close()


@dataclass
class OpenedPage:
    page: Page
    console: list[str] = field(default_factory=list)


# The pages a test opened, for the failure report (``item.stash[OPENED]``).
OPENED = pytest.StashKey[list[OpenedPage]]()


def open_page(
    browser: Browser, opened: list[OpenedPage], viewport: dict[str, int], timeout: int = 10_000
) -> Page:
    """A page in a fresh context (its own storage and cookies, so another visitor), its
    console messages kept in ``opened`` for :func:`save_artifacts`."""
    context = browser.new_context(
        viewport={"width": viewport["width"], "height": viewport["height"]},
        locale="en-US",
        timezone_id="Europe/Berlin",
    )
    context.set_default_timeout(timeout)
    page = context.new_page()
    record = OpenedPage(page)

    def log(message: ConsoleMessage) -> None:
        record.console.append(f"{message.type}: {message.text}")

    page.on("console", log)
    page.on("pageerror", lambda error: record.console.append(f"pageerror: {error}"))
    opened.append(record)
    return page


def artifacts_dir() -> Path:
    return Path(os.environ.get("TUITION_TEST_ARTIFACTS") or ROOT / "test-artifacts")


def save_artifacts(item: pytest.Item) -> None:
    """Save a screenshot and the console log of every page ``item`` opened (a failure)."""
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


# -- the server side -----------------------------------------------------------------------


@dataclass
class Site:
    """A demo tenant, driven through the public API (admin calls with its secret key)."""

    slug: str
    publishable_key: str
    secret_key: str
    client: FlaskClient

    def admin(self, method: str, path: str, body: Any = None) -> Any:
        answer = self.client.open(
            path, method=method, json=body, headers={"Authorization": f"Bearer {self.secret_key}"}
        )
        assert answer.status_code < 300, answer.get_data(as_text=True)
        return answer.get_json()

    def call(
        self,
        method: str,
        path: str,
        token: str | None = None,
        body: Any = None,
        expected: int | None = None,
    ) -> Any:
        """A storefront or student call, as another visitor would make it."""
        headers = {"X-Tenant-Key": self.publishable_key}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        answer = self.client.open(path, method=method, json=body, headers=headers)
        if expected is not None:
            assert answer.status_code == expected, answer.get_data(as_text=True)
        return answer.get_json()

    def signup(self, email: str) -> str:
        """Another student, made through the API; returns their token."""
        answer = self.call(
            "POST", "/v1/auth/signup", expected=201, body={"email": email, "password": PASSWORD}
        )
        return str(answer["token"])

    def enrollments(self, course: str) -> list[dict[str, Any]]:
        """The course's enrollments as the site's admin sees them (with student emails)."""
        answer = self.admin("GET", f"/v1/admin/enrollments?course={course}&page_size=100")
        items: list[dict[str, Any]] = answer["items"]
        return items

    def orders(self) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = self.admin("GET", "/v1/admin/orders?page_size=100")["items"]
        return items

    def enable_plugin(self, name: str, settings: dict[str, Any] | None = None) -> None:
        body: dict[str, Any] = {"enabled": True}
        if settings:
            body["settings"] = settings
        self.admin("PUT", f"/v1/admin/plugins/{name}", body)


def load_demo_sites(runtime: Host, client: FlaskClient) -> dict[str, Site]:
    """Sync ``tenants/*.toml`` into the app's database; the sites by slug."""
    found = {}
    for report in sync_tenant_files(runtime, TENANTS):
        assert report.publishable_key and report.secret_key, "the database was not empty"
        found[report.slug] = Site(report.slug, report.publishable_key, report.secret_key, client)
    return found


@dataclass
class Shop:
    """Addresses of the storefront on a live server."""

    base: str

    def url(self, key: str, path: str = "") -> str:
        separator = "&" if "?" in path else "?"
        return f"{self.base}/storefront/{path}{separator}key={key}"

    def at(self, path: str) -> re.Pattern[str]:
        """For ``expect(page).to_have_url``: this storefront page (any query)."""
        return re.compile(re.escape(f"{self.base}/storefront/{path}"))


# -- the visitor's side --------------------------------------------------------------------


def card(page: Page, slug: str) -> Locator:
    """The first card (or landing section) of a course on the page."""
    return page.locator(f"main [data-course='{slug}']").first


def status_region(page: Page) -> Locator:
    return page.locator("#status")


def fill_signup(page: Page, email: str, password: str = PASSWORD) -> None:
    """On the signup (or login) page: fill the form and submit it."""
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.locator("form.auth button[type=submit]").click()


def pay_on_dummy_page(page: Page, outcome: str = "pay") -> None:
    """The dummy provider's hosted page: press Pay (or Decline)."""
    expect(page.get_by_role("heading", name="Dummy checkout")).to_be_visible()
    page.get_by_role("button", name=re.compile("^Pay" if outcome == "pay" else "^Decline")).click()


def buy_masterclass(page: Page, shop: Shop, site: Site, email: str) -> None:
    """The paid journey on the data school: a student who took the free prerequisite buys
    the masterclass on the dummy pay page, comes back paid, and opens the dashboard."""
    token = sign_in_as(page, site, email)
    site.call("POST", "/v1/enrollments", token, {"course": "sql-basics"}, expected=201)
    page.goto(shop.url(DATA_SCHOOL))
    card(page, "sql-masterclass").get_by_role("button", name="Enroll now").click()
    expect(page).to_have_url(re.compile(r"/v1/dummy/checkout/data-school/ord_"))
    pay_on_dummy_page(page, "pay")
    expect(page).to_have_url(shop.at("return.html?order=ord_"))
    expect(page.get_by_role("heading", name="Payment received")).to_be_visible()
    page.get_by_role("link", name="Go to my dashboard").click()
    expect(page).to_have_url(shop.at("dashboard.html"))
    expect(card(page, "sql-masterclass").locator(".badge")).to_have_text("Enrolled")


def sign_in_as(page: Page, site: Site, email: str) -> str:
    """A student made through the API and signed in to the storefront of ``page``'s
    context (their token stored as the login page would store it); returns the token."""
    token = site.signup(email)
    stored = json.dumps({"token": token, "email": email, "expiresAt": None})
    page.context.add_init_script(
        f"localStorage.setItem({json.dumps('tuition.token.' + site.publishable_key)}, "
        f"{json.dumps(stored)});"
    )
    return token
