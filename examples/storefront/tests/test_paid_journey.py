"""Buying a paid course through the dummy provider's hosted page: paid, and declined."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from examples.storefront.tests.helpers import (
    DATA_SCHOOL,
    Shop,
    Site,
    buy_masterclass,
    card,
    pay_on_dummy_page,
    sign_in_as,
    status_region,
)


def test_paying_on_the_hosted_page_returns_paid_and_enrolled(
    page: Page, shop: Shop, sites: dict[str, Site]
) -> None:
    site = sites["data-school"]
    buy_masterclass(page, shop, site, "grace@example.com")

    [order] = [o for o in site.orders() if o["course"] == "sql-masterclass"]
    assert (order["status"], order["amount"], order["currency"]) == ("paid", 4900, "EUR")
    [enrollment] = site.enrollments("sql-masterclass")
    assert (enrollment["student_email"], enrollment["status"]) == ("grace@example.com", "active")
    assert order["enrollment_id"] == enrollment["id"]


def test_a_declined_payment_shows_the_failure_and_the_course_can_be_tried_again(
    page: Page, shop: Shop, sites: dict[str, Site]
) -> None:
    site = sites["data-school"]
    token = sign_in_as(page, site, "linus@example.com")
    site.call("POST", "/v1/enrollments", token, {"course": "sql-basics"}, expected=201)
    page.goto(shop.url(DATA_SCHOOL))
    card(page, "sql-masterclass").get_by_role("button", name="Enroll now").click()
    pay_on_dummy_page(page, "decline")

    expect(page).to_have_url(shop.at("return.html?order=ord_"))
    expect(page.get_by_role("heading", name="Payment failed")).to_be_visible()
    expect(status_region(page)).to_have_text("The payment did not go through.")
    expect(page.locator("[data-order-status]")).to_have_attribute("data-order-status", "failed")
    page.get_by_role("link", name="Try again").click()
    expect(page).to_have_url(shop.at("course.html?course=sql-masterclass"))
    expect(page.get_by_role("heading", name="SQL Masterclass", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Enroll now")).to_be_enabled()
    page.get_by_role("link", name="Courses", exact=True).click()
    expect(card(page, "sql-masterclass").get_by_role("button", name="Enroll now")).to_be_enabled()

    [order] = [o for o in site.orders() if o["course"] == "sql-masterclass"]
    assert order["status"] == "failed"
    [enrollment] = site.enrollments("sql-masterclass")
    assert enrollment["status"] == "canceled"
