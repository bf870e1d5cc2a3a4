"""Per-tenant plugin settings: validation with the plugin's schema, secrets never shown."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from marshmallow import Schema, fields

from tuition.config import DEFAULT_SECRET_ENV_PREFIX, Settings
from tuition.models import TenantPlugin
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
    TuitionError,
    WebhookRequest,
    WebhookVerificationError,
    hookimpl,
)
from tuition.services.redaction import refused_env_references, resolve


class SecretSettings(Schema):
    api_key = fields.String(required=True, metadata={"secret": True})
    signing = fields.String(load_default=None, metadata={"secret": True})
    region = fields.String(load_default="eu")


class SecretPlugin:
    TUITION_PLUGIN = PluginInfo(title="Has secrets")

    @hookimpl
    def tuition_plugin_settings(self):
        return SecretSettings


class Account(Schema):
    name = fields.String(required=True)
    token = fields.String(required=True)


class NestedSettings(Schema):
    """Secrets below the top level: found by key name, as redaction finds them."""

    accounts = fields.List(fields.Nested(Account), load_default=list)
    hooks = fields.Dict(keys=fields.String(), values=fields.Dict(), load_default=dict)


class NestedPlugin:
    TUITION_PLUGIN = PluginInfo(title="Has nested secrets")

    @hookimpl
    def tuition_plugin_settings(self):
        return NestedSettings


class Gateway:
    """The payment provider's side: the API key each call arrived with."""

    def __init__(self) -> None:
        self.keys_seen: list[str] = []


class KeySettings(Schema):
    api_key = fields.String(required=True, metadata={"secret": True})


class KeyedProvider(PaymentProvider):
    """Sends ``api_key`` (``env:`` resolved by core) to its gateway when checking out."""

    name = "keyed"
    capabilities = Capabilities(currencies=frozenset({"EUR"}), refunds=False, partial_refunds=False)
    gateway: Gateway

    def create_checkout(self, order: OrderInfo) -> CheckoutSession:
        self.gateway.keys_seen.append(self.settings["api_key"])
        return CheckoutSession(reference=f"k_{order.id}", frontend={})

    def verify_webhook(self, request: WebhookRequest) -> list[ProviderEvent]:
        raise WebhookVerificationError("no webhooks")

    def fetch_status(self, order: OrderInfo) -> ProviderStatus:
        return ProviderStatus(kind="payment.pending")

    def refund(self, order: OrderInfo, amount: int) -> RefundResult:
        raise PaymentError("no refunds", retryable=False)


class KeyedPlugin:
    TUITION_PLUGIN = PluginInfo(title="Provider with an API key", category="payment")

    def __init__(self, gateway: Gateway) -> None:
        KeyedProvider.gateway = gateway

    @hookimpl
    def tuition_plugin_settings(self):
        return KeySettings

    @hookimpl
    def tuition_payment_providers(self):
        return [KeyedProvider]


@pytest.fixture
def gateway() -> Gateway:
    return Gateway()


@pytest.fixture
def tuition_plugins(gateway):
    return [("vault", SecretPlugin()), ("keyed", KeyedPlugin(gateway)), ("nested", NestedPlugin())]


@pytest.fixture
def secret_env_prefix() -> str:
    """The operator's TUITION_SECRET_ENV_PREFIX (parametrise to change it)."""
    return DEFAULT_SECRET_ENV_PREFIX


@pytest.fixture
def tuition_settings(tuition_settings: Settings, secret_env_prefix: str) -> Settings:
    return dataclasses.replace(tuition_settings, secret_env_prefix=secret_env_prefix)


def test_settings_are_validated_by_the_plugin_schema(api, tenant):
    problem = api.call(
        "PUT",
        "/v1/admin/plugins/free_enrollment",
        json={"enabled": True, "settings": {"source_label": ""}},
        headers=tenant.admin,
        expect=422,
    ).get_json()
    assert problem["code"] == "validation_error"
    assert "settings.source_label" in problem["errors"]
    problem = api.call(
        "PUT",
        "/v1/admin/plugins/free_enrollment",
        json={"enabled": True, "settings": {"colour": "red"}},
        headers=tenant.admin,
        expect=422,
    ).get_json()
    assert "settings.colour" in problem["errors"]
    ok = api.call(
        "PUT",
        "/v1/admin/plugins/free_enrollment",
        json={"enabled": True, "settings": {"source_label": "gift"}},
        headers=tenant.admin,
        expect=200,
    ).get_json()
    assert ok["settings"] == {"source_label": "gift"} and ok["enabled"] is True


