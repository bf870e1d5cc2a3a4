"""Every student route answers 401 problem+json without a student token, whether or not the
tenant enabled the plugin behind it; with a token, a disabled plugin's route is a 404.

The routes come from ``/openapi.json`` (operations whose every security requirement takes a
``StudentToken``), so a route added later, in core or in a plugin, is walked too.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient

from tuition.runtime import Tuition
from tuition.testing.api import Api

BODY_METHODS = {"post", "put", "patch"}
#: Settings a plugin needs before a tenant may enable it (the mail goes nowhere).
PLUGIN_SETTINGS: dict[str, dict[str, Any]] = {
    "email_notifications": {
        "from_address": "school@example.com",
        "smtp_host": "127.0.0.1",
        "smtp_port": 9,
        "smtp_security": "none",
    },
}


def student_operations(spec: dict[str, Any]) -> list[tuple[str, str]]:
    """(method, path) of every operation that requires a student token."""
    found = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            security = op.get("security") if isinstance(op, dict) else None
            if security and all("StudentToken" in requirement for requirement in security):
                found.append((method, path))
    return found


def owners(app: Any, runtime: Tuition) -> dict[str, str]:
    """OpenAPI path → the plugin whose blueprint serves it (core's paths are absent)."""
    blueprint_plugin = {blp.name: name for name, blp in runtime.plugins.blueprints()}
    found = {}
    for rule in app.url_map.iter_rules():
        plugin = blueprint_plugin.get(rule.endpoint.partition(".")[0])
        if plugin is not None:
            found[re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)] = plugin
    return found


def send(client: FlaskClient, method: str, path: str, headers: dict[str, str]) -> Any:
    url = re.sub(r"\{\w+\}", "nothing-here", path)
    # A body that fails validation: the missing token is answered first.
    body = {"json": {"unknown_field": 1}} if method in BODY_METHODS else {}
    return client.open(url, method=method.upper(), headers=headers, **body)


def assert_problem(response: Any, status: int, codes: set[str], label: str) -> str | None:
    body = response.get_json(silent=True) or {}
    head = response.request.method == "HEAD"  # the same answer, without its body
    shape = (response.status_code, response.mimetype)
    if shape != (status, "application/problem+json") or (
        body.get("code") not in codes and not head
    ):
        return (
            f"{label} → {response.status_code} {response.mimetype} "
            f"{response.get_data(as_text=True)[:160]}"
        )
    return None


@pytest.fixture
def spec(client: FlaskClient) -> dict[str, Any]:
    document: dict[str, Any] = client.get("/openapi.json").get_json()
    return document


def test_student_routes_are_found(spec: dict[str, Any], app: Any, runtime: Tuition) -> None:
    ops = student_operations(spec)
    paths = {path for _, path in ops}
    assert {"/v1/me", "/v1/me/dashboard", "/v1/enrollments"} <= paths
    assert {owners(app, runtime).get(path) for path in paths} >= {
        None,
        "cohorts",
        "email_notifications",
    }


def test_student_routes_answer_401_without_a_student_token(
    api: Api, client: FlaskClient, spec: dict[str, Any], app: Any, runtime: Tuition
) -> None:
    ops = student_operations(spec)
    by_path = owners(app, runtime)
    plugins = sorted({by_path[path] for _, path in ops if path in by_path})
    bare = api.create_tenant({})  # none of the plugins behind the routes
    full = api.create_tenant(
        {name: {"settings": PLUGIN_SETTINGS.get(name, {})} for name in plugins}
    )
    other = api.create_tenant({})
    strangers_token = api.signup(other).token
    failures = []
    for tenant in (bare, full):
        label = "without plugins" if tenant is bare else "with the plugins"
        attempts: list[tuple[str, dict[str, str], set[str]]] = [
            ("no token", dict(tenant.storefront), {"login_required"}),
            (
                "a key as token",
                {**tenant.storefront, "Authorization": f"Bearer {tenant.secret_key}"},
                {"login_required"},
            ),
            ("a broken token", tenant.as_student("not.a.token"), {"invalid_token"}),
            ("another site's token", tenant.as_student(strangers_token), {"invalid_token"}),
        ]
        for method, path in ops + [("head", p) for m, p in ops if m == "get"]:
            for what, headers, codes in attempts:
                failures.append(
                    assert_problem(
                        send(client, method, path, headers),
                        401,
                        codes,
                        f"{method.upper()} {path} {label}, {what}",
                    )
                )
    # Signed in at a tenant without the plugin: the plugin's routes do not exist there.
    me = api.signup(bare)
    # The erasure of the student's data goes last: after it, the token is refused.
    for method, path in sorted(ops, key=lambda op: op[1].endswith("/erasure")):
        response = send(client, method, path, me.headers)
        label = f"{method.upper()} {path} signed in, without plugins"
        if path in by_path:
            failures.append(assert_problem(response, 404, {"not_found"}, label))
        elif response.status_code == 401 or response.status_code >= 500:
            failures.append(f"{label} → {response.status_code}")
    failures = [f for f in failures if f]
    assert not failures, "\n".join(failures)
