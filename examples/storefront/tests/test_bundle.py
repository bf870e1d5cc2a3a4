"""A bundle on the course page (bundles plugin): its courses listed (the one the student
owns marked), bought with one payment on the dummy page, every course on the dashboard."""

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


def test_a_bundle_lists_its_courses_and_enrolls_in_each(
    page: Page, shop: Shop, sites: dict[str, Site]
) -> None:
    site = sites["data-school"]
    site.enable_plugin("bundles")
    site.admin(
        "POST",
        "/v1/admin/courses",
        {
            "slug": "sql-pack",
            "title": "The SQL pack",
            "summary": "Basics and the masterclass together.",
            "pricing_model": "one_time",
            "price": {"amount": 4500, "currency": "EUR"},
            "status": "published",
        },
    )
    site.admin("PUT", "/v1/admin/bundles/sql-pack", {"courses": ["sql-basics", "sql-masterclass"]})
    token = sign_in_as(page, site, "grace@example.com")
    site.call("POST", "/v1/enrollments", token, {"course": "sql-basics"}, expected=201)

    page.goto(shop.url(DATA_SCHOOL, "course.html?course=sql-pack"))
    section = page.get_by_role("region", name="This bundle includes")
    expect(section.locator("li")).to_have_count(2)
    expect(section.locator("li[data-course='sql-basics']")).to_contain_text("You own it")
    expect(section.locator("li[data-course='sql-masterclass']")).not_to_contain_text("You own")

    page.get_by_role("button", name="Enroll now").click()
    expect(page).to_have_url(re.compile(r"/v1/dummy/checkout/data-school/ord_"))
    pay_on_dummy_page(page, "pay")
    expect(page.get_by_role("heading", name="Payment received")).to_be_visible()
    page.goto(shop.url(DATA_SCHOOL, "dashboard.html"))
    for slug in ("sql-pack", "sql-masterclass"):
        expect(card(page, slug).locator(".badge")).to_have_text("Enrolled")
    [order] = [o for o in site.orders() if o["course"] == "sql-pack"]
    assert (order["status"], order["amount"]) == ("paid", 4500)
