"""Helpers for tests of the memberships plugin: a site with a monthly plan including two
courses, the dummy provider and its test clock, with one-liners over the REST API."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

PRICE = {"amount": 2000, "currency": "EUR"}
PLAN = {"interval": "month", "courses": ["python", "sql"]}


def make_site(
    api: Any,
    settings: dict[str, Any] | None = None,
    plan: Any = None,
    plugins: dict[str, Any] | None = None,
    **dummy: Any,
) -> Any:
    """A site with a monthly plan ``club`` (2000 EUR) including ``python`` and ``sql``
    (one seat), and ``other``, which it does not include; the dummy provider's
    settings ``dummy``, the plugin's ``settings``, more ``plugins`` enabled."""
    tenant = api.create_tenant(
        {
            "recorder": {},
            "dummy_provider": {"settings": dummy},
            "memberships": {"settings": settings or {}},
            **(plugins or {}),
        }
    )
    api.create_course(
        tenant,
        "club",
        pricing_model="subscription",
        price=PRICE,
        attributes={"memberships": plan or PLAN},
    )
    for slug in ("python", "sql", "other"):
        seats = {"capacity": 1} if slug == "sql" else {}
        api.create_course(
            tenant,
            slug,
            pricing_model="one_time",
            price={"amount": 9900, "currency": "EUR"},
            **seats,
        )
    return tenant


def set_dummy(api: Any, tenant: Any, **settings: Any) -> None:
    api.call(
        "PATCH",
        "/v1/admin/plugins/dummy_provider",
        json={"settings": settings},
        headers=tenant.admin,
        expect=200,
    )


def subscribe(
    api: Any, tenant: Any, student: Any = None, plan: str = "club", amount: int = 2000
) -> tuple[Any, str]:
    """Enroll in ``plan`` and pay its first period (``amount``; 0 for a trial) on the
    dummy's hosted page."""
    student = student or api.signup(tenant)
    checkout = api.enroll(tenant, student, plan, expect=202).get_json()["checkout"]
    assert (checkout["amount"], checkout["currency"]) == (amount, "EUR")
    api.call(
        "POST",
        f"/v1/dummy/checkout/{tenant.slug}/{checkout['order_id']}",
        json={"outcome": "pay"},
        expect=200,
    )
    return student, checkout["order_id"]


def advance(api: Any, tenant: Any, days: int) -> dict[str, Any]:
    return api.call(
        "POST", "/v1/admin/dummy/clock", json={"days": days}, headers=tenant.admin, expect=200
    ).get_json()


def my_subscription(api: Any, student: Any) -> dict[str, Any]:
    found = api.call("GET", "/v1/me/subscriptions", headers=student.headers, expect=200)
    (sub,) = found.get_json()["items"]
    return sub


def state(api: Any, student: Any, slug: str) -> str:
    course = api.call("GET", f"/v1/courses/{slug}", headers=student.headers, expect=200)
    return str(course.get_json()["enroll_state"])


def captured(runtime: Any, tenant: Any, order_id: str) -> int:
    """What the dummy provider took: the first payment and the renewals, less refunds."""
    from tuition_dummy_provider.models import DummyCharge, DummyPayment

    with runtime.session(tenant.id) as session:
        first = session.scalar(
            select(DummyPayment.amount - DummyPayment.refunded_amount).where(
                DummyPayment.order_id == order_id, DummyPayment.status == "paid"
            )
        )
        later = session.scalar(
            select(func.coalesce(func.sum(DummyCharge.amount), 0)).where(
                DummyCharge.order_id == order_id, DummyCharge.status == "paid"
            )
        )
        return int(first or 0) + int(later)
