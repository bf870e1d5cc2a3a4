"""Validated plugin plans: no change may leave a published course unsellable."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tuition.models import Course, Tenant, TenantPlugin
from tuition.plugin_api import (
    Capabilities,
    CheckoutSession,
    OrderInfo,
    PaymentError,
    PaymentProvider,
    PluginInfo,
    ProviderEvent,
    ProviderStatus,
    RefundResult,
    TuitionError,
    WebhookRequest,
    WebhookVerificationError,
    hookimpl,
)
from tuition.services.tenant_files import sync_directory

PRICE = {"amount": 2500, "currency": "EUR"}


class NeedsDummy:
    TUITION_PLUGIN = PluginInfo(title="Needs the dummy", requires=("dummy_provider",))

    @hookimpl
    def tuition_enrollment_checks(self, ctx):
        return []


class DollarProvider(PaymentProvider):
    """A provider that only takes US dollars."""

    name = "dollars"
    capabilities = Capabilities(currencies=frozenset({"USD"}), refunds=False, partial_refunds=False)

    def create_checkout(self, order: OrderInfo) -> CheckoutSession:
        raise PaymentError("not in these tests", retryable=False)

    def verify_webhook(self, request: WebhookRequest) -> list[ProviderEvent]:
        raise WebhookVerificationError("no webhooks")

    def fetch_status(self, order: OrderInfo) -> ProviderStatus:
        return ProviderStatus(kind="payment.pending")

    def refund(self, order: OrderInfo, amount: int) -> RefundResult:
        raise PaymentError("no refunds", retryable=False)


class Dollars:
    TUITION_PLUGIN = PluginInfo(title="Dollars only", category="payment")

    @hookimpl
    def tuition_payment_providers(self):
        return [DollarProvider]


@pytest.fixture
def tuition_plugins():
    return [("needs_dummy", NeedsDummy()), ("dollars", Dollars())]


@pytest.fixture
def shop(api):
    tenant = api.create_tenant({"free_enrollment": {}, "dummy_provider": {}})
    api.create_course(tenant, "free-one")
    api.create_course(tenant, "paid-one", pricing_model="one_time", price=PRICE)
    api.create_course(tenant, "paid-draft", pricing_model="one_time", price=PRICE, status="draft")
    return tenant


def test_preview_names_the_courses_a_change_breaks(api, shop):
    plan = api.call(
        "GET",
        "/v1/admin/plugins/plan?plugin=dummy_provider&enabled=false",
        headers=shop.admin,
        expect=200,
    ).get_json()
    assert plan["allowed"] is False
    assert plan["changes"] == [
        {
            "course": "paid-one",
            "before": "available",
            "after": "not_available",
            "reason": "no enabled payment provider takes EUR",
        }
    ]
    assert "dummy_provider" not in plan["enabled"]
    harmless = api.call(
        "GET",
        "/v1/admin/plugins/plan?plugin=needs_dummy&enabled=true",
        headers=shop.admin,
        expect=200,
    ).get_json()
    assert harmless == {
        "enabled": ["dummy_provider", "free_enrollment", "needs_dummy"],
        "changes": [],
        "missing_requirements": {},
        "allowed": True,
    }


def test_breaking_changes_are_refused_with_the_course_and_the_missing_piece(api, shop):
    problem = api.call(
        "PUT",
        "/v1/admin/plugins/dummy_provider",
        json={"enabled": False},
        headers=shop.admin,
        expect=409,
    ).get_json()
    assert problem["code"] == "plugin_plan_rejected"
    assert problem["courses"] == [
        {"course": "paid-one", "missing": "no enabled payment provider takes EUR"}
    ]
    problem = api.call(
        "PUT",
        "/v1/admin/plugins/free_enrollment",
        json={"enabled": False},
        headers=shop.admin,
        expect=409,
    ).get_json()
    assert "pricing model 'free' needs plugin 'free_enrollment' enabled" in problem["detail"]
    plugins = api.call("GET", "/v1/admin/plugins", headers=shop.admin).get_json()
    assert {p["name"] for p in plugins if p["enabled"]} == {"free_enrollment", "dummy_provider"}


def test_archiving_first_makes_the_change_possible(api, shop):
    api.call(
        "PATCH",
        "/v1/admin/courses/paid-one",
        json={"status": "archived"},
        headers=shop.admin,
        expect=200,
    )
    api.call(
        "PUT",
        "/v1/admin/plugins/dummy_provider",
        json={"enabled": False},
        headers=shop.admin,
        expect=200,
    )


def test_required_plugins(api, shop):
    api.call(
        "PUT",
        "/v1/admin/plugins/needs_dummy",
        json={"enabled": True},
        headers=shop.admin,
        expect=200,
    )
    api.call(
        "PATCH",
        "/v1/admin/courses/paid-one",
        json={"status": "archived"},
        headers=shop.admin,
        expect=200,
    )
    problem = api.call(
        "PUT",
        "/v1/admin/plugins/dummy_provider",
        json={"enabled": False},
        headers=shop.admin,
        expect=409,
    ).get_json()
    assert problem["missing_requirements"] == {"needs_dummy": ["dummy_provider"]}


def test_tenant_files_are_checked_too(runtime, tmp_path):
    from tuition.services.tenant_files import TenantFilesFailed, sync_directory

    site = tmp_path / "site.toml"
    site.write_text(
        'slug = "s"\nname = "S"\n[plugins.free_enrollment]\n'
        '[plugins.dummy_provider]\n[[courses]]\nslug = "p"\ntitle = "P"\n'
        'pricing_model = "one_time"\nstatus = "published"\n'
        'price = { amount = 100, currency = "EUR" }\n'
    )
    sync_directory(runtime, tmp_path)
    site.write_text(site.read_text().replace("[plugins.dummy_provider]\n", ""))
    with pytest.raises(TenantFilesFailed) as info:
        sync_directory(runtime, tmp_path)
    (conflict,) = info.value.causes
    assert conflict.code == "plugin_plan_rejected"
    assert conflict.extra["courses"][0]["course"] == "p"
    assert "course 'p'" in info.value.extra["errors"][str(site)][0]


# -- every admin change goes through the same check ----------------------------------------


def _rejected(response, *courses: tuple[str, str]) -> dict:
    problem = response.get_json()
    assert problem["code"] == "plugin_plan_rejected"
    assert problem["courses"] == [{"course": c, "missing": m} for c, m in courses]
    return problem


def _courses(api, shop) -> dict[str, dict]:
    listed = api.call("GET", "/v1/admin/courses", headers=shop.admin, expect=200).get_json()
    return {c["slug"]: c for c in listed["items"]}


def _tenant(api, shop) -> dict:
    return api.call("GET", "/v1/admin/tenant", headers=shop.admin, expect=200).get_json()


def test_a_default_provider_that_cannot_sell_a_course_is_refused(api, shop):
    api.call(
        "PUT", "/v1/admin/plugins/dollars", json={"enabled": True}, headers=shop.admin, expect=200
    )
    before = _tenant(api, shop)
    response = api.call(
        "PATCH",
        "/v1/admin/tenant",
        json={"payment_provider": "dollars"},
        headers=shop.admin,
        expect=409,
    )
    _rejected(
        response, ("paid-one", "payment provider 'dollars' is not enabled or does not take EUR")
    )
    assert _tenant(api, shop) == before
    audit = api.call("GET", "/v1/admin/audit?object_type=tenant", headers=shop.admin).get_json()
    assert audit["total"] == 0
    api.call(
        "PATCH",
        "/v1/admin/tenant",
        json={"payment_provider": "dummy"},
        headers=shop.admin,
        expect=200,
    )


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"price": {"amount": 2500, "currency": "JPY"}}, "no enabled payment provider takes JPY"),
        (
            {"pricing_model": "one_time", "price": {"amount": 100, "currency": "CHF"}},
            "no enabled payment provider takes CHF",
        ),
    ],
)
def test_a_course_change_that_makes_it_unsellable_is_refused(api, shop, change, reason):
    api.call(
        "PUT",
        "/v1/admin/plugins/dummy_provider",
        headers=shop.admin,
        expect=200,
        json={"enabled": True, "settings": {"currencies": ["EUR"]}},
    )
    slug = "free-one" if "pricing_model" in change else "paid-one"
    before = _courses(api, shop)
    response = api.call(
        "PATCH",
        f"/v1/admin/courses/{slug}",
        json={**change, "title": "New"},
        headers=shop.admin,
        expect=409,
    )
    _rejected(response, (slug, reason))
    assert _courses(api, shop) == before
    # As a draft it may be anything; publishing it is what is refused.
    api.call(
        "PATCH",
        f"/v1/admin/courses/{slug}",
        json={**change, "status": "draft"},
        headers=shop.admin,
        expect=200,
    )
    response = api.call(
        "PATCH",
        f"/v1/admin/courses/{slug}",
        json={"status": "published"},
        headers=shop.admin,
        expect=409,
    )
    _rejected(response, (slug, reason))
    assert _courses(api, shop)[slug]["status"] == "draft"


def test_creating_a_published_course_nobody_can_buy_is_refused(api, shop):
    response = api.call(
        "POST",
        "/v1/admin/courses",
        headers=shop.admin,
        expect=409,
        json={
            "slug": "yen",
            "title": "Yen",
            "pricing_model": "one_time",
            "status": "published",
            "price": {"amount": 900, "currency": "JPY"},
        },
    )
    _rejected(response, ("yen", "no enabled payment provider takes JPY"))
    assert "yen" not in _courses(api, shop)
    api.call(
        "POST",
        "/v1/admin/courses",
        headers=shop.admin,
        expect=201,
        json={
            "slug": "yen",
            "title": "Yen",
            "pricing_model": "one_time",
            "status": "draft",
            "price": {"amount": 900, "currency": "JPY"},
        },
    )


@pytest.mark.parametrize(
    "method, body",
    [
        ("PUT", {"enabled": True, "settings": {"currencies": ["USD"]}}),
        ("PATCH", {"settings": {"currencies": ["USD"]}}),
        ("PUT", {"enabled": False}),
        ("PATCH", {"enabled": False}),
    ],
)
def test_plugin_changes_are_checked_on_the_state_they_produce(api, shop, runtime, method, body):
    with runtime.session(shop.id) as session:
        stored = session.scalars(
            select(TenantPlugin.settings).where(TenantPlugin.plugin == "dummy_provider")
        ).one()
    response = api.call(
        method, "/v1/admin/plugins/dummy_provider", json=body, headers=shop.admin, expect=409
    )
    reason = "no enabled payment provider takes EUR"
    _rejected(response, ("paid-one", reason))
    with runtime.session(shop.id) as session:
        row = session.scalars(
            select(TenantPlugin).where(TenantPlugin.plugin == "dummy_provider")
        ).one()
        assert (row.enabled, row.settings) == (True, stored)


def test_courses_published_unsellable_before_do_not_block_other_changes(api, shop, runtime):
    api.create_course(
        shop,
        "yen",
        pricing_model="one_time",
        status="draft",
        price={"amount": 900, "currency": "JPY"},
    )
    with runtime.session(shop.id) as session:  # as left by a version without the check
        session.scalars(select(Course).where(Course.slug == "yen")).one().status = "published"
        session.commit()
    api.call("PATCH", "/v1/admin/tenant", json={"name": "Renamed"}, headers=shop.admin, expect=200)
    api.call(
        "PATCH",
        "/v1/admin/courses/yen",
        json={"title": "Yen course"},
        headers=shop.admin,
        expect=200,
    )
    api.create_course(shop, "another")


SITE = """slug = "s"
name = "S"
[plugins.free_enrollment]
[plugins.dummy_provider.settings]
currencies = [{currencies}]
[[courses]]
slug = "p"
title = "P"
pricing_model = "one_time"
status = "{status}"
price = {{ amount = 100, currency = "{currency}" }}
"""


def _site(path, currencies='"EUR"', status="published", currency="EUR") -> None:
    path.write_text(SITE.format(currencies=currencies, status=status, currency=currency))


def test_tenant_files_are_checked_on_the_state_they_produce(runtime, tmp_path):
    site = tmp_path / "site.toml"
    _site(site)
    sync_directory(runtime, tmp_path)
    # A currency nobody takes: refused, naming the course.
    _site(site, currency="JPY")
    with pytest.raises(TuitionError) as info:
        sync_directory(runtime, tmp_path)
    # The plan's error itself, or among the causes of the sync's error.
    (conflict,) = [
        e
        for e in getattr(info.value, "causes", None) or [info.value]
        if e.code == "plugin_plan_rejected"
    ]
    assert conflict.extra["courses"] == [
        {"course": "p", "missing": "no enabled payment provider takes JPY"}
    ]
    with runtime.session() as session:  # and nothing of the refused file was written
        refused = session.scalars(select(Course).where(Course.slug == "p")).one()
        assert refused.price_currency == "EUR"
    # Course and provider change together: each step alone would break, the file does not.
    _site(site, currencies='"USD"', currency="USD")
    sync_directory(runtime, tmp_path)
    # Switching the provider off while archiving its only paid course is fine as well.
    site.write_text(
        SITE.format(currencies='"USD"', status="archived", currency="USD").replace(
            '[plugins.dummy_provider.settings]\ncurrencies = ["USD"]\n', ""
        )
    )
    sync_directory(runtime, tmp_path)
    with runtime.session() as session:
        tenant = session.scalars(select(Tenant).where(Tenant.slug == "s")).one()
        assert tenant.enabled_plugins() == {"free_enrollment"}
        course = session.scalars(select(Course).where(Course.slug == "p")).one()
        assert (course.status, course.price_currency) == ("archived", "USD")
