"""Tenant settings (validation, redaction, ``env:`` references) and course attributes."""

from __future__ import annotations

import pytest


def _put(api, tenant, settings, expect):
    return api.call(
        "PUT",
        "/v1/admin/plugins/stripe_provider",
        headers=tenant.admin,
        json={"enabled": True, "settings": settings},
        expect=expect,
    ).get_json()


@pytest.mark.parametrize("body", [{"enabled": True}, {"enabled": True, "settings": {}}])
def test_missing_credentials_are_refused(api, body):
    tenant = api.create_tenant({"free_enrollment": {}})
    problem = api.call(
        "PUT", "/v1/admin/plugins/stripe_provider", headers=tenant.admin, json=body, expect=422
    ).get_json()
    for name in ("secret_key", "publishable_key", "webhook_secret", "return_url"):
        assert f"settings.{name}" in problem["errors"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("secret_key", "pk_test_swapped"),
        ("publishable_key", "sk_test_swapped"),
        ("webhook_secret", "not-a-secret"),
        ("return_url", "https://shop.example/paid"),
        ("return_url", "shop.example/paid?s={CHECKOUT_SESSION_ID}"),
        ("currencies", ["eur"]),
        ("api_base", "not a url"),
        ("api_base", "https://evil.example"),
        ("api_base", "https://169.254.169.254"),
        ("api_base", "http://localhost:12111"),
        ("api_base", "http://api.stripe.com"),
        ("api_base", "https://api.stripe.com/v1"),
        ("api_base", "https://user:pw@api.stripe.com"),
        ("api_base", "ftp://127.0.0.1"),
    ],
)
def test_bad_settings_are_refused(api, stripe_env, field, value):
    tenant = api.create_tenant({"free_enrollment": {}})
    problem = _put(api, tenant, {**stripe_env.settings(), field: value}, 422)
    assert any(key.startswith(f"settings.{field}") for key in problem["errors"])


def test_a_test_clock_is_for_test_mode_only(api, stripe_env):
    tenant = api.create_tenant({"free_enrollment": {}})
    assert _put(api, tenant, stripe_env.settings(test_clock="clock_1Abc"), 200)
    problem = _put(api, tenant, stripe_env.settings(test_clock="cus_1Abc"), 422)
    assert "settings.test_clock" in problem["errors"]
    live = stripe_env.settings(test_clock="clock_1Abc", secret_key="sk_live_x")
    assert "settings.test_clock" in _put(api, tenant, live, 422)["errors"]


@pytest.mark.parametrize(
    "api_base", [None, "https://api.stripe.com", "https://API.stripe.com:443/"]
)
def test_stripes_own_api_host_is_accepted(api, stripe_env, monkeypatch, api_base):
    monkeypatch.delenv("TUITION_STRIPE_EXTRA_HOSTS")
    tenant = api.create_tenant({"free_enrollment": {}})
    _put(api, tenant, stripe_env.settings(api_base=api_base), 200)


def test_other_hosts_need_the_operator(api, stripe_env, fake_stripe, monkeypatch):
    """A tenant admin cannot send the tenant's Stripe key to a host of their choosing:
    hosts other than api.stripe.com must be allowed in TUITION_STRIPE_EXTRA_HOSTS."""
    site = stripe_env.site()  # saved while the operator allowed the fake's host
    monkeypatch.setenv("TUITION_STRIPE_EXTRA_HOSTS", "stripe-mock.internal, other.example")
    problem = _put(api, site.tenant, stripe_env.settings(), 422)
    assert list(problem["errors"]) == ["settings.api_base"]
    assert "TUITION_STRIPE_EXTRA_HOSTS" in problem["errors"]["settings.api_base"][0]
    # Settings stored earlier are checked again when used: no request leaves.
    refused = stripe_env.api.enroll(
        site.tenant, api.signup(site.tenant), "pro", expect=502
    ).get_json()
    assert refused["code"] == "payment_provider_error"
    assert "TUITION_STRIPE_EXTRA_HOSTS" in refused["detail"]
    assert fake_stripe.calls() == []
    assert [o["status"] for o in stripe_env.orders(site)["items"]] == ["failed"]
    assert stripe_env.seats_left(site) == 5
    _put(api, site.tenant, stripe_env.settings(api_base="https://stripe-mock.internal:12111"), 200)


