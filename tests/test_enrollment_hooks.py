"""The hooks that let a plugin reserve something with an enrollment (cohort seats): extra
request fields, ``enrollment_created``, ``enrollment_changed`` (with its veto) and course
extensions."""

from __future__ import annotations

from typing import Any

import pytest
from marshmallow import fields, validate
from sqlalchemy import func, select, text

from tuition.models import Enrollment, Order
from tuition.plugin_api import (
    CatalogContext,
    Conflict,
    DomainEvent,
    EnrollmentChange,
    EnrollmentContext,
    EnrollmentRefused,
    Host,
    Outcome,
    PluginInfo,
    Problem,
    TenantRecord,
    hookimpl,
)

PRICE = {"amount": 4900, "currency": "EUR"}


class Reserver:
    """Reserves a 'table' per enrollment and follows every change; can refuse or veto."""

    TUITION_PLUGIN = PluginInfo(title="Reserver", category="test")

    def __init__(self) -> None:
        self.created: list[tuple[str, str, str | None, bool]] = []
        self.changes: list[tuple[str, str, str]] = []
        self.events: list[tuple[str, dict[str, Any]]] = []
        self.veto_activation = False
        self.prepared: list[tuple[str, str | None]] = []

    @hookimpl
    def tuition_enrollment_fields(self) -> dict[str, fields.Field]:
        return {"table": fields.String(validate=validate.Length(min=1, max=8))}

    @hookimpl
    def tuition_problem_codes(self) -> dict[str, str]:
        return {"no_table": "Every table is taken."}

    @hookimpl
    def tuition_before_enrollment(
        self, tuition: Host, tenant: TenantRecord, course_slug: str, request: dict[str, Any]
    ) -> None:
        table = request.get("table")
        if table == "early":
            raise Conflict("No table left, said before anything was written.", code="no_table")
        # Nothing of the attempt holds a lock yet: a side transaction commits at once.
        with tuition.transaction(tenant.id) as session:
            session.execute(
                text("UPDATE courses SET summary = :s WHERE slug = :slug"),
                {"s": f"asked for {table}", "slug": course_slug},
            )
        self.prepared.append((course_slug, table))

    @hookimpl
    def tuition_enrollment_created(self, ctx: EnrollmentContext, outcome: Outcome) -> None:
        table = ctx.request.get("table")
        if table == "none":
            raise EnrollmentRefused(Problem("no_table", "No table left."))
        self.created.append(
            (outcome.enrollment.status, ctx.course.slug, table, outcome.hold_until is not None)
        )
        ctx.emit("table.reserved", {"table": table})

    @hookimpl
    def tuition_enrollment_changed(self, change: EnrollmentChange) -> list[Problem] | None:
        self.changes.append(
            (
                change.before,
                change.after,
                "releasing" if change.releasing else "activating" if change.activating else "other",
            )
        )
        if change.activating and self.veto_activation:
            return [Problem("table_gone", "Your table was given away.")]
        return None

    @hookimpl
    def tuition_course_extensions(self, ctx: CatalogContext) -> dict[str, dict[str, Any]]:
        return {c.id: {"tables": [c.slug.upper()]} for c in ctx.courses}

    @hookimpl
    def tuition_event(self, event: DomainEvent) -> None:
        self.events.append((event.type, dict(event.data)))


@pytest.fixture
def reserver() -> Reserver:
    return Reserver()


@pytest.fixture
def tuition_plugins(reserver: Reserver) -> list[tuple[str, Any]]:
    return [("reserver", reserver)]


def make_site(api: Any, *plugins: str) -> Any:
    tenant = api.create_tenant(
        {"free_enrollment": {}, "dummy_provider": {}, **{p: {} for p in plugins}}
    )
    api.create_course(tenant, "free")
    api.create_course(tenant, "pro", pricing_model="one_time", price=PRICE, capacity=3)
    return tenant


def enroll(api: Any, tenant: Any, student: Any, body: dict[str, Any]) -> Any:
    return api.call("POST", "/v1/enrollments", json=body, headers=student.headers)


def pay(api: Any, tenant: Any, order_id: str, outcome: str = "pay") -> None:
    api.call(
        "POST",
        f"/v1/dummy/checkout/{tenant.slug}/{order_id}",
        json={"outcome": outcome},
        expect=200,
    )


