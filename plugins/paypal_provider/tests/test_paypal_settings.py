"""Settings (credentials, env: references, where the plugin may connect), money conversion
and the guard in front of the SDK's response decoding."""

from __future__ import annotations

import os

import pytest

from tuition_paypal_provider.money import from_paypal, to_paypal


@pytest.mark.parametrize(
    "amount, currency, value",
    [
        (4900, "EUR", "49.00"),
        (4900, "JPY", "4900"),
        (5, "USD", "0.05"),
        (0, "GBP", "0.00"),
        (123456789, "EUR", "1234567.89"),
        (1, "JPY", "1"),
    ],
)
def test_minor_units_to_paypal_and_back(amount, currency, value):
    assert to_paypal(amount, currency) == value
    assert from_paypal(value, currency) == amount


@pytest.mark.parametrize(
    "value, currency",
    [("49.001", "EUR"), ("49.5", "JPY"), ("abc", "EUR"), ("-1.00", "EUR"), ("NaN", "EUR")],
)
def test_amounts_paypal_could_not_mean_are_refused(value, currency):
    with pytest.raises(ValueError):
        from_paypal(value, currency)


def test_paypal_may_omit_trailing_zeros():
    assert from_paypal("49", "EUR") == 4900 and from_paypal("49.5", "EUR") == 4950


@pytest.mark.parametrize("bad", [-1, 1.5, True, "49"])
def test_only_integer_minor_units_are_sent(bad):
    with pytest.raises(ValueError):
        to_paypal(bad, "EUR")


def test_missing_credentials_are_refused(paypal, api):
    site = paypal.site()
    problem = api.call(
        "PUT",
        "/v1/admin/plugins/paypal_provider",
        headers=site.admin,
        json={"enabled": True, "settings": {"environment": "live"}},
        expect=422,
    ).get_json()
    assert {"settings.client_id", "settings.client_secret", "settings.webhook_id"} <= set(
        problem["errors"]
    )


def test_secrets_are_redacted_and_env_references_resolved(paypal, fake, api, monkeypatch):
    monkeypatch.setenv("TUITION_SECRET_SHOP_PAYPAL", "secret-from-env")
    fake.add_account("client-env", "secret-from-env")
    site = paypal.site(client_id="client-env", client_secret="env:TUITION_SECRET_SHOP_PAYPAL")
    shown = api.call(
        "GET", "/v1/admin/plugins/paypal_provider", headers=site.admin, expect=200
    ).get_json()["settings"]
    assert shown["client_secret"] == "env:TUITION_SECRET_SHOP_PAYPAL"
    _, checkout = paypal.start(site)  # the secret was resolved to authenticate
    assert checkout["paypal_order_id"]

    literal = paypal.site()
    shown = api.call(
        "GET", "/v1/admin/plugins/paypal_provider", headers=literal.admin, expect=200
    ).get_json()["settings"]
    assert shown["client_secret"] == "[redacted]"
    assert literal.client_secret not in str(shown)


@pytest.mark.parametrize(
    "settings, field",
    [
        ({"api_base": "https://evil.example"}, "api_base"),
        ({"api_base": "http://api-m.paypal.com"}, "api_base"),
        ({"api_base": "https://api-m.paypal.com/v2"}, "api_base"),
        ({"api_base": "ftp://127.0.0.1"}, "api_base"),
        ({"cert_hosts": ["evil.example"]}, "cert_hosts"),
        ({"environment": "production"}, "environment"),
        ({"currencies": ["HUF"]}, "currencies"),
        ({"client_secret": "has spaces in it"}, "client_secret"),
        ({"unknown": 1}, "unknown"),
    ],
)
def test_invalid_settings_are_refused(paypal, api, settings, field):
    site = paypal.site()
    problem = api.call(
        "PUT",
        "/v1/admin/plugins/paypal_provider",
        headers=site.admin,
        json={"enabled": True, "settings": paypal.settings(**settings)},
        expect=422,
    ).get_json()
    assert f"settings.{field}" in problem["errors"]


def test_non_paypal_hosts_need_the_operator(paypal, api, monkeypatch):
    """A tenant admin cannot point the plugin (and its credentials) at any host: hosts
    other than PayPal's must be allowed in TUITION_PAYPAL_EXTRA_HOSTS."""
    site = paypal.site()
    monkeypatch.delenv("TUITION_PAYPAL_EXTRA_HOSTS")
    problem = api.call(
        "PUT",
        "/v1/admin/plugins/paypal_provider",
        headers=site.admin,
        json={"enabled": True, "settings": paypal.settings()},
        expect=422,
    ).get_json()
    assert {"settings.api_base", "settings.cert_hosts"} <= set(problem["errors"])
    # Settings stored earlier are checked again when used.
    student = api.signup(site.tenant)
    refused = api.enroll(site.tenant, student, "pro", expect=502).get_json()
    assert refused["code"] == "payment_provider_error"
    assert "TUITION_PAYPAL_EXTRA_HOSTS" in refused["detail"]
    assert paypal.fake.requests == []
    api.call(
        "PUT",
        "/v1/admin/plugins/paypal_provider",
        headers=site.admin,
        expect=200,
        json={
            "enabled": True,
            "settings": paypal.settings(api_base=None, cert_hosts=None, environment="live"),
        },
    )


def test_a_hostile_response_cannot_run_code_through_the_sdk(paypal, fake, monkeypatch):
    """The SDK decodes with jsonpickle, which calls functions named in ``py/reduce``; the
    plugin refuses such responses before the SDK sees them."""
    monkeypatch.delenv("PAYPAL_PWNED", raising=False)
    site = paypal.site()
    student, checkout = paypal.start(site)
    fake.fail_next(
        "get_order",
        200,
        {
            "id": checkout["paypal_order_id"],
            "status": {
                "py/reduce": [
                    {"py/function": "builtins.exec"},
                    {"py/tuple": ["import os; os.environ['PAYPAL_PWNED'] = '1'"]},
                ]
            },
        },
    )
    problem = paypal.refresh(student, checkout["order_id"], expect=503)
    assert problem["code"] == "payment_provider_unavailable"
    assert "PAYPAL_PWNED" not in os.environ
    assert paypal.order(site, checkout["order_id"])["status"] == "pending"


def test_the_plugin_is_listed_with_its_settings(paypal, api):
    site = paypal.site()
    plugins = api.call("GET", "/v1/admin/plugins", headers=site.admin, expect=200).get_json()
    items = plugins["items"] if isinstance(plugins, dict) else plugins
    [mine] = [p for p in items if p["name"] == "paypal_provider"]
    assert mine["enabled"] is True
