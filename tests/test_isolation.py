"""Tenant isolation for every operation of the OpenAPI document.

The operations come from ``/openapi.json``, so an endpoint added later (a plugin's blueprint,
a webhook) is probed without touching this file. Two tenants, A and B, each get courses, a
student and an enrollment; every request made with B's credentials is aimed at A's objects
and must answer 401 or 404 (or B's own data), never anything of A's.

How a request is aimed at A:

* path parameters are filled from ``targets()`` by name (``{slug}`` → A's course, …); an
  operation with a path parameter this module does not know fails, naming the parameter;
* query parameters that name objects (``course``) get A's value in an extra probe;
* bodies come from ``known_bodies()`` by operationId, or are built from the request schema,
  with object references (``course``, ``slug``) pointing at A.

Leaks are found by looking for A's identifiers (ids, titles, email, slugs, a plugin setting)
in response bodies and headers, skipping any identifier the request itself carried
(a 404 may echo the slug it was asked for). Controls prove the markers are live: the same
GET requests with A's credentials do show them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
from flask.testing import FlaskClient
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import select

from tuition.models import Student, Tenant
from tuition.plugin_api import hookimpl
from tuition.services import student_data
from tuition.testing.api import OPERATOR_TOKEN, Api, StudentHandle, TenantHandle

PASSWORD = "correct horse battery"  # what Api.signup uses
PLUGIN = "free_enrollment"
PUBLIC_PATHS = {"/healthz", "/readyz", "/openapi.json", "/docs"}
# The dummy provider's hosted checkout page stands for a provider's own site: like real
# hosted pages it is reached by an unguessable order id, not by tenant credentials.
PUBLIC_PREFIXES = ("/docs/", "/v1/dummy/checkout/")
HTTP_METHODS = ("get", "put", "post", "patch", "delete")
DENIED = {401, 404}
UNAUTHORIZED_CODES = {"unauthorized", "login_required", "invalid_token", "invalid_credentials"}


# -- the OpenAPI document -------------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    doc: dict[str, Any]
    path_item: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.doc.get("operationId") or f"{self.method.upper()} {self.path}")

    @property
    def security(self) -> list[dict[str, list[str]]] | None:
        return self.doc.get("security")

    @property
    def schemes(self) -> set[str]:
        return {name for requirement in self.security or [] for name in requirement}

    @property
    def path_params(self) -> list[str]:
        return re.findall(r"\{(\w+)\}", self.path)

    @property
    def query_params(self) -> list[str]:
        params = [*self.path_item.get("parameters", []), *self.doc.get("parameters", [])]
        return [p["name"] for p in params if p.get("in") == "query"]

    @property
    def admin(self) -> bool:
        return "SecretKey" in self.schemes

    @property
    def storefront(self) -> bool:
        return "TenantKey" in self.schemes

    @property
    def takes_student_token(self) -> bool:
        return "StudentToken" in self.schemes

    @property
    def requires_student_token(self) -> bool:
        return bool(self.security) and all("StudentToken" in r for r in self.security or [])

    @property
    def operator_only(self) -> bool:
        # A signed export link is a bearer credential of its own, valid for whoever holds
        # it, above tenants like the operator's (tests/test_student_data.py checks it).
        return self.schemes in ({"OperatorToken"}, {"ExportLink"})


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def operations(spec: dict[str, Any], *, public: bool = False) -> list[Operation]:
    found = []
    for path, item in spec["paths"].items():
        if is_public(path) and not public:
            continue
        for method in HTTP_METHODS:
            if method in item:
                found.append(Operation(method, path, item[method], item))
    return found


def request_schema(spec: dict[str, Any], op: Operation) -> dict[str, Any] | None:
    content = op.doc.get("requestBody", {}).get("content", {})
    media = content.get("application/json") or next(iter(content.values()), None)
    return resolve(spec, media.get("schema", {})) if media else None


def resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    return schema


@pytest.fixture
def tuition_setting_overrides() -> dict[str, Any]:
    """The live streams end after a second (they would last two minutes per call)."""
    return {"live_stream_seconds": 1, "live_heartbeat_seconds": 1}


@pytest.fixture
def spec(client: FlaskClient) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.get_json()
    return document


# -- two tenants ------------------------------------------------------------------------------


@dataclass
class Side:
    tenant: TenantHandle
    course: dict[str, Any]
    draft: dict[str, Any]
    student: StudentHandle
    enrollment: dict[str, Any]
    order_id: str = ""
    event_id: str = ""
    cohort: dict[str, Any] = field(default_factory=dict)  # the cohorts plugin's objects
    webhook: dict[str, Any] = field(default_factory=dict)  # the outbound_webhooks plugin's
    key_id: str = ""  # the id of its secret key
    import_id: str = ""  # an enrollment import (CSV)
    staff: dict[str, Any] = field(default_factory=dict)  # an owner: id, token, session_id
    discount_code_id: str = ""  # the discounts plugin's code
    export_id: str = ""  # a large export of its student
    bundle: str = ""  # the bundles plugin's bundle (a course's slug)
    seats: dict[str, Any] = field(default_factory=dict)  # the seats plugin's purchase
    plan_id: str = ""  # the installments plugin's payment plan
    invoice_id: str = ""  # the invoices plugin's invoice of the paid order
    subscription_id: str = ""  # the memberships plugin's subscription
    mail_id: str = ""  # the email_notifications plugin's mail (a receipt)

    def credentials(self, op: Operation) -> dict[str, str]:
        """This side's credentials for ``op``: as much as its security schemes accept."""
        if op.admin:
            return dict(self.tenant.admin)
        if op.schemes == {"StaffToken"}:
            return {"Authorization": f"Bearer {self.staff['token']}"}
        if op.storefront:
            if op.takes_student_token:
                return self.tenant.as_student(self.student.token)
            return dict(self.tenant.storefront)
        # Unknown scheme (a webhook signature, …): send everything the tenant has.
        return {**self.tenant.storefront, **self.tenant.admin}


