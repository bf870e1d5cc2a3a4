"""The demo tenant ``tenants/bootcamp.toml`` switched from dummy to Stripe and back by
configuration alone, through the admin API: enable ``stripe_provider`` with the account's
settings (pointed at the fake Stripe) and make ``stripe`` the tenant's payment provider;
making ``dummy`` the provider again switches back. No code changes, no restart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tuition.testing.api import Api, StudentHandle, TenantHandle
from tuition.testing.tenants import sync_tenant_files
from tuition_stripe_provider.testing import signed_webhook

DEMO = Path(__file__).resolve().parents[3] / "tenants" / "bootcamp.toml"
COURSE = "web-bootcamp"  # the demo's paid course: 1200.00 EUR


def buy(api: Api, tenant: TenantHandle, student: StudentHandle) -> dict[str, Any]:
    """Enroll in the paid course as a storefront does, choosing the first open cohort when
    the course is sold per cohort (``extensions.cohorts``)."""
    detail = api.call(
        "GET", f"/v1/courses/{COURSE}", headers=student.headers, expect=200
    ).get_json()
    cohorts = [
        c
        for c in (detail.get("extensions") or {}).get("cohorts", [])
        if c.get("enroll_state") == "available"
    ]
    body = {"course": COURSE, **({"cohort": cohorts[0]["slug"]} if cohorts else {})}
    result: dict[str, Any] = api.call(
        "POST", "/v1/enrollments", json=body, headers=student.headers, expect=202
    ).get_json()
    return result


def order(api: Api, tenant: TenantHandle, order_id: str) -> dict[str, Any]:
    result: dict[str, Any] = api.call(
        "GET", f"/v1/admin/orders/{order_id}", headers=tenant.admin, expect=200
    ).get_json()
    return result


def test_the_bootcamp_switches_to_stripe_and_back_by_configuration(
    runtime, api, stripe_env, fake_stripe, tmp_path
):
    (tmp_path / "bootcamp.toml").write_text(DEMO.read_text())
    [created] = sync_tenant_files(runtime, tmp_path)
    assert created.created and created.slug == "web-bootcamp"
    admin = {"Authorization": f"Bearer {created.secret_key}"}
    tenant_id = api.call("GET", "/v1/admin/tenant", headers=admin, expect=200).get_json()["id"]
    bootcamp = TenantHandle(tenant_id, "web-bootcamp", "pk_demo_web_bootcamp", created.secret_key)

    # -- switch to Stripe: enable the plugin, make it the tenant's provider --------------
    settings = stripe_env.settings()
    api.call(
        "PUT",
        "/v1/admin/plugins/stripe_provider",
        json={"enabled": True, "settings": settings},
        headers=admin,
        expect=200,
    )
    tenant = api.call(
        "PATCH", "/v1/admin/tenant", json={"payment_provider": "stripe"}, headers=admin, expect=200
    ).get_json()
    assert tenant["payment_provider"] == "stripe"

    student = api.signup(bootcamp)
    body = buy(api, bootcamp, student)
    checkout = body["checkout"]
    assert (checkout["provider"], checkout["amount"], checkout["currency"]) == (
        "stripe",
        120000,
        "EUR",
    )
    assert checkout["publishable_key"] == settings["publishable_key"]
    # The buyer pays in the embedded checkout; Stripe sends the signed webhook.
    session = fake_stripe.complete(checkout["session_id"])
    webhook, headers = signed_webhook(
        fake_stripe.event("checkout.session.completed", session), settings["webhook_secret"]
    )
    ack = api.call(
        "POST", "/v1/webhooks/stripe/web-bootcamp", data=webhook, headers=headers, expect=200
    ).get_json()
    assert ack == {"received": 1, "duplicates": 0, "ignored": 0}
    paid = order(api, bootcamp, checkout["order_id"])
    assert (paid["status"], paid["enrollment_status"], paid["provider"]) == (
        "paid",
        "active",
        "stripe",
    )
    board = api.call("GET", "/v1/me/dashboard", headers=student.headers).get_json()
    assert [o["course"]["slug"] for o in board["owned"]] == [COURSE]

    # -- switch back: dummy is the tenant's provider again ---------------------------------
    tenant = api.call(
        "PATCH", "/v1/admin/tenant", json={"payment_provider": "dummy"}, headers=admin, expect=200
    ).get_json()
    assert tenant["payment_provider"] == "dummy"
    sessions = len(fake_stripe.calls("POST", "/v1/checkout/sessions"))
    other = api.signup(bootcamp)
    checkout = buy(api, bootcamp, other)["checkout"]
    assert checkout["provider"] == "dummy"
    api.call("POST", checkout["pay_url"], json={"outcome": "pay"}, expect=200)
    again = order(api, bootcamp, checkout["order_id"])
    assert (again["status"], again["enrollment_status"], again["provider"]) == (
        "paid",
        "active",
        "dummy",
    )
    assert len(fake_stripe.calls("POST", "/v1/checkout/sessions")) == sessions  # not asked
    assert order(api, bootcamp, paid["id"])["status"] == "paid"  # untouched
