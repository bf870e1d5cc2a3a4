"""Bad input gets a clear problem+json answer with a stable ``code``, never a 500, and no write.

Every case runs against a shop (a tenant with two courses, a student with one enrollment) and
compares every table of the database before and after the request, besides the API's own
totals of courses and enrollments.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from tuition.db import Base
from tuition.runtime import Tuition
from tuition.testing.api import OPERATOR_TOKEN, Api, StudentHandle, TenantHandle

MiB = 1024 * 1024
PASSWORD = "correct horse battery"
PROBLEM_KEYS = ("type", "title", "status", "detail", "code")


@dataclass
class Shop:
    tenant: TenantHandle
    student: StudentHandle

    def headers(self, path: str) -> dict[str, str]:
        """The credentials a path needs: operator, secret key, or storefront + student."""
        if path.startswith("/v1/tenants"):
            return {"Authorization": f"Bearer {OPERATOR_TOKEN}"}
        if path.startswith("/v1/admin"):
            return dict(self.tenant.admin)
        return dict(self.student.headers)


@pytest.fixture
def shop(api: Api, tenant: TenantHandle, student: StudentHandle) -> Shop:
    api.create_course(
        tenant, "intro", title="Intro", capacity=10, price={"amount": 1000, "currency": "EUR"}
    )
    api.create_course(tenant, "open", title="Open")
    api.enroll(tenant, student, "intro")
    return Shop(tenant, student)


def send(client: FlaskClient, shop: Shop, method: str, path: str, **kwargs: Any) -> Any:
    headers = {**shop.headers(path), **kwargs.pop("headers", {})}
    return client.open(path, method=method, headers=headers, **kwargs)


def database_rows(runtime: Tuition) -> dict[str, list[str]]:
    """Every row of every table, as sorted text: equal snapshots mean nothing was written."""
    with runtime.session() as session:
        return {
            table.name: sorted(repr(tuple(row)) for row in session.execute(select(table)))
            for table in Base.metadata.sorted_tables
        }


def api_totals(client: FlaskClient, shop: Shop) -> tuple[int, int, int]:
    admin = shop.tenant.admin
    courses = client.get("/v1/admin/courses", headers=admin).get_json()["total"]
    enrollments = client.get("/v1/admin/enrollments", headers=admin).get_json()["total"]
    mine = client.get("/v1/me/enrollments", headers=shop.student.headers).get_json()["total"]
    return courses, enrollments, mine


def assert_problem(response: Any, status: int, code: str) -> dict[str, Any]:
    text = response.get_data(as_text=True)
    assert response.status_code == status, f"{response.status_code}: {text[:500]}"
    assert response.mimetype == "application/problem+json", text[:500]
    body: dict[str, Any] = json.loads(text)
    assert [key for key in PROBLEM_KEYS if key not in body] == [], body
    assert body["status"] == response.status_code
    assert body["code"] == code, body
    assert body["type"] == f"urn:tuition:problem:{code}"
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["detail"], str) and body["detail"]
    return body


def assert_fields(body: dict[str, Any], *names: str) -> None:
    """The validation errors name each field (a dotted path, or a prefix of one)."""
    errors = body.get("errors") or {}
    for name in names:
        assert any(key == name or key.startswith(f"{name}.") for key in errors), (
            f"errors do not name {name!r}: {errors}"
        )


@dataclass
class Checker:
    """Sends bad requests and asserts each answer is a problem and wrote nothing.

    After every request all tables are compared with the state before it; ``done()`` also
    compares the API's own totals (courses, enrollments) with those at the start. Tables of
    cases run in one test each and report every failing row, not just the first (a test
    costs a fresh database and a shop on each backend).
    """

    client: FlaskClient
    runtime: Tuition
    shop: Shop
    before: Any = None
    totals: Any = None
    failed: list[str] = field(default_factory=list)
    ran: int = 0

    @contextmanager
    def nothing_written(self) -> Iterator[None]:
        if self.before is None:
            self.totals = api_totals(self.client, self.shop)
            self.before = database_rows(self.runtime)
        try:
            yield
        except BaseException:
            self.before = database_rows(self.runtime)  # the next case starts from here
            raise
        after = database_rows(self.runtime)
        rows, self.before = self.before, after
        changed = [name for name in rows if rows[name] != after[name]]
        assert not changed, f"the request wrote to {changed}"

    def send(self, method: str, path: str, **kwargs: Any) -> Any:
        return send(self.client, self.shop, method, path, **kwargs)

    def check(
        self,
        method: str,
        path: str,
        status: int,
        code: str,
        fields: tuple[str, ...] = (),
        **kwargs: Any,
    ) -> dict[str, Any]:
        with self.nothing_written():
            body = assert_problem(self.send(method, path, **kwargs), status, code)
        assert_fields(body, *fields)
        return body

    @contextmanager
    def case(self, name: str) -> Iterator[None]:
        self.ran += 1
        try:
            yield
        except AssertionError as error:
            self.failed.append(f"[{name}] {str(error).splitlines()[0][:400]}")

    def done(self) -> None:
        assert self.ran, "no case ran"
        assert not self.failed, f"{len(self.failed)} of {self.ran} cases failed:\n" + "\n".join(
            self.failed
        )
        if self.totals is not None:
            assert api_totals(self.client, self.shop) == self.totals, "API totals changed"


@pytest.fixture
def checker(client: FlaskClient, runtime: Tuition, shop: Shop) -> Checker:
    return Checker(client, runtime, shop)


# -- every write endpoint, with bodies that are not usable JSON objects -----------------------

WRITES = {
    "create-tenant": ("POST", "/v1/tenants", {"slug": "new-site", "name": "New site"}),
    "update-tenant": ("PATCH", "/v1/admin/tenant", {"name": "Renamed"}),
    "configure-plugin": (
        "PUT",
        "/v1/admin/plugins/free_enrollment",
        {"enabled": True, "settings": {"source_label": "gift"}},
    ),
    "create-course": (
        "POST",
        "/v1/admin/courses",
        {"slug": "new-course", "title": "New", "pricing_model": "free"},
    ),
    "update-course": ("PATCH", "/v1/admin/courses/intro", {"title": "Renamed"}),
    "signup": ("POST", "/v1/auth/signup", {"email": "newcomer@example.com", "password": PASSWORD}),
    "login": ("POST", "/v1/auth/login", {"email": "nobody@example.com", "password": PASSWORD}),
    "enroll": ("POST", "/v1/enrollments", {"course": "open"}),
}
REQUIRED = {"create-tenant", "configure-plugin", "create-course", "signup", "login", "enroll"}


def _raw(data: str | bytes, content_type: str = "application/json") -> dict[str, Any]:
    return {"data": data, "content_type": content_type}


NOT_OBJECTS = {"list", "string", "number", "boolean", "null"}
BAD_BODIES = {
    # name: (request keywords, status, code)
    "malformed": (_raw("{bad"), 400, "invalid_json"),
    "trailing-comma": (_raw('{"title": "x",}'), 400, "invalid_json"),
    "single-quotes": (_raw("{'title': 'x'}"), 400, "invalid_json"),
    "truncated": (_raw('{"title": "x'), 400, "invalid_json"),
    "not-utf8": (_raw(b'{"title": "\xff\xfe"}'), 400, "invalid_json"),
    "utf8-bom": (_raw(b'\xef\xbb\xbf{"title": "x"}'), 400, "invalid_json"),
    "nested-too-deep": (_raw("[" * 20000 + "]" * 20000), 400, "invalid_json"),
    "nested-object-too-deep": (
        _raw('{"title": ' + '{"a": ' * 5000 + "1" + "}" * 5001),
        400,
        "invalid_json",
    ),
    "integer-too-long": (_raw('{"title": ' + "9" * 5000 + "}"), 400, "invalid_json"),
    "list": ({"json": [{"title": "x"}]}, 422, "validation_error"),
    "string": ({"json": "title"}, 422, "validation_error"),
    "number": ({"json": 5}, 422, "validation_error"),
    "boolean": ({"json": True}, 422, "validation_error"),
    "null": (_raw("null"), 422, "validation_error"),
    "text-plain": (_raw('{"title": "x"}', "text/plain"), 415, "unsupported_media_type"),
    "form-encoded": (
        _raw("title=x", "application/x-www-form-urlencoded"),
        415,
        "unsupported_media_type",
    ),
    "xml": (_raw("<title>x</title>", "application/xml"), 415, "unsupported_media_type"),
    "too-large-json": (_raw(json.dumps({"title": "x" * (MiB + 1)})), 413, "payload_too_large"),
    "too-large-garbage": (_raw("x" * (MiB + 100)), 413, "payload_too_large"),
    "too-large-text": (_raw("x" * (2 * MiB), "text/plain"), 415, "unsupported_media_type"),
    "nul-in-key": ({"json": {"ti\x00tle": "x"}}, 422, "validation_error"),
}


@pytest.mark.parametrize("write", list(WRITES))
def test_valid_bodies_are_accepted(checker: Checker, write: str) -> None:
    """The control: each endpoint takes its plain body, so the errors below come from input."""
    method, path, body = WRITES[write]
    response = checker.send(method, path, json=body)
    expected = 401 if write == "login" else None  # nobody@example.com has no account
    if expected:
        assert_problem(response, 401, "invalid_credentials")
    else:
        assert response.status_code < 300, response.get_data(as_text=True)


@pytest.mark.parametrize("bad", list(BAD_BODIES))
def test_unusable_bodies(checker: Checker, bad: str) -> None:
    """Each bad body on every write endpoint."""
    kwargs, status, code = BAD_BODIES[bad]
    for write, (method, path, _) in WRITES.items():
        with checker.case(write):
            body = checker.check(method, path, status, code, **kwargs)
            if bad in NOT_OBJECTS:
                assert body["detail"] == "The request body must be a JSON object."
            if bad == "nul-in-key":
                assert_fields(body, "ti\x00tle")
    checker.done()


@pytest.mark.parametrize("write", sorted(REQUIRED))
def test_missing_required_fields(checker: Checker, write: str) -> None:
    """An empty object, or no body at all: 422 naming every required field."""
    method, path, valid = WRITES[write]
    required = tuple(name for name in valid if name != "settings")
    for name, kwargs in {
        "empty-object": {"json": {}},
        "no-body": _raw(""),
        "no-content-type": {},
    }.items():
        with checker.case(name):
            checker.check(method, path, 422, "validation_error", required, **kwargs)
    for name in required:  # each one left out alone
        with checker.case(f"without-{name}"):
            checker.check(method, path, 422, "validation_error", (name,), json=without(valid, name))
    checker.done()


# -- field by field -------------------------------------------------------------------------

NEW_COURSE = WRITES["create-course"][2]
EURO = {"amount": 1000, "currency": "EUR"}


def course(**fields: Any) -> dict[str, Any]:
    return {**NEW_COURSE, **fields}


def without(body: dict[str, Any], name: str) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != name}


# (method, path, json body, fields the errors must name)
FIELD_CASES = {
    # courses: wrong types
    "capacity-string": ("POST", "/v1/admin/courses", course(capacity="ten"), ["capacity"]),
    "capacity-numeric-string": ("POST", "/v1/admin/courses", course(capacity="10"), ["capacity"]),
    "capacity-float": ("POST", "/v1/admin/courses", course(capacity=10.5), ["capacity"]),
    "capacity-bool": ("POST", "/v1/admin/courses", course(capacity=True), ["capacity"]),
    "capacity-list": ("POST", "/v1/admin/courses", course(capacity=[10]), ["capacity"]),
    "capacity-negative": ("POST", "/v1/admin/courses", course(capacity=-1), ["capacity"]),
    "capacity-huge": ("POST", "/v1/admin/courses", course(capacity=10**400), ["capacity"]),
    "capacity-over-max": ("POST", "/v1/admin/courses", course(capacity=1_000_001), ["capacity"]),
    "price-float": (
        "POST",
        "/v1/admin/courses",
        course(price={"amount": 10.5, "currency": "EUR"}),
        ["price.amount"],
    ),
    "price-string": (
        "POST",
        "/v1/admin/courses",
        course(price={"amount": "10", "currency": "EUR"}),
        ["price.amount"],
    ),
    "price-negative": (
        "POST",
        "/v1/admin/courses",
        course(price={"amount": -1, "currency": "EUR"}),
        ["price.amount"],
    ),
    "price-too-big": (
        "POST",
        "/v1/admin/courses",
        course(price={"amount": 10**12, "currency": "EUR"}),
        ["price.amount"],
    ),
    "price-not-object": ("POST", "/v1/admin/courses", course(price="10 EUR"), ["price"]),
    "price-missing-currency": (
        "POST",
        "/v1/admin/courses",
        course(price={"amount": 10}),
        ["price.currency"],
    ),
    "price-unknown-field": (
        "POST",
        "/v1/admin/courses",
        course(price={**EURO, "tax": 19}),
        ["price.tax"],
    ),
    "currency-lowercase": (
        "POST",
        "/v1/admin/courses",
        course(price={"amount": 10, "currency": "eur"}),
        ["price.currency"],
    ),
    "currency-four-letters": (
        "POST",
        "/v1/admin/courses",
        course(price={"amount": 10, "currency": "EURO"}),
        ["price.currency"],
    ),
    "currency-symbol": (
        "POST",
        "/v1/admin/courses",
        course(price={"amount": 10, "currency": "€"}),
        ["price.currency"],
    ),
    "currency-number": (
        "POST",
        "/v1/admin/courses",
        course(price={"amount": 10, "currency": 978}),
        ["price.currency"],
    ),
    "title-number": ("POST", "/v1/admin/courses", course(title=5), ["title"]),
    "title-null": ("POST", "/v1/admin/courses", course(title=None), ["title"]),
    "title-empty": ("POST", "/v1/admin/courses", course(title=""), ["title"]),
    "title-too-long": ("POST", "/v1/admin/courses", course(title="x" * 201), ["title"]),
    "title-emoji-too-long": ("POST", "/v1/admin/courses", course(title="😀" * 201), ["title"]),
    "title-very-long": ("POST", "/v1/admin/courses", course(title="x" * 200_000), ["title"]),
    "title-nul": ("POST", "/v1/admin/courses", course(title="In\x00tro"), ["title"]),
    "summary-too-long": ("POST", "/v1/admin/courses", course(summary="x" * 5001), ["summary"]),
    "summary-nul": ("POST", "/v1/admin/courses", course(summary="\x00"), ["summary"]),
    "status-uppercase": ("POST", "/v1/admin/courses", course(status="DRAFT"), ["status"]),
    "status-unknown": ("POST", "/v1/admin/courses", course(status="deleted"), ["status"]),
    "pricing-model-unknown": (
        "POST",
        "/v1/admin/courses",
        course(pricing_model="barter"),
        ["pricing_model"],
    ),
    "pricing-model-too-long": (
        "POST",
        "/v1/admin/courses",
        course(pricing_model="f" * 65),
        ["pricing_model"],
    ),
    "deadline-text": (
        "POST",
        "/v1/admin/courses",
        course(registration_deadline="next week"),
        ["registration_deadline"],
    ),
    "deadline-bad-month": (
        "POST",
        "/v1/admin/courses",
        course(registration_deadline="2030-13-01T00:00:00Z"),
        ["registration_deadline"],
    ),
    "deadline-number": (
        "POST",
        "/v1/admin/courses",
        course(registration_deadline=1893456000),
        ["registration_deadline"],
    ),
    "deadline-before-year-1-utc": (
        "POST",
        "/v1/admin/courses",
        course(registration_deadline="0001-01-01T00:00:00+01:00"),
        ["registration_deadline"],
    ),
    "deadline-after-year-9999-utc": (
        "POST",
        "/v1/admin/courses",
        course(registration_deadline="9999-12-31T23:59:59-01:00"),
        ["registration_deadline"],
    ),
    "prerequisites-string": (
        "POST",
        "/v1/admin/courses",
        course(prerequisites="intro"),
        ["prerequisites"],
    ),
    "prerequisites-bad-slug": (
        "POST",
        "/v1/admin/courses",
        course(prerequisites=["Intro"]),
        ["prerequisites"],
    ),
    "prerequisites-unknown": (
        "POST",
        "/v1/admin/courses",
        course(prerequisites=["nope"]),
        ["prerequisites"],
    ),
    "prerequisites-twice": (
        "POST",
        "/v1/admin/courses",
        course(prerequisites=["intro", "intro"]),
        ["prerequisites"],
    ),
    "prerequisites-too-many": (
        "POST",
        "/v1/admin/courses",
        course(prerequisites=[f"c{i}" for i in range(51)]),
        ["prerequisites"],
    ),
    "next-courses-unknown": (
        "POST",
        "/v1/admin/courses",
        course(next_courses=["nope"]),
        ["next_courses"],
    ),
    "attributes-not-objects": (
        "POST",
        "/v1/admin/courses",
        course(attributes={"x": "y"}),
        ["attributes"],
    ),
    "attributes-unknown-plugin": (
        "POST",
        "/v1/admin/courses",
        course(attributes={"nope": {}}),
        ["attributes.nope"],
    ),
    "attributes-nul": (
        "POST",
        "/v1/admin/courses",
        course(attributes={"nope": {"k": "\x00"}}),
        ["attributes.nope.k"],
    ),
    "unknown-field": ("POST", "/v1/admin/courses", course(bogus=1), ["bogus"]),
    "unknown-fields": (
        "POST",
        "/v1/admin/courses",
        course(id="crs_x", seats_taken=0),
        ["id", "seats_taken"],
    ),
    "read-only-field": (
        "POST",
        "/v1/admin/courses",
        course(created_at="2020-01-01T00:00:00Z"),
        ["created_at"],
    ),
    "missing-slug": ("POST", "/v1/admin/courses", without(NEW_COURSE, "slug"), ["slug"]),
    "missing-title": ("POST", "/v1/admin/courses", without(NEW_COURSE, "title"), ["title"]),
    "missing-pricing-model": (
        "POST",
        "/v1/admin/courses",
        without(NEW_COURSE, "pricing_model"),
        ["pricing_model"],
    ),
    "several-errors": (
        "POST",
        "/v1/admin/courses",
        {
            "slug": "Bad Slug",
            "title": "",
            "capacity": -1,
            "pricing_model": "free",
            "price": {"amount": 1.5, "currency": "eur"},
        },
        ["slug", "title", "capacity", "price.amount", "price.currency"],
    ),
    # course updates
    "update-slug": ("PATCH", "/v1/admin/courses/intro", {"slug": "other"}, ["slug"]),
    "update-capacity-negative": (
        "PATCH",
        "/v1/admin/courses/intro",
        {"capacity": -1},
        ["capacity"],
    ),
    "update-capacity-below-taken": (
        "PATCH",
        "/v1/admin/courses/intro",
        {"capacity": 0},
        ["capacity"],
    ),
    "update-price-negative": (
        "PATCH",
        "/v1/admin/courses/intro",
        {"price": {"amount": -5, "currency": "EUR"}},
        ["price.amount"],
    ),
    "update-currency": (
        "PATCH",
        "/v1/admin/courses/intro",
        {"price": {"amount": 5, "currency": "EURO"}},
        ["price.currency"],
    ),
    "update-title-null": ("PATCH", "/v1/admin/courses/intro", {"title": None}, ["title"]),
    "update-self-prerequisite": (
        "PATCH",
        "/v1/admin/courses/intro",
        {"prerequisites": ["intro"]},
        ["prerequisites"],
    ),
    "update-unknown-field": ("PATCH", "/v1/admin/courses/intro", {"bogus": True}, ["bogus"]),
    "update-title-nul": ("PATCH", "/v1/admin/courses/intro", {"title": "\x00"}, ["title"]),
    # tenants (operator)
    "tenant-slug-uppercase": ("POST", "/v1/tenants", {"slug": "New-Site", "name": "n"}, ["slug"]),
    "tenant-slug-traversal": ("POST", "/v1/tenants", {"slug": "../x", "name": "n"}, ["slug"]),
    "tenant-name-empty": ("POST", "/v1/tenants", {"slug": "new-site", "name": ""}, ["name"]),
    "tenant-name-nul": ("POST", "/v1/tenants", {"slug": "new-site", "name": "N\x00"}, ["name"]),
    "tenant-plugin-unknown": (
        "POST",
        "/v1/tenants",
        {"slug": "new-site", "name": "n", "plugins": {"nope": {}}},
        ["plugins.nope"],
    ),
    "tenant-plugin-null": (
        "POST",
        "/v1/tenants",
        {"slug": "new-site", "name": "n", "plugins": {"free_enrollment": None}},
        ["plugins.free_enrollment"],
    ),
    "tenant-plugin-bad-settings": (
        "POST",
        "/v1/tenants",
        {
            "slug": "new-site",
            "name": "n",
            "plugins": {"free_enrollment": {"settings": {"source_label": ""}}},
        },
        ["plugins.free_enrollment.settings.source_label"],
    ),
    "tenant-idp-bad-url": (
        "POST",
        "/v1/tenants",
        {
            "slug": "new-site",
            "name": "n",
            "identity_provider": {"jwks_url": "ftp://idp", "issuer": "i", "audience": "a"},
        },
        ["identity_provider.jwks_url"],
    ),
    "tenant-unknown-field": (
        "POST",
        "/v1/tenants",
        {"slug": "new-site", "name": "n", "secret_key": "sk_x"},
        ["secret_key"],
    ),
    # the tenant itself (admin)
    "rename-empty": ("PATCH", "/v1/admin/tenant", {"name": ""}, ["name"]),
    "rename-null": ("PATCH", "/v1/admin/tenant", {"name": None}, ["name"]),
    "rename-too-long": ("PATCH", "/v1/admin/tenant", {"name": "n" * 201}, ["name"]),
    "rename-nul": ("PATCH", "/v1/admin/tenant", {"name": "a\x00b"}, ["name"]),
    "idp-missing-issuer": (
        "PATCH",
        "/v1/admin/tenant",
        {"identity_provider": {"jwks_url": "https://idp.example.com/jwks", "audience": "a"}},
        ["identity_provider.issuer"],
    ),
    "idp-issuer-nul": (
        "PATCH",
        "/v1/admin/tenant",
        {
            "identity_provider": {
                "jwks_url": "https://idp.example.com/jwks",
                "issuer": "i\x00",
                "audience": "a",
            }
        },
        ["identity_provider.issuer"],
    ),
    "tenant-slug-change": ("PATCH", "/v1/admin/tenant", {"slug": "other"}, ["slug"]),
    # plugins
    "plugin-enabled-missing": (
        "PUT",
        "/v1/admin/plugins/free_enrollment",
        {"settings": {}},
        ["enabled"],
    ),
    "plugin-enabled-text": (
        "PUT",
        "/v1/admin/plugins/free_enrollment",
        {"enabled": "maybe"},
        ["enabled"],
    ),
    "plugin-settings-list": (
        "PUT",
        "/v1/admin/plugins/free_enrollment",
        {"enabled": True, "settings": []},
        ["settings"],
    ),
    "plugin-setting-empty": (
        "PUT",
        "/v1/admin/plugins/free_enrollment",
        {"enabled": True, "settings": {"source_label": ""}},
        ["settings.source_label"],
    ),
    "plugin-setting-too-long": (
        "PUT",
        "/v1/admin/plugins/free_enrollment",
        {"enabled": True, "settings": {"source_label": "x" * 65}},
        ["settings.source_label"],
    ),
    "plugin-setting-type": (
        "PUT",
        "/v1/admin/plugins/free_enrollment",
        {"enabled": True, "settings": {"source_label": 5}},
        ["settings.source_label"],
    ),
    "plugin-setting-nul": (
        "PUT",
        "/v1/admin/plugins/free_enrollment",
        {"enabled": True, "settings": {"source_label": "gi\x00ft"}},
        ["settings.source_label"],
    ),
    "plugin-setting-unknown": (
        "PUT",
        "/v1/admin/plugins/free_enrollment",
        {"enabled": True, "settings": {"bogus": 1}},
        ["settings.bogus"],
    ),
    # students
    "signup-bad-email": (
        "POST",
        "/v1/auth/signup",
        {"email": "not-an-email", "password": PASSWORD},
        ["email"],
    ),
    "signup-email-too-long": (
        "POST",
        "/v1/auth/signup",
        {"email": "a" * 320 + "@example.com", "password": PASSWORD},
        ["email"],
    ),
    "signup-email-nul": (
        "POST",
        "/v1/auth/signup",
        {"email": "a\x00b@example.com", "password": PASSWORD},
        ["email"],
    ),
    "signup-email-emoji": (
        "POST",
        "/v1/auth/signup",
        {"email": "😀@😀", "password": PASSWORD},
        ["email"],
    ),
    "signup-password-short": (
        "POST",
        "/v1/auth/signup",
        {"email": "new@example.com", "password": "short"},
        ["password"],
    ),
    "signup-password-too-long": (
        "POST",
        "/v1/auth/signup",
        {"email": "new@example.com", "password": "p" * 257},
        ["password"],
    ),
    "signup-password-number": (
        "POST",
        "/v1/auth/signup",
        {"email": "new@example.com", "password": 12345678},
        ["password"],
    ),
    "signup-method-uppercase": (
        "POST",
        "/v1/auth/signup",
        {"email": "new@example.com", "password": PASSWORD, "signup_method": "Email"},
        ["signup_method"],
    ),
    "signup-intended-bad-slug": (
        "POST",
        "/v1/auth/signup",
        {"email": "new@example.com", "password": PASSWORD, "intended_course": "Intro Course"},
        ["intended_course"],
    ),
    "signup-intended-unknown": (
        "POST",
        "/v1/auth/signup",
        {"email": "new@example.com", "password": PASSWORD, "intended_course": "nope"},
        ["intended_course"],
    ),
    "signup-unknown-field": (
        "POST",
        "/v1/auth/signup",
        {"email": "new@example.com", "password": PASSWORD, "admin": True},
        ["admin"],
    ),
    "login-bad-email": ("POST", "/v1/auth/login", {"email": "x", "password": PASSWORD}, ["email"]),
    "login-password-too-long": (
        "POST",
        "/v1/auth/login",
        {"email": "x@example.com", "password": "p" * 257},
        ["password"],
    ),
    # enrollments
    "enroll-course-number": ("POST", "/v1/enrollments", {"course": 5}, ["course"]),
    "enroll-course-list": ("POST", "/v1/enrollments", {"course": ["open"]}, ["course"]),
    "enroll-course-null": ("POST", "/v1/enrollments", {"course": None}, ["course"]),
    "enroll-course-empty": ("POST", "/v1/enrollments", {"course": ""}, ["course"]),
    "enroll-unknown-field": ("POST", "/v1/enrollments", {"course": "open", "price": 0}, ["price"]),
}

BAD_SLUGS = {
    "uppercase": "Open",
    "space": "open course",
    "leading-space": " open",
    "500-chars": "a" * 500,
    "65-chars": "a" * 65,
    "traversal": "../x",
    "slash": "a/b",
    "leading-dash": "-open",
    "trailing-dash": "open-",
    "underscore": "open_course",
    "accented": "cours-été",
    "emoji": "😀",
    "nul": "op\x00en",
    "empty": "",
}
SLUG_FIELDS = {
    "course-slug": ("POST", "/v1/admin/courses", lambda s: course(slug=s), "slug"),
    "tenant-slug": ("POST", "/v1/tenants", lambda s: {"slug": s, "name": "n"}, "slug"),
    "enroll-course": ("POST", "/v1/enrollments", lambda s: {"course": s}, "course"),
    "prerequisite": (
        "POST",
        "/v1/admin/courses",
        lambda s: course(prerequisites=[s]),
        "prerequisites",
    ),
    "intended-course": (
        "POST",
        "/v1/auth/signup",
        lambda s: {"email": "new@example.com", "password": PASSWORD, "intended_course": s},
        "intended_course",
    ),
}


FIELD_GROUPS = sorted({f"{method} {path}" for method, path, _, _ in FIELD_CASES.values()})


@pytest.mark.parametrize("group", FIELD_GROUPS)
def test_invalid_fields(checker: Checker, group: str) -> None:
    """Every FIELD_CASES row of one endpoint: 422 validation_error naming the fields."""
    for case, (method, path, body, fields) in FIELD_CASES.items():
        if f"{method} {path}" == group:
            with checker.case(case):
                checker.check(method, path, 422, "validation_error", tuple(fields), json=body)
    checker.done()


@pytest.mark.parametrize("where", list(SLUG_FIELDS))
def test_bad_slugs(checker: Checker, where: str) -> None:
    method, path, make, field = SLUG_FIELDS[where]
    for name, slug in BAD_SLUGS.items():
        with checker.case(name):
            checker.check(method, path, 422, "validation_error", (field,), json=make(slug))
    checker.done()


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
def test_bad_slugs_in_the_path(checker: Checker, method: str) -> None:
    """A slug in the URL that cannot exist is simply not found (NUL: a bad request)."""
    kwargs = {"json": {"title": "Renamed"}} if method == "PATCH" else {}
    for name, slug in BAD_SLUGS.items():
        if name in ("empty", "slash"):
            continue  # other routes
        status, code = (400, "bad_request") if "\x00" in slug else (404, "not_found")
        with checker.case(f"admin-{name}"):
            checker.check(method, f"/v1/admin/courses/{slug}", status, code, **kwargs)
        if method == "GET":
            with checker.case(f"storefront-{name}"):
                checker.check("GET", f"/v1/courses/{slug}", status, code)
    checker.done()


def test_unknown_objects(checker: Checker) -> None:
    for name, method, path, kwargs in [
        ("enroll", "POST", "/v1/enrollments", {"json": {"course": "nope"}}),
        ("configure-plugin", "PUT", "/v1/admin/plugins/nope", {"json": {"enabled": True}}),
        ("get-plugin", "GET", "/v1/admin/plugins/nope", {}),
        ("builtin-plugin", "PUT", "/v1/admin/plugins/core_checks", {"json": {"enabled": False}}),
        ("update-course", "PATCH", "/v1/admin/courses/nope", {"json": {"title": "x"}}),
        ("delete-course", "DELETE", "/v1/admin/courses/nope", {}),
    ]:
        with checker.case(name):
            checker.check(method, path, 404, "not_found", **kwargs)
    checker.done()


# -- headers --------------------------------------------------------------------------------


def test_bad_idempotency_keys(checker: Checker) -> None:
    for name, key in {"256-chars": "k" * 256, "10000-chars": "k" * 10_000, "empty": ""}.items():
        with checker.case(name):
            checker.check(
                "POST",
                "/v1/enrollments",
                422,
                "validation_error",
                ("Idempotency-Key",),
                json={"course": "open"},
                headers={"Idempotency-Key": key},
            )
    checker.done()
    # The longest allowed key works.
    response = checker.send(
        "POST", "/v1/enrollments", json={"course": "open"}, headers={"Idempotency-Key": "k" * 255}
    )
    assert response.status_code == 201, response.get_data(as_text=True)


BAD_CREDENTIALS = {
    "huge-tenant-key": {"X-Tenant-Key": "pk_" + "x" * 10_000},
    "non-ascii-tenant-key": {"X-Tenant-Key": "pk_ünïcødé"},
    "huge-token": {"Authorization": "Bearer " + "a" * 10_000},
    "garbage-token": {"Authorization": "Bearer not.a.jwt"},
    "empty-claims-token": {"Authorization": "Bearer e30.e30.e30"},
    "alg-none-token": {"Authorization": "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."},
    "basic-auth": {"Authorization": "Basic dXNlcjpwYXNz"},
    "bearer-only": {"Authorization": "Bearer"},
}


def test_bad_credentials_headers(checker: Checker) -> None:
    for name, headers in BAD_CREDENTIALS.items():
        with checker.case(name), checker.nothing_written():
            response = checker.send(
                "POST", "/v1/enrollments", json={"course": "open"}, headers=headers
            )
            code = (response.get_json(silent=True) or {}).get("code")
            assert code in {"unauthorized", "invalid_token", "login_required"}, code
            assert_problem(response, 401, code)
    checker.done()


# -- query parameters -------------------------------------------------------------------------

LISTS = ["/v1/admin/courses", "/v1/admin/enrollments", "/v1/courses", "/v1/me/enrollments"]
BAD_PAGES = {
    "page=0": "page",
    "page=-1": "page",
    "page=x": "page",
    "page=1.5": "page",
    "page=": "page",
    "page=100001": "page",
    "page=99999999999999999999999999": "page",
    "page_size=0": "page_size",
    "page_size=-1": "page_size",
    "page_size=1000": "page_size",
    "page_size=101": "page_size",
    "page_size=x": "page_size",
    "page_size=1e3": "page_size",
}


@pytest.mark.parametrize("path", LISTS)
def test_bad_paging(checker: Checker, path: str) -> None:
    for query, name in BAD_PAGES.items():
        with checker.case(query):
            checker.check("GET", f"{path}?{query}", 422, "validation_error", (f"query.{name}",))
    with checker.case("page=%00"):
        checker.check("GET", f"{path}?page=%00", 400, "bad_request")
    checker.done()


ENROLLMENT_FILTERS = [
    ("course=Open", 422, "validation_error", ("query.course",)),
    ("course=" + "a" * 500, 422, "validation_error", ("query.course",)),
    ("course=..%2Fx", 422, "validation_error", ("query.course",)),
    ("course=%F0%9F%98%80", 422, "validation_error", ("query.course",)),
    ("course=nope", 404, "not_found", ()),
    ("status=ACTIVE", 422, "validation_error", ("query.status",)),
    ("status=", 422, "validation_error", ("query.status",)),
    ("status=%00", 400, "bad_request", ()),
    ("course=op%00en", 400, "bad_request", ()),
    ("course%00=open", 400, "bad_request", ()),
]


def test_bad_enrollment_filters(checker: Checker) -> None:
    for query, status, code, fields in ENROLLMENT_FILTERS:
        with checker.case(query[:40]):
            checker.check("GET", f"/v1/admin/enrollments?{query}", status, code, fields)
    checker.done()


# -- routing ------------------------------------------------------------------------------------

UNKNOWN_ROUTES = [
    ("GET", "/nope", {}),
    ("GET", "/v1/nope", {}),
    ("GET", "/v1/admin/nope", {}),
    ("POST", "/v1/admin/nope", {"json": {"title": "x"}}),
    ("POST", "/v1/admin/nope", _raw("not json", "text/plain")),
    ("GET", "/v1/admin/courses/intro/extra", {}),
    ("GET", "/v1/%F0%9F%98%80", {}),
    ("GET", "/" + "x" * 10_000, {}),
]
WRONG_METHODS = [
    ("DELETE", "/v1/admin/tenant", {"GET", "PATCH"}),
    ("POST", "/v1/admin/courses/intro", {"GET", "PATCH", "DELETE"}),
    ("PUT", "/v1/admin/courses", {"GET", "POST"}),
    ("POST", "/v1/courses", {"GET"}),
    ("GET", "/v1/auth/signup", {"POST"}),
    ("PUT", "/v1/enrollments", {"POST"}),
    ("DELETE", "/v1/me", {"GET"}),
    ("PUT", "/v1/tenants", {"GET", "POST"}),
]


def test_unknown_routes(checker: Checker) -> None:
    for method, path, kwargs in UNKNOWN_ROUTES:
        with checker.case(f"{method} {path[:40]}"):
            checker.check(method, path, 404, "not_found", **kwargs)
    checker.done()


def test_wrong_method(checker: Checker) -> None:
    for method, path, allowed in WRONG_METHODS:
        with checker.case(f"{method} {path}"), checker.nothing_written():
            response = checker.send(method, path, **_raw("not json", "text/plain"))
            assert_problem(response, 405, "method_not_allowed")
            assert allowed <= {m.strip() for m in response.headers["Allow"].split(",")}
    checker.done()


# -- text that is valid ---------------------------------------------------------------------

UNICODE_TEXTS = {
    "emoji": "Yoga 🧘‍♀️ for 👩🏽‍💻 people 😀",
    "cjk": "日本語のコース",
    "rtl": "دورة العربية",
    "combining": "Cafe\u0301 a\u0308",
    "astral": "\U0001d518\U0001d52b\U0001d526 \U00013000 \U0001f9ec",
    "longest-emoji-title": "😀" * 200,
    "zero-width": "zero\u200bwidth\ufeff",
    "control-chars": "tab\tnew\nline\r\x1b",
}


def test_unicode_text_round_trips(api: Api, checker: Checker) -> None:
    """Non-ASCII text is not bad input: stored and returned exactly on every backend."""
    shop = checker.shop
    for index, (name, value) in enumerate(UNICODE_TEXTS.items()):
        with checker.case(name):
            slug = f"unicode-{index}"
            created = api.create_course(shop.tenant, slug, title=value, summary=value * 20)
            assert created["title"] == value
            got = api.call(
                "GET", f"/v1/courses/{slug}", headers=shop.student.headers, expect=200
            ).get_json()
            assert (got["title"], got["summary"]) == (value, value * 20)
            renamed = api.call(
                "PATCH",
                "/v1/admin/tenant",
                headers=shop.tenant.admin,
                json={"name": value[:200]},
                expect=200,
            ).get_json()
            assert renamed["name"] == value[:200]
    checker.done()


def test_longest_texts_are_accepted(api: Api, shop: Shop) -> None:
    created = api.create_course(shop.tenant, "a" * 64, title="t" * 200, summary="😀" * 5000)
    assert (len(created["slug"]), len(created["title"]), len(created["summary"])) == (64, 200, 5000)