@dataclass
class World:
    a: Side
    b: Side
    markers: dict[str, str] = field(default_factory=dict)


def _side(api: Api, prefix: str, label: str) -> Side:
    tenant = api.create_tenant(
        slug=f"{prefix}-academy",
        name=f"{prefix.title()} Secret Academy",
        plugins={
            PLUGIN: {"settings": {"source_label": f"{prefix}-secret-label"}},
            "dummy_provider": {},
            "cohorts": {},
            "abandoned_checkout": {},
            "outbound_webhooks": {},
            "discounts": {},
            "bundles": {},
            "seats": {},
            "installments": {},
            "memberships": {},
            "invoices": {"settings": {"seller_name": f"{prefix.title()} Secret Seller"}},
            # Taxed at 0 % (no rules, no billing country asked): its admin routes exist.
            "taxes": {"settings": {"seller_country": "DE", "require_billing_country": False}},
            # Mail goes to a closed port: each send fails at once and is recorded.
            "email_notifications": {
                "settings": {
                    "from_address": f"{prefix}@example.com",
                    "smtp_host": "127.0.0.1",
                    "smtp_port": 9,
                    "smtp_security": "none",
                }
            },
        },
    )
    course = api.create_course(
        tenant,
        f"{prefix}-course",
        title=f"{prefix.title()} Secret Course",
        summary=f"{prefix.title()} secret summary",
        capacity=7,
    )
    draft = api.create_course(
        tenant, f"{prefix}-draft", title=f"{prefix.title()} Draft Course", status="draft"
    )
    student = api.signup(tenant, f"{prefix}.student@example.com", intended_course=course["slug"])
    # The course is sold per cohort, with one step and one session to book.
    cohort = api.call(
        "POST",
        f"/v1/admin/courses/{course['slug']}/cohorts",
        expect=201,
        headers=tenant.admin,
        json={"slug": f"{prefix}-cohort", "capacity": 7, "name": f"{prefix.title()} Secret Cohort"},
    )
    step = api.call(
        "POST",
        f"/v1/admin/courses/{course['slug']}/steps",
        expect=201,
        headers=tenant.admin,
        json={"label": f"{prefix}-step", "title": "Step"},
    )
    option = api.call(
        "POST",
        f"/v1/admin/cohorts/{cohort.get_json()['id']}/options",
        headers=tenant.admin,
        expect=201,
        json={
            "step": f"{prefix}-step",
            "name": "Session",
            "weekday": 0,
            "start_time": "10:00",
            "end_time": "11:00",
            "capacity": 7,
        },
    )
    enrollment = api.call(
        "POST",
        "/v1/enrollments",
        headers=student.headers,
        expect=201,
        json={"course": course["slug"], "cohort": f"{prefix}-cohort"},
    ).get_json()
    assert enrollment["source"] == f"{prefix}-secret-label", label
    # A webhook endpoint for order.paid; its delivery fails (the host does not resolve).
    hook = api.call(
        "POST",
        "/v1/admin/webhook-endpoints",
        headers=tenant.admin,
        expect=201,
        json={"url": f"https://{prefix}-hooks.example.invalid/secret", "events": ["order.paid"]},
    ).get_json()
    # A paid course bought through the dummy provider: an order and a stored payment event.
    api.create_course(
        tenant,
        f"{prefix}-paid",
        title=f"{prefix.title()} Paid Course",
        pricing_model="one_time",
        price={"amount": 1500, "currency": "EUR"},
    )
    order_id = api.enroll(tenant, student, f"{prefix}-paid", expect=202).get_json()["checkout"][
        "order_id"
    ]
    api.call(
        "POST", f"/v1/dummy/checkout/{tenant.slug}/{order_id}", json={"outcome": "pay"}, expect=200
    )
    events = api.call(
        "GET", "/v1/admin/payment-events", headers=tenant.admin, expect=200
    ).get_json()
    deliveries = api.call(
        "GET",
        f"/v1/admin/webhook-endpoints/{hook['id']}/deliveries",
        headers=tenant.admin,
        expect=200,
    ).get_json()
    keys = api.call("GET", "/v1/admin/keys", headers=tenant.admin, expect=200).get_json()
    imported = api.call(
        "POST",
        "/v1/admin/enrollments:import",
        headers={**tenant.admin, "Content-Type": "text/csv"},
        data=f"email,course,cohort\n{student.email},{course['slug']},{prefix}-cohort\n",
        expect=202,
    ).get_json()
    code = api.call(
        "POST",
        "/v1/admin/discounts/codes",
        headers=tenant.admin,
        expect=201,
        json={"code": f"{prefix}-secret-code", "percent_off": 10},
    ).get_json()
    # A course sold in installments: a payment plan whose first payment is made.
    api.create_course(
        tenant,
        f"{prefix}-plan",
        pricing_model="installments",
        price={"amount": 3000, "currency": "EUR"},
        attributes={"installments": {"count": 2, "amount": 1500}},
    )
    plan_order = api.call(
        "POST",
        "/v1/enrollments",
        headers=student.headers,
        expect=202,
        json={"course": f"{prefix}-plan", "payment_plan": "installments"},
    ).get_json()["checkout"]["order_id"]
    api.call(
        "POST",
        f"/v1/dummy/checkout/{tenant.slug}/{plan_order}",
        json={"outcome": "pay"},
        expect=200,
    )
    plans = api.call("GET", "/v1/me/payment-plans", headers=student.headers, expect=200)
    invoices = api.call("GET", "/v1/admin/invoices", headers=tenant.admin, expect=200).get_json()
    return Side(
        tenant,
        course,
        draft,
        student,
        enrollment,
        order_id,
        events["items"][0]["id"],
        {
            "cohort_id": cohort.get_json()["id"],
            "step_id": step.get_json()["id"],
            "option_id": option.get_json()["id"],
            "step": f"{prefix}-step",
        },
        {"endpoint_id": hook["id"], "delivery_id": deliveries["items"][0]["id"]},
        next(k["id"] for k in keys["items"] if k["kind"] == "secret"),
        imported["id"],
        _staff_owner(api, tenant, prefix),
        code["id"],
        _export(api, tenant, student),
        _bundle(api, tenant, prefix, [course["slug"], draft["slug"]]),
        _seat_purchase(api, tenant, student, prefix),
        plans.get_json()["items"][0]["id"],
        invoices["items"][0]["id"],
        _subscription(api, tenant, student, prefix),
        api.call("GET", "/v1/admin/mails", headers=tenant.admin, expect=200).get_json()["items"][0][
            "id"
        ],
    )


