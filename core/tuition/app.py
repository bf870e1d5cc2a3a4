"""The Flask application factory."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, request, send_from_directory

from tuition import __version__, logs, metrics
from tuition.api import (
    admin,
    console,
    enrollments,
    health,
    idempotency,
    limits,
    live,
    operator,
    payments,
    staff,
    storefront,
    student_data,
    transaction,
)
from tuition.api.context import (
    authenticate_student_operations,
    close_db,
    guard_admin_operations,
    install_request_access,
)
from tuition.api.docs import API_TAGS, SECURITY_SCHEMES, DocumentingPlugin
from tuition.api.problems import ProblemApi, register_error_handlers
from tuition.config import Settings
from tuition.runtime import Tuition

log = logging.getLogger(__name__)

#: Where the Swagger UI's scripts and styles are served (the ``/docs`` page loads them).
SWAGGER_UI_ASSETS = "/docs/swagger-ui/"

#: The front page when a storefront is served (the demo): where to go from here.
DEMO_FRONT_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Tuition demo</title></head>
<body>
<h1>Tuition demo</h1>
<ul>
<li><a href="/storefront/">The storefront</a>: the demo sites' catalogue, sign-up, checkout</li>
<li><a href="/admin/">The console</a>: the sites' staff sign in (courses, orders, staff)</li>
<li><a href="/docs">API docs</a>: every operation, to try out</li>
<li><a href="/openapi.json">The OpenAPI document</a></li>
</ul>
</body>
</html>
"""


