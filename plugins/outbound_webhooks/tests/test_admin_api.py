"""The webhook endpoints admin API: validation, SSRF refusals, secrets that are shown once
and never logged, delivery listing, deletion, limits and credentials."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from sqlalchemy import select

from tuition.plugin_api import outbound
from tuition.testing import outbox
from tuition.testing.api import Api
from tuition_outbound_webhooks.models import WebhookDelivery, WebhookEndpoint
from tuition_outbound_webhooks.settings import MAX_ENDPOINTS

PROBLEM_KEYS = ("type", "title", "status", "detail", "code")


def problem(response: Any, status: int, code: str, *fields: str) -> dict[str, Any]:
    """``response`` is a problem+json ``status``/``code`` whose errors name ``fields``."""
    text = response.get_data(as_text=True)
    assert response.status_code == status, f"{response.status_code}: {text[:500]}"
    assert response.mimetype == "application/problem+json", text[:500]
    body: dict[str, Any] = response.get_json()
    assert all(key in body for key in PROBLEM_KEYS), body
    assert body["code"] == code, body
    errors = body.get("errors") or {}
    for name in fields:
        assert any(k == name or k.startswith(f"{name}.") for k in errors), (name, errors)
    return body


def admin_paths(
    endpoint_id: str = "whe_x", delivery_id: str = "whd_x"
) -> list[tuple[str, str, dict[str, Any] | None]]:
    return [
        ("GET", "/v1/admin/webhook-endpoints", None),
        (
            "POST",
            "/v1/admin/webhook-endpoints",
            {"url": "https://example.com/hook", "events": ["*"]},
        ),
        ("GET", f"/v1/admin/webhook-endpoints/{endpoint_id}", None),
        ("PATCH", f"/v1/admin/webhook-endpoints/{endpoint_id}", {"description": "x"}),
        ("DELETE", f"/v1/admin/webhook-endpoints/{endpoint_id}", None),
        ("POST", f"/v1/admin/webhook-endpoints/{endpoint_id}/rotate-secret", {}),
        ("POST", f"/v1/admin/webhook-endpoints/{endpoint_id}/test", None),
        ("GET", f"/v1/admin/webhook-endpoints/{endpoint_id}/deliveries", None),
        ("GET", f"/v1/admin/webhook-deliveries/{delivery_id}", None),
        ("POST", f"/v1/admin/webhook-deliveries/{delivery_id}/redeliver", None),
    ]


# -- credentials and the plugin switch ----------------------------------------------------


def test_credentials_come_first(api: Api, site: Any):
    for method, path, _ in admin_paths():
        problem(api.call(method, path, json={"url": 1}), 401, "unauthorized")
        problem(api.call(method, path, json={}, headers=site.storefront), 401, "unauthorized")


def test_without_the_plugin_every_path_is_404(api: Api, hooks: Any, receiver: Any):
    created = hooks.endpoint(receiver.url())
    other = api.create_tenant({"free_enrollment": {}})
    for method, path, body in admin_paths(created["id"]):
        problem(api.call(method, path, json=body, headers=other.admin), 404, "not_found")
    assert receiver.requests == []


# -- endpoints ----------------------------------------------------------------------------


def test_create_list_update_delete(hooks: Any, receiver: Any):
    created = hooks.endpoint(
        receiver.url(), ["order.paid", "enrollment.activated", "order.paid"], description="CRM"
    )
    assert created["events"] == ["enrollment.activated", "order.paid"]  # sorted, unique
    assert created["enabled"] is True and created["disabled_reason"] is None
    assert created["description"] == "CRM" and created["url"] == receiver.url()
    everything = hooks.endpoint(receiver.url("/all"), ["order.paid", "*"])
    assert everything["events"] == ["*"]

    page = hooks.call(
        "GET", "/v1/admin/webhook-endpoints", query_string={"page_size": 1}, expect=200
    )
    assert page["total"] == 2 and page["page_size"] == 1
    assert [e["id"] for e in page["items"]] == [created["id"]]  # oldest first
    assert "secret" not in page["items"][0]

    changed = hooks.call(
        "PATCH",
        f"/v1/admin/webhook-endpoints/{created['id']}",
        expect=200,
        json={
            "events": ["order.refunded"],
            "description": "",
            "url": receiver.url("/new"),
            "enabled": False,
        },
    )
    assert changed["events"] == ["order.refunded"] and changed["url"].endswith("/new")
    assert changed["enabled"] is False and changed["disabled_reason"] == "Disabled by an admin."
    assert changed["secret_last4"] == created["secret_last4"]

    hooks.call("DELETE", f"/v1/admin/webhook-endpoints/{created['id']}", expect=204)
    problem(hooks.call("GET", f"/v1/admin/webhook-endpoints/{created['id']}"), 404, "not_found")
    assert hooks.call("GET", "/v1/admin/webhook-endpoints", expect=200)["total"] == 1


def test_deleting_an_endpoint_deletes_its_deliveries(
    hooks: Any, receiver: Any, runtime: Any, site: Any
):
    created = hooks.endpoint(receiver.url(), ["enrollment.activated"])
    hooks.course("yoga")
    hooks.enroll("yoga")
    delivery_id = hooks.only_delivery(created["id"])["id"]
    hooks.call("DELETE", f"/v1/admin/webhook-endpoints/{created['id']}", expect=204)
    problem(hooks.call("GET", f"/v1/admin/webhook-deliveries/{delivery_id}"), 404, "not_found")
    with runtime.session(site.id) as session:
        assert session.scalars(select(WebhookDelivery)).all() == []


@pytest.mark.parametrize(
    "body, field",
    [
        ({"events": ["*"]}, "url"),
        ({"url": "https://example.com/h"}, "events"),
        ({"url": "https://example.com/h", "events": []}, "events"),
        ({"url": "https://example.com/h", "events": ["order.payed"]}, "events.0"),
        ({"url": "https://example.com/h", "events": ["ping"]}, "events.0"),
        ({"url": "https://example.com/h", "events": "order.paid"}, "events"),
        (
            {"url": "https://example.com/h", "events": ["*"], "description": "x" * 501},
            "description",
        ),
        ({"url": "https://example.com/h", "events": ["*"], "secret": "whsec_mine"}, "secret"),
    ],
)
def test_invalid_bodies_name_the_field(hooks: Any, body: dict[str, Any], field: str):
    problem(
        hooks.call("POST", "/v1/admin/webhook-endpoints", json=body), 422, "validation_error", field
    )


REFUSED_URLS = [
    "http://example.com/hook",  # http outside the allow-list
    "ftp://example.com/hook",
    "example.com/hook",
    "https:///hook",
    "https://user:password@example.com/hook",  # credentials in the URL
    "https://example.com/hook#fragment",
    "https://127.0.0.1/hook",  # loopback
    "https://127.1.2.3:8443/hook",
    "https://[::1]/hook",
    "https://[::ffff:127.0.0.1]/hook",  # loopback, IPv4-mapped
    "https://10.0.0.5/hook",  # private
    "https://172.16.4.4/hook",
    "https://192.168.1.10/hook",
    "https://[fd00::1]/hook",
    "https://169.254.169.254/latest/meta-data",  # link-local: cloud metadata
    "https://[fe80::1]/hook",
    "https://100.64.0.1/hook",  # carrier-grade NAT
    "https://0.0.0.0/hook",
    "https://224.0.0.1/hook",  # multicast
    "https://localhost/hook",
    "https://api.localhost/hook",
    "https://intranet/hook",  # single label: a search domain's host
    "https://printer.local/hook",
    "https://example.com:99999/hook",
    "https://" + "a" * 2050 + ".com/",
]


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_ssrf_refusals_at_registration(hooks: Any, monkeypatch: pytest.MonkeyPatch, url: str):
    monkeypatch.delenv(outbound.ALLOWED_HOSTS_VARIABLE, raising=False)
    problem(
        hooks.call("POST", "/v1/admin/webhook-endpoints", json={"url": url, "events": ["*"]}),
        422,
        "validation_error",
        "url",
    )


def test_names_resolving_inside_are_refused(
    hooks: Any, receiver: Any, monkeypatch: pytest.MonkeyPatch
):
    """A public-looking name whose DNS answer is private is refused at registration; on a
    change of the URL too."""
    answers = {
        "hooks.example.com": ["93.184.215.14"],
        "sneaky.example.com": ["10.1.2.3"],
        "mixed.example.com": ["93.184.215.14", "192.168.0.7"],
    }
    monkeypatch.setattr(outbound, "resolve", lambda host, port: answers[host])
    ok = hooks.endpoint("https://hooks.example.com/tuition")
    for host in ("sneaky.example.com", "mixed.example.com"):
        url = f"https://{host}/tuition"
        problem(
            hooks.call("POST", "/v1/admin/webhook-endpoints", json={"url": url, "events": ["*"]}),
            422,
            "validation_error",
            "url",
        )
        problem(
            hooks.call("PATCH", f"/v1/admin/webhook-endpoints/{ok['id']}", json={"url": url}),
            422,
            "validation_error",
            "url",
        )
    assert hooks.get_endpoint(ok["id"])["url"] == "https://hooks.example.com/tuition"


def test_allow_list_admits_http_and_private_hosts(hooks: Any, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(outbound.ALLOWED_HOSTS_VARIABLE, "relay.internal, 10.0.0.9")
    hooks.endpoint("http://relay.internal:8080/hooks")
    hooks.endpoint("http://10.0.0.9/hooks")
    problem(
        hooks.call(
            "POST",
            "/v1/admin/webhook-endpoints",
            json={"url": "http://10.0.0.10/hooks", "events": ["*"]},
        ),
        422,
        "validation_error",
        "url",
    )


def test_a_name_rebound_inside_after_registration_is_not_called(
    hooks: Any, receiver: Any, monkeypatch: pytest.MonkeyPatch
):
    """DNS rebinding: public at registration, 127.0.0.1 (our receiver) at delivery. The
    connection goes only to the address that was checked, so nothing reaches it."""
    answers = {"rebind.example.com": ["93.184.215.14"]}
    monkeypatch.setattr(outbound, "resolve", lambda host, port: answers[host])
    created = hooks.endpoint(
        f"https://rebind.example.com:{receiver.port}/hooks", ["enrollment.activated"]
    )
    answers["rebind.example.com"] = ["127.0.0.1"]
    hooks.course("yoga")
    hooks.enroll("yoga")
    assert receiver.requests == []
    shown = hooks.only_delivery(created["id"])
    assert shown["status"] == "pending"
    assert "127.0.0.1" in shown["attempts"][0]["error"]
    assert "not a public address" in shown["attempts"][0]["error"]


def test_an_endpoint_off_the_allow_list_is_not_called(
    hooks: Any, receiver: Any, monkeypatch: pytest.MonkeyPatch
):
    """The operator removed the host from the allow-list after it was registered."""
    created = hooks.endpoint(receiver.url(), ["enrollment.activated"])
    monkeypatch.delenv(outbound.ALLOWED_HOSTS_VARIABLE)
    hooks.course("yoga")
    hooks.enroll("yoga")
    assert receiver.requests == []
    error = hooks.only_delivery(created["id"])["attempts"][0]["error"]
    assert error.startswith("URL refused")


def test_endpoints_per_tenant_are_limited(hooks: Any, receiver: Any):
    for number in range(MAX_ENDPOINTS):
        hooks.endpoint(receiver.url(f"/{number}"))
    problem(
        hooks.call(
            "POST",
            "/v1/admin/webhook-endpoints",
            json={"url": receiver.url("/one-more"), "events": ["*"]},
        ),
        409,
        "too_many_endpoints",
    )


# -- deliveries ---------------------------------------------------------------------------


def test_deliveries_are_listed_newest_first_and_filtered(hooks: Any, receiver: Any):
    created = hooks.endpoint(receiver.url(), ["enrollment.activated"])
    hooks.course("yoga")
    hooks.enroll("yoga")
    receiver.answer(500)
    hooks.enroll("yoga")
    listed = hooks.deliveries(created["id"])
    assert [d["status"] for d in listed] == ["pending", "succeeded"]
    assert "payload" not in listed[0] and "attempts" not in listed[0]
    assert [d["status"] for d in hooks.deliveries(created["id"], status="pending")] == ["pending"]
    assert hooks.deliveries(created["id"], status="failed") == []
    problem(
        hooks.call(
            "GET",
            f"/v1/admin/webhook-endpoints/{created['id']}/deliveries",
            query_string={"status": "lost"},
        ),
        422,
        "validation_error",
        "query.status",
    )
    problem(hooks.call("GET", "/v1/admin/webhook-endpoints/whe_nope/deliveries"), 404, "not_found")
    problem(hooks.call("POST", "/v1/admin/webhook-deliveries/whd_nope/redeliver"), 404, "not_found")


# -- secrets ------------------------------------------------------------------------------


def test_secrets_are_shown_once_and_never_logged(
    api: Api, hooks: Any, receiver: Any, runtime: Any, site: Any, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG)
    created = hooks.endpoint(receiver.url(), ["*"])
    rotated = hooks.call(
        "POST",
        f"/v1/admin/webhook-endpoints/{created['id']}/rotate-secret",
        json={"keep_previous_minutes": 5},
        expect=200,
    )
    secrets = [created["secret"], rotated["secret"]]
    hooks.course("yoga")
    receiver.answer(500)
    hooks.enroll("yoga")
    hooks.call("POST", f"/v1/admin/webhook-endpoints/{created['id']}/test", expect=202)
    delivery_id = hooks.deliveries(created["id"])[-1]["id"]
    hooks.call("POST", f"/v1/admin/webhook-deliveries/{delivery_id}/redeliver", expect=202)

    seen = [
        hooks.call("GET", "/v1/admin/webhook-endpoints", expect=200),
        hooks.get_endpoint(created["id"]),
        hooks.call(
            "PATCH",
            f"/v1/admin/webhook-endpoints/{created['id']}",
            json={"description": "changed"},
            expect=200,
        ),
        hooks.deliveries(created["id"]),
        hooks.delivery(delivery_id),
        api.call("GET", "/v1/admin/plugins", headers=site.admin, expect=200).get_json(),
        api.call("GET", "/v1/admin/tenant", headers=site.admin, expect=200).get_json(),
    ]
    logged = caplog.text + " ".join(str(r.args) for r in caplog.records)
    with runtime.session() as session:
        stored = [
            *(str(vars(row)) for row in session.scalars(select(WebhookEndpoint))),
            *(str(vars(row)) for row in session.scalars(select(WebhookDelivery))),
            *(f"{job.payload} {job.last_error}" for job in outbox.jobs(runtime)),
        ]
    sent = " ".join(str(r.headers) + r.body.decode() for r in receiver.requests)
    assert len(receiver.requests) >= 3
    for secret in secrets:
        assert all(secret not in str(item) for item in seen)
        assert secret not in logged
        assert all(secret not in row for row in stored)  # encrypted at rest
        assert secret[6:] not in sent  # nor sent along, of course
    assert "webhook delivery" in caplog.text  # the attempts were logged, without secrets


def test_event_types_that_plugins_declare_can_be_subscribed(hooks: Any, receiver: Any):
    wanted = ["checkout.abandoned", "next_course.offered", "waitlist.offered"]
    found = hooks.endpoint(receiver.url(), events=wanted)
    assert sorted(found["events"]) == wanted