def test_setting_changes_reach_the_plugin(api, tenant, student):
    api.call(
        "PUT",
        "/v1/admin/plugins/free_enrollment",
        json={"enabled": True, "settings": {"source_label": "scholarship"}},
        headers=tenant.admin,
        expect=200,
    )
    api.create_course(tenant, "intro")
    assert api.enroll(tenant, student, "intro").get_json()["source"] == "scholarship"


def test_unknown_plugin(api, tenant):
    assert (
        api.call(
            "PUT",
            "/v1/admin/plugins/nope",
            json={"enabled": True},
            headers=tenant.admin,
            expect=404,
        ).get_json()["code"]
        == "not_found"
    )
    problem = api.call(
        "POST",
        "/v1/tenants",
        json={"slug": "x-site", "name": "X", "plugins": {"nope": {}}},
        headers={"Authorization": "Bearer op_test_operator_token"},
        expect=422,
    ).get_json()
    assert "plugins.nope.settings" in problem["errors"]


def test_required_settings_and_tenant_creation_errors_name_the_field(api):
    problem = api.call(
        "POST",
        "/v1/tenants",
        json={"slug": "v-site", "name": "V", "plugins": {"vault": {"settings": {}}}},
        headers={"Authorization": "Bearer op_test_operator_token"},
        expect=422,
    ).get_json()
    assert "plugins.vault.settings.api_key" in problem["errors"]
    # Nothing half-written: the slug is still free.
    api.create_tenant({"free_enrollment": {}}, slug="v-site")


def test_secrets_never_appear_in_responses(api, tenant, runtime):
    raw, ref = "live_secret_value_123456", "env:TUITION_SECRET_VAULT_SIGNING"
    body = api.call(
        "PUT",
        "/v1/admin/plugins/vault",
        json={"enabled": True, "settings": {"api_key": raw, "signing": ref}},
        headers=tenant.admin,
        expect=200,
    )
    assert raw not in body.get_data(as_text=True)
    shown = body.get_json()["settings"]
    assert shown == {"api_key": "[redacted]", "signing": ref, "region": "eu"}
    for path in ("/v1/admin/plugins", "/v1/admin/plugins/vault", "/v1/admin/tenant"):
        text = api.call("GET", path, headers=tenant.admin, expect=200).get_data(as_text=True)
        assert raw not in text
    with runtime.session() as session:
        row = session.query(TenantPlugin).filter_by(plugin="vault").one()
        assert row.settings["api_key"] == raw  # kept for the plugin's own use


def test_plugins_show_their_settings_schema_for_forms(api, tenant):
    """Each plugin answers its settings' JSON Schema: enough for a console to build its form,
    secrets marked writeOnly (by metadata or by name), nested objects written in place."""
    listed = {
        p["name"]: p
        for p in api.call("GET", "/v1/admin/plugins", headers=tenant.admin, expect=200).get_json()
    }
    vault = listed["vault"]["settings_schema"]
    assert vault["type"] == "object"
    assert vault["required"] == ["api_key"]
    assert vault["properties"]["api_key"] == {"type": "string", "writeOnly": True}
    assert vault["properties"]["signing"]["writeOnly"] is True
    assert vault["properties"]["region"] == {"type": "string", "default": "eu"}
    accounts = listed["nested"]["settings_schema"]["properties"]["accounts"]
    assert accounts["type"] == "array"
    assert accounts["items"]["properties"]["token"]["type"] == "string"
    assert "$ref" not in str(listed["nested"]["settings_schema"])
    # A plugin without settings takes an empty object; one plugin's answer says the same.
    assert listed["next_course"]["settings_schema"] == {
        "type": "object",
        "properties": {},
        "additionalProperties": False,
    }
    one = api.call("GET", "/v1/admin/plugins/vault", headers=tenant.admin, expect=200).get_json()
    assert one["settings_schema"] == vault


