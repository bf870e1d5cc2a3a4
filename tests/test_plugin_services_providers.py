"""``host.services`` for provider plugins: course attributes, orders, providers."""

from __future__ import annotations

from typing import Any

import pytest
from marshmallow import Schema, fields

from tuition.plugin_api import NotFound, PaymentProvider, ValidationFailed, hookimpl


class Tagger:
    class Attributes(Schema):
        colour = fields.String(required=True)
        size = fields.Integer(load_default=1)

    @hookimpl
    def tuition_course_attributes(self) -> type[Schema]:
        return self.Attributes


@pytest.fixture
def tuition_plugins() -> list[tuple[str, Any]]:
    return [("tagger", Tagger())]


def audit_entries(api: Any, tenant: Any, slug: str) -> list[dict[str, Any]]:
    found = api.call(
        "GET",
        "/v1/admin/audit",
        headers=tenant.admin,
        expect=200,
        query_string={"object_type": "course", "object_id": slug},
    ).get_json()
    return list(reversed(found["items"]))


def test_set_course_attributes_validates_stores_and_audits(api: Any, runtime: Any) -> None:
    tenant = api.create_tenant({"free_enrollment": {}, "tagger": {}})
    api.create_course(tenant, "intro", attributes={"tagger": {"colour": "red"}})
    with runtime.transaction(tenant.id) as session:
        course = runtime.services.course(session, slug="intro")
        assert (
            runtime.services.set_course_attributes(session, course, "tagger", {"colour": "blue"})
            is True
        )
    course = api.call("GET", "/v1/admin/courses/intro", headers=tenant.admin, expect=200).get_json()
    assert course["attributes"] == {"tagger": {"colour": "blue", "size": 1}}
    entry = audit_entries(api, tenant, "intro")[-1]
    assert (entry["action"], entry["actor"]) == ("updated", "system")
    assert entry["before"] == {"attributes.tagger": {"colour": "red", "size": 1}}
    assert entry["after"] == {"attributes.tagger": {"colour": "blue", "size": 1}}

    # The same values again: nothing written, nothing audited.
    count = len(audit_entries(api, tenant, "intro"))
    with runtime.transaction(tenant.id) as session:
        course = runtime.services.course(session, slug="intro")
        assert (
            runtime.services.set_course_attributes(session, course, "tagger", {"colour": "blue"})
            is False
        )
    assert len(audit_entries(api, tenant, "intro")) == count


def test_set_course_attributes_refuses_what_the_schema_refuses(api: Any, runtime: Any) -> None:
    tenant = api.create_tenant({"free_enrollment": {}, "tagger": {}})
    api.create_course(tenant, "intro")
    with runtime.session(tenant.id) as session:
        course = runtime.services.course(session, slug="intro")
        with pytest.raises(ValidationFailed) as refused:
            runtime.services.set_course_attributes(session, course, "tagger", {"size": 2})
        assert refused.value.extra["errors"] == {
            "attributes.tagger.colour": ["Missing data for required field."]
        }
        with pytest.raises(ValidationFailed) as unknown:
            runtime.services.set_course_attributes(session, course, "nobody", {})
        assert list(unknown.value.extra["errors"]) == ["attributes.nobody"]
        assert course.attributes == {}


def test_tenants_courses_and_orders_are_read_within_the_sessions_tenant(
    api: Any, runtime: Any
) -> None:
    mine = api.create_tenant({"free_enrollment": {}, "dummy_provider": {}})
    theirs = api.create_tenant({"free_enrollment": {}})
    api.create_course(
        mine, "b-paid", pricing_model="one_time", price={"amount": 4900, "currency": "EUR"}
    )
    api.create_course(mine, "a-free")
    api.create_course(theirs, "their-course")
    student = api.signup(mine)
    order_id = api.enroll(mine, student, "b-paid", expect=202).get_json()["checkout"]["order_id"]
    services = runtime.services
    with runtime.session() as session:
        found = services.tenant(session, slug=mine.slug)
        assert found is not None and found.id == mine.id
        assert "dummy_provider" in found.enabled_plugins()
        assert services.tenant(session, mine.id).slug == mine.slug
        assert services.tenant(session, slug="no-such-site") is None
    with runtime.session(mine.id) as session:
        assert services.tenant(session, theirs.id) is None  # scoped to another tenant
        assert [c.slug for c in services.courses(session)] == ["a-free", "b-paid"]
        assert [c.slug for c in services.courses(session, pricing_model="one_time")] == ["b-paid"]
        paid = services.course(session, slug="b-paid")
        assert services.course(session, id=paid.id).slug == "b-paid"
        assert [c.slug for c in services.courses(session, ids=[paid.id])] == ["b-paid"]
        assert services.course(session, slug="their-course") is None
        order = services.order(session, order_id)
        assert (order.amount, order.currency, order.provider) == (4900, "EUR", "dummy")
        info = services.order_info(order, found)
        assert (info.id, info.tenant_slug, info.course_slug, info.amount) == (
            order_id,
            mine.slug,
            "b-paid",
            4900,
        )
    with runtime.session(theirs.id) as session:
        assert services.order(session, order_id) is None


def test_payment_provider_is_the_tenants_instance(api: Any, runtime: Any, monkeypatch: Any) -> None:
    prefix = runtime.settings.secret_env_prefix
    monkeypatch.setenv(f"{prefix}DUMMY_HOOK", "resolved-secret")
    tenant = api.create_tenant(
        {
            "free_enrollment": {},
            "dummy_provider": {"settings": {"webhook_secret": f"env:{prefix}DUMMY_HOOK"}},
        }
    )
    bare = api.create_tenant({"free_enrollment": {}})
    with runtime.session() as session:
        found = runtime.services.tenant(session, tenant.id)
        provider = runtime.services.payment_provider(found, "dummy")
        assert isinstance(provider, PaymentProvider) and provider.name == "dummy"
        assert provider.settings["webhook_secret"] == "resolved-secret"
        with pytest.raises(NotFound):
            runtime.services.payment_provider(runtime.services.tenant(session, bare.id), "dummy")


def test_audit_adds_an_entry_to_the_sites_audit_log(api: Any, runtime: Any) -> None:
    tenant = api.create_tenant({"free_enrollment": {}})
    with runtime.transaction(tenant.id) as session:
        row = runtime.services.tenant(session, tenant.id)
        runtime.services.audit(session, row, "mail", "mail_1", "resent", after={"resend": "mail_2"})
    found = api.call(
        "GET",
        "/v1/admin/audit",
        headers=tenant.admin,
        expect=200,
        query_string={"object_id": "mail_1"},
    ).get_json()["items"]
    assert [(e["action"], e["actor"], e["before"], e["after"]) for e in found] == [
        ("resent", "system", None, {"resend": "mail_2"})
    ]
    other = api.create_tenant({"free_enrollment": {}})
    theirs = api.call(
        "GET",
        "/v1/admin/audit",
        headers=other.admin,
        expect=200,
        query_string={"object_id": "mail_1"},
    ).get_json()["items"]
    assert theirs == []
