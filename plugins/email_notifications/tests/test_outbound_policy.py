"""The SMTP server a tenant names follows core's outbound policy
(``tuition.plugin_api.outbound``): no
private, loopback or link-local host unless the operator allow-lists it, checked when the
settings are saved and again at each connection (DNS rebinding); the operator's default
server (localhost) is only reached on the standard ports."""

from __future__ import annotations

from typing import Any

import pytest

from tuition.plugin_api import outbound
from tuition.testing.api import Api
from tuition_email_notifications.testing import (
    PLUGIN,
    SmtpServer,
    mail_settings,
    mail_site,
    the_mail,
)

PUBLIC = "93.184.215.14"


def put_settings(api: Api, tenant: Any, expect: int, **settings: Any) -> Any:
    return api.call(
        "PUT",
        f"/v1/admin/plugins/{PLUGIN}",
        headers=tenant.admin,
        expect=expect,
        json={"enabled": True, "settings": settings},
    ).get_json()


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "10.0.0.5",
        "192.168.1.20",
        "169.254.169.254",
        "::1",
        "localhost",
        "mail.internal",
        "relay.local",
        "mailhost",
    ],
)
def test_private_smtp_hosts_are_refused(
    api: Api, smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch, host: str
) -> None:
    monkeypatch.delenv(outbound.ALLOWED_HOSTS_VARIABLE, raising=False)
    tenant = api.create_tenant({"free_enrollment": {}})
    body = put_settings(api, tenant, 422, **mail_settings(smtp.port, smtp_host=host))
    assert body["code"] == "validation_error"
    assert "not a public address" in str(body["errors"]["settings.smtp_host"])
    shown = api.call("GET", f"/v1/admin/plugins/{PLUGIN}", headers=tenant.admin).get_json()
    assert shown.get("settings", {}).get("smtp_host") != host


def test_names_resolving_inside_are_refused(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(outbound.ALLOWED_HOSTS_VARIABLE, raising=False)
    answers = {"mail.example.com": [PUBLIC], "sneaky.example.com": ["10.9.8.7"]}
    monkeypatch.setattr(outbound, "resolve", lambda host, port: answers[host])
    tenant = api.create_tenant({"free_enrollment": {}})
    put_settings(api, tenant, 422, **mail_settings(25, smtp_host="sneaky.example.com"))
    saved = put_settings(api, tenant, 200, **mail_settings(25, smtp_host="mail.example.com"))
    assert saved["settings"]["smtp_host"] == "mail.example.com"


def test_the_default_server_takes_only_the_standard_ports(api: Api) -> None:
    tenant = api.create_tenant({"free_enrollment": {}})
    refused = put_settings(api, tenant, 422, from_address="hi@example.com", smtp_port=6379)
    assert "settings.smtp_port" in refused["errors"]
    for port in (25, 587, 465):
        put_settings(api, tenant, 200, from_address="hi@example.com", smtp_port=port)


@pytest.mark.parametrize("security", ["none", "ssl"])
def test_a_host_taken_off_the_allow_list_gets_no_mail(
    api: Api, smtp: SmtpServer, runtime, monkeypatch: pytest.MonkeyPatch, security: str
) -> None:
    """Saved while the operator allowed 127.0.0.1; allowed no more: nothing connects."""
    tenant = mail_site(api, smtp.port, smtp_security=security)
    monkeypatch.delenv(outbound.ALLOWED_HOSTS_VARIABLE)
    student = api.signup(tenant, "ida@example.com")
    assert api.enroll(tenant, student, "intro", expect=201).get_json()["status"] == "active"
    row = the_mail(runtime, tenant, "enrollment_confirmation")
    assert row.status == "failed"
    assert row.last_error.startswith("AddressRefused")
    assert "127.0.0.1" in row.last_error and "not a public address" in row.last_error
    assert smtp.received == []


def test_a_name_rebound_inside_after_saving_gets_no_mail(
    api: Api, smtp: SmtpServer, runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: public when saved, 127.0.0.1 (the test server) when sending."""
    monkeypatch.delenv(outbound.ALLOWED_HOSTS_VARIABLE, raising=False)
    answers = {"mail.example.com": [PUBLIC]}
    monkeypatch.setattr(outbound, "resolve", lambda host, port: answers[host])
    tenant = mail_site(api, smtp.port, smtp_host="mail.example.com")
    answers["mail.example.com"] = ["127.0.0.1"]
    student = api.signup(tenant, "jo@example.com")
    api.enroll(tenant, student, "intro", expect=201)
    row = the_mail(runtime, tenant, "enrollment_confirmation")
    assert row.status == "failed"
    assert "mail.example.com resolves to 127.0.0.1" in row.last_error
    assert smtp.received == []


def test_an_allow_listed_host_gets_its_mail(
    api: Api, smtp: SmtpServer, runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(outbound.ALLOWED_HOSTS_VARIABLE, "relay.example, 127.0.0.1")
    tenant = mail_site(api, smtp.port)
    student = api.signup(tenant, "kim@example.com")
    api.enroll(tenant, student, "intro", expect=201)
    assert the_mail(runtime, tenant, "enrollment_confirmation").status == "sent"
    assert smtp.kinds == ["enrollment_confirmation"]
