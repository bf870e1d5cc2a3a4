"""Test helpers of the installments plugin (used by its tests and by other plugins' tests
that walk a payment plan): a site selling ``pro`` in installments with the dummy provider,
the plan's first payment on the dummy's hosted page, and the dummy's test clock."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from tuition.testing.api import Api, StudentHandle, TenantHandle

PRICE = {"amount": 27000, "currency": "EUR"}
PLAN = {"count": 3, "amount": 10000, "interval": "month"}


def make_site(
    api: Api,
    dunning: dict[str, Any] | None = None,
    plan: dict[str, Any] | None = None,
    *,
    plugins: dict[str, Any] | None = None,
    **dummy: Any,
) -> TenantHandle:
    """A tenant with the dummy provider (``dummy`` settings), this plugin (``dunning``
    settings) and ``plugins`` (default: core's ``recorder``), selling course ``pro`` (270.00
    EUR, or ``plan``: 3 times 100.00 EUR monthly)."""
    tenant = api.create_tenant(
        {
            **(plugins if plugins is not None else {"recorder": {}}),
            "dummy_provider": {"settings": dummy},
            "installments": {"settings": dunning or {}},
        }
    )
    api.create_course(
        tenant,
        "pro",
        title="Pottery Pro",
        pricing_model="installments",
        price=PRICE,
        attributes={"installments": plan or PLAN},
    )
    return tenant


def set_dummy(api: Api, tenant: TenantHandle, **settings: Any) -> None:
    api.call(
        "PATCH",
        "/v1/admin/plugins/dummy_provider",
        json={"settings": settings},
        headers=tenant.admin,
        expect=200,
    )


def start_plan(
    api: Api, tenant: TenantHandle, student: StudentHandle | None = None, amount: int = 10000
) -> tuple[StudentHandle, str]:
    """Enroll with the plan and pay its first installment on the hosted page."""
    student = student or api.signup(tenant)
    body = api.call(
        "POST",
        "/v1/enrollments",
        json={"course": "pro", "payment_plan": "installments"},
        headers=student.headers,
        expect=202,
    ).get_json()
    checkout = body["checkout"]
    assert (checkout["amount"], checkout["currency"]) == (amount, "EUR")
    api.call(
        "POST",
        f"/v1/dummy/checkout/{tenant.slug}/{checkout['order_id']}",
        json={"outcome": "pay"},
        expect=200,
    )
    return student, str(checkout["order_id"])


def advance(api: Api, tenant: TenantHandle, days: int) -> Any:
    """Move the dummy provider's test clock: it charges what falls due."""
    return api.call(
        "POST", "/v1/admin/dummy/clock", json={"days": days}, headers=tenant.admin, expect=200
    ).get_json()


def my_plan(api: Api, student: StudentHandle) -> Any:
    """The student's only payment plan, as ``GET /v1/me/payment-plans`` shows it."""
    plans = api.call("GET", "/v1/me/payment-plans", headers=student.headers, expect=200)
    (plan,) = plans.get_json()["items"]
    return plan


def money(runtime: Any, tenant: TenantHandle, order_id: str) -> tuple[int, int]:
    """What the dummy provider took for the plan of ``order_id`` (the first payment, the
    later charges, a pay-off) and what it gave back of it."""
    from tuition_dummy_provider.models import DummyCharge, DummyPayment

    with runtime.session(tenant.id) as session:
        first, first_back = session.execute(
            select(
                func.coalesce(func.sum(DummyPayment.amount), 0),
                func.coalesce(func.sum(DummyPayment.refunded_amount), 0),
            ).where(DummyPayment.order_id == order_id, DummyPayment.status == "paid")
        ).one()
        later, later_back = session.execute(
            select(
                func.coalesce(func.sum(DummyCharge.amount), 0),
                func.coalesce(func.sum(DummyCharge.refunded_amount), 0),
            ).where(DummyCharge.order_id == order_id, DummyCharge.status == "paid")
        ).one()
    return int(first) + int(later), int(first_back) + int(later_back)
