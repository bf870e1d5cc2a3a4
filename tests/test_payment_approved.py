"""``payment.approved``: the webhook only records the approval; the event's job asks the
provider to complete it (``fetch_status``), so no provider call that moves money runs inside
the webhook request."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tuition.plugin_api import (
    Capabilities,
    CheckoutSession,
    OrderInfo,
    PaymentError,
    PaymentProvider,
    PluginInfo,
    ProviderEvent,
    ProviderStatus,
    RefundResult,
    WebhookRequest,
    WebhookVerificationError,
    hookimpl,
)


class ApprovalGateway:
    """The provider's side: which orders were approved, and each completion call."""

    def __init__(self) -> None:
        self.completions: list[str] = []
        self.fail_next = False


class ApproveThenCapture(PaymentProvider):
    name = "approver"
    capabilities = Capabilities(currencies=frozenset({"EUR"}), refunds=False, partial_refunds=False)
    gateway: ApprovalGateway

    def create_checkout(self, order: OrderInfo) -> CheckoutSession:
        return CheckoutSession(reference=f"ap_{order.id}", frontend={"approve": "yes"})

    def verify_webhook(self, request: WebhookRequest) -> list[ProviderEvent]:
        if request.headers.get("X-Signed") != "yes":
            raise WebhookVerificationError("unsigned")
        data = json.loads(request.body)
        return [
            ProviderEvent(
                event_id=data["id"],
                kind="payment.approved",
                raw_type="approved",
                order_id=data["order"],
                payload=data,
            )
        ]

    def fetch_status(self, order: OrderInfo) -> ProviderStatus:
        if self.gateway.fail_next:
            self.gateway.fail_next = False
            raise PaymentError("the provider is down")
        self.gateway.completions.append(order.id)
        return ProviderStatus(
            kind="payment.succeeded",
            payment_id=f"cap_{order.id}",
            amount=order.amount,
            currency=order.currency,
        )

    def refund(self, order: OrderInfo, amount: int) -> RefundResult:
        raise PaymentError("no refunds", retryable=False)


class ApproverPlugin:
    TUITION_PLUGIN = PluginInfo(title="Approve-then-capture test provider", category="payment")

    def __init__(self, gateway: ApprovalGateway) -> None:
        ApproveThenCapture.gateway = gateway

    @hookimpl
    def tuition_payment_providers(self) -> list[type[PaymentProvider]]:
        return [ApproveThenCapture]


@pytest.fixture
def gateway() -> ApprovalGateway:
    return ApprovalGateway()


@pytest.fixture
def tuition_plugins(gateway: ApprovalGateway) -> list[tuple[str, Any]]:
    return [("approver_plugin", ApproverPlugin(gateway))]


@pytest.fixture
def shop(api: Any) -> Any:
    tenant = api.create_tenant({"approver_plugin": {}})
    api.create_course(
        tenant, "paid", pricing_model="one_time", price={"amount": 2500, "currency": "EUR"}
    )
    return tenant


def _approve(api: Any, tenant: Any, order_id: str, event_id: str) -> Any:
    return api.call(
        "POST",
        f"/v1/webhooks/approver/{tenant.slug}",
        data=json.dumps({"id": event_id, "order": order_id}),
        headers={"X-Signed": "yes", "Content-Type": "application/json"},
    )


def _order(api: Any, tenant: Any, student: Any, order_id: str) -> dict[str, Any]:
    return api.call("GET", f"/v1/orders/{order_id}", headers=student.headers, expect=200).get_json()


def test_approval_is_completed_once_by_the_job(
    api: Any, shop: Any, gateway: ApprovalGateway
) -> None:
    student = api.signup(shop)
    order_id = api.enroll(shop, student, "paid", expect=202).get_json()["checkout"]["order_id"]
    for _ in range(3):  # duplicates: stored once, completed once
        assert _approve(api, shop, order_id, "evt_1").status_code == 200
    assert gateway.completions == [order_id]
    order = _order(api, shop, student, order_id)
    assert order["status"] == "paid"
    enrollments = api.call(
        "GET", "/v1/me/enrollments", headers=student.headers, expect=200
    ).get_json()["items"]
    assert [e["status"] for e in enrollments] == ["active"]


def test_a_second_approval_of_a_paid_order_calls_nobody(
    api: Any, shop: Any, gateway: ApprovalGateway
) -> None:
    student = api.signup(shop)
    order_id = api.enroll(shop, student, "paid", expect=202).get_json()["checkout"]["order_id"]
    _approve(api, shop, order_id, "evt_1")
    _approve(api, shop, order_id, "evt_2")  # a different event for the same approval
    assert gateway.completions == [order_id]


def test_provider_failure_leaves_the_event_for_a_replay(
    api: Any, shop: Any, gateway: ApprovalGateway
) -> None:
    student = api.signup(shop)
    order_id = api.enroll(shop, student, "paid", expect=202).get_json()["checkout"]["order_id"]
    gateway.fail_next = True
    assert _approve(api, shop, order_id, "evt_1").status_code == 200  # stored, job failed
    assert _order(api, shop, student, order_id)["status"] == "pending"
    events = api.call("GET", "/v1/admin/payment-events", headers=shop.admin, expect=200).get_json()[
        "items"
    ]
    assert [(e["kind"], e["status"]) for e in events] == [("payment.approved", "received")]
    api.call(
        "POST", f"/v1/admin/payment-events/{events[0]['id']}/replay", headers=shop.admin, expect=202
    )
    assert _order(api, shop, student, order_id)["status"] == "paid"
    assert gateway.completions == [order_id]


def test_bad_signature_stores_nothing_and_calls_nobody(
    api: Any, shop: Any, gateway: ApprovalGateway
) -> None:
    student = api.signup(shop)
    order_id = api.enroll(shop, student, "paid", expect=202).get_json()["checkout"]["order_id"]
    response = api.call(
        "POST",
        f"/v1/webhooks/approver/{shop.slug}",
        data=json.dumps({"id": "evt_1", "order": order_id}),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.get_json()["code"] == "invalid_webhook"
    assert gateway.completions == []
    events = api.call("GET", "/v1/admin/payment-events", headers=shop.admin, expect=200).get_json()[
        "items"
    ]
    assert events == []
