"""Helpers for tests of the taxes plugin (and of sites built on it): a German seller's
settings and a site with the plugin, a provider and a paid course, with one-liners to
quote, buy, read an order and pay at the dummy provider."""

from __future__ import annotations

import contextlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

#: A German seller's settings: gross prices, FR and DE rules, a rule for New York, and
#: buyers elsewhere outside the scope of EU VAT.
GERMAN_SELLER: dict[str, Any] = {
    "seller_country": "DE",
    "prices_include_tax": True,
    "rules": [
        {"country": "DE", "name": "MwSt.", "rates": {"standard": 19, "reduced": 7}},
        {"country": "FR", "name": "TVA", "rates": {"standard": "20", "reduced": "5.5"}},
        {"country": "US", "region": "NY", "name": "Sales tax", "rates": {"standard": "8.875"}},
    ],
    "default_rule": {"name": "Not subject to EU VAT", "rates": {"standard": 0}},
}

#: 119.00 EUR gross at DE 19 %: 100.00 net.
PRICE = {"amount": 11900, "currency": "EUR"}
#: Valid VAT IDs (format and check digits; python-stdnum's own examples).
FR_VAT_ID = "FR 40 303 265 045"
DE_VAT_ID = "DE 136,695 976"


class Shop:
    """A German seller's site with the taxes plugin, a provider and the course ``pro``."""

    def __init__(
        self, api: Any, settings: dict[str, Any] | None = None, provider: Any = None
    ) -> None:
        self.api = api
        providers = provider or {"dummy_provider": {}}
        self.tenant: Any = api.create_tenant(
            {**providers, "recorder": {}, "taxes": {"settings": settings or GERMAN_SELLER}}
        )
        api.create_course(self.tenant, "pro", pricing_model="one_time", price=PRICE)

    def quote(self, expect: int | None = 200, **query: str) -> Any:
        path = "/v1/courses/pro/quote"
        if query:
            path += "?" + "&".join(f"{k}={v}" for k, v in query.items())
        answer = self.api.call("GET", path, headers=self.tenant.storefront, expect=expect)
        return answer.get_json()

    def buy(self, expect: int | None = 202, **billing: Any) -> Any:
        student = self.api.signup(self.tenant)
        answer = self.api.call(
            "POST",
            "/v1/enrollments",
            json={"course": "pro", **billing},
            headers=student.headers,
            expect=expect,
        )
        return answer.get_json()

    def order(self, order_id: str) -> dict[str, Any]:
        found: dict[str, Any] = self.api.call(
            "GET", f"/v1/admin/orders/{order_id}", headers=self.tenant.admin, expect=200
        ).get_json()
        return found

    def pay(self, order_id: str) -> None:
        self.api.call(
            "POST",
            f"/v1/dummy/checkout/{self.tenant.slug}/{order_id}",
            json={"outcome": "pay"},
            expect=200,
        )


class FakeVies:
    """VIES's REST API on 127.0.0.1, in a thread: ``POST /check-vat-number`` answers as
    VIES does: ``valid`` for the IDs in ``registered`` (compact, with their prefix), false
    for others, with a ``requestIdentifier``; ``down`` answers ``MS_UNAVAILABLE`` the way
    VIES does (``actionSucceed: false``, ``errorWrappers``); ``hang`` holds every answer
    until the test ends (a client's timeout); ``together = N`` holds each answer until N
    questions arrived (concurrent sales). ``asked`` lists the IDs asked about.

    Use as a context manager; set ``TUITION_OUTBOUND_ALLOWED_HOSTS=127.0.0.1`` so that the
    outbound policy lets Tuition reach it."""

    def __init__(self, registered: set[str] | None = None) -> None:
        self.registered = set(registered or ())
        self.down = False
        self.hang = False
        self.asked: list[str] = []
        #: With a number N: each answer waits until N questions arrived (concurrent sales).
        self.together: int | None = None
        self._barrier: threading.Barrier | None = None
        self._release = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    body = json.loads(self.rfile.read(length) or b"{}")
                except ValueError:
                    body = {}
                if self.path.rstrip("/") != "/check-vat-number" or not isinstance(body, dict):
                    return self._answer(404, {"actionSucceed": False, "errorWrappers": []})
                vat_id = f"{body.get('countryCode', '')}{body.get('vatNumber', '')}"
                fake.asked.append(vat_id)
                if fake.together:
                    if fake._barrier is None:
                        fake._barrier = threading.Barrier(fake.together)
                    fake._barrier.wait(timeout=30)
                if fake.hang:
                    fake._release.wait(30)
                    return self._answer(200, {"valid": True})
                if fake.down:
                    return self._answer(
                        200,
                        {
                            "actionSucceed": False,
                            "errorWrappers": [
                                {
                                    "error": "MS_UNAVAILABLE",
                                    "message": "The member state service is unavailable.",
                                }
                            ],
                        },
                    )
                valid = vat_id in fake.registered
                return self._answer(
                    200,
                    {
                        "countryCode": body.get("countryCode"),
                        "vatNumber": body.get("vatNumber"),
                        "requestDate": "2026-12-07T10:00:00.000Z",
                        "valid": valid,
                        "requestIdentifier": f"WAPIAAAAW{len(fake.asked):07d}" if valid else "",
                        "name": "ACME SARL" if valid else "---",
                        "address": "1 RUE DE LA PAIX, 75002 PARIS" if valid else "---",
                        "traderName": "---",
                        "traderStreet": "---",
                        "traderPostalCode": "---",
                        "traderCity": "---",
                        "traderCompanyType": "---",
                        "traderNameMatch": "NOT_PROCESSED",
                        "traderStreetMatch": "NOT_PROCESSED",
                        "traderPostalCodeMatch": "NOT_PROCESSED",
                        "traderCityMatch": "NOT_PROCESSED",
                        "traderCompanyTypeMatch": "NOT_PROCESSED",
                    },
                )

            def _answer(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                with contextlib.suppress(OSError):  # the client gave up waiting
                    self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The base URL to give as the ``vies_url`` setting."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> FakeVies:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._release.set()
        self._server.shutdown()
        self._server.server_close()