def test_env_references_resolve_only_when_used(monkeypatch):
    from tuition.plugin_api import TuitionError
    from tuition.services.redaction import resolve

    monkeypatch.delenv("TUITION_SECRET_ENV_PREFIX", raising=False)
    monkeypatch.setenv("TUITION_SECRET_TEST", "s3cret")
    assert resolve("env:TUITION_SECRET_TEST") == "s3cret"
    assert resolve("plain") == "plain"
    monkeypatch.delenv("TUITION_SECRET_TEST")
    with pytest.raises(TuitionError) as info:
        resolve("env:TUITION_SECRET_TEST")
    assert info.value.code == "secret_unavailable"
    assert "s3cret" not in info.value.detail


# -- env: references may only name variables the operator allows --------------------------

LEAKED = "operator-only-value-5f2c"
#: Core's own variables (refused even where they match the prefix) and others of the process.
FORBIDDEN = [
    "TUITION_OPERATOR_TOKEN",
    "TUITION_SECRET_KEY",
    "TUITION_DATABASE_URL",
    "TUITION_REDIS_URL",
    "TUITION_SECRET_ENV_PREFIX",
    "OTHER_SERVICE_TOKEN",
    "TUITION_SECRET_",
    "tuition_secret_key",
]


@pytest.mark.parametrize("name", FORBIDDEN)
def test_references_to_other_variables_are_refused_when_written(
    api, tenant, runtime, monkeypatch, name
):
    monkeypatch.setenv(name, LEAKED)
    response = api.call(
        "PUT",
        "/v1/admin/plugins/vault",
        headers=tenant.admin,
        expect=422,
        json={"enabled": True, "settings": {"api_key": "literal-key", "signing": f"env:{name}"}},
    )
    problem = response.get_json()
    assert problem["code"] == "validation_error"
    assert list(problem["errors"]) == ["settings.signing"]
    assert LEAKED not in response.get_data(as_text=True)
    with runtime.session() as session:
        assert session.query(TenantPlugin).filter_by(plugin="vault").count() == 0


def test_refused_references_are_reported_with_the_schemas_errors(api, tenant):
    problem = api.call(
        "PUT",
        "/v1/admin/plugins/vault",
        headers=tenant.admin,
        expect=422,
        json={"enabled": True, "settings": {"signing": "env:TUITION_OPERATOR_TOKEN"}},
    ).get_json()
    assert {"settings.api_key", "settings.signing"} <= set(problem["errors"])
    assert "TUITION_SECRET_" in problem["errors"]["settings.signing"][0]


def test_references_to_other_variables_are_refused_at_tenant_creation(api):
    problem = api.call(
        "POST",
        "/v1/tenants",
        expect=422,
        json={
            "slug": "leaky",
            "name": "Leaky",
            "plugins": {"keyed": {"settings": {"api_key": "env:TUITION_SECRET_KEY"}}},
        },
        headers={"Authorization": "Bearer op_test_operator_token"},
    ).get_json()
    assert list(problem["errors"]) == ["plugins.keyed.settings.api_key"]
    api.create_tenant({"free_enrollment": {}}, slug="leaky")  # nothing half-written


def test_nested_references_are_found():
    settings = {
        "plain": "env:TUITION_SECRET_OK",
        "hosts": ["a", "env:HOME"],
        "deep": {"key": "env:TUITION_OPERATOR_TOKEN"},
        "n": 3,
    }
    assert set(refused_env_references(settings, "TUITION_SECRET_")) == {"hosts.1", "deep.key"}


