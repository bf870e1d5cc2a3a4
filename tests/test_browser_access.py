"""Browsers on other origins may call the API (CORS); demo mode serves a static storefront."""

from __future__ import annotations

import re

import pytest

from tuition.app import create_app

PREFLIGHT = {
    "Origin": "https://shop.example",
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "authorization, content-type, x-tenant-key",
}


def test_a_preflight_is_answered_before_any_key_is_asked_for(client):
    answer = client.options("/v1/enrollments", headers=PREFLIGHT)
    assert answer.status_code == 204
    assert answer.headers["Access-Control-Allow-Origin"] == "https://shop.example"
    allowed = answer.headers["Access-Control-Allow-Headers"].lower()
    assert {"authorization", "content-type", "x-tenant-key"} <= set(allowed.split(", "))
    assert "POST" in answer.headers["Access-Control-Allow-Methods"]


def test_responses_carry_cors_headers_and_expose_what_frontends_read(client, tenant):
    answer = client.get(
        "/v1/courses", headers={**tenant.storefront, "Origin": "https://shop.example"}
    )
    assert answer.status_code == 200
    assert answer.headers["Access-Control-Allow-Origin"] == "https://shop.example"
    assert "Retry-After" in answer.headers["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in answer.headers


@pytest.fixture
def tuition_settings(tuition_settings, tmp_path):
    (tmp_path / "index.html").write_text("<h1>shop</h1>")
    (tmp_path / "app.js").write_text("console.log('shop')")
    tuition_settings.cors_origins = ("https://shop.example",)
    tuition_settings.storefront_dir = str(tmp_path)
    console = tmp_path / "console"
    console.mkdir()
    (console / "index.html").write_text("<h1>console</h1>")
    tuition_settings.console_dir = str(console)
    return tuition_settings


def test_only_the_configured_origins_are_allowed(client):
    other = client.options(
        "/v1/enrollments", headers={**PREFLIGHT, "Origin": "https://evil.example"}
    )
    assert "Access-Control-Allow-Origin" not in other.headers
    mine = client.options("/v1/enrollments", headers=PREFLIGHT)
    assert mine.headers["Access-Control-Allow-Origin"] == "https://shop.example"


def test_the_storefront_directory_is_served(client):
    assert client.get("/storefront/").get_data(as_text=True) == "<h1>shop</h1>"
    script = client.get("/storefront/app.js")
    assert script.status_code == 200 and "javascript" in script.content_type
    assert client.get("/storefront/missing.js").status_code == 404
    assert client.get("/storefront/../pyproject.toml").status_code == 404


def test_without_a_storefront_directory_nothing_is_served(db_url):
    app = create_app(database_url=db_url, secret_key="k", testing=True)
    try:
        assert app.test_client().get("/storefront/").status_code == 404
    finally:
        app.extensions["tuition"].close()


def test_the_document_groups_operations_by_audience(client):
    spec = client.get("/openapi.json").get_json()
    groups = [tag["name"] for tag in spec["tags"]]
    assert groups == ["storefront", "student", "admin", "staff", "operator", "webhooks", "health"]
    used = {
        tag
        for path in spec["paths"].values()
        for op in path.values()
        if isinstance(op, dict)
        for tag in op["tags"]
    }
    assert used == set(groups)


def test_the_document_reads_well_for_generated_clients(client):
    spec = client.get("/openapi.json").get_json()
    schemas = spec["components"]["schemas"]
    # a nullable nested schema is allOf + nullable, never anyOf with a bare object first
    assert schemas["CourseOut"]["properties"]["price"] == {
        "allOf": [{"$ref": "#/components/schemas/Price"}],
        "nullable": True,
    }
    assert "anyOf" not in str(schemas)
    default = spec["components"]["responses"]["DEFAULT_ERROR"]["content"]
    assert list(default) == ["application/problem+json"]
    checkout = schemas["EnrollmentOut"]["properties"]["checkout"]
    assert {"order_id", "provider", "amount", "currency"} <= set(checkout["required"])
    assert "active" in schemas["EnrollmentOut"]["properties"]["status"]["enum"]


def test_the_front_page_points_to_the_storefront_and_the_docs(client):
    page = client.get("/")
    assert page.status_code == 200 and page.mimetype == "text/html"
    links = re.findall(r'href="([^"]+)"', page.get_data(as_text=True))
    assert {"/storefront/", "/docs", "/admin/"} <= set(links)
    assert all(client.get(link).status_code == 200 for link in links)


def test_without_a_storefront_the_front_page_names_the_documents(db_url):
    app = create_app(database_url=db_url, secret_key="k", testing=True)
    try:
        answer = app.test_client().get("/")
        assert answer.status_code == 200
        assert answer.get_json() == {
            "name": "Tuition",
            "docs": "/docs",
            "openapi": "/openapi.json",
            "console": "/admin/",
        }
    finally:
        app.extensions["tuition"].close()


def test_the_docs_page_loads_nothing_from_other_hosts(client):
    page = client.get("/docs")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert re.search(r"(https?:)?//", html) is None  # no CDN, no online validator
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert {asset.rsplit("/", 1)[-1] for asset in assets} == {
        "swagger-ui.css",
        "swagger-ui-bundle.js",
        "swagger-ui-standalone-preset.js",
    }
    for asset in assets:
        answer = client.get(asset)
        assert answer.status_code == 200, asset
        assert answer.mimetype in {"text/css", "text/javascript", "application/javascript"}
        assert len(answer.get_data()) > 10_000
    assert client.get("/docs/swagger-ui/../../pyproject.toml").status_code == 404
