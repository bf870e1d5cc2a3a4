"""The audit log: every state change with its actor, object and before → after, readable
per tenant (never another tenant's, never a secret)."""

from __future__ import annotations

from typing import Any


def entries(api: Any, tenant: Any, **query: str) -> list[dict[str, Any]]:
    found = api.call(
        "GET", "/v1/admin/audit", headers=tenant.admin, query_string=query, expect=200
    ).get_json()
    return list(reversed(found["items"]))  # oldest first


def test_a_paid_enrollment_leaves_a_trail_with_actors(api: Any) -> None:
    tenant = api.create_tenant({"free_enrollment": {}, "dummy_provider": {}})
    api.create_course(
        tenant, "pro", pricing_model="one_time", price={"amount": 4900, "currency": "EUR"}
    )
    student = api.signup(tenant)
    body = api.enroll(tenant, student, "pro", expect=202).get_json()
    order_id = body["checkout"]["order_id"]
    api.call(
        "POST", f"/v1/dummy/checkout/{tenant.slug}/{order_id}", json={"outcome": "pay"}, expect=200
    )

    trail = [
        (
            e["actor"],
            e["object_type"],
            e["action"],
            (e["before"] or {}).get("status"),
            (e["after"] or {}).get("status"),
        )
        for e in entries(api, tenant)
        if e["object_type"] in ("enrollment", "order")
    ]
    assert trail == [
        (f"student:{student.id}", "order", "created", None, "checkout_pending"),
        (f"student:{student.id}", "enrollment", "created", None, "pending"),
        (f"student:{student.id}", "order", "status.pending", "checkout_pending", "pending"),
        ("provider:dummy", "order", "status.paid", "pending", "paid"),
        ("provider:dummy", "enrollment", "status.active", "pending", "active"),
    ]
    only_order = entries(api, tenant, object_type="order", object_id=order_id)
    assert [e["action"] for e in only_order] == ["created", "status.pending", "status.paid"]


def test_admin_changes_are_audited_without_secrets(api: Any) -> None:
    tenant = api.create_tenant({"free_enrollment": {}})
    api.create_course(tenant, "intro")
    api.call(
        "PATCH",
        "/v1/admin/courses/intro",
        headers=tenant.admin,
        expect=200,
        json={"title": "Intro, revised", "capacity": 10},
    )
    api.call(
        "PUT",
        "/v1/admin/plugins/dummy_provider",
        headers=tenant.admin,
        expect=200,
        json={"enabled": True, "settings": {"webhook_secret": "super-secret-value"}},
    )
    admin = [e for e in entries(api, tenant, actor="admin")]
    course_update = next(e for e in admin if e["action"] == "updated")
    assert course_update["before"] == {"title": "A course", "capacity": None}
    assert course_update["after"] == {"title": "Intro, revised", "capacity": 10}
    plugin = next(e for e in admin if e["object_type"] == "plugin")
    assert plugin["object_id"] == "dummy_provider" and plugin["after"]["enabled"] is True
    raw = api.call("GET", "/v1/admin/audit", headers=tenant.admin).get_data(as_text=True)
    assert "super-secret-value" not in raw


def test_each_tenant_reads_only_its_own_log(api: Any) -> None:
    mine, theirs = (api.create_tenant({"free_enrollment": {}}) for _ in range(2))
    api.create_course(theirs, "their-secret-course")
    assert all(e["object_id"] != "their-secret-course" for e in entries(api, mine))
    assert any(e["object_id"] == "their-secret-course" for e in entries(api, theirs))
    api.call("GET", "/v1/admin/audit", headers=mine.storefront, expect=401)
    api.call("GET", "/v1/admin/audit?object_type=No%20such!", headers=mine.admin, expect=422)
    # A type nothing writes (plugins audit types of their own): nothing found.
    found = api.call("GET", "/v1/admin/audit?object_type=nope", headers=mine.admin, expect=200)
    assert found.get_json()["items"] == []