@pytest.mark.parametrize("name", FORBIDDEN)
def test_references_to_other_variables_are_refused_when_resolved(monkeypatch, name):
    monkeypatch.delenv("TUITION_SECRET_ENV_PREFIX", raising=False)
    monkeypatch.setenv(name, LEAKED)
    broad = "TUITION_" if name.startswith("TUITION_") and name != "TUITION_SECRET_" else None
    for prefix in (None, "TUITION_SECRET_", broad):  # core's own: whatever the prefix
        with pytest.raises(TuitionError) as info:
            resolve(f"env:{name}", env_prefix=prefix)
        assert info.value.code == "secret_reference_refused"
        assert LEAKED not in str(info.value.to_problem())


def test_resolve_follows_the_operators_prefix(monkeypatch):
    monkeypatch.setenv("ACME_SHOP_KEY", "from-acme")
    monkeypatch.delenv("TUITION_SECRET_ENV_PREFIX", raising=False)
    with pytest.raises(TuitionError):
        resolve("env:ACME_SHOP_KEY")
    assert resolve("env:ACME_SHOP_KEY", env_prefix="ACME_") == "from-acme"
    monkeypatch.setenv("TUITION_SECRET_ENV_PREFIX", "ACME_")  # what a plugin gets by default
    assert resolve("env:ACME_SHOP_KEY") == "from-acme"


def test_the_prefix_is_an_operator_setting():
    assert Settings.from_env({}).secret_env_prefix == "TUITION_SECRET_"
    assert Settings.from_env({"TUITION_SECRET_ENV_PREFIX": "ACME_"}).secret_env_prefix == "ACME_"
    for bad in ("", "ACME-", "1ACME"):
        with pytest.raises(ValueError):
            Settings(secret_env_prefix=bad)


def _paid_shop(api: Any, api_key: str) -> Any:
    shop = api.create_tenant({"keyed": {"settings": {"api_key": api_key}}})
    api.create_course(
        shop, "paid", pricing_model="one_time", price={"amount": 2500, "currency": "EUR"}
    )
    return shop


def test_an_allowed_reference_reaches_the_provider(api, gateway, monkeypatch):
    monkeypatch.setenv("TUITION_SECRET_SHOP_KEY", "key-from-env")
    shop = _paid_shop(api, "env:TUITION_SECRET_SHOP_KEY")
    response = api.enroll(shop, api.signup(shop), "paid", expect=202)
    assert gateway.keys_seen == ["key-from-env"]
    assert "key-from-env" not in response.get_data(as_text=True)


def test_a_reference_stored_before_the_check_is_refused_when_used(
    api, runtime, gateway, monkeypatch
):
    monkeypatch.setenv("TUITION_OPERATOR_TOKEN", LEAKED)
    shop = _paid_shop(api, "literal-key")
    with runtime.session() as session:  # as written by an older version, unchecked
        row = session.query(TenantPlugin).filter_by(plugin="keyed").one()
        row.settings = {"api_key": "env:TUITION_OPERATOR_TOKEN"}
        session.commit()
    response = api.enroll(shop, api.signup(shop), "paid", expect=503)
    assert response.get_json()["code"] == "secret_reference_refused"
    assert LEAKED not in response.get_data(as_text=True)
    assert gateway.keys_seen == []
    orders = api.call("GET", "/v1/admin/orders", headers=shop.admin, expect=200).get_json()
    assert orders["total"] == 0


@pytest.mark.parametrize("secret_env_prefix", ["ACME_"])
def test_the_app_prefix_applies_when_written_and_when_used(api, gateway, monkeypatch):
    monkeypatch.delenv("TUITION_SECRET_ENV_PREFIX", raising=False)
    monkeypatch.setenv("ACME_SHOP_KEY", "acme-key")
    problem = api.call(
        "POST",
        "/v1/tenants",
        expect=422,
        json={
            "slug": "old-prefix",
            "name": "Old",
            "plugins": {"keyed": {"settings": {"api_key": "env:TUITION_SECRET_SHOP_KEY"}}},
        },
        headers={"Authorization": "Bearer op_test_operator_token"},
    ).get_json()
    assert "ACME_" in problem["errors"]["plugins.keyed.settings.api_key"][0]
    shop = _paid_shop(api, "env:ACME_SHOP_KEY")
    api.enroll(shop, api.signup(shop), "paid", expect=202)
    assert gateway.keys_seen == ["acme-key"]


