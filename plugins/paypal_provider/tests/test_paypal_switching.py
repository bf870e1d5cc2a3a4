"""The demo tenant ``tenants/bootcamp.toml`` switched from dummy to PayPal and back by
configuration alone: its tenant file, edited and synced again. No code changes, no restart.

The edit is the one an operator would make: turn ``dummy_provider`` off and add a
``paypal_provider`` table with the REST app's credentials (pointed at the fake PayPal).
Syncing the unedited file again switches back.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import requests

from tuition.plugin_api import Host
from tuition.testing.api import Api, StudentHandle, TenantHandle
from tuition.testing.tenants import SyncReport, sync_tenant_files

DEMO = Path(__file__).resolve().parents[3] / "tenants" / "bootcamp.toml"
DUMMY_ON = "[plugins.dummy_provider]\nenabled = true\n"
COURSE = "web-bootcamp"  # the demo's paid course: 1200.00 EUR


def with_paypal(original: str, settings: dict[str, Any]) -> str:
    """``original`` with dummy off and PayPal on. Values are written as JSON strings,
    numbers and lists of strings, which TOML reads the same."""
    assert DUMMY_ON in original, "the demo file changed: adapt this edit"
    table = [
        "",
        "[plugins.paypal_provider]",
        "enabled = true",
        "",
        "[plugins.paypal_provider.settings]",
    ]
    table += [f"{key} = {json.dumps(value)}" for key, value in settings.items()]
    edited = original.replace(DUMMY_ON, "[plugins.dummy_provider]\nenabled = false\n")
    return edited + "\n".join(table) + "\n"


def sync(runtime: Host, directory: Path, text: str) -> SyncReport:
    (directory / "bootcamp.toml").write_text(text)
    [report] = sync_tenant_files(runtime, directory)
    return report


def buy(api: Api, student: StudentHandle) -> dict[str, Any]:
    """Enroll in the paid course as a storefront does, choosing the first open cohort when
    the course is sold per cohort (``extensions.cohorts``). Returns the checkout."""
    detail = api.call(
        "GET", f"/v1/courses/{COURSE}", headers=student.headers, expect=200
    ).get_json()
    cohorts = [
        c
        for c in (detail.get("extensions") or {}).get("cohorts", [])
        if c.get("enroll_state") == "available"
    ]
    body = {"course": COURSE, **({"cohort": cohorts[0]["slug"]} if cohorts else {})}
    checkout: dict[str, Any] = api.call(
        "POST", "/v1/enrollments", json=body, headers=student.headers, expect=202
    ).get_json()["checkout"]
    return checkout


def test_the_bootcamp_switches_to_paypal_and_back_by_its_tenant_file(
    runtime, api, paypal, fake, tmp_path
):
    original = DEMO.read_text()
    created = sync(runtime, tmp_path, original)
    assert created.created and created.slug == "web-bootcamp"
    admin = {"Authorization": f"Bearer {created.secret_key}"}
    tenant_id = api.call("GET", "/v1/admin/tenant", headers=admin, expect=200).get_json()["id"]
    bootcamp = TenantHandle(tenant_id, "web-bootcamp", "pk_demo_web_bootcamp", created.secret_key)

    # -- switch to PayPal: the file, edited and synced again ----------------------------
    settings = paypal.settings()
    switched = sync(runtime, tmp_path, with_paypal(original, settings))
    assert switched.changes == ["plugins"]
    enabled = {
        p["name"]
        for p in api.call("GET", "/v1/admin/plugins", headers=admin, expect=200).get_json()
        if p["enabled"]
    }
    assert "paypal_provider" in enabled and "dummy_provider" not in enabled
    site = paypal.adopt(bootcamp, settings)

    student = api.signup(bootcamp)
    checkout = buy(api, student)
    assert (checkout["provider"], checkout["amount"], checkout["currency"]) == (
        "paypal",
        120000,
        "EUR",
    )
    assert fake.order_requests[-1]["purchase_units"][0]["amount"] == {
        "currency_code": "EUR",
        "value": "1200.00",
    }
    # The buyer approves at (fake) PayPal, which sends the signed approval webhook; the
    # event's job captures.
    assert requests.post(checkout["approve_url"], timeout=5).json()["status"] == "APPROVED"
    assert paypal.deliver_outbox(site, "CHECKOUT.ORDER.APPROVED") == [
        {"received": 1, "duplicates": 0, "ignored": 0}
    ]
    paid = paypal.order(site, checkout["order_id"])
    assert (paid["status"], paid["enrollment_status"], paid["provider"]) == (
        "paid",
        "active",
        "paypal",
    )
    assert fake.capture_count == 1
    board = api.call("GET", "/v1/me/dashboard", headers=student.headers).get_json()
    assert [o["course"]["slug"] for o in board["owned"]] == [COURSE]

    # -- switch back: the unedited file ------------------------------------------------
    back = sync(runtime, tmp_path, original)
    assert back.changes == ["plugins"]
    other = api.signup(bootcamp)
    checkout = buy(api, other)
    assert checkout["provider"] == "dummy"
    api.call("POST", checkout["pay_url"], json={"outcome": "pay"}, expect=200)
    again = paypal.order(site, checkout["order_id"])
    assert (again["status"], again["enrollment_status"], again["provider"]) == (
        "paid",
        "active",
        "dummy",
    )
    assert len(fake.order_requests) == 1 and fake.capture_count == 1  # PayPal not asked
    # PayPal is off for the tenant: its webhooks are not taken any more.
    problem = paypal.deliver(
        site, fake.event("CHECKOUT.ORDER.SAVED", "checkout-order", {}), expect=404
    )
    assert problem["code"] == "not_found"
    assert paypal.order(site, paid["id"])["status"] == "paid"  # the PayPal sale stays
