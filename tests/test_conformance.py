"""The response checker every test's ``api`` runs (``tuition.testing.conformance``) and what
it relies on: response schemas list their fields as required."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask, Response

from tuition.testing.conformance import ResponseMismatch, check_response, document


def answer(body: Any, status: int = 200, mimetype: str = "application/json") -> Response:
    return Response(json.dumps(body), status=status, mimetype=mimetype)


def enrollment(**overrides: Any) -> dict[str, Any]:
    body = {
        "id": "enr_1",
        "course": "pro",
        "status": "pending",
        "source": "one_time",
        "created_at": "2026-11-24T10:00:00+00:00",
        "activated_at": None,
        "completed_at": None,
        "order_id": "ord_1",
        "checkout": None,
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not ...}


def page(*items: dict[str, Any]) -> dict[str, Any]:
    return {"items": list(items), "page": 1, "page_size": 20, "total": len(items)}


def test_response_schemas_list_their_fields_as_required(app: Flask):
    schemas = document(app).spec["components"]["schemas"]
    assert set(schemas["EnrollmentOut"]["required"]) == set(enrollment())
    assert "order_id" in schemas["AdminEnrollmentOut"]["required"]
    assert set(schemas["Problem"]["required"]) == {"type", "title", "status", "detail", "code"}
    # Request schemas keep their own required fields only.
    assert schemas["Signup"]["required"] == ["email", "password"]


def test_a_matching_answer_passes(app: Flask):
    check_response(app, "GET", "/v1/me/enrollments?page=1", answer(page(enrollment())))


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (page(enrollment(order_id=...)), "'order_id' is a required property"),
        (page(enrollment(created_at=None)), "None for not nullable"),
        (page(enrollment(status=7)), "7 is not of type 'string'"),
        ({"items": [], "page": 1, "page_size": 20}, "'total' is a required property"),
    ],
)
def test_a_differing_answer_fails_the_test(app: Flask, body: Any, reason: str):
    with pytest.raises(ResponseMismatch, match=reason):
        check_response(app, "GET", "/v1/me/enrollments", answer(body))


def test_nullable_nested_objects_may_be_null(app: Flask):
    tenant = {
        "id": "ten_1",
        "slug": "a",
        "name": "A",
        "payment_provider": None,
        "identity_provider": None,
        "retention": {"unconverted_signups_months": None},
        "plugins": [],
        "created_at": "2026-11-24T10:00:00Z",
        "suspended_at": None,
    }
    check_response(app, "GET", "/v1/admin/tenant", answer(tenant))
    with pytest.raises(ResponseMismatch, match="identity_provider"):
        check_response(
            app, "GET", "/v1/admin/tenant", answer({**tenant, "identity_provider": {"issuer": "x"}})
        )


def test_problems_are_checked_too(app: Flask):
    problem = {
        "type": "urn:tuition:problem:not_found",
        "title": "Not Found",
        "status": 404,
        "detail": "No such order.",
        "code": "not_found",
    }
    check_response(app, "GET", "/v1/orders/ord_1", answer(problem, 404, "application/problem+json"))
    del problem["detail"]
    with pytest.raises(ResponseMismatch, match="'detail' is a required property"):
        check_response(
            app, "GET", "/v1/orders/ord_1", answer(problem, 404, "application/problem+json")
        )


def test_the_most_literal_path_is_the_operation(app: Flask):
    """``/v1/admin/plugins/plan`` is its own operation, not ``/v1/admin/plugins/{name}``."""
    doc = document(app)
    plan = doc.response_schema("GET", "/v1/admin/plugins/plan", 200, "application/json")
    plugin = doc.response_schema("GET", "/v1/admin/plugins/cohorts", 200, "application/json")
    assert plan is not None and plugin is not None and plan != plugin


def test_undocumented_answers_are_left_alone(app: Flask):
    check_response(app, "GET", "/nowhere", answer({"anything": 1}))
    check_response(app, "GET", "/v1/me/enrollments", answer({"x": 1}, 418))
    check_response(app, "GET", "/v1/me/enrollments", Response("<html>", mimetype="text/html"))