# -- the settings round trip: what GET shows can be sent back ------------------------------

RAW_KEY = "live_api_key_0a1b2c3d"


def _stored(runtime, tenant, plugin: str) -> tuple[bool, dict[str, Any]] | None:
    with runtime.session(tenant.id) as session:
        row = session.query(TenantPlugin).filter_by(plugin=plugin).one_or_none()
        return None if row is None else (row.enabled, row.settings)


def _vault(api, tenant, **settings: Any) -> dict[str, Any]:
    return api.call(
        "PUT",
        "/v1/admin/plugins/vault",
        headers=tenant.admin,
        expect=200,
        json={"enabled": True, "settings": {"api_key": RAW_KEY, "region": "us", **settings}},
    ).get_json()


def test_turning_a_plugin_off_needs_no_settings_and_keeps_them(api, tenant, runtime):
    _vault(api, tenant)
    off = api.call(
        "PUT", "/v1/admin/plugins/vault", json={"enabled": False}, headers=tenant.admin, expect=200
    ).get_json()
    assert off["enabled"] is False
    assert off["settings"] == {"api_key": "[redacted]", "signing": None, "region": "us"}
    assert _stored(runtime, tenant, "vault") == (
        False,
        {"api_key": RAW_KEY, "signing": None, "region": "us"},
    )
    # On again without settings: the stored ones, validated again.
    on = api.call(
        "PUT", "/v1/admin/plugins/vault", json={"enabled": True}, headers=tenant.admin, expect=200
    ).get_json()
    assert on["enabled"] is True
    assert _stored(runtime, tenant, "vault") == (
        True,
        {"api_key": RAW_KEY, "signing": None, "region": "us"},
    )


def test_a_plugin_never_configured_is_switched_off_and_on_by_the_rules(api, tenant, runtime):
    api.call(
        "PUT", "/v1/admin/plugins/vault", json={"enabled": False}, headers=tenant.admin, expect=200
    )
    assert _stored(runtime, tenant, "vault") is None
    problem = api.call(
        "PUT", "/v1/admin/plugins/vault", json={"enabled": True}, headers=tenant.admin, expect=422
    ).get_json()
    assert list(problem["errors"]) == ["settings.api_key"]
    assert _stored(runtime, tenant, "vault") is None


def test_settings_sent_back_as_shown_keep_the_stored_secret(api, tenant, runtime):
    shown = _vault(api, tenant, signing="signing-secret-1")["settings"]
    assert shown == {"api_key": "[redacted]", "signing": "[redacted]", "region": "us"}
    changed = api.call(
        "PUT",
        "/v1/admin/plugins/vault",
        headers=tenant.admin,
        expect=200,
        json={"enabled": True, "settings": {**shown, "region": "eu"}},
    ).get_json()
    assert changed["settings"] == {**shown, "region": "eu"}
    assert _stored(runtime, tenant, "vault") == (
        True,
        {"api_key": RAW_KEY, "signing": "signing-secret-1", "region": "eu"},
    )
    # A new secret replaces the old one; the marker only ever stands for the stored value.
    api.call(
        "PUT",
        "/v1/admin/plugins/vault",
        headers=tenant.admin,
        expect=200,
        json={"enabled": True, "settings": {**shown, "api_key": "new_key_987"}},
    )
    assert _stored(runtime, tenant, "vault")[1]["api_key"] == "new_key_987"


@pytest.mark.parametrize(
    "settings, field",
    [
        ({"api_key": "[redacted]"}, "settings.api_key"),  # nothing stored yet
        ({"api_key": "k", "signing": "[redacted]"}, "settings.signing"),  # stored: None
        ({"api_key": "k", "region": "[redacted]"}, "settings.region"),  # never a secret
    ],
)
def test_the_marker_standing_for_nothing_stored_is_refused(api, tenant, runtime, settings, field):
    problem = api.call(
        "PUT",
        "/v1/admin/plugins/vault",
        headers=tenant.admin,
        expect=422,
        json={"enabled": True, "settings": settings},
    ).get_json()
    assert problem["code"] == "validation_error"
    assert field in problem["errors"]
    assert "[redacted]" in problem["errors"][field][0]
    assert _stored(runtime, tenant, "vault") is None
    problem = api.call(
        "POST",
        "/v1/tenants",
        expect=422,
        json={"slug": "marked", "name": "M", "plugins": {"vault": {"settings": settings}}},
        headers={"Authorization": "Bearer op_test_operator_token"},
    ).get_json()
    assert f"plugins.vault.{field}" in problem["errors"]


