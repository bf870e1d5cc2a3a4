"""The storefront on any static server: another origin than the API's (CORS), with
``apiBase`` set in ``config.js``."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from playwright.sync_api import Page, Route, expect

from examples.storefront.tests.helpers import (
    DATA_SCHOOL,
    STOREFRONT,
    Shop,
    Site,
    card,
    fill_signup,
    status_region,
)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No access log on the test's output."""


@pytest.fixture
def static_server() -> Iterator[str]:
    """``examples/storefront`` served by Python's own static file server, on a free port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(STOREFRONT)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_served_elsewhere_it_calls_the_api_across_origins(
    page: Page, shop: Shop, sites: dict[str, Site], static_server: str
) -> None:
    config = (STOREFRONT / "config.js").read_text()
    assert 'apiBase: "",' in config
    deployed = config.replace('apiBase: "",', f'apiBase: "{shop.base}",')

    def serve_config(route: Route) -> None:  # as if config.js had been edited
        route.fulfill(status=200, content_type="text/javascript", body=deployed)

    page.route(f"{static_server}/config.js", serve_config)
    page.goto(f"{static_server}/index.html?key={DATA_SCHOOL}")
    card(page, "sql-basics").get_by_role("link", name="Login to enroll").click()
    fill_signup(page, "ada@example.com")
    expect(page).to_have_url(f"{static_server}/dashboard.html")
    expect(status_region(page)).to_have_text("You're enrolled in SQL Basics.")

    [enrollment] = sites["data-school"].enrollments("sql-basics")
    assert (enrollment["student_email"], enrollment["status"]) == ("ada@example.com", "active")
