"""Refunds through PayPal's captures API, full and partial, from Tuition or from PayPal's
dashboard; refund webhooks carry the capture's cumulative refunded total."""

from __future__ import annotations

from typing import Any

import pytest


def paid_order(paypal: Any, fake: Any, site: Any) -> tuple[dict[str, Any], str]:
    student, checkout = paypal.start(site)
    fake.approve(checkout["paypal_order_id"])
    assert paypal.refresh(student, checkout["order_id"])["status"] == "paid"
    fake.take_events()
    [capture_id] = [
        c for c, capture in fake.captures.items() if capture["invoice_id"] == checkout["order_id"]
    ]
    return checkout, capture_id


def refund_requests(fake: Any) -> list[str | None]:
    return [
        rid for method, path, rid in fake.requests if method == "POST" and path.endswith("/refund")
    ]


def test_partial_then_full_refund(paypal, fake, api):
    site = paypal.site()
    checkout, capture_id = paid_order(paypal, fake, site)
    order_id = checkout["order_id"]
    url = f"/v1/admin/orders/{order_id}/refund"

    part = api.call("POST", url, json={"amount": 900}, headers=site.admin, expect=200).get_json()
    assert part["outcome"] == "partially_refunded"
    assert (part["order"]["refunded_amount"], part["order"]["enrollment_status"]) == (900, "active")
    [first] = fake.refunds.values()
    assert first["amount"] == {"currency_code": "EUR", "value": "9.00"}
    assert first["custom_id"] == f"{site.tenant.id}:{order_id}"
    assert fake.captures[capture_id]["status"] == "PARTIALLY_REFUNDED"
    # PayPal's webhook for it reports 9.00 refunded in all: nothing more happens.
    assert paypal.deliver_outbox(site, "PAYMENT.CAPTURE.REFUNDED")[0]["received"] == 1
    assert paypal.order(site, order_id)["refunded_amount"] == 900

    rest = api.call("POST", url, json={}, headers=site.admin, expect=200).get_json()
    assert rest["outcome"] == "refunded"
    assert (rest["order"]["refunded_amount"], rest["order"]["enrollment_status"]) == (
        4900,
        "refunded",
    )
    assert fake.captures[capture_id]["status"] == "REFUNDED"
    assert sorted(r["amount"]["value"] for r in fake.refunds.values()) == ["40.00", "9.00"]
    assert refund_requests(fake) == [
        f"tuition-refund-{order_id}-0-900",
        f"tuition-refund-{order_id}-900-4000",
    ]
    paypal.deliver_outbox(site, "PAYMENT.CAPTURE.REFUNDED")
    final = paypal.order(site, order_id)
    assert (final["status"], final["refunded_amount"]) == ("refunded", 4900)
    assert [t["to_status"] for t in final["transitions"]] == [
        "checkout_pending",
        "pending",
        "paid",
        "partially_refunded",
        "refunded",
    ]
    assert paypal.seats_left(site) == 5
    outcomes = [e["outcome"] for e in paypal.events(site)]
    assert outcomes == ["already_settled", "already_settled"]
    again = api.call("POST", url, json={}, headers=site.admin, expect=409).get_json()
    assert again["code"] == "order_not_refundable"


def test_refunds_in_paypals_dashboard_arrive_by_webhook_in_any_order(paypal, fake):
    site = paypal.site()
    checkout, capture_id = paid_order(paypal, fake, site)
    fake.refund_in_dashboard(capture_id, 1000)
    fake.refund_in_dashboard(capture_id, 500)
    first, second = fake.take_events("PAYMENT.CAPTURE.REFUNDED")
    paypal.deliver(site, second)  # cumulative 15.00 arrives first
    paypal.deliver(site, first)  # cumulative 10.00, late: changes nothing
    assert paypal.deliver(site, second)["duplicates"] == 1
    order = paypal.order(site, checkout["order_id"])
    assert (order["status"], order["refunded_amount"]) == ("partially_refunded", 1500)
    assert order["enrollment_status"] == "active"


def test_refund_webhook_without_breakdown_or_custom_id_is_looked_up(paypal, fake):
    site = paypal.site()
    checkout, capture_id = paid_order(paypal, fake, site)
    fake.refund_in_dashboard(capture_id)  # the whole capture
    [event] = fake.take_events("PAYMENT.CAPTURE.REFUNDED")
    event["resource"].pop("seller_payable_breakdown")
    event["resource"].pop("custom_id")
    paypal.deliver(site, event)
    order = paypal.order(site, checkout["order_id"])
    assert (order["status"], order["refunded_amount"]) == ("refunded", 4900)
    assert order["enrollment_status"] == "refunded"
    looked_up = [path for method, path, _ in fake.requests if method == "GET"]
    assert f"/v2/payments/captures/{capture_id}" in looked_up
    assert any(path.startswith("/v2/payments/refunds/") for path in looked_up)


@pytest.mark.parametrize(
    "status, code", [(422, "payment_provider_error"), (503, "payment_provider_unavailable")]
)
def test_a_failing_refund_changes_nothing(paypal, fake, api, status, code):
    site = paypal.site()
    checkout, _ = paid_order(paypal, fake, site)
    body = (
        {"name": "UNPROCESSABLE_ENTITY", "details": [{"issue": "REFUND_AMOUNT_EXCEEDED"}]}
        if status == 422
        else None
    )
    fake.fail_next("refund", status, body)
    problem = api.call(
        "POST",
        f"/v1/admin/orders/{checkout['order_id']}/refund",
        json={},
        headers=site.admin,
        expect=502 if status == 422 else 503,
    ).get_json()
    assert problem["code"] == code
    assert "PayPal" in problem["detail"]
    order = paypal.order(site, checkout["order_id"])
    assert (order["status"], order["refunded_amount"]) == ("paid", 0)
    assert fake.refunds == {}