def _subscription(api: Api, tenant: TenantHandle, student: StudentHandle, prefix: str) -> str:
    """A membership plan including the site's course, subscribed and paid (memberships
    plugin): the subscription's id."""
    api.create_course(
        tenant,
        f"{prefix}-club",
        pricing_model="subscription",
        price={"amount": 1000, "currency": "EUR"},
        attributes={"memberships": {"interval": "month", "courses": "all"}},
    )
    order = api.enroll(tenant, student, f"{prefix}-club", expect=202).get_json()["checkout"]
    api.call(
        "POST",
        f"/v1/dummy/checkout/{tenant.slug}/{order['order_id']}",
        json={"outcome": "pay"},
        expect=200,
    )
    found = api.call("GET", "/v1/me/subscriptions", headers=student.headers, expect=200)
    return str(found.get_json()["items"][0]["id"])


def _bundle(api: Api, tenant: TenantHandle, prefix: str, courses: list[str]) -> str:
    """A draft bundle of the site's two courses (bundles plugin); its slug."""
    slug = f"{prefix}-bundle"
    api.create_course(tenant, slug, title=f"{prefix.title()} Secret Bundle", status="draft")
    api.call(
        "PUT",
        f"/v1/admin/bundles/{slug}",
        headers=tenant.admin,
        expect=200,
        json={"courses": courses},
    )
    return slug


def _seat_purchase(
    api: Api, tenant: TenantHandle, buyer: StudentHandle, prefix: str
) -> dict[str, Any]:
    """Seats of a paid course bought and paid by ``buyer``: the purchase."""
    api.create_course(
        tenant,
        f"{prefix}-team",
        title=f"{prefix.title()} Team Course",
        pricing_model="one_time",
        price={"amount": 1500, "currency": "EUR"},
    )
    body = {"course": f"{prefix}-team", "seats": 3}
    checkout = api.call(
        "POST", "/v1/enrollments", json=body, headers=buyer.headers, expect=202
    ).get_json()["checkout"]
    api.call(
        "POST",
        f"/v1/dummy/checkout/{tenant.slug}/{checkout['order_id']}",
        json={"outcome": "pay"},
        expect=200,
    )
    (bought,) = api.call(
        "GET", "/v1/admin/seats/purchases", headers=tenant.admin, expect=200
    ).get_json()["items"]
    return {"purchase_id": bought["id"], "link_code": bought["link_code"]}


def _staff_owner(api: Api, tenant: TenantHandle, prefix: str) -> dict[str, Any]:
    """An owner on the site's staff, signed in: its id, token and session id."""
    email = f"{prefix}.owner@example.com"
    invited = api.call(
        "POST",
        "/v1/admin/staff",
        headers=tenant.admin,
        expect=201,
        json={"email": email, "role": "owner"},
    ).get_json()
    runtime = api.client.application.extensions["tuition"]
    with runtime.session(tenant.id) as session:
        found = runtime.services.staff_invitation(session, invited["id"])
    assert found is not None
    body = {"token": found[1], "password": "alpha bravo staff"}
    api.call(
        "POST", "/v1/staff/invitations:accept", json=body, headers=tenant.storefront, expect=200
    )
    signed = api.call(
        "POST",
        "/v1/staff/sign-in",
        json={"email": email, "password": "alpha bravo staff"},
        headers=tenant.storefront,
        expect=200,
    ).get_json()
    return {"id": invited["id"], "token": signed["token"], "session_id": signed["session_id"]}


