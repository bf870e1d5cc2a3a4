"""Webhook signatures verified offline exactly as PayPal signs them; anything forged,
altered, stale or signed with a certificate from outside the allow-list is refused with a
400 and stores nothing. Verifying an approval calls no PayPal API: capturing is the job's."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest

from tuition.plugin_api import WebhookRequest
from tuition.testing.payments import stored_events
from tuition_paypal_provider.provider import PayPalProvider
from tuition_paypal_provider.testing import make_signing_identity, sign_webhook

#: Each forgery and (part of) the reason given in the 400.
FORGERIES = {
    "bad_signature": "signature mismatch",
    "other_key": "signature mismatch",
    "cert_not_allowed": "not in the allow-list",
    "cert_http_not_loopback": "only https",
    "cert_with_userinfo": "without a plain host",
    "altered_body": "signature mismatch",
    "stale": "tolerance window",
    "future": "tolerance window",
    "other_webhook_id": "signature mismatch",
    "wrong_algorithm": "PAYPAL-AUTH-ALGO",
    "missing_header": "missing header PAYPAL-TRANSMISSION-ID",
    "garbage_body": "unreadable payload",
    "expired_certificate": "not valid now",
    "non_ascii_signature": "malformed PAYPAL-TRANSMISSION-SIG",
}


@pytest.mark.parametrize("forgery", sorted(FORGERIES))
def test_forged_webhooks_are_refused_and_store_nothing(paypal, fake, forgery):
    # PayPal's own host is allowed too, to show that plain http is refused for it.
    site = paypal.site(cert_hosts=["127.0.0.1", "api.paypal.com"])
    _, checkout = paypal.start(site)
    fake.approve(checkout["paypal_order_id"])
    [event] = fake.take_events("CHECKOUT.ORDER.APPROVED")
    body = json.dumps(event).encode()
    sign = {"webhook_id": site.webhook_id, "cert_url": fake.cert_url, "key": fake.key}
    if forgery == "other_key":
        sign["key"] = make_signing_identity()[0]
    elif forgery == "cert_not_allowed":
        sign["cert_url"] = "https://evil.example/certs/CERT-1"
    elif forgery == "cert_http_not_loopback":
        sign["cert_url"] = "http://api.paypal.com/v1/notifications/certs/CERT-1"
    elif forgery == "cert_with_userinfo":
        sign["cert_url"] = f"https://evil.example@127.0.0.1{fake.cert_path}"
    elif forgery == "stale":
        sign["at"] = datetime.now(UTC) - timedelta(minutes=10)
    elif forgery == "future":
        sign["at"] = datetime.now(UTC) + timedelta(minutes=10)
    elif forgery == "other_webhook_id":
        sign["webhook_id"] = "WH-SOMEONE-ELSES"
    elif forgery == "wrong_algorithm":
        sign["algo"] = "SHA1withRSA"
    elif forgery == "garbage_body":
        body = b"not json"
    elif forgery == "expired_certificate":
        fake.key, fake.cert_pem = make_signing_identity(expired=True)
        sign["key"] = fake.key
    headers = sign_webhook(body, **sign)
    if forgery == "bad_signature":
        headers["PAYPAL-TRANSMISSION-SIG"] = base64.b64encode(b"\0" * 256).decode()
    elif forgery == "altered_body":
        body = body.replace(b'"49.00"', b'"0.49"')
    elif forgery == "missing_header":
        del headers["PAYPAL-TRANSMISSION-ID"]
    elif forgery == "non_ascii_signature":
        headers["PAYPAL-TRANSMISSION-SIG"] = "\u00e9" + headers["PAYPAL-TRANSMISSION-SIG"]

    problem = paypal.post_webhook(site, body, headers, expect=400)
    assert problem["code"] == "invalid_webhook"
    assert FORGERIES[forgery] in problem["detail"]
    assert paypal.events(site) == []
    assert paypal.order(site, checkout["order_id"])["status"] == "pending"
    assert fake.capture_count == 0
    if forgery.startswith("cert_") or forgery in (
        "stale",
        "future",
        "wrong_algorithm",
        "missing_header",
    ):
        assert fake.cert_fetches == 0  # refused before anything was fetched


def test_the_certificate_is_fetched_once_and_cached(paypal, fake):
    site = paypal.site()
    for _ in range(3):
        _, checkout = paypal.start(site)
        fake.approve(checkout["paypal_order_id"])
        paypal.deliver_outbox(site)
    assert fake.cert_fetches == 1


def test_the_certificate_host_failing_is_a_503_not_a_forgery(paypal, fake):
    site = paypal.site()
    _, checkout = paypal.start(site)
    fake.approve(checkout["paypal_order_id"])
    [event] = fake.take_events()
    fake.fail_next("cert", 503)
    assert paypal.deliver(site, event, expect=503)["code"] == "payment_provider_unavailable"
    assert paypal.events(site) == []
    assert paypal.deliver(site, event)["received"] == 1  # PayPal's redelivery


def test_default_allow_list_is_paypal_only(paypal, fake, api):
    """Without ``cert_hosts`` only PayPal's hosts are allowed: the fake's is refused."""
    site = paypal.site(cert_hosts=None)
    settings = api.call(
        "GET", "/v1/admin/plugins/paypal_provider", headers=site.admin, expect=200
    ).get_json()["settings"]
    assert settings["cert_hosts"] == [
        "api.paypal.com",
        "api-m.paypal.com",
        "api.sandbox.paypal.com",
        "api-m.sandbox.paypal.com",
    ]
    _, checkout = paypal.start(site)
    fake.approve(checkout["paypal_order_id"])
    [event] = fake.take_events()
    problem = paypal.deliver(site, event, expect=400)
    assert "allow-list" in problem["detail"]
    assert fake.cert_fetches == 0


def test_events_naming_another_tenant_are_ignored_and_capture_nothing(paypal, fake):
    site = paypal.site()
    other = paypal.site()
    _, checkout = paypal.start(other)
    fake.approve(checkout["paypal_order_id"])
    [event] = fake.take_events()
    # Delivered (validly signed) to the wrong tenant's endpoint.
    assert paypal.deliver(site, event) == {"received": 0, "duplicates": 0, "ignored": 1}
    assert fake.capture_count == 0
    assert paypal.order(other, checkout["order_id"])["status"] == "pending"


def test_events_of_other_shops_on_the_same_account_are_ignored(paypal, fake):
    site = paypal.site()
    _, checkout = paypal.start(site)
    fake.approve(checkout["paypal_order_id"])
    [event] = fake.take_events()
    event["resource"]["purchase_units"][0].pop("custom_id")  # not created by Tuition
    assert paypal.deliver(site, event)["received"] == 1
    [stored] = paypal.events(site)
    assert (stored["kind"], stored["outcome"]) == ("ignored", "no_matching_order")
    assert fake.capture_count == 0


def test_stored_events_keep_no_payer_details(paypal, fake, runtime):
    site = paypal.site()
    _, checkout = paypal.start(site)
    fake.approve(checkout["paypal_order_id"])
    paypal.deliver_outbox(site)
    [row] = stored_events(runtime, site.tenant.id)
    text = json.dumps(row.payload)
    assert "buyer@example.com" not in text and "payer" not in text
    assert row.payload["resource"]["purchase_units"][0]["custom_id"].endswith(checkout["order_id"])


def test_unknown_event_types_are_stored_as_ignored(paypal, fake):
    site = paypal.site()
    _, checkout = paypal.start(site)
    resource = fake._public(fake.orders[checkout["paypal_order_id"]])
    paypal.deliver(site, fake.event("CHECKOUT.ORDER.SAVED", "checkout-order", resource))
    [stored] = paypal.events(site)
    assert (stored["kind"], stored["outcome"]) == ("ignored", "no_action")
    assert paypal.order(site, checkout["order_id"])["status"] == "pending"


def test_verifying_an_approval_moves_no_money_and_calls_no_paypal_api(paypal, fake):
    """``verify_webhook`` alone (what the webhook request runs before storing): the
    approval comes back as ``payment.approved``; the only request is for the signing
    certificate. Capturing is left to the event's job (``fetch_status``)."""
    site = paypal.site()
    _, checkout = paypal.start(site)
    fake.approve(checkout["paypal_order_id"])
    [approved] = fake.take_events("CHECKOUT.ORDER.APPROVED")
    body, headers = fake.signed(approved, site.webhook_id)
    before = len(fake.requests)
    provider = PayPalProvider(site.settings)
    [event] = provider.verify_webhook(
        WebhookRequest(body=body, headers=headers, tenant_id=site.tenant.id, tenant_slug=site.slug)
    )
    assert (event.kind, event.raw_type, event.order_id, event.tenant_id) == (
        "payment.approved",
        "CHECKOUT.ORDER.APPROVED",
        checkout["order_id"],
        site.tenant.id,
    )
    assert (event.amount, event.currency, event.payment_id) == (None, None, None)
    assert fake.requests[before:] == [("GET", fake.cert_path, None)]
    assert fake.capture_count == 0
    assert fake.orders[checkout["paypal_order_id"]]["status"] == "APPROVED"
