"""Browser tests of the staff console: Debian's chromium driven by Playwright (sync API).

One stack for the module, shared by its journeys to keep CI fast: the console's production
build (``console/build``: skipped while nothing changed) served by Tuition itself at
``/admin/`` on a live server (SQLite), a site with an owner and a manager (two-factor
sign-in on) who accepted their invitations, and one chromium.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page

from examples.storefront.tests.helpers import (
    DESKTOP,
    OPENED,
    ROOT,
    OpenedPage,
    chromium,
    open_page,
    save_artifacts,
)
from tuition.services import staff
from tuition.testing.api import Api, TenantHandle
from tuition.testing.apps import close_app, make_app
from tuition.testing.databases import SQLiteFactory
from tuition.testing.live import LiveServer
from tuition_outbound_webhooks.testing import Receiver

CONSOLE = ROOT / "console"
PASSWORD = "a console passphrase"


@dataclass
class Member:
    email: str
    token: str
    totp_secret: str | None = None

    def totp_code(self, steps_ago: int = 0) -> str:
        """The authenticator's code of now (or of ``steps_ago`` 30-second steps before)."""
        assert self.totp_secret is not None
        return staff.totp_code(self.totp_secret, int(time.time()) // 30 - steps_ago)


def invitation_token(app: Any, site: TenantHandle, staff_id: str) -> str:
    """The one-time token the invitation mail of member ``staff_id`` carries."""
    runtime = app.extensions["tuition"]
    with runtime.session(site.id) as session:
        found = runtime.services.staff_invitation(session, staff_id)
    assert found is not None
    return str(found[1])


@dataclass
class Stack:
    url: str  # the live Tuition server
    site: TenantHandle
    api: Api
    owner: Member
    manager: Member
    app: Any
    receiver: Receiver  # webhook deliveries (127.0.0.1 is on the outbound allow-list)

    def invitation_token(self, staff_id: str) -> str:
        return invitation_token(self.app, self.site, staff_id)

    def console(self, path: str = "") -> str:
        """A page of the console; the site's key comes with the first visit."""
        return f"{self.url}/admin/{path}?key={self.site.publishable_key}"


def _member(api: Api, app: Any, site: TenantHandle, role: str) -> Member:
    email = f"{role}@console.test"
    invited = api.call(
        "POST", "/v1/admin/staff", json={"email": email, "role": role}, headers=site.admin
    )
    assert invited.status_code == 201, invited.get_data(as_text=True)
    token = invitation_token(app, site, invited.get_json()["id"])
    body = {"token": token, "password": PASSWORD}
    api.call("POST", "/v1/staff/invitations:accept", json=body, headers=site.storefront, expect=200)
    signed = api.call(
        "POST",
        "/v1/staff/sign-in",
        json={"email": email, "password": PASSWORD},
        headers=site.storefront,
        expect=200,
    )
    return Member(email, signed.get_json()["token"])


def _turn_on_totp(api: Api, member: Member) -> None:
    bearer = {"Authorization": f"Bearer {member.token}"}
    enrolled = api.call("POST", "/v1/staff/me/totp", headers=bearer, expect=201).get_json()
    member.totp_secret = enrolled["secret"]
    # The previous step's code (accepted: ±1 step), so that a sign-in now has a fresh one
    # (a used code is refused); once more if a step ended between making and checking it.
    for _ in range(2):
        confirmed = api.call(
            "POST",
            "/v1/staff/me/totp:confirm",
            json={"code": member.totp_code(steps_ago=1)},
            headers=bearer,
        )
        if confirmed.status_code == 200:
            return
    raise AssertionError(confirmed.get_data(as_text=True))


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    subprocess.run([str(CONSOLE / "build")], check=True, stdout=subprocess.DEVNULL)
    workdir = tmp_path_factory.mktemp("console")
    app = make_app(
        SQLiteFactory(workdir).create(workdir),
        console_dir=str(CONSOLE / "dist"),
        export_inline_max_rows=3,  # a student's export is built by a job: its progress shown
    )
    try:
        api = Api(app.test_client())
        site = api.create_tenant(
            {"free_enrollment": {}, "dummy_provider": {}, "outbound_webhooks": {}, "cohorts": {}},
            slug="console-site",
        )
        api.create_course(site, "taken", title="Already There")
        api.create_course(site, "workshop", title="Workshop")  # its cohorts: made in a walk
        api.create_course(
            site,
            "paid",
            title="Paid",
            pricing_model="one_time",
            price={"amount": 4900, "currency": "EUR"},
        )
        learner = api.signup(site, "learner@console.test")
        api.enroll(site, learner, "taken")
        # A purchase, paid on the dummy provider's page: the order to refund.
        order_id = api.enroll(site, learner, "paid", expect=202).get_json()["order_id"]
        api.call(
            "POST",
            f"/v1/dummy/checkout/{site.slug}/{order_id}",
            json={"outcome": "pay"},
            expect=200,
        )
        owner = _member(api, app, site, "owner")
        manager = _member(api, app, site, "manager")
        _turn_on_totp(api, manager)
        receiver = Receiver()
        try:
            with LiveServer(app) as live:
                yield Stack(live.url, site, api, owner, manager, app, receiver)
        finally:
            receiver.close()
    finally:
        close_app(app)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--console-screenshots",
        metavar="DIR",
        default=None,
        help="Save screenshots of the console's main screens (light and dark) into DIR "
        "as console-<screen>.png (the README's: docs/images).",
    )


@pytest.fixture
def shoot(request: pytest.FixtureRequest) -> Callable[[Page | Locator, str], None]:
    """``shoot(page, name)`` saves ``console-<name>.png`` of the page (or of one element,
    a locator) into ``--console-screenshots`` when given; a no-op otherwise."""
    folder = request.config.getoption("--console-screenshots")

    def save(what: Page | Locator, name: str) -> None:
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            if isinstance(what, Page):
                what.evaluate("window.scrollTo(0, 0)")
            what.screenshot(path=str(Path(folder) / f"console-{name}.png"))

    return save


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as started:
        yield started


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A page in a fresh context (no session: signed out)."""
    opened: list[OpenedPage] = []
    request.node.stash[OPENED] = opened
    yield open_page(browser, opened, DESKTOP, timeout=15_000)
    for record in opened:
        record.page.context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """On a failure, save a screenshot and the console of each page the test opened."""
    report = yield
    if report.failed and report.when in ("setup", "call"):
        save_artifacts(item)
    return report