def _export(api: Api, tenant: TenantHandle, student: StudentHandle) -> str:
    """A large export of ``student``, built (as its job does) behind the API."""
    runtime = api.client.application.extensions["tuition"]
    with runtime.transaction(tenant.id) as session:
        row = session.get(Tenant, tenant.id)
        who = session.get(Student, student.id)
        job = student_data.request_export(runtime, session, row, who, requested_by="student")
        export_id = str(job.id)
    return export_id


@pytest.fixture
def world(api: Api) -> World:
    a = _side(api, "alpha", "tenant A")
    b = _side(api, "bravo", "tenant B")
    markers = {
        "tenant id": a.tenant.id,
        "tenant slug": a.tenant.slug,
        "tenant name": "Alpha Secret Academy",
        "publishable key": a.tenant.publishable_key,
        "secret key": a.tenant.secret_key,
        "course id": a.course["id"],
        "course slug": a.course["slug"],
        "course title": a.course["title"],
        "course summary": a.course["summary"],
        "draft id": a.draft["id"],
        "draft slug": a.draft["slug"],
        "draft title": a.draft["title"],
        "student id": a.student.id,
        "student email": a.student.email,
        "student token": a.student.token,
        "enrollment id": a.enrollment["id"],
        "plugin setting": "alpha-secret-label",
        "order id": a.order_id,
        "payment event id": a.event_id,
        "cohort id": a.cohort["cohort_id"],
        "cohort name": "Alpha Secret Cohort",
        "webhook endpoint id": a.webhook["endpoint_id"],
        "webhook url": "https://alpha-hooks.example.invalid/secret",
        "secret key id": a.key_id,
        "enrollment import id": a.import_id,
        "staff id": a.staff["id"],
        "staff email": "alpha.owner@example.com",
        "staff token": a.staff["token"],
        "staff session id": a.staff["session_id"],
        "discount code id": a.discount_code_id,
        "discount code": "ALPHA-SECRET-CODE",
        "seat purchase id": a.seats["purchase_id"],
        "seat link code": a.seats["link_code"],
        "payment plan id": a.plan_id,
        "invoice id": a.invoice_id,
        "invoice seller": "Alpha Secret Seller",
        "subscription id": a.subscription_id,
        "mail id": a.mail_id,
    }
    return World(a, b, markers)


def targets(world: World) -> dict[str, tuple[str, bool]]:
    """Path and query parameter name → (A's value, whether the object belongs to A).

    Plugins are installed for every tenant, so ``{name}`` is not A's object: B must see its
    own configuration of the plugin, never A's settings.
    """
    a = world.a
    course, enrollment, student = a.course["slug"], a.enrollment["id"], a.student.id
    return {
        "slug": (course, True),
        "course": (course, True),
        "course_slug": (course, True),
        "id": (enrollment, True),
        "enrollment": (enrollment, True),
        "enrollment_id": (enrollment, True),
        "student": (student, True),
        "student_id": (student, True),
        "tenant": (a.tenant.slug, True),
        "tenant_slug": (a.tenant.slug, True),
        "tenant_id": (a.tenant.id, True),
        "name": (PLUGIN, False),
        "plugin": (PLUGIN, False),
        "plugin_name": (PLUGIN, False),
        "order_id": (a.order_id, True),
        "event_id": (a.event_id, True),
        # Provider names are the same everywhere; the tenant in the path is A's.
        "provider": ("dummy", False),
        # The cohorts plugin's objects.
        "cohort_id": (a.cohort["cohort_id"], True),
        "step_id": (a.cohort["step_id"], True),
        "option_id": (a.cohort["option_id"], True),
        # The outbound_webhooks plugin's objects.
        "endpoint_id": (a.webhook["endpoint_id"], True),
        "delivery_id": (a.webhook["delivery_id"], True),
        # API keys.
        "key_id": (a.key_id, True),
        # Enrollment imports.
        "import_id": (a.import_id, True),
        # Staff accounts and their sessions.
        "staff_id": (a.staff["id"], True),
        "session_id": (a.staff["session_id"], True),
        # The discounts plugin's codes.
        "code_id": (a.discount_code_id, True),
        # The bundles plugin's bundles.
        "bundle": (a.bundle, True),
        "export_id": (a.export_id, True),
        # The seats plugin's purchases.
        "purchase_id": (a.seats["purchase_id"], True),
        # The installments plugin's payment plan.
        "plan_id": (a.plan_id, True),
        # The invoices plugin's invoices.
        "invoice_id": (a.invoice_id, True),
        # The memberships plugin's subscriptions.
        "subscription_id": (a.subscription_id, True),
        "mail_id": (a.mail_id, True),
        # An installment's number, of A's plan (plan_id).
        "seq": ("2", False),
    }


