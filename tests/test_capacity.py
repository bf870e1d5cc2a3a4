"""The capacity protocol: core drives every seat pool (the course's own and the plugins')
through hold, confirm, release and lapse, in the transaction that makes each change."""

from __future__ import annotations

import warnings
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tuition.models import Course, Enrollment, Order
from tuition.plugin_api import (
    Capacity,
    EnrollmentChange,
    EnrollmentContext,
    EnrollmentRecord,
    EnrollmentRefused,
    Host,
    Outcome,
    PluginInfo,
    PricingModel,
    Problem,
    TenantRecord,
    hookimpl,
    utcnow,
)
from tuition.plugins import PluginRegistry
from tuition.services.sweep import sweep

from .test_enrollment_hooks import PRICE, make_site, pay


def course_seats(session: Session) -> int:
    return session.scalar(select(Course.seats_taken).where(Course.slug == "pro")) or 0


class Tables:
    """A seat pool of tables that records what core asks of it (and the course's seat
    count at that moment); it can be full, veto a payment and lapse holds."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []
        self.full = False
        self.veto = False
        self.overdue = 0

    def hold(
        self, ctx: EnrollmentContext, enrollment: EnrollmentRecord, until: datetime | None
    ) -> None:
        self.calls.append(("hold", enrollment.status, until is not None, course_seats(ctx.session)))
        if self.full:
            raise EnrollmentRefused(Problem("no_table", "Every table is taken."))

    def confirm(self, change: EnrollmentChange) -> Problem | None:
        self.calls.append(("confirm", change.before))
        return Problem("no_table", "Your table was given away.") if self.veto else None

    def release(self, change: EnrollmentChange) -> None:
        self.calls.append(("release", change.before, change.after, course_seats(change.session)))

    def lapse(self, host: Host, session: Session, tenant: TenantRecord, now: datetime) -> int:
        self.calls.append(("lapse", tenant.slug))
        return self.overdue


class TablesPlugin:
    TUITION_PLUGIN = PluginInfo(title="Tables", category="test")

    def __init__(self) -> None:
        self.pool = Tables()

    @hookimpl
    def tuition_problem_codes(self) -> dict[str, str]:
        return {"no_table": "Every table is taken."}

    @hookimpl
    def tuition_capacities(self) -> list[Capacity]:
        return [self.pool]


@pytest.fixture
def plugin() -> TablesPlugin:
    return TablesPlugin()


@pytest.fixture
def tuition_plugins(plugin: TablesPlugin) -> list[tuple[str, Any]]:
    return [("tables", plugin)]


def enroll(api: Any, student: Any, course: str) -> Any:
    return api.call("POST", "/v1/enrollments", json={"course": course}, headers=student.headers)


def seats_left(api: Any, tenant: Any) -> int:
    course = api.call("GET", "/v1/courses/pro", headers=tenant.storefront, expect=200)
    return int(course.get_json()["seats_left"])


def test_core_drives_a_pool_through_the_enrollments_life(api: Any, plugin: TablesPlugin) -> None:
    tenant = make_site(api, "tables")
    buyer, decliner, taker = api.signup(tenant), api.signup(tenant), api.signup(tenant)
    order_id = enroll(api, buyer, "pro").get_json()["checkout"]["order_id"]
    pay(api, tenant, order_id)
    api.call(
        "POST", f"/v1/admin/orders/{order_id}/refund", headers=tenant.admin, json={}, expect=200
    )
    declined = enroll(api, decliner, "pro").get_json()["checkout"]["order_id"]
    pay(api, tenant, declined, outcome="decline")
    assert enroll(api, taker, "free").status_code == 201

    # The plugin's pool holds before the course's (seats still 0, then 0 after the refund
    # gave the course seat back); the course's pool releases first.
    assert plugin.pool.calls == [
        ("hold", "pending", True, 0),
        ("confirm", "pending"),
        ("release", "active", "refunded", 0),
        ("hold", "pending", True, 0),
        ("release", "pending", "canceled", 0),
        ("hold", "active", False, 0),
    ]
    assert seats_left(api, tenant) == 3


def test_a_tenant_without_the_plugin_never_reaches_its_pool(api: Any, plugin: TablesPlugin) -> None:
    tenant = make_site(api)
    assert enroll(api, api.signup(tenant), "free").status_code == 201
    assert enroll(api, api.signup(tenant), "pro").status_code == 202
    assert plugin.pool.calls == []
    assert seats_left(api, tenant) == 2


def test_a_full_pool_refuses_and_writes_nothing(
    api: Any, runtime: Any, plugin: TablesPlugin
) -> None:
    tenant = make_site(api, "tables")
    plugin.pool.full = True
    refused = enroll(api, api.signup(tenant), "pro")
    assert refused.status_code == 409 and refused.get_json()["code"] == "no_table"
    with runtime.session(tenant.id) as session:
        assert session.scalar(select(func.count()).select_from(Enrollment)) == 0
        assert session.scalar(select(func.count()).select_from(Order)) == 0
    assert seats_left(api, tenant) == 3


def test_a_full_course_refuses_after_the_pools_and_writes_nothing(
    api: Any, runtime: Any, plugin: TablesPlugin
) -> None:
    tenant = make_site(api, "tables")
    api.create_course(tenant, "tiny", pricing_model="one_time", price=PRICE, capacity=1)
    assert enroll(api, api.signup(tenant), "tiny").status_code == 202
    refused = enroll(api, api.signup(tenant), "tiny")
    assert refused.status_code == 409 and refused.get_json()["code"] == "course_full"
    with runtime.session(tenant.id) as session:
        assert session.scalar(select(func.count()).select_from(Enrollment)) == 1
        assert session.scalar(select(func.count()).select_from(Order)) == 1
        assert session.scalar(select(Course.seats_taken).where(Course.slug == "tiny")) == 1
    assert [call[0] for call in plugin.pool.calls] == ["hold", "hold"]


def test_a_pool_veto_refunds_the_payment_and_gives_the_seats_back(
    api: Any, plugin: TablesPlugin
) -> None:
    tenant = make_site(api, "tables")
    order_id = enroll(api, api.signup(tenant), "pro").get_json()["checkout"]["order_id"]
    plugin.pool.veto = True
    pay(api, tenant, order_id)
    order = api.call(
        "GET", f"/v1/admin/orders/{order_id}", headers=tenant.admin, expect=200
    ).get_json()
    assert order["status"] == "refunded" and order["refunded_amount"] == 4900
    assert order["enrollment_status"] == "canceled"
    assert plugin.pool.calls[1:] == [
        ("confirm", "pending"),
        ("release", "pending", "canceled", 0),
    ]
    assert seats_left(api, tenant) == 3


def test_the_sweep_lapses_the_pools_of_every_tenant_that_has_them(
    api: Any, runtime: Any, plugin: TablesPlugin
) -> None:
    with_pool, _without = make_site(api, "tables"), make_site(api)
    plugin.pool.overdue = 2
    done = sweep(runtime, utcnow())
    assert done["core"]["seat_holds_lapsed"] == 2  # type: ignore[index]
    assert plugin.pool.calls == [("lapse", with_pool.slug)]  # never ``without``


class Reserved:
    """The deprecated way: a plugin says it counted the course seat already."""

    TUITION_PLUGIN = PluginInfo(title="Reserved", category="test")

    @hookimpl
    def tuition_seat_reserved(self, ctx: EnrollmentContext) -> bool:
        return True


def test_the_deprecated_seat_reserved_hook_warns_when_implemented() -> None:
    with pytest.warns(DeprecationWarning, match="tuition_capacities"):
        PluginRegistry(
            core_version="0.1.0", extra=[("reserved", Reserved())], load_entry_points=False
        )


class Taker(PricingModel):
    """A pricing model written before core held the seats: it takes one itself."""

    name = "taker"
    requires_price = False

    def enroll(self, ctx: EnrollmentContext) -> Outcome:
        ctx.take_seat()
        return Outcome(enrollment=ctx.add_enrollment(status="active", source="taker"))


def test_take_seat_is_a_deprecated_no_op_so_seats_count_once(api: Any, runtime: Any) -> None:
    tenant = make_site(api)
    student = api.signup(tenant)
    with runtime.transaction(tenant.id) as session:
        ctx = EnrollmentContext(
            tuition=runtime,
            session=session,
            tenant=runtime.services.tenant(session, tenant.id),
            student=runtime.services.student(session, student.id),
            course=runtime.services.course(session, slug="pro"),
            request={},
            settings={},
            now=utcnow(),
        )
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            Taker().enroll(ctx)
        assert [w.category for w in caught] == [DeprecationWarning]
        assert course_seats(session) == 0