def test_nested_secrets_are_redacted_and_kept_by_key_name(api, tenant, runtime):
    settings = {
        "accounts": [{"name": "eu", "token": "tok-eu-1"}],
        "hooks": {"crm": {"url": "https://crm.example", "password": "pw-crm"}},
    }
    body = api.call(
        "PUT",
        "/v1/admin/plugins/nested",
        headers=tenant.admin,
        expect=200,
        json={"enabled": True, "settings": settings},
    )
    assert "tok-eu-1" not in body.get_data(as_text=True)
    shown = body.get_json()["settings"]
    assert shown == {
        "accounts": [{"name": "eu", "token": "[redacted]"}],
        "hooks": {"crm": {"url": "https://crm.example", "password": "[redacted]"}},
    }
    for path in ("/v1/admin/plugins", "/v1/admin/tenant"):
        text = api.call("GET", path, headers=tenant.admin, expect=200).get_data(as_text=True)
        assert "tok-eu-1" not in text and "pw-crm" not in text
    api.call(
        "PUT",
        "/v1/admin/plugins/nested",
        headers=tenant.admin,
        expect=200,
        json={"enabled": True, "settings": shown},
    )
    assert _stored(runtime, tenant, "nested") == (True, settings)
    grown = {**shown, "accounts": [*shown["accounts"], {"name": "us", "token": "[redacted]"}]}
    problem = api.call(
        "PUT",
        "/v1/admin/plugins/nested",
        headers=tenant.admin,
        expect=422,
        json={"enabled": True, "settings": grown},
    ).get_json()
    assert list(problem["errors"]) == ["settings.accounts.1.token"]
    assert _stored(runtime, tenant, "nested") == (True, settings)


def test_patch_merges_into_the_stored_settings(api, tenant, runtime):
    _vault(api, tenant, signing="signing-secret-1")
    patched = api.call(
        "PATCH",
        "/v1/admin/plugins/vault",
        json={"settings": {"region": "ap"}},
        headers=tenant.admin,
        expect=200,
    ).get_json()
    assert patched["enabled"] is True
    assert _stored(runtime, tenant, "vault") == (
        True,
        {"api_key": RAW_KEY, "signing": "signing-secret-1", "region": "ap"},
    )
    api.call(
        "PATCH",
        "/v1/admin/plugins/vault",
        json={"settings": {"signing": None}},
        headers=tenant.admin,
        expect=200,
    )  # null removes the key: its default again
    api.call(
        "PATCH",
        "/v1/admin/plugins/vault",
        json={"enabled": False},
        headers=tenant.admin,
        expect=200,
    )
    assert _stored(runtime, tenant, "vault") == (
        False,
        {"api_key": RAW_KEY, "signing": None, "region": "ap"},
    )
    problem = api.call(
        "PATCH",
        "/v1/admin/plugins/vault",
        headers=tenant.admin,
        expect=422,
        json={"settings": {"region": "[redacted]"}},
    ).get_json()
    assert list(problem["errors"]) == ["settings.region"]
    api.call("PATCH", "/v1/admin/plugins/nope", json={}, headers=tenant.admin, expect=404)


def test_the_storage_layer_refuses_the_marker(api, tenant, runtime):
    _vault(api, tenant)
    with runtime.session(tenant.id) as session:
        row = session.query(TenantPlugin).filter_by(plugin="vault").one()
        row.settings = {**row.settings, "extra": {"list": ["[redacted]"]}}
        with pytest.raises(ValueError, match="redaction marker"):
            session.flush()
    assert _stored(runtime, tenant, "vault")[1]["api_key"] == RAW_KEY