# Operations whose query parameters are required: a valid query, aimed at nothing of A's.
REQUIRED_QUERIES: dict[str, dict[str, str]] = {
    "previewPluginPlan": {"plugin": PLUGIN, "enabled": "false"},
    # A fixed period: the default ends "now", which moves between two snapshots.
    "getFunnelReport": {"from": "2000-01-01T00:00:00Z", "to": "2100-01-01T00:00:00Z"},
    # Days of issue: a period with nothing in it (at most 400 days).
    "exportInvoices": {"from": "2000-01-01", "to": "2000-12-31"},
}


def known_bodies(world: World) -> dict[str, tuple[dict[str, Any], set[int] | None]]:
    """operationId → (body aimed at A, statuses B may get; None: the path decides)."""
    a = world.a
    return {
        # A course of B may not list A's course as a prerequisite: it does not exist for B.
        "createCourse": (
            {
                "slug": "bravo-new",
                "title": "New",
                "pricing_model": "free",
                "prerequisites": [a.course["slug"]],
                "next_courses": [a.draft["slug"]],
            },
            {422},
        ),
        "updateCourse": ({"title": "Hijacked", "prerequisites": []}, None),
        "updateTenant": ({"name": "Bravo Renamed"}, None),
        "updateStaff": ({"role": "support"}, None),
        # A's staff cannot sign in at B, nor accept B's invitations.
        "staffSignIn": (
            {"email": "alpha.owner@example.com", "password": "alpha bravo staff"},
            {401},
        ),
        "configurePlugin": ({"enabled": True, "settings": {"source_label": "bravo-label"}}, None),
        "signup": (
            {
                "email": "newcomer@example.com",
                "password": PASSWORD,
                "intended_course": a.course["slug"],
            },
            {422},
        ),
        "login": ({"email": a.student.email, "password": PASSWORD}, {401}),
        "enroll": ({"course": a.course["slug"]}, {404}),
        # B cannot enroll A's student, nor anyone in A's course.
        "createAdminEnrollment": (
            {"course": a.course["slug"], "student": a.student.id, "complimentary": True},
            {404},
        ),
        "createTenant": ({"slug": "charlie-academy", "name": "Charlie"}, None),
        # B cannot sign as A's provider: the webhook is refused (400) and nothing stored.
        "receiveWebhook": ({"id": "forged", "type": "payment.succeeded"}, {400}),
        "refundOrder": ({}, None),
        # A's seat link does not exist at B (401 once B's student is erased by a probe).
        "redeemSeat": ({"code": a.seats["link_code"]}, {401, 422}),
        # Valid bodies, so that only the path (A's objects) can refuse them.
        "createSessionOption": (
            {
                "step": a.cohort["step"],
                "name": "Probe",
                "weekday": 1,
                "start_time": "10:00",
                "end_time": "11:00",
                "capacity": 1,
            },
            None,
        ),
        "bookSessions": (
            {"selections": [{"step": a.cohort["step"], "option": a.cohort["option_id"]}]},
            None,
        ),
        # B's own courses, into A's bundle (the path refuses it).
        "putBundle": ({"courses": ["bravo-course", "bravo-draft"]}, None),
    }


def generic_body(spec: dict[str, Any], op: Operation, world: World) -> dict[str, Any] | None:
    """A plausible body for an operation this module does not know, aimed at A's objects."""
    schema = request_schema(spec, op)
    if schema is None:
        return None
    names = targets(world)
    body: dict[str, Any] = {}
    for name in schema.get("required", []):
        prop = resolve(spec, schema.get("properties", {}).get(name, {}))
        kind = prop.get("type")
        if name in names:
            body[name] = names[name][0]
        elif prop.get("format") == "email":
            body[name] = "newcomer@example.com"
        elif kind == "integer":
            body[name] = 1
        elif kind == "number":
            body[name] = 1.0
        elif kind == "boolean":
            body[name] = True
        elif kind == "array":
            body[name] = []
        elif kind == "object":
            body[name] = {}
        else:
            body[name] = "probe-value"
    return body


# -- probes -------------------------------------------------------------------------------------


@dataclass
class Probe:
    op: Operation
    label: str
    path: str
    query: dict[str, str]
    body: dict[str, Any] | None
    expected: set[int] | None  # None: any answer below 500 that leaks nothing

    @property
    def url(self) -> str:
        return f"{self.path}?{urlencode(self.query)}" if self.query else self.path

    def send(self, client: FlaskClient, headers: dict[str, str]) -> Any:
        kwargs: dict[str, Any] = {"headers": headers}
        if self.body is not None:
            kwargs["json"] = self.body
        return client.open(self.url, method=self.op.method.upper(), **kwargs)


class UnknownParameter(Exception):
    pass


