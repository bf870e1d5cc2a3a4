"""The free pricing model, tested with core's pytest fixtures (tuition.testing)."""

from __future__ import annotations

from tuition.testing.plugins import described
from tuition_free_enrollment import FreePricing


def test_registers_the_free_pricing_model(runtime):
    assert described(runtime, "free_enrollment")["pricing_models"] == [FreePricing.name]
    assert not FreePricing.requires_price


def test_enrolls_at_once_and_counts_the_seat(api, tenant, student):
    api.create_course(tenant, "intro", capacity=3)
    body = api.enroll(tenant, student, "intro", expect=201).get_json()
    assert (body["status"], body["source"], body["checkout"]) == ("active", "free", None)
    course = api.call("GET", "/v1/courses/intro", headers=student.headers).get_json()
    assert course["seats_left"] == 2 and course["enroll_state"] == "enrolled"


def test_source_label_setting(api, tenant, student):
    api.call(
        "PUT",
        "/v1/admin/plugins/free_enrollment",
        json={"enabled": True, "settings": {"source_label": "promo"}},
        headers=tenant.admin,
        expect=200,
    )
    api.create_course(tenant, "intro")
    assert api.enroll(tenant, student, "intro").get_json()["source"] == "promo"


def test_last_seat_goes_once(api, tenant, student):
    api.create_course(tenant, "tiny", capacity=1)
    api.enroll(tenant, student, "tiny")
    late = api.signup(tenant)
    assert api.enroll(tenant, late, "tiny", expect=409).get_json()["code"] == "course_full"


def test_tenant_without_the_plugin_cannot_use_free(api):
    bare = api.create_tenant(plugins={})
    problem = api.call(
        "POST",
        "/v1/admin/courses",
        headers=bare.admin,
        expect=422,
        json={"slug": "x", "title": "X", "pricing_model": "free"},
    ).get_json()
    assert "pricing_model" in problem["errors"]
