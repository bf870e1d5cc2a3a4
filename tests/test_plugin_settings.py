"""Per-tenant plugin settings: validation with the plugin's schema, secrets never shown."""

from __future__ import annotations

import pytest
from marshmallow import Schema, fields

from tuition import hookimpl
from tuition.extension import PluginInfo
from tuition.models import TenantPlugin


class SecretSettings(Schema):
    api_key = fields.String(required=True, metadata={"secret": True})
    signing = fields.String(load_default=None, metadata={"secret": True})
    region = fields.String(load_default="eu")


class SecretPlugin:
    TUITION_PLUGIN = PluginInfo(title="Has secrets")

    @hookimpl
    def tuition_plugin_settings(self):
        return SecretSettings


@pytest.fixture
def tuition_plugins():
    return [("vault", SecretPlugin())]


def test_settings_are_validated_by_the_plugin_schema(api, tenant):
    problem = api.call("PUT", "/v1/admin/plugins/free_enrollment",
                       json={"enabled": True, "settings": {"source_label": ""}},
                       headers=tenant.admin, expect=422).get_json()
    assert problem["code"] == "validation_error"
    assert "settings.source_label" in problem["errors"]
    problem = api.call("PUT", "/v1/admin/plugins/free_enrollment",
                       json={"enabled": True, "settings": {"colour": "red"}},
                       headers=tenant.admin, expect=422).get_json()
    assert "settings.colour" in problem["errors"]
    ok = api.call("PUT", "/v1/admin/plugins/free_enrollment",
                  json={"enabled": True, "settings": {"source_label": "gift"}},
                  headers=tenant.admin, expect=200).get_json()
    assert ok["settings"] == {"source_label": "gift"} and ok["enabled"] is True


def test_setting_changes_reach_the_plugin(api, tenant, student):
    api.call("PUT", "/v1/admin/plugins/free_enrollment",
             json={"enabled": True, "settings": {"source_label": "scholarship"}},
             headers=tenant.admin, expect=200)
    api.create_course(tenant, "intro")
    assert api.enroll(tenant, student, "intro").get_json()["source"] == "scholarship"


def test_unknown_plugin(api, tenant):
    assert api.call("PUT", "/v1/admin/plugins/nope", json={"enabled": True},
                    headers=tenant.admin, expect=404).get_json()["code"] == "not_found"
    problem = api.call("POST", "/v1/tenants", json={
        "slug": "x-site", "name": "X", "plugins": {"nope": {}}},
        headers={"Authorization": "Bearer op_test_operator_token"}, expect=422).get_json()
    assert "plugins.nope.settings" in problem["errors"]


def test_required_settings_and_tenant_creation_errors_name_the_field(api):
    problem = api.call("POST", "/v1/tenants", json={
        "slug": "v-site", "name": "V", "plugins": {"vault": {"settings": {}}}},
        headers={"Authorization": "Bearer op_test_operator_token"}, expect=422).get_json()
    assert "plugins.vault.settings.api_key" in problem["errors"]
    # Nothing half-written: the slug is still free.
    api.create_tenant({"free_enrollment": {}}, slug="v-site")


def test_secrets_never_appear_in_responses(api, tenant, runtime):
    raw = "live_secret_value_123456"
    body = api.call("PUT", "/v1/admin/plugins/vault", json={
        "enabled": True, "settings": {"api_key": raw, "signing": "env:VAULT_SIGNING"}},
        headers=tenant.admin, expect=200)
    assert raw not in body.get_data(as_text=True)
    shown = body.get_json()["settings"]
    assert shown == {"api_key": "[redacted]", "signing": "env:VAULT_SIGNING", "region": "eu"}
    for path in ("/v1/admin/plugins", "/v1/admin/plugins/vault", "/v1/admin/tenant"):
        text = api.call("GET", path, headers=tenant.admin, expect=200).get_data(as_text=True)
        assert raw not in text
    with runtime.session() as session:
        row = session.query(TenantPlugin).filter_by(plugin="vault").one()
        assert row.settings["api_key"] == raw  # kept for the plugin's own use


def test_env_references_resolve_only_when_used(monkeypatch):
    from tuition.errors import TuitionError
    from tuition.services.redaction import resolve

    monkeypatch.setenv("TUITION_TEST_SECRET", "s3cret")
    assert resolve("env:TUITION_TEST_SECRET") == "s3cret"
    assert resolve("plain") == "plain"
    monkeypatch.delenv("TUITION_TEST_SECRET")
    with pytest.raises(TuitionError) as info:
        resolve("env:TUITION_TEST_SECRET")
    assert info.value.code == "secret_unavailable"
    assert "s3cret" not in info.value.detail
