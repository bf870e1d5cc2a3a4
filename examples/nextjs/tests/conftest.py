"""Browser tests of the Next.js example: Debian's chromium driven by Playwright (sync API).

One stack per test module (and xdist worker), shared by its journeys to keep them fast:

- Tuition on a live server (SQLite, the demo sites of ``tenants/`` loaded), each site
  trusting the local OpenID provider as its identity provider and sending the dummy
  provider's buyers back to the example's return page;
- the local OpenID provider (``tests/oidc_server.mjs``: npm's ``oidc-provider``) on a free
  port, whose ID tokens Auth.js receives and Tuition accepts;
- the example itself, a production build (``examples/nextjs/build``: skipped while nothing
  changed) served by ``next start`` on a free port.

Each test signs in as a student of its own (an email of its own), in a fresh browser
context. SQLite only, as the storefront's journeys (see their conftest).
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import IO

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from examples.nextjs.tests.helpers import Stack, StripeSite
from examples.storefront.tests.helpers import (
    BOOTCAMP,
    DATA_SCHOOL,
    DESKTOP,
    OPENED,
    PYTHON_WEEKEND,
    ROOT,
    OpenedPage,
    Site,
    chromium,
    load_demo_sites,
    open_page,
    save_artifacts,
)
from tuition.plugin_api.outbound import ALLOWED_HOSTS_VARIABLE
from tuition.testing.api import Api
from tuition.testing.apps import close_app, host_of, make_app
from tuition.testing.databases import SQLiteFactory
from tuition.testing.live import LiveServer
from tuition_stripe_provider.testing import FakeStripe

EXAMPLE = ROOT / "examples" / "nextjs"
CLIENT_ID = "tuition-nextjs"
START_TIMEOUT = 60.0
LOOPBACK_ALLOWED = (ALLOWED_HOSTS_VARIABLE, "TUITION_STRIPE_EXTRA_HOSTS")

expect.set_options(timeout=15_000)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for_http(url: str, process: subprocess.Popen[str], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the server stopped:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {START_TIMEOUT} s:\n{log.read_text()}")


def stop(process: subprocess.Popen[str]) -> None:
    """End a server this fixture started (its whole process group: npx's children too)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def node(args: list[str], env: dict[str, str], log: IO[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        ["node", *args],
        cwd=EXAMPLE,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
        start_new_session=True,
    )


def stripe_site(app: Flask, fake: FakeStripe, web: str) -> StripeSite:
    """A site with one paid course (so a landing page) sold through the fake Stripe, its
    buyers sent back to the example's return page."""
    token = secrets.token_hex(6)
    settings = {
        "secret_key": f"sk_test_{token}",
        "publishable_key": f"pk_test_{token}",
        "webhook_secret": f"whsec_{token}",
        "return_url": f"{web}/return?order={{ORDER_ID}}&session_id={{CHECKOUT_SESSION_ID}}",
        "api_base": fake.url,
        "max_network_retries": 0,
        "timeout_seconds": 5,
    }
    client = app.test_client()
    api = Api(client)
    tenant = api.create_tenant(
        {"free_enrollment": {}, "stripe_provider": {"settings": settings}}, slug="stripe-shop"
    )
    api.create_course(
        tenant,
        "pro",
        title="Pro Course",
        pricing_model="one_time",
        price={"amount": 4900, "currency": "EUR"},
        capacity=5,
        status="published",
    )
    site = Site(tenant.slug, tenant.publishable_key, tenant.secret_key, client)
    return StripeSite(site, fake, settings["publishable_key"], settings["webhook_secret"])


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    subprocess.run([str(EXAMPLE / "build")], check=True, stdout=subprocess.DEVNULL)
    workdir = tmp_path_factory.mktemp("nextjs")
    database = SQLiteFactory(workdir).create(workdir)
    app = make_app(database, live_stream_seconds=20, live_heartbeat_seconds=1)
    # The identity provider's JWKS is on loopback: the operator allows it (docs/operations.md).
    # So is the fake Stripe API (TUITION_STRIPE_EXTRA_HOSTS, plugins/stripe_provider).
    former = {name: os.environ.get(name) for name in LOOPBACK_ALLOWED}
    os.environ.update(dict.fromkeys(LOOPBACK_ALLOWED, "127.0.0.1"))
    fake_stripe = FakeStripe().start()
    log_path = workdir / "servers.log"
    servers: list[subprocess.Popen[str]] = []
    try:
        with LiveServer(app) as live, log_path.open("w") as log:
            sites = load_demo_sites(host_of(app), app.test_client())
            # "localhost", not 127.0.0.1: Next.js's request URLs say "localhost" for either,
            # and the sign-in's redirect_uri must match the callback's.
            web = f"http://localhost:{free_port()}"
            client_secret = secrets.token_urlsafe(24)
            oidc = node(
                ["tests/oidc_server.mjs"],
                {
                    "OIDC_CLIENT_ID": CLIENT_ID,
                    "OIDC_CLIENT_SECRET": client_secret,
                    "OIDC_REDIRECT_URI": f"{web}/api/auth/callback/oidc",
                },
                log,
            )
            servers.append(oidc)
            assert oidc.stdout is not None
            started = json.loads(oidc.stdout.readline() or "{}")
            issuer, jwks = started.get("issuer"), started.get("jwks_uri")
            assert issuer and jwks, log_path.read_text()
            # A fourth site sells through Stripe (a fake Stripe API on loopback).
            stripe = stripe_site(app, fake_stripe, web)
            sites[stripe.site.slug] = stripe.site
            for site in sites.values():
                site.admin(
                    "PATCH",
                    "/v1/admin/tenant",
                    {
                        "identity_provider": {
                            "jwks_url": jwks,
                            "issuer": issuer,
                            "audience": CLIENT_ID,
                        }
                    },
                )
                if site is not stripe.site:
                    site.enable_plugin(
                        "dummy_provider", {"return_url": f"{web}/return?order={{ORDER_ID}}"}
                    )
            port = web.rsplit(":", 1)[1]
            nextjs = node(
                ["node_modules/next/dist/bin/next", "start", "-H", "127.0.0.1", "-p", port],
                {
                    "NEXT_TELEMETRY_DISABLED": "1",
                    "AUTH_SECRET": secrets.token_urlsafe(32),
                    "AUTH_URL": web,
                    "AUTH_OIDC_ISSUER": issuer,
                    "AUTH_OIDC_ID": CLIENT_ID,
                    "AUTH_OIDC_SECRET": client_secret,
                    "AUTH_OIDC_NAME": "Local sign-in",
                    "TUITION_API_URL": live.url,
                    "TUITION_PUBLISHABLE_KEY": ",".join(
                        [DATA_SCHOOL, BOOTCAMP, PYTHON_WEEKEND, stripe.site.publishable_key]
                    ),
                },
                log,
            )
            servers.append(nextjs)
            wait_for_http(f"{web}/api/auth/providers", nextjs, log_path)
            yield Stack(tuition=live.url, web=web, issuer=issuer, sites=sites, stripe=stripe)
    finally:
        for server in reversed(servers):
            stop(server)
        fake_stripe.stop()
        for name, value in former.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        close_app(app)


# -- the browser --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One chromium for the module's journeys."""
    with chromium() as started:
        yield started


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A page in a fresh context (another visitor: no cookies, so signed out)."""
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