def probes(
    spec: dict[str, Any], op: Operation, world: World, *, strict: bool = True
) -> list[Probe]:
    """Requests for ``op`` aimed at A's objects.

    A path parameter without a target raises UnknownParameter; with ``strict=False`` (for
    checks that must fail on credentials before any object is looked up) it gets a dummy.
    """
    names = targets(world)
    owned_path = False
    path = op.path
    for param in op.path_params:
        if param not in names and not strict:
            names[param] = ("unknown-object", True)
        if param not in names:
            raise UnknownParameter(
                f"{op.id}: no tenant-A object for path parameter {{{param}}}; "
                "add it to targets() in tests/test_isolation.py"
            )
        value, owned = names[param]
        owned_path = owned_path or owned
        path = path.replace(f"{{{param}}}", value)
    bodies = known_bodies(world)
    if op.id in bodies:
        body, expected = bodies[op.id]
    else:
        body, expected = generic_body(spec, op, world), None
        aimed = body is not None and any(
            v == names[k][0] and names[k][1] for k, v in body.items() if k in names
        )
        if aimed and not owned_path:
            expected = DENIED | {422}
    if expected is None and owned_path:
        expected = DENIED
    found = [Probe(op, "plain", path, dict(REQUIRED_QUERIES.get(op.id, {})), body, expected)]
    for param in op.query_params:
        if param in names and names[param][1]:
            query_expected = (
                {404} if (op.id, param) == ("listAdminEnrollments", "course") else expected
            )
            found.append(
                Probe(op, f"?{param}=A", path, {param: names[param][0]}, body, query_expected)
            )
    return found


def check_problem(response: Any) -> list[str]:
    """Every error answer is an RFC 9457 problem with a stable code."""
    if response.status_code < 400:
        return []
    failures = []
    if response.mimetype != "application/problem+json":
        failures.append(f"content type {response.mimetype!r}, not application/problem+json")
    body = response.get_json(silent=True) or {}
    missing = [k for k in ("type", "title", "status", "detail", "code") if k not in body]
    if missing:
        failures.append(f"problem lacks {missing}")
    if body.get("status") != response.status_code:
        failures.append(f"problem status {body.get('status')} != {response.status_code}")
    return failures


def leaks(
    response: Any, probe: Probe, headers: dict[str, str], markers: dict[str, str]
) -> list[str]:
    sent = " ".join([probe.url, json.dumps(probe.body), *headers.values()])
    seen = (
        response.get_data().decode("latin-1")
        + " "
        + " ".join(f"{k}: {v}" for k, v in response.headers.items())
    )
    return [
        f"leaks A's {label} ({value!r})"
        for label, value in markers.items()
        if value not in sent and value in seen
    ]


def cross_tenant_failures(
    client: FlaskClient, spec: dict[str, Any], world: World, ops: list[Operation]
) -> tuple[list[str], str]:
    """B's credentials at A's objects; returns failures and what A's controls showed."""
    failures: list[str] = []
    controls = ""
    for op in ops:
        if op.operator_only:
            continue  # the operator API is above tenants; see test_credential_misuse
        try:
            op_probes = probes(spec, op, world)
        except UnknownParameter as exc:
            failures.append(str(exc))
            continue
        for probe in op_probes:
            headers = world.b.credentials(op)
            response = probe.send(client, headers)
            where = f"{probe.op.method.upper()} {probe.url} ({op.id}, {probe.label}) as B"
            status = response.status_code
            problems = check_problem(response)
            if status >= 500:
                problems.append("server error")
            elif probe.expected is not None and status not in probe.expected:
                problems.append(f"expected {sorted(probe.expected)}")
            problems += leaks(response, probe, headers, world.markers)
            failures += [
                f"{where} → {status}: {p}: {response.get_data(as_text=True)[:300]}"
                for p in problems
            ]
            if op.method == "get":
                control = probe.send(client, world.a.credentials(op))
                if control.status_code >= 300:
                    failures.append(
                        f"control {probe.url} as A → {control.status_code}: "
                        f"{control.get_data(as_text=True)[:300]}"
                    )
                # Bytes as Latin-1: a PDF or ZIP decodes too, and text markers still match.
                controls += control.get_data().decode("latin-1")
    return failures, controls


#: Fields that name the moment of the request (a report's default window ends now).
MOMENT_FIELDS = ("from", "to")


def _stable(body: Any) -> Any:
    """``body`` without the fields that only say when it was asked for."""
    if isinstance(body, dict):
        return {k: v for k, v in body.items() if k not in MOMENT_FIELDS}
    return body


def a_state(client: FlaskClient, spec: dict[str, Any], world: World) -> dict[str, Any]:
    """Every GET operation as A, aimed at A's objects: A's whole visible state."""
    state = {}
    for op in operations(spec):
        if op.method != "get" or op.operator_only:
            continue
        try:
            for probe in probes(spec, op, world):
                response = probe.send(client, world.a.credentials(op))
                state[probe.url] = (response.status_code, _stable(response.get_json(silent=True)))
        except UnknownParameter:
            continue  # reported by the cross-tenant check
    return state


# -- tests ------------------------------------------------------------------------------------


def test_operations_are_discovered(spec: dict[str, Any]) -> None:
    ops = operations(spec)
    kinds = {scheme for op in ops for scheme in op.schemes}
    assert {"SecretKey", "TenantKey", "StudentToken", "OperatorToken"} <= kinds
    assert not any(is_public(op.path) for op in ops)
    assert {op.method for op in ops} >= {"get", "post", "patch", "put", "delete"}


