"""Fixtures: a fake Stripe API on 127.0.0.1 and a harness that drives Tuition against it.

The plugin is not registered here: it is found through its ``tuition.plugins`` entry point
(``pip install -e plugins/stripe_provider``). Only core's ``recorder`` is added, through
core's ``tuition_plugins`` fixture; ``recorder.activated`` lists each activation.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tuition.plugin_api import OrderInfo, Schedule
from tuition.testing.api import Api, StudentHandle, TenantHandle
from tuition.testing.recorders import Recorder
from tuition_stripe_provider.testing import FakeStripe, order_info, running, signed_webhook

PRICE = {"amount": 4900, "currency": "EUR"}
#: A monthly membership with a setup fee, including the course ``python``.
MEMBERSHIP = {"interval": "month", "courses": ["python"], "setup_fee": 500}
#: A payment plan: 3 monthly installments of 100 EUR.
INSTALLMENTS = {"count": 3, "amount": 10000, "interval": "month"}


@dataclass
class Site:
    """A tenant selling through its own (fake) Stripe account."""

    tenant: TenantHandle
    secret_key: str
    publishable_key: str
    webhook_secret: str

    @property
    def slug(self) -> str:
        return self.tenant.slug

    @property
    def admin(self) -> dict[str, str]:
        return self.tenant.admin


class Harness:
    """One-liners for the Stripe tests."""

    def __init__(self, api: Api, fake: FakeStripe) -> None:
        self.api = api
        self.fake = fake

    def settings(self, **overrides: Any) -> dict[str, Any]:
        token = secrets.token_hex(6)
        return {
            "secret_key": f"sk_test_{token}",
            "publishable_key": f"pk_test_{token}",
            "webhook_secret": f"whsec_{token}",
            "return_url": "https://shop.example/paid?session={CHECKOUT_SESSION_ID}"
            "&order={ORDER_ID}",
            "api_base": self.fake.url,
            "max_network_retries": 0,
            "timeout_seconds": 5,
            **overrides,
        }

    def site(
        self,
        *,
        capacity: int | None = 5,
        price: dict[str, Any] | None = None,
        course: str | None = "pro",
        attributes: dict[str, Any] | None = None,
        status: str = "published",
        pricing_model: str = "one_time",
        plugins: dict[str, Any] | None = None,
        **overrides: Any,
    ) -> Site:
        """A tenant with the Stripe provider (and ``plugins``, name → config) and, unless
        ``course`` is None, a published course sold by ``pricing_model``."""
        settings = self.settings(**overrides)
        tenant = self.api.create_tenant(
            {
                "free_enrollment": {},
                "recorder": {},
                "stripe_provider": {"settings": settings},
                **(plugins or {}),
            }
        )
        if course:
            extra = {"attributes": attributes} if attributes else {}
            self.api.create_course(
                tenant,
                course,
                title="Pro Course",
                pricing_model=pricing_model,
                price=price or PRICE,
                capacity=capacity,
                status=status,
                **extra,
            )
        return Site(
            tenant, settings["secret_key"], settings["publishable_key"], settings["webhook_secret"]
        )

    def start(
        self, site: Site, student: StudentHandle | None = None, course: str = "pro"
    ) -> tuple[StudentHandle, dict[str, Any]]:
        student = student or self.api.signup(site.tenant)
        body = self.api.enroll(site.tenant, student, course, expect=202).get_json()
        return student, body

    def deliver(
        self,
        site: Site,
        event: dict[str, Any],
        *,
        secret: str | None = None,
        expect: int = 200,
        **sign: Any,
    ) -> dict[str, Any]:
        body, headers = signed_webhook(event, secret or site.webhook_secret, **sign)
        return self.post_webhook(site, body, headers, expect=expect)

    def post_webhook(
        self, site: Site, body: bytes, headers: dict[str, str], *, expect: int = 200
    ) -> dict[str, Any]:
        response = self.api.call(
            "POST", f"/v1/webhooks/stripe/{site.slug}", data=body, headers=headers, expect=expect
        )
        result: dict[str, Any] = response.get_json()
        return result

    def order(self, site: Site, order_id: str) -> dict[str, Any]:
        result: dict[str, Any] = self.api.call(
            "GET", f"/v1/admin/orders/{order_id}", headers=site.admin, expect=200
        ).get_json()
        return result

    def orders(self, site: Site) -> dict[str, Any]:
        result: dict[str, Any] = self.api.call(
            "GET", "/v1/admin/orders", headers=site.admin, expect=200
        ).get_json()
        return result

    def events(self, site: Site) -> dict[str, Any]:
        result: dict[str, Any] = self.api.call(
            "GET", "/v1/admin/payment-events", headers=site.admin, expect=200
        ).get_json()
        return result

    def enrollments(self, site: Site) -> dict[str, Any]:
        result: dict[str, Any] = self.api.call(
            "GET", "/v1/admin/enrollments", headers=site.admin, expect=200
        ).get_json()
        return result

    def seats_left(self, site: Site, course: str = "pro") -> int:
        detail = self.api.call(
            "GET", f"/v1/courses/{course}", headers=site.tenant.storefront, expect=200
        ).get_json()
        return int(detail["seats_left"])

    def refund(self, site: Site, order_id: str, expect: int = 200, **body: Any) -> dict[str, Any]:
        result: dict[str, Any] = self.api.call(
            "POST",
            f"/v1/admin/orders/{order_id}/refund",
            json=body,
            headers=site.admin,
            expect=expect,
        ).get_json()
        return result

    # -- payment plans (the installments plugin) ----------------------------------------------

    def plan_site(self, **dunning: Any) -> Site:
        """A site selling the course "pro" in ``INSTALLMENTS`` through Stripe, the
        installments plugin's settings ``dunning``."""
        return self.site(
            pricing_model="installments",
            price={"amount": 27000, "currency": "EUR"},
            attributes={"installments": INSTALLMENTS},
            plugins={"installments": {"settings": dunning}},
        )

    def start_plan(self, site: Site) -> tuple[StudentHandle, dict[str, Any], dict[str, Any]]:
        """Enroll with the plan and pay the first installment in the embedded checkout
        (Stripe's event not delivered): (student, checkout, the completed session)."""
        student = self.api.signup(site.tenant)
        body = self.api.call(
            "POST",
            "/v1/enrollments",
            json={"course": "pro", "payment_plan": "installments"},
            headers=student.headers,
            expect=202,
        ).get_json()
        checkout = body["checkout"]
        session = self.fake.complete(checkout["session_id"])
        return student, checkout, session

    def my_plan(self, student: StudentHandle) -> dict[str, Any]:
        (plan,) = self.api.call(
            "GET", "/v1/me/payment-plans", headers=student.headers, expect=200
        ).get_json()["items"]
        return dict(plan)

    @staticmethod
    def order_info(site: Site, order_id: str, session_id: str) -> OrderInfo:
        """What core hands the provider about a plan's order."""
        schedule = Schedule(**INSTALLMENTS, currency="EUR")  # type: ignore[arg-type]
        return order_info(order_id, site.tenant.id, site.slug, session_id, schedule=schedule)

    # -- memberships (subscriptions without an end) ------------------------------------------

    def club_site(
        self,
        plan: dict[str, Any] | None = None,
        plugins: dict[str, Any] | None = None,
        stripe: dict[str, Any] | None = None,
        **dunning: Any,
    ) -> Site:
        """A site selling the membership ``club`` (20 EUR a month, ``MEMBERSHIP``: a 5 EUR
        setup fee, including ``python``), the memberships plugin's settings ``dunning``,
        more ``plugins`` enabled, the Stripe settings overridden by ``stripe``."""
        site = self.site(
            **(stripe or {}),
            course="club",
            pricing_model="subscription",
            price={"amount": 2000, "currency": "EUR"},
            attributes={"memberships": plan or MEMBERSHIP},
            plugins={"memberships": {"settings": dunning}, **(plugins or {})},
        )
        self.api.create_course(
            site.tenant,
            "python",
            pricing_model="one_time",
            price={"amount": 9900, "currency": "EUR"},
        )
        return site

    def join(self, site: Site) -> tuple[StudentHandle, dict[str, Any], dict[str, Any]]:
        """Enroll in the club and pay in the embedded checkout; Stripe's event delivered:
        (student, checkout, the completed Checkout Session)."""
        student = self.api.signup(site.tenant)
        checkout = self.api.enroll(site.tenant, student, "club", expect=202).get_json()
        session = self.fake.complete(checkout["checkout"]["session_id"])
        self.deliver(site, self.fake.event("checkout.session.completed", session))
        return student, checkout["checkout"], session

    def membership(self, student: StudentHandle) -> dict[str, Any]:
        (sub,) = self.api.call(
            "GET", "/v1/me/subscriptions", headers=student.headers, expect=200
        ).get_json()["items"]
        return dict(sub)

    def state(self, student: StudentHandle, slug: str) -> str:
        course = self.api.call("GET", f"/v1/courses/{slug}", headers=student.headers, expect=200)
        return str(course.get_json()["enroll_state"])

    def pay(self, site: Site, body: dict[str, Any], payment_status: str = "paid") -> dict[str, Any]:
        """The buyer completes the embedded checkout; Stripe sends the webhook."""
        session = self.fake.complete(body["checkout"]["session_id"], payment_status)
        self.deliver(site, self.fake.event("checkout.session.completed", session))
        return session


@pytest.fixture(autouse=True)
def _stripe_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # The operator allows the fake's loopback host (api_base is refused otherwise).
    monkeypatch.setenv("TUITION_STRIPE_EXTRA_HOSTS", "127.0.0.1")


@pytest.fixture
def fake_stripe() -> Iterator[FakeStripe]:
    yield from running()


@pytest.fixture
def tuition_plugins(recorder: Recorder) -> list[tuple[str, Any]]:
    return [("recorder", recorder)]


@pytest.fixture
def stripe_env(api: Api, fake_stripe: FakeStripe) -> Harness:
    return Harness(api, fake_stripe)