def counts(runtime: Any, tenant: Any) -> tuple[int, int]:
    with runtime.session(tenant.id) as session:
        return (
            session.scalar(select(func.count()).select_from(Enrollment)) or 0,
            session.scalar(select(func.count()).select_from(Order)) or 0,
        )


def test_plugin_fields_reach_the_plugin_only_where_enabled(api: Any, reserver: Reserver) -> None:
    with_plugin, without = make_site(api, "reserver"), make_site(api)
    student = api.signup(with_plugin)
    assert enroll(api, with_plugin, student, {"course": "free", "table": "t1"}).status_code == 201
    assert reserver.created == [("active", "free", "t1", False)]
    assert ("table.reserved", {"table": "t1"}) in reserver.events

    other = api.signup(without)
    refused = enroll(api, without, other, {"course": "free", "table": "t1"})
    assert refused.status_code == 422
    assert refused.get_json()["code"] == "validation_error"
    assert "table" in str(refused.get_json()["errors"])


def test_invalid_and_unknown_plugin_fields_are_refused(api: Any, runtime: Any) -> None:
    tenant = make_site(api, "reserver")
    student = api.signup(tenant)
    for body in (
        {"course": "free", "table": ""},
        {"course": "free", "table": 7},
        {"course": "free", "chair": "x"},
    ):
        response = enroll(api, tenant, student, body)
        assert response.status_code == 422, body
        assert response.mimetype == "application/problem+json"
    assert counts(runtime, tenant) == (0, 0)


def test_refusal_in_enrollment_created_writes_nothing(api: Any, runtime: Any) -> None:
    tenant = make_site(api, "reserver")
    student = api.signup(tenant)
    refused = enroll(api, tenant, student, {"course": "pro", "table": "none"})
    assert refused.status_code == 409 and refused.get_json()["code"] == "no_table"
    assert counts(runtime, tenant) == (0, 0)
    course = api.call("GET", "/v1/courses/pro", headers=tenant.storefront).get_json()
    assert course["seats_left"] == 3


def test_changes_follow_payment_expiry_and_refund(api: Any, reserver: Reserver) -> None:
    tenant = make_site(api, "reserver")
    student = api.signup(tenant)
    paid = enroll(api, tenant, student, {"course": "pro", "table": "a"}).get_json()
    assert reserver.created == [("pending", "pro", "a", True)]
    pay(api, tenant, paid["checkout"]["order_id"])
    api.call(
        "POST",
        f"/v1/admin/orders/{paid['checkout']['order_id']}/refund",
        headers=tenant.admin,
        json={},
        expect=200,
    )

    other = api.signup(tenant)
    declined = enroll(api, tenant, other, {"course": "pro"}).get_json()
    pay(api, tenant, declined["checkout"]["order_id"], outcome="decline")
    assert reserver.changes == [
        ("pending", "active", "activating"),
        ("active", "refunded", "releasing"),
        ("pending", "canceled", "releasing"),
    ]


def test_vetoed_activation_is_refunded_and_explained(
    api: Any, runtime: Any, reserver: Reserver
) -> None:
    tenant = make_site(api, "reserver")
    student = api.signup(tenant)
    body = enroll(api, tenant, student, {"course": "pro", "table": "a"}).get_json()
    order_id = body["checkout"]["order_id"]
    reserver.veto_activation = True
    pay(api, tenant, order_id)

    order = api.call(
        "GET", f"/v1/admin/orders/{order_id}", headers=tenant.admin, expect=200
    ).get_json()
    assert order["status"] == "refunded" and order["refunded_amount"] == 4900
    assert order["enrollment_status"] == "canceled"
    scheduled = [data for kind, data in reserver.events if kind == "order.refund_scheduled"]
    assert [(d["order_id"], d["reason"]) for d in scheduled] == [(order_id, "table_gone")]
    assert "enrollment.activated" not in [kind for kind, _ in reserver.events]
    course = api.call("GET", "/v1/courses/pro", headers=tenant.storefront).get_json()
    assert course["seats_left"] == 3  # the core hold went back too
    assert reserver.changes == [
        ("pending", "active", "activating"),
        ("pending", "canceled", "releasing"),
    ]