def test_every_operation_declares_security(spec: dict[str, Any]) -> None:
    """An operation without a security requirement would be open to anyone: name it."""
    schemes = spec.get("components", {}).get("securitySchemes", {})
    failures = []
    for op in operations(spec):
        security = op.security
        if not security or not all(security):
            failures.append(
                f"{op.method.upper()} {op.path} ({op.id}) declares no security "
                f"requirement: {security!r}"
            )
            continue
        unknown = op.schemes - set(schemes)
        if unknown:
            failures.append(f"{op.id}: unknown security schemes {sorted(unknown)}")
        # A webhook answers a bad signature with 400 (the providers' convention).
        refusal = "400" if op.schemes == {"ProviderSignature"} else "401"
        if refusal not in op.doc.get("responses", {}):
            failures.append(f"{op.id}: the {refusal} answer is not documented")
    assert not failures, "\n".join(failures)


def test_public_paths_are_only_health_and_docs(spec: dict[str, Any]) -> None:
    public = {op.path for op in operations(spec, public=True) if not op.security}
    assert {p for p in public if not p.startswith(PUBLIC_PREFIXES)} <= PUBLIC_PATHS


def test_tenant_b_never_reaches_tenant_a(
    client: FlaskClient, spec: dict[str, Any], world: World
) -> None:
    before = a_state(client, spec, world)
    failures, controls = cross_tenant_failures(client, spec, world, operations(spec))
    # The markers are live: A's own requests do show them.
    for label in (
        "course title",
        "draft title",
        "student email",
        "enrollment id",
        "plugin setting",
        "tenant name",
    ):
        assert world.markers[label] in controls, f"no control showed A's {label}"
    after = a_state(client, spec, world)
    changed = sorted(url for url in before if before[url] != after.get(url))
    failures += [f"B's requests changed what A sees at {url}" for url in changed]
    assert not failures, "\n".join(failures)


def test_a_student_token_does_not_work_at_b(
    client: FlaskClient, spec: dict[str, Any], world: World
) -> None:
    """A's student token with B's publishable key → 401 on every operation taking a token."""
    failures = []
    headers = world.b.tenant.as_student(world.a.student.token)
    for op in operations(spec):
        if not op.takes_student_token:
            continue
        for probe in probes(spec, op, world, strict=False):
            response = probe.send(client, headers)
            body = response.get_json(silent=True) or {}
            if response.status_code != 401 or body.get("code") not in UNAUTHORIZED_CODES:
                failures.append(
                    f"{op.id} {probe.url} → {response.status_code}: "
                    f"{response.get_data(as_text=True)[:200]}"
                )
            failures += [f"{op.id}: {p}" for p in check_problem(response)]
            failures += [
                f"{op.id}: {p}"
                for p in leaks(response, probe, {}, world.markers)
                if "student token" not in p
            ]
    assert not failures, "\n".join(failures)


def _misuse(world: World) -> dict[str, Any]:
    """Credential mix-ups → which operations they apply to and the headers they send."""
    a = world.a.tenant
    token = world.a.student.token
    return {
        # A webhook's credential is the provider's signature: see the webhook tests.
        "no-credentials": (lambda op: "ProviderSignature" not in op.schemes, lambda op: {}),
        "publishable-key-as-bearer-on-admin": (
            lambda op: op.admin,
            lambda op: {"Authorization": f"Bearer {a.publishable_key}"},
        ),
        "publishable-key-header-on-admin": (lambda op: op.admin, lambda op: dict(a.storefront)),
        "operator-token-on-admin": (
            lambda op: op.admin,
            lambda op: {"Authorization": f"Bearer {OPERATOR_TOKEN}"},
        ),
        "student-token-on-admin": (lambda op: op.admin, lambda op: a.as_student(token)),
        "secret-key-as-tenant-key": (
            lambda op: op.storefront,
            lambda op: {
                "X-Tenant-Key": a.secret_key,
                **({"Authorization": f"Bearer {token}"} if op.takes_student_token else {}),
            },
        ),
        # Where the token is optional (the catalogue) a key as bearer counts as no token.
        "secret-key-as-student-token": (
            lambda op: op.requires_student_token,
            lambda op: {**a.storefront, "Authorization": f"Bearer {a.secret_key}"},
        ),
        "publishable-key-as-student-token": (
            lambda op: op.requires_student_token,
            lambda op: {**a.storefront, "Authorization": f"Bearer {a.publishable_key}"},
        ),
        "tenant-secret-key-on-operator": (
            lambda op: "OperatorToken" in op.schemes,
            lambda op: dict(a.admin),
        ),
        "tenant-publishable-key-on-operator": (
            lambda op: "OperatorToken" in op.schemes,
            lambda op: {**a.storefront, "Authorization": f"Bearer {a.publishable_key}"},
        ),
        "student-token-on-operator": (
            lambda op: "OperatorToken" in op.schemes,
            lambda op: a.as_student(token),
        ),
    }


MISUSES = [
    "no-credentials",
    "publishable-key-as-bearer-on-admin",
    "publishable-key-header-on-admin",
    "operator-token-on-admin",
    "student-token-on-admin",
    "secret-key-as-tenant-key",
    "secret-key-as-student-token",
    "publishable-key-as-student-token",
    "tenant-secret-key-on-operator",
    "tenant-publishable-key-on-operator",
    "student-token-on-operator",
]


