"""A course sold in installments: the storefront offers the plan beside the one-time price,
the first installment enrolls, and an unpaid installment shows as overdue."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from examples.storefront.tests.helpers import (
    DATA_SCHOOL,
    Shop,
    Site,
    card,
    pay_on_dummy_page,
    sign_in_as,
)


def test_a_plan_is_offered_paid_in_installments_and_shown_overdue(
    page: Page, shop: Shop, sites: dict[str, Site]
) -> None:
    site = sites["data-school"]
    # No grace days: an installment declined at the provider pauses access at once.
    site.enable_plugin("installments", {"grace_days": 0, "final_deadline_days": 10})
    site.admin(
        "POST",
        "/v1/admin/courses",
        {
            "slug": "sql-plan",
            "title": "SQL on a Plan",
            "summary": "Pay as you learn.",
            "pricing_model": "installments",
            "price": {"amount": 30000, "currency": "EUR"},
            "status": "published",
            "attributes": {"installments": {"count": 3, "amount": 10000, "interval": "month"}},
        },
    )
    sign_in_as(page, site, "planner@example.com")
    page.goto(shop.url(DATA_SCHOOL))
    offer = card(page, "sql-plan")
    expect(offer.get_by_role("button", name="Enroll now")).to_be_visible()
    in_installments = offer.get_by_role("button", name="Pay in 3 installments")
    expect(in_installments).to_have_accessible_description(
        re.compile(r"^Or 3 payments of .*100\.00.*, one every month; the first enrolls you\.$")
    )
    in_installments.click()
    expect(page).to_have_url(re.compile(r"/v1/dummy/checkout/data-school/ord_"))
    expect(page.get_by_role("button", name="Pay 100.00 EUR")).to_be_visible()  # the first one
    pay_on_dummy_page(page, "pay")
    expect(page.get_by_role("heading", name="Payment received")).to_be_visible()
    [enrollment] = site.enrollments("sql-plan")
    assert enrollment["status"] == "active"

    site.admin(
        "PATCH", "/v1/admin/plugins/dummy_provider", {"settings": {"decline_renewals": True}}
    )
    site.admin("POST", "/v1/admin/dummy/clock", {"days": 31})  # installment 2 is declined
    page.goto(shop.url(DATA_SCHOOL))
    overdue = card(page, "sql-plan").get_by_role("link", name="Payment overdue")
    expect(overdue).to_have_accessible_description(
        "An installment of your payment plan is unpaid: access is paused until it is paid."
    )