def test_course_extensions_in_catalogue_and_detail(api: Any) -> None:
    tenant, plain = make_site(api, "reserver"), make_site(api)
    listed = api.call("GET", "/v1/courses", headers=tenant.storefront, expect=200).get_json()[
        "items"
    ]
    assert {c["slug"]: c["extensions"] for c in listed} == {
        "free": {"tables": ["FREE"]},
        "pro": {"tables": ["PRO"]},
    }
    detail = api.call("GET", "/v1/courses/pro", headers=plain.storefront, expect=200).get_json()
    assert detail["extensions"] == {}


def test_openapi_documents_plugin_fields(client: Any) -> None:
    spec = client.get("/openapi.json").get_json()
    props = spec["components"]["schemas"]["EnrollmentRequest"]["properties"]
    assert props["table"]["type"] == "string" and props["table"]["maxLength"] == 8
    assert (
        "choose_cohort"
        in spec["components"]["schemas"]["CourseOut"]["properties"]["enroll_state"]["enum"]
    )


class Coder:
    TUITION_PLUGIN = PluginInfo(title="Coder", category="test")

    @hookimpl
    def tuition_problem_codes(self) -> dict[str, str]:
        return {"table_gone": "the reserved table was given away"}


@pytest.mark.parametrize("tuition_plugins", [[("coder", Coder())]])
def test_plugin_problem_codes_join_the_documented_enum(client: Any) -> None:
    spec = client.get("/openapi.json").get_json()
    codes = spec["components"]["schemas"]["Problem"]["properties"]["code"]["enum"]
    assert "table_gone" in codes and "course_full" in codes
    assert codes == sorted(codes)


class Reserved:
    """Holds the course's counted seats for the students named in ``vip`` (the deprecated
    ``tuition_seat_reserved``; the capacity protocol replaces it, tests/test_capacity.py)."""

    TUITION_PLUGIN = PluginInfo(title="Reserved", category="test")

    def __init__(self) -> None:
        self.vip: set[str] = set()

    @hookimpl
    def tuition_seat_reserved(self, ctx: EnrollmentContext) -> bool:
        return ctx.student.id in self.vip


@pytest.mark.filterwarnings("ignore:tuition_seat_reserved is deprecated:DeprecationWarning")
@pytest.mark.parametrize("tuition_plugins", [[("reserved", Reserved())]])
def test_deprecated_reserved_seat_still_takes_no_course_seat_until_0_3(
    api: Any, runtime: Any, tuition_plugins: list[tuple[str, Any]]
) -> None:
    from tuition.models import Course

    reserved: Reserved = tuition_plugins[0][1]
    tenant = api.create_tenant({"free_enrollment": {}, "reserved": {}})
    api.create_course(tenant, "tiny", capacity=1)
    vip, other = api.signup(tenant), api.signup(tenant)
    with runtime.session(tenant.id) as session:  # the plugin counts the seat it holds
        course = session.scalar(select(Course))
        assert course is not None and runtime.services.reserve_seat(session, course)
        assert not runtime.services.reserve_seat(session, course)  # full now
        session.commit()
    reserved.vip.add(vip.id)
    assert api.enroll(tenant, other, "tiny", expect=409).get_json()["code"] == "course_full"
    api.enroll(tenant, vip, "tiny", expect=201)
    with runtime.session(tenant.id) as session:
        assert session.scalar(select(Course.seats_taken)) == 1


class Discounter:
    TUITION_PLUGIN = PluginInfo(title="Discounter", category="test")

    @hookimpl
    def tuition_price_offers(self, ctx: EnrollmentContext) -> list[Any]:
        from tuition.plugin_api import PriceOffer

        return [
            PriceOffer(5000, "USD", "wrong currency"),
            PriceOffer(99999, "EUR", "dearer"),
            PriceOffer(2900, "EUR", "next course offer"),
            PriceOffer(3900, "EUR", "worse offer"),
        ]


