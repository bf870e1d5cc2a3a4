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


def test_the_return_page_turns_green_through_the_order_s_live_events(
    page: Page, shop: Shop, sites: dict[str, Site]
) -> None:
    """Back on the return page before the payment is known: the page listens to the order's
    event stream and shows the payment as soon as it happens, without polling."""
    site = sites["data-school"]
    token = sign_in_as(page, site, "ada@example.com")
    site.call("POST", "/v1/enrollments", token, {"course": "sql-basics"}, expected=201)
    enrollment = site.call(
        "POST", "/v1/enrollments", token, {"course": "sql-masterclass"}, expected=202
    )
    order_id = enrollment["checkout"]["order_id"]
    requests: list[str] = []
    page.on("request", lambda r: requests.append(f"{r.method} {r.url.split('?')[0]}"))
    with page.expect_request(lambda r: f"/v1/orders/{order_id}/events?" in r.url):
        page.goto(shop.url(DATA_SCHOOL, f"return.html?order={order_id}"))
    expect(page.get_by_role("heading", name="Payment received")).not_to_be_visible()

    paid = site.client.post(enrollment["checkout"]["pay_url"], json={"outcome": "pay"})
    assert paid.status_code == 200, paid.get_data(as_text=True)
    expect(page.get_by_role("heading", name="Payment received")).to_be_visible()
    expect(page.locator("[data-order-status]")).to_have_attribute("data-order-status", "paid")

    order = f"{shop.base}/v1/orders/{order_id}"
    # one read on arrival, one after the event; no refresh, no polling
    assert [r for r in requests if order in r] == [
        f"GET {order}",
        f"GET {order}/events",
        f"GET {order}",
    ], requests