@pytest.mark.parametrize("misuse", MISUSES)
def test_credential_misuse(
    client: FlaskClient, spec: dict[str, Any], world: World, runtime: Any, misuse: str
) -> None:
    """Wrong or missing credentials → 401 on every operation they could be tried on."""
    applies, make_headers = _misuse(world)[misuse]
    before = a_state(client, spec, world)
    tenants_before = _tenant_count(runtime)
    failures, tried = [], 0
    for op in operations(spec):
        if not op.security or not applies(op):
            continue
        for probe in probes(spec, op, world, strict=False):
            tried += 1
            headers = make_headers(op)
            response = probe.send(client, headers)
            body = response.get_json(silent=True) or {}
            if response.status_code != 401 or body.get("code") not in UNAUTHORIZED_CODES:
                failures.append(
                    f"{op.method.upper()} {probe.url} ({op.id}) → "
                    f"{response.status_code}: {response.get_data(as_text=True)[:200]}"
                )
            failures += [f"{op.id}: {p}" for p in check_problem(response)]
            failures += [f"{op.id}: {p}" for p in leaks(response, probe, headers, world.markers)]
    assert tried, f"{misuse}: no operation to try it on"
    assert a_state(client, spec, world) == before
    assert _tenant_count(runtime) == tenants_before
    assert not failures, "\n".join(failures)


def _tenant_count(runtime: Any) -> int:
    from tuition.models import Tenant

    with runtime.session() as session:
        return len(session.scalars(select(Tenant.id)).all())


def test_slugs_and_emails_are_per_tenant(api: Api, world: World) -> None:
    """A's course slug and student email do not exist at B: no 409 that would reveal them."""
    b = world.b.tenant
    created = api.create_course(b, world.a.course["slug"], title="Bravo Copy")
    assert created["title"] == "Bravo Copy" and created["id"] != world.a.course["id"]
    student = api.signup(b, world.a.student.email)
    assert student.id != world.a.student.id
    # A still has its own course and student, unchanged.
    mine = api.call(
        "GET",
        f"/v1/admin/courses/{world.a.course['slug']}",
        headers=world.a.tenant.admin,
        expect=200,
    ).get_json()
    assert mine["title"] == "Alpha Secret Course"
    me = api.call("GET", "/v1/me", headers=world.a.student.headers, expect=200).get_json()
    assert me["id"] == world.a.student.id
    # B's login with the same email is B's student, never A's.
    login = api.call(
        "POST",
        "/v1/auth/login",
        headers=b.storefront,
        expect=200,
        json={"email": world.a.student.email, "password": PASSWORD},
    ).get_json()
    assert login["student"]["id"] == student.id


# -- the checker catches leaks -----------------------------------------------------------------


class ProbePlugin:
    """A test plugin with a well-behaved endpoint and one that ignores the tenant."""

    __version__ = "0.0.1"

    @hookimpl
    def tuition_api_blueprints(self) -> list[Blueprint]:
        from tuition.api.context import admin_tenant, db, require_plugin, tuition
        from tuition.models import Course
        from tuition.services import courses

        blp = Blueprint("isolation_probe", __name__, url_prefix="/v1/probe")

        @blp.route("/good/<string:slug>")
        class Good(MethodView):
            @blp.doc(security=[{"SecretKey": []}], operationId="probeGood")
            @blp.response(200)
            def get(self, slug: str) -> dict[str, Any]:
                tenant = admin_tenant()
                require_plugin(tenant, "isolation_probe")
                return {"title": courses.get_course(db(), slug).title}

        @blp.route("/leaky/<string:slug>")
        class Leaky(MethodView):
            @blp.doc(security=[{"SecretKey": []}], operationId="probeLeaky")
            @blp.response(200)
            def get(self, slug: str) -> dict[str, Any]:
                admin_tenant()
                with tuition().session() as unscoped:  # the bug: no tenant filter
                    course = unscoped.scalar(select(Course).where(Course.slug == slug))
                    return {"title": course.title if course else None}

        return [blp]


class TestCheckerCatchesLeaks:
    @pytest.fixture
    def tuition_plugins(self) -> list[tuple[str, Any]]:
        return [("isolation_probe", ProbePlugin())]

    def test_plugin_endpoints_are_probed(
        self, api: Api, client: FlaskClient, spec: dict[str, Any], world: World
    ) -> None:
        for side in (world.a, world.b):
            api.call(
                "PUT",
                "/v1/admin/plugins/isolation_probe",
                headers=side.tenant.admin,
                json={"enabled": True},
                expect=200,
            )
        ops = [op for op in operations(spec) if op.path.startswith("/v1/probe/")]
        assert {op.id for op in ops} == {"probeGood", "probeLeaky"}
        good = [op for op in ops if op.id == "probeGood"]
        failures, controls = cross_tenant_failures(client, spec, world, good)
        assert failures == [] and world.markers["course title"] in controls
        leaky = [op for op in ops if op.id == "probeLeaky"]
        failures, _ = cross_tenant_failures(client, spec, world, leaky)
        assert any("leaks A's course title" in f for f in failures), failures
