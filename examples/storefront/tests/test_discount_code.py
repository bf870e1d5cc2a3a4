"""A discount code on the course page (discounts plugin): the quote shows the lower total,
the dummy provider charges it, and the order records the code."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from examples.storefront.tests.helpers import (
    DATA_SCHOOL,
    Shop,
    Site,
    pay_on_dummy_page,
    sign_in_as,
)


def test_a_code_link_quotes_and_charges_the_discount(
    page: Page, shop: Shop, sites: dict[str, Site]
) -> None:
    site = sites["data-school"]
    site.enable_plugin("discounts")
    site.admin("POST", "/v1/admin/discounts/codes", {"code": "LAUNCH", "percent_off": 50})
    token = sign_in_as(page, site, "ada@example.com")
    site.call("POST", "/v1/enrollments", token, {"course": "sql-basics"}, expected=201)

    page.goto(shop.url(DATA_SCHOOL, "course.html?course=sql-masterclass&code=launch"))
    expect(page.get_by_label("Discount code (optional)")).to_have_value("launch")
    page.get_by_role("button", name="Apply code").click()
    expect(page.locator("#quote")).to_contain_text("With LAUNCH:")
    expect(page.locator("#quote")).to_contain_text("24.50")

    page.get_by_label("Discount code (optional)").fill("nope")
    page.get_by_role("button", name="Apply code").click()
    expect(page.locator("#quote")).to_have_text("This code is not valid.")

    page.get_by_label("Discount code (optional)").fill("launch")
    page.get_by_role("button", name="Enroll now").click()
    expect(page).to_have_url(re.compile(r"/v1/dummy/checkout/data-school/ord_"))
    expect(page.get_by_role("button", name="Pay 24.50 EUR")).to_be_visible()
    pay_on_dummy_page(page, "pay")
    expect(page.get_by_role("heading", name="Payment received")).to_be_visible()
    [order] = [o for o in site.orders() if o["course"] == "sql-masterclass"]
    assert (order["status"], order["amount"], order["list_amount"]) == ("paid", 2450, 4900)
    assert order["discount_code"] == "LAUNCH"