def create_app(settings: Settings | None = None, **overrides: Any) -> Flask:
    """Build a Tuition API application.

    ``settings`` defaults to :meth:`Settings.from_env`; keyword ``overrides`` replace single
    settings (``create_app(database_url="sqlite:///x.db")``). The plugin manager, engine and
    job runner belong to this app only, kept in ``app.extensions["tuition"]``.
    """
    if settings is None:
        settings = Settings.from_env(**overrides)
    elif overrides:
        raise TypeError("give either settings or keyword overrides, not both")
    runtime = Tuition(settings)

    app = Flask("tuition")
    app.config.update(
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        TESTING=settings.testing,
        API_TITLE="Tuition",
        API_VERSION=__version__,
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs",
        # Served by this app from the swagger-ui-bundle package: /docs works offline.
        OPENAPI_SWAGGER_UI_URL=SWAGGER_UI_ASSETS,
        # No badge from Swagger's online validator (it would send the document elsewhere).
        OPENAPI_SWAGGER_UI_CONFIG={"validatorUrl": None},
        API_SPEC_OPTIONS={
            "info": {
                "description": "Headless course commerce: catalogue, accounts, "
                "enrollment and payments for every site (tenant)."
            },
            "components": {"securitySchemes": SECURITY_SCHEMES},
        },
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["tuition"] = runtime
    install_request_access(app)
    app.url_map.converters["plugin_name"] = admin.PluginNameConverter
    api = ProblemApi(app, spec_kwargs={"marshmallow_plugin": DocumentingPlugin()})
    api.register_converter(admin.PluginNameConverter, admin.plugin_name_schema)
    app.extensions["tuition_api"] = api
    for blp in (
        health.blp,
        operator.blp,
        admin.blp,
        staff.admin_blp,
        staff.blp,
        storefront.blp,
        enrollments.blp,
        payments.blp,
        live.blp,
        student_data.blp,
        student_data.admin_blp,
    ):
        api.register_blueprint(blp)
    for plugin_name, blp in runtime.plugins.blueprints():
        log.debug("plugin %s adds blueprint %s", plugin_name, blp.name)
        api.register_blueprint(blp)
    # One tag per audience instead of flask-smorest's one per blueprint.
    api.spec._tags[:] = [dict(tag) for tag in API_TAGS]
    _document_enrollment_fields(api, runtime)
    _document_problem_codes(api, runtime)
    _document_enroll_states(api, runtime)
    _document_checkout_fields(api, runtime)
    idempotency.document(api)
    _tidy_document(api)
    register_error_handlers(app)
    _share_secret_key(app, runtime)
    _allow_browsers(app, settings)
    _observe(app)
    limits.install(app, settings)
    guard_admin_operations(app)
    authenticate_student_operations(app, api.spec.to_dict()["paths"])
    transaction.install(app)  # every view commits on success, rolls back on error
    idempotency.install(app)  # every view claims its key after credentials are checked
    _serve_swagger_ui(app)
    app.register_blueprint(console.blueprint(settings.console_dir))
    if settings.storefront_dir:
        _serve_storefront(app, settings.storefront_dir)
    _serve_front_page(app, storefront=bool(settings.storefront_dir))
    app.teardown_appcontext(close_db)
    return app


def _document_enrollment_fields(api: Any, runtime: Tuition) -> None:
    """Add the plugins' extra enrollment fields to ``EnrollmentRequest`` in the OpenAPI
    document (each usable only at tenants that enabled its plugin)."""
    extra = runtime.plugins.enrollment_fields()
    schema = api.spec.components.schemas.get("EnrollmentRequest")
    if not extra or schema is None:
        return
    converter = api.ma_plugin.converter
    for name, field in extra.items():
        prop = converter.field2property(field)
        prop.setdefault("description", "Plugin field; only where its plugin is enabled.")
        schema.setdefault("properties", {})[name] = prop


def _document_enroll_states(api: Any, runtime: Tuition) -> None:
    """Add the plugins' declared enroll states to every ``enroll_state`` enum, each with
    its meaning in the description."""
    states = runtime.plugins.enroll_states()
    if not states:
        return
    meanings = "; ".join(f"``{s.name}``: {s.description}" for s in states)
    for schema in api.spec.components.schemas.values():
        prop = schema.get("properties", {}).get("enroll_state")
        if prop is None or "enum" not in prop:
            continue
        prop["enum"] = [*prop["enum"], *(s.name for s in states if s.name not in prop["enum"])]
        prop["description"] = f"{prop.get('description', '')} Plugins' states: {meanings}."


def _document_checkout_fields(api: Any, runtime: Tuition) -> None:
    """Add each installed provider's ``frontend_fields`` to the ``checkout`` objects."""
    fields = {
        key: {"type": "string", "description": f"{provider.name}: {text}"}
        for plugin in runtime.plugins.plugins.values()
        for provider in plugin.payment_providers
        for key, text in sorted(provider.frontend_fields.items())
    }
    for schema in api.spec.components.schemas.values():
        checkout = schema.get("properties", {}).get("checkout")
        if checkout is not None and "properties" in checkout:
            checkout["properties"] = {**fields, **checkout["properties"]}


def _tidy_document(api: Any) -> None:
    """Shapes generated clients read best: a nullable nested schema as ``allOf`` + nullable
    (apispec writes ``anyOf: [{nullable object}, $ref]``, which clients match as a bare
    object), and error responses as application/problem+json, as they are served."""
    for schema in api.spec.components.schemas.values():
        for prop in schema.get("properties", {}).values():
            options = prop.get("anyOf")
            if not isinstance(options, list) or len(options) != 2:
                continue
            refs = [o for o in options if "$ref" in o]
            if len(refs) == 1 and {"type": "object", "nullable": True} in options:
                del prop["anyOf"]
                prop.update(allOf=refs, nullable=True)
    for response in api.spec.components.responses.values():
        content = response.get("content", {})
        if "application/json" in content and "Problem" in str(content["application/json"]):
            content["application/problem+json"] = content.pop("application/json")


def _document_problem_codes(api: Any, runtime: Tuition) -> None:
    """Add the plugins' problem codes to the ``code`` enum of ``Problem``."""
    codes = {code for plugin in runtime.plugins.plugins.values() for code in plugin.problem_codes}
    schema = api.spec.components.schemas.get("Problem")
    if not codes or schema is None:
        return
    code = schema.get("properties", {}).get("code")
    if code is not None and "enum" in code:
        code["enum"] = sorted(set(code["enum"]) | codes)


def _share_secret_key(app: Flask, runtime: Tuition) -> None:
    """Before its first request each process takes the installation's key from the
    database when ``TUITION_SECRET_KEY`` is not set (a flag check after that), so tokens
    signed by one gunicorn worker verify in every other and survive a restart."""

    def ensure() -> None:
        runtime.ensure_secret_key()

    app.before_request(ensure)


def _allow_browsers(app: Flask, settings: Settings) -> None:
    """CORS for the API: frontends on other origins call it with their headers."""
    from flask_cors import CORS

    def answer_preflight() -> Response | None:
        # A browser's preflight carries no credentials: answer it before any auth check
        # (flask-cors then adds the Access-Control-* headers, or none for other origins).
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            return Response(status=204)
        return None

    app.before_request_funcs.setdefault(None, []).insert(0, answer_preflight)
    origins = "*" if "*" in settings.cors_origins else list(settings.cors_origins)
    CORS(
        app,
        resources={r"/v1/*": {"origins": origins}},
        supports_credentials=False,
        allow_headers=[
            "Authorization",
            "Content-Type",
            "Idempotency-Key",
            "X-Intended-Course",
            "X-Tenant-Key",
        ],
        expose_headers=["Location", "Retry-After", "Idempotent-Replayed"],
        max_age=600,
    )


def _serve_storefront(app: Flask, directory: str) -> None:
    """Serve the static files of ``directory`` at ``/storefront/`` (demo mode)."""
    from pathlib import Path

    root = str(Path(directory).resolve())

    def storefront(path: str = "index.html") -> Response:
        return send_from_directory(root, path or "index.html", max_age=0)

    app.add_url_rule("/storefront/", "storefront_index", storefront)
    app.add_url_rule("/storefront/<path:path>", "storefront_file", storefront)


def _serve_swagger_ui(app: Flask) -> None:
    """Serve the Swagger UI's files from the installed swagger-ui-bundle package, so the
    ``/docs`` page needs no CDN."""
    from swagger_ui_bundle import swagger_ui_path

    root = str(swagger_ui_path)

    def asset(filename: str) -> Response:
        return send_from_directory(root, filename, max_age=3600)

    app.add_url_rule(f"{SWAGGER_UI_ASSETS}<path:filename>", "swagger_ui_asset", asset)


def _serve_front_page(app: Flask, *, storefront: bool) -> None:
    """``/``: with a storefront (the demo) a page linking it and the docs; otherwise where
    the API's documents are."""

    def front_page() -> Response | dict[str, str]:
        if storefront:
            return Response(DEMO_FRONT_PAGE, mimetype="text/html")
        return {
            "name": "Tuition",
            "docs": "/docs",
            "openapi": "/openapi.json",
            "console": "/admin/",
        }

    app.add_url_rule("/", "front_page", front_page)


def _observe(app: Flask) -> None:
    """Request ids, one access log line per request, and Prometheus request metrics."""
    import time

    import structlog

    access = logging.getLogger("tuition.access")

    def start() -> None:
        # Kept in the WSGI environ, not g: a request made inside a request (the dummy
        # provider posting its webhook) shares g with the outer one.
        env = request.environ
        env["tuition.outer_log_context"] = structlog.contextvars.get_contextvars()
        logs.clear()
        env["tuition.request_id"] = logs.request_id_from(
            request.headers.get(logs.REQUEST_ID_HEADER)
        )
        env["tuition.started"] = time.perf_counter()
        logs.bind(request_id=env["tuition.request_id"], method=request.method, route=_route())

    def finish(response: Response) -> Response:
        if "tuition.request_id" not in request.environ:  # answered before start() ran
            start()
        response.headers[logs.REQUEST_ID_HEADER] = request.environ["tuition.request_id"]
        seconds = time.perf_counter() - request.environ["tuition.started"]
        metrics.observe_request(_route(), request.method, response.status_code, seconds)
        access.info(
            "request",
            extra={"status": response.status_code, "duration_ms": round(seconds * 1000, 2)},
        )
        return response

    def forget(_exc: BaseException | None = None) -> None:
        logs.clear()
        logs.bind(**request.environ.get("tuition.outer_log_context", {}))

    app.before_request_funcs.setdefault(None, []).insert(0, start)
    app.after_request(finish)
    app.teardown_request(forget)


def _route() -> str:
    """The matched URL rule (a bounded label for logs and metrics)."""
    return request.url_rule.rule if request.url_rule else "unmatched"