@pytest.mark.parametrize("tuition_plugins", [[("discounter", Discounter())]])
def test_lowest_price_offer_in_the_course_currency_is_charged(api: Any) -> None:
    tenant = api.create_tenant({"dummy_provider": {}, "discounter": {}})
    api.create_course(tenant, "pro", pricing_model="one_time", price=PRICE)
    student = api.signup(tenant)
    checkout = api.enroll(tenant, student, "pro", expect=202).get_json()["checkout"]
    assert (checkout["amount"], checkout["list_price"], checkout["price_reason"]) == (
        2900,
        4900,
        "next course offer",
    )
    order = api.call(
        "GET", f"/v1/admin/orders/{checkout['order_id']}", headers=tenant.admin, expect=200
    ).get_json()
    assert (order["amount"], order["currency"]) == (2900, "EUR")
    api.call(
        "POST",
        f"/v1/dummy/checkout/{tenant.slug}/{checkout['order_id']}",
        json={"outcome": "pay"},
        expect=200,
    )
    paid = api.call(
        "GET", f"/v1/admin/orders/{checkout['order_id']}", headers=tenant.admin, expect=200
    ).get_json()
    assert paid["status"] == "paid" and paid["enrollment_status"] == "active"


class SeatSeller:
    TUITION_PLUGIN = PluginInfo(title="Seat seller", category="test")

    @hookimpl
    def tuition_price_offers(self, ctx: EnrollmentContext) -> list[Any]:
        from tuition.plugin_api import PriceOffer

        return [
            PriceOffer(2900, "EUR", "single seat offer"),  # does not combine with seats
            PriceOffer(3 * 4900, "EUR", "three seats", quantity=3),
            PriceOffer(3 * 4900 + 1, "EUR", "dearer than the list", quantity=3),
            PriceOffer(2 * 4900, "EUR", "fewer seats", quantity=2),
        ]


@pytest.mark.parametrize("tuition_plugins", [[("seller", SeatSeller())]])
def test_an_offer_of_several_seats_charges_them_all(api: Any) -> None:
    tenant = api.create_tenant({"dummy_provider": {}, "seller": {}})
    api.create_course(tenant, "pro", pricing_model="one_time", price=PRICE)
    student = api.signup(tenant)
    checkout = api.enroll(tenant, student, "pro", expect=202).get_json()["checkout"]
    assert (checkout["amount"], checkout["list_price"], checkout["quantity"]) == (
        14700,
        14700,
        3,
    )
    order = api.call(
        "GET", f"/v1/admin/orders/{checkout['order_id']}", headers=tenant.admin, expect=200
    ).get_json()
    assert (order["amount"], order["list_amount"], order["discount_amount"]) == (14700, 14700, 0)


class Announcer:
    TUITION_PLUGIN = PluginInfo(title="Announcer", category="test")

    @hookimpl
    def tuition_event_types(self) -> dict[str, str]:
        return {"table.reserved": "a table was reserved", "order.paid": "not core's meaning"}


@pytest.mark.parametrize("tuition_plugins", [[("announcer", Announcer())]])
def test_event_types_merge_core_and_plugins(runtime: Any) -> None:
    types = runtime.plugins.event_types()
    assert types["table.reserved"] == "a table was reserved"
    assert types["order.paid"] == "an order was paid"  # core's meaning stays
    assert {"enrollment.activated", "order.refund_scheduled"} <= set(types)


def test_before_enrollment_prepares_the_attempt_before_anything_is_locked(
    api: Any, reserver: Reserver, runtime: Any
) -> None:
    tenant, without = make_site(api, "reserver"), make_site(api)
    student = api.signup(tenant)
    body = {"course": "pro", "table": "t2"}
    assert enroll(api, tenant, student, body).status_code == 202
    assert reserver.prepared == [("pro", "t2")]
    course = api.call("GET", "/v1/courses/pro", headers=tenant.storefront, expect=200)
    assert course.get_json()["summary"] == "asked for t2"
    # Its refusal is the attempt's answer, and nothing is written.
    other = api.signup(tenant)
    refused = enroll(api, tenant, other, {"course": "free", "table": "early"})
    assert (refused.status_code, refused.get_json()["code"]) == (409, "no_table")
    assert counts(runtime, tenant) == (1, 1)
    # A site without the plugin never calls it.
    enroll(api, without, api.signup(without), {"course": "free"})
    assert reserver.prepared == [("pro", "t2")]
