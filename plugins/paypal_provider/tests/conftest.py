"""Fixtures: a fake PayPal on 127.0.0.1 and a harness that drives Tuition against it.

The plugin is found through its ``tuition.plugins`` entry point
(``pip install -e plugins/paypal_provider``); only core's ``recorder`` is added, through
core's ``tuition_plugins`` fixture, and enabled on every site: ``recorder.activated`` lists
each activation, ``recorder.events(type)`` the domain events. Every test runs on SQLite
and PostgreSQL.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from tuition.plugin_api import OrderInfo, Schedule
from tuition.testing.api import Api, StudentHandle, TenantHandle
from tuition.testing.recorders import Recorder
from tuition_paypal_provider.client import forget_tokens
from tuition_paypal_provider.testing import FakePayPal, running
from tuition_paypal_provider.webhooks import forget_certificates

PRICE = {"amount": 4900, "currency": "EUR"}
#: A course sold in installments (the ``installments`` plugin) beside its one-time price.
PLAN_PRICE = {"amount": 27000, "currency": "EUR"}
PLAN = {"count": 3, "amount": 10000, "interval": "month"}
#: A monthly membership with a setup fee, including the course ``python``.
MEMBERSHIP = {"interval": "month", "courses": ["python"], "setup_fee": 500}


@dataclass
class Site:
    """A tenant selling through its own (fake) PayPal REST app."""

    tenant: TenantHandle
    client_id: str
    client_secret: str
    webhook_id: str
    #: The plugin settings the tenant was created with (the fake's URL, credentials).
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return self.tenant.slug

    @property
    def admin(self) -> dict[str, str]:
        return self.tenant.admin


class Harness:
    """One-liners for the PayPal tests."""

    def __init__(self, api: Api, fake: FakePayPal) -> None:
        self.api = api
        self.fake = fake

    def settings(self, **overrides: Any) -> dict[str, Any]:
        token = secrets.token_hex(6)
        client_id, secret = f"client-{token}", f"secret-{token}"
        self.fake.add_account(client_id, secret)
        settings = {
            "client_id": client_id,
            "client_secret": secret,
            "webhook_id": f"WH-{token.upper()}",
            "environment": "sandbox",
            "api_base": self.fake.url,
            "cert_hosts": ["127.0.0.1"],
            "timeout_seconds": 5,
            **overrides,
        }
        return {key: value for key, value in settings.items() if value is not None}

    def site(
        self,
        *,
        capacity: int | None = 5,
        price: dict[str, Any] | None = None,
        course: str = "pro",
        status: str = "published",
        **overrides: Any,
    ) -> Site:
        settings = self.settings(**overrides)
        tenant = self.api.create_tenant({"paypal_provider": {"settings": settings}, "recorder": {}})
        self.api.create_course(
            tenant,
            course,
            pricing_model="one_time",
            capacity=capacity,
            price=price or PRICE,
            status=status,
        )
        return Site(
            tenant,
            settings["client_id"],
            settings["client_secret"],
            settings["webhook_id"],
            settings,
        )

    def adopt(self, tenant: TenantHandle, settings: dict[str, Any]) -> Site:
        """A tenant made elsewhere (a tenant file) that sells with ``settings``."""
        return Site(
            tenant,
            settings["client_id"],
            settings["client_secret"],
            settings["webhook_id"],
            settings,
        )

    def start(
        self, site: Site, student: StudentHandle | None = None, course: str = "pro"
    ) -> tuple[StudentHandle, dict[str, Any]]:
        student = student or self.api.signup(site.tenant)
        body = self.api.enroll(site.tenant, student, course, expect=202).get_json()
        return student, body["checkout"]

    def order(self, site: Site, order_id: str) -> dict[str, Any]:
        return self.api.call(
            "GET", f"/v1/admin/orders/{order_id}", headers=site.admin, expect=200
        ).get_json()

    def events(self, site: Site) -> list[dict[str, Any]]:
        return self.api.call(
            "GET", "/v1/admin/payment-events?page_size=100", headers=site.admin, expect=200
        ).get_json()["items"]

    def seats_left(self, site: Site, course: str = "pro") -> int:
        detail = self.api.call(
            "GET", f"/v1/courses/{course}", headers=site.tenant.storefront
        ).get_json()
        return int(detail["seats_left"])

    def refresh(self, student: StudentHandle, order_id: str, expect: int = 200) -> Any:
        return self.api.call(
            "POST", f"/v1/orders/{order_id}/refresh", headers=student.headers, expect=expect
        ).get_json()

    def deliver(self, site: Site, event: dict[str, Any], *, expect: int = 200, **sign: Any) -> Any:
        body, headers = self.fake.signed(event, site.webhook_id, **sign)
        return self.post_webhook(site, body, headers, expect=expect)

    def post_webhook(
        self, site: Site, body: bytes, headers: dict[str, str], *, expect: int = 200
    ) -> Any:
        return self.api.call(
            "POST", f"/v1/webhooks/paypal/{site.slug}", data=body, headers=headers, expect=expect
        ).get_json()

    def deliver_outbox(self, site: Site, event_type: str | None = None) -> list[Any]:
        return [self.deliver(site, e) for e in self.fake.take_events(event_type)]

    def outcomes(self, site: Site) -> dict[str, list[str]]:
        """The stored events' outcomes by PayPal event type, oldest first."""
        found: dict[str, list[str]] = {}
        for event in reversed(self.events(site)):
            found.setdefault(event["raw_type"], []).append(event["outcome"])
        return found

    # -- payment plans (PayPal subscriptions) ----------------------------------------------

    def plan_site(self, dunning: dict[str, Any] | None = None) -> Site:
        """A tenant selling course ``pro`` in installments (``PLAN``) through PayPal."""
        settings = self.settings(return_url="https://shop.example/orders/{ORDER_ID}")
        tenant = self.api.create_tenant(
            {
                "paypal_provider": {"settings": settings},
                "installments": {"settings": dunning or {}},
                "recorder": {},
            }
        )
        self.api.create_course(
            tenant,
            "pro",
            pricing_model="installments",
            price=PLAN_PRICE,
            attributes={"installments": PLAN},
        )
        return self.adopt(tenant, settings)

    def subscribe(self, site: Site) -> tuple[StudentHandle, str, str]:
        """Enroll with the plan and approve the subscription at PayPal: (student, order id,
        subscription id); its webhooks are queued, not delivered."""
        student = self.api.signup(site.tenant)
        checkout = self.api.call(
            "POST",
            "/v1/enrollments",
            json={"course": "pro", "payment_plan": "installments"},
            headers=student.headers,
            expect=202,
        ).get_json()["checkout"]
        assert (checkout["provider"], checkout["amount"]) == ("paypal", PLAN["amount"])
        subscription_id = checkout["paypal_subscription_id"]
        assert checkout["approve_url"].startswith(f"{self.fake.url}/webapps/billing/")
        self.fake.approve_subscription(subscription_id)
        return student, checkout["order_id"], subscription_id

    def plan_order(
        self, site: Site, order_id: str, subscription_id: str | None, **overrides: Any
    ) -> OrderInfo:
        """What core hands the provider for an order of ``PLAN`` (``overrides``: other
        fields of :class:`OrderInfo`)."""
        values: dict[str, Any] = {
            "id": order_id,
            "tenant_id": site.tenant.id,
            "tenant_slug": site.slug,
            "enrollment_id": "enr_1",
            "course_slug": "pro",
            "course_title": "Pro",
            "amount": PLAN["amount"],
            "currency": "EUR",
            "customer_email": None,
            "provider_reference": subscription_id,
            "schedule": Schedule(count=PLAN["count"], amount=PLAN["amount"], currency="EUR"),
        }
        return OrderInfo(**{**values, **overrides})

    def pay_off(
        self, student: StudentHandle, plan_id: str, expect: int = 200, **headers: str
    ) -> dict[str, Any]:
        """The student pays the plan's balance at once (its answer, or the problem)."""
        return dict(
            self.api.call(
                "POST",
                f"/v1/me/payment-plans/{plan_id}/pay-off",
                headers={**student.headers, **headers},
                expect=expect,
            ).get_json()
        )

    def my_plan(self, student: StudentHandle) -> dict[str, Any]:
        (plan,) = self.api.call(
            "GET", "/v1/me/payment-plans", headers=student.headers, expect=200
        ).get_json()["items"]
        return dict(plan)

    # -- memberships (PayPal subscriptions without an end) ---------------------------------

    def club_site(
        self,
        plan: dict[str, Any] | None = None,
        plugins: dict[str, Any] | None = None,
        **dunning: Any,
    ) -> Site:
        """A tenant selling the membership ``club`` (20 EUR a month, ``MEMBERSHIP``: a 5 EUR
        setup fee, including ``python``) through PayPal, the memberships plugin's settings
        ``dunning``, more ``plugins`` enabled."""
        settings = self.settings(return_url="https://shop.example/orders/{ORDER_ID}")
        tenant = self.api.create_tenant(
            {
                "paypal_provider": {"settings": settings},
                "memberships": {"settings": dunning},
                "recorder": {},
                **(plugins or {}),
            }
        )
        self.api.create_course(
            tenant,
            "club",
            pricing_model="subscription",
            price={"amount": 2000, "currency": "EUR"},
            attributes={"memberships": plan or MEMBERSHIP},
        )
        self.api.create_course(
            tenant, "python", pricing_model="one_time", price={"amount": 9900, "currency": "EUR"}
        )
        return self.adopt(tenant, settings)

    def join(self, site: Site) -> tuple[StudentHandle, dict[str, Any], str]:
        """Enroll in the club and approve the subscription at PayPal: (student, checkout,
        subscription id); its webhooks are queued, not delivered."""
        student = self.api.signup(site.tenant)
        checkout = self.api.enroll(site.tenant, student, "club", expect=202).get_json()
        subscription_id = checkout["checkout"]["paypal_subscription_id"]
        self.fake.approve_subscription(subscription_id)
        return student, checkout["checkout"], subscription_id

    def membership(self, student: StudentHandle) -> dict[str, Any]:
        (sub,) = self.api.call(
            "GET", "/v1/me/subscriptions", headers=student.headers, expect=200
        ).get_json()["items"]
        return dict(sub)

    def state(self, student: StudentHandle, slug: str) -> str:
        course = self.api.call("GET", f"/v1/courses/{slug}", headers=student.headers, expect=200)
        return str(course.get_json()["enroll_state"])

    def enroll_state(self, student: StudentHandle) -> str:
        course = self.api.call("GET", "/v1/courses/pro", headers=student.headers).get_json()
        return str(course["enroll_state"])


@pytest.fixture(autouse=True)
def _paypal_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # The operator allows the fake's loopback host; caches never leak between tests.
    monkeypatch.setenv("TUITION_PAYPAL_EXTRA_HOSTS", "127.0.0.1")
    forget_tokens()
    forget_certificates()
    yield
    forget_tokens()
    forget_certificates()


@pytest.fixture
def fake() -> Iterator[FakePayPal]:
    with running() as server:
        yield server


@pytest.fixture
def tuition_plugins(recorder: Recorder) -> list[tuple[str, Any]]:
    return [("recorder", recorder)]


@pytest.fixture
def paypal(api: Api, fake: FakePayPal) -> Harness:
    return Harness(api, fake)