def test_secrets_are_redacted_and_defaults_applied(api, stripe_env):
    tenant = api.create_tenant({"free_enrollment": {}})
    settings = stripe_env.settings()
    del settings["max_network_retries"], settings["timeout_seconds"]
    shown = _put(api, tenant, settings, 200)["settings"]
    assert shown["secret_key"] == shown["webhook_secret"] == "[redacted]"
    assert shown["publishable_key"] == settings["publishable_key"]
    assert shown["currencies"] == ["EUR", "USD", "GBP"]
    assert (shown["timeout_seconds"], shown["max_network_retries"]) == (30.0, 2)
    listed = api.call("GET", "/v1/admin/plugins", headers=tenant.admin).get_json()
    assert settings["secret_key"] not in str(listed)
    assert settings["webhook_secret"] not in str(listed)


def test_env_references_are_resolved_when_used(stripe_env, fake_stripe, monkeypatch):
    site = stripe_env.site(
        secret_key="env:TUITION_SECRET_STRIPE_SK",
        webhook_secret="env:TUITION_SECRET_STRIPE_WH",
        publishable_key="env:TUITION_SECRET_STRIPE_PK",
    )
    shown = stripe_env.api.call(
        "GET", "/v1/admin/plugins/stripe_provider", headers=site.admin
    ).get_json()["settings"]
    assert shown["secret_key"] == "env:TUITION_SECRET_STRIPE_SK"  # a reference names no secret

    student = stripe_env.api.signup(site.tenant)
    missing = stripe_env.api.enroll(site.tenant, student, "pro", expect=503).get_json()
    assert missing["code"] == "secret_unavailable"
    assert stripe_env.orders(site)["total"] == 0 and stripe_env.seats_left(site) == 5

    monkeypatch.setenv("TUITION_SECRET_STRIPE_SK", "sk_test_fromenv")
    monkeypatch.setenv("TUITION_SECRET_STRIPE_WH", "whsec_fromenv")
    monkeypatch.setenv("TUITION_SECRET_STRIPE_PK", "pk_test_fromenv")
    _, body = stripe_env.start(site, student)
    assert body["checkout"]["publishable_key"] == "pk_test_fromenv"
    assert fake_stripe.calls("POST", "/v1/checkout/sessions")[-1].account == "sk_test_fromenv"
    session = fake_stripe.complete(body["checkout"]["session_id"])
    stripe_env.deliver(
        site, fake_stripe.event("checkout.session.completed", session), secret="whsec_fromenv"
    )
    assert stripe_env.order(site, body["checkout"]["order_id"])["status"] == "paid"


def test_course_attributes_are_validated(api, stripe_env):
    site = stripe_env.site(course=None)
    good = {"stripe_product_id": "prod_123", "stripe_price_id": "price_456"}
    created = api.call(
        "POST",
        "/v1/admin/courses",
        headers=site.admin,
        expect=201,
        json={
            "slug": "pro",
            "title": "Pro",
            "pricing_model": "one_time",
            "price": {"amount": 100, "currency": "EUR"},
            "attributes": {"stripe_provider": good},
        },
    ).get_json()
    assert created["attributes"] == {"stripe_provider": good}
    problem = api.call(
        "PATCH",
        "/v1/admin/courses/pro",
        headers=site.admin,
        expect=422,
        json={"attributes": {"stripe_provider": {"price": "price_456"}}},
    ).get_json()
    assert "attributes.stripe_provider.price" in problem["errors"]
    problem = api.call(
        "PATCH",
        "/v1/admin/courses/pro",
        headers=site.admin,
        expect=422,
        json={"attributes": {"stripe_provider": {"stripe_price_id": "x y"}}},
    ).get_json()
    assert "attributes.stripe_provider.stripe_price_id" in problem["errors"]
