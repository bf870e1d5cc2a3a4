"""Screenshot the storefront's dashboard after the paid journey (for the project README).

    .venv/bin/python examples/storefront/screenshot.py [docs/images/storefront-dashboard.png]

Starts the app the way the browser tests do (a throw-away SQLite database with the demo
sites of ``tenants/``, the storefront at ``/storefront/``, a free loopback port), signs up on
the data school, takes SQL Basics, buys SQL Masterclass on the dummy provider's page and
saves the dashboard as a PNG. Uses Debian's chromium; nothing is downloaded.
"""

from __future__ import annotations

import argparse
import logging
import secrets
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script: make ``examples.storefront`` importable
    sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from examples.storefront.tests.helpers import (  # noqa: E402
    STOREFRONT,
    Shop,
    buy_masterclass,
    launch,
    load_demo_sites,
)
from tuition.testing.apps import close_app, host_of, make_app  # noqa: E402
from tuition.testing.databases import SQLiteFactory  # noqa: E402
from tuition.testing.live import LiveServer  # noqa: E402

DEFAULT_OUTPUT = ROOT / "docs" / "images" / "storefront-dashboard.png"


def take(output: Path, width: int, height: int) -> None:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="tuition-screenshot-") as workdir:
        database = SQLiteFactory(Path(workdir)).create(Path(workdir))
        app = make_app(database, secret_key=secrets.token_hex(32), storefront_dir=str(STOREFRONT))
        try:
            sites = load_demo_sites(host_of(app), app.test_client())
            with LiveServer(app) as server, sync_playwright() as driver:
                browser = launch(driver)
                context = browser.new_context(
                    viewport={"width": width, "height": height},
                    locale="en-US",
                    device_scale_factor=1,
                )
                page = context.new_page()
                buy_masterclass(page, Shop(server.url), sites["data-school"], "ada@example.com")
                page.locator("#recommended .card").first.wait_for()
                output.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=output, full_page=True)
                browser.close()
        finally:
            close_app(app)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "output",
        nargs="?",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="where to write the PNG (default: %(default)s)",
    )
    parser.add_argument("--width", type=int, default=1000, help="viewport width (CSS px)")
    parser.add_argument("--height", type=int, default=800, help="viewport height (CSS px)")
    args = parser.parse_args()
    take(args.output, args.width, args.height)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
