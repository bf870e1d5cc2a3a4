"""The catalogue's less common states, and problems from the API shown to the visitor."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable

from playwright.sync_api import Page, Route, expect

from examples.storefront.tests.helpers import (
    DATA_SCHOOL,
    Shop,
    Site,
    card,
    fill_signup,
    pay_on_dummy_page,
    sign_in_as,
    status_region,
)


def test_a_full_course_offers_its_waitlist_after_an_enroll_conflict(
    page: Page, new_page: Callable[..., Page], shop: Shop, sites: dict[str, Site]
) -> None:
    site = sites["data-school"]
    # Waitlists of courses without cohorts come with the cohorts plugin, off in the demo file.
    site.enable_plugin("cohorts")
    site.admin("PATCH", "/v1/admin/courses/spreadsheets-101", {"capacity": 1})
    token = sign_in_as(page, site, "ada@example.com")
    page.goto(shop.url(DATA_SCHOOL))
    spreadsheets = card(page, "spreadsheets-101")
    expect(spreadsheets.locator(".seats")).to_have_text("1 seat left")

    # Someone else takes the last seat while Ada looks at the page: 409 course_full.
    site.call(
        "POST",
        "/v1/enrollments",
        site.signup("grace@example.com"),
        {"course": "spreadsheets-101"},
        expected=201,
    )
    spreadsheets.get_by_role("button", name="Enroll now").click()
    expect(status_region(page)).to_have_text("Course 'spreadsheets-101' has no seats left.")
    expect(status_region(page)).to_have_attribute("data-kind", "error")
    # The card follows the new state: full, with a waitlist.
    spreadsheets.get_by_role("button", name="Course full — join waitlist").click()
    expect(status_region(page)).to_contain_text(
        "You're on the waitlist for Spreadsheets 101. You are number 1 in line."
    )
    expect(spreadsheets.get_by_role("button", name="On the waitlist")).to_be_disabled()
    page.reload()
    expect(
        card(page, "spreadsheets-101").get_by_role("button", name="On the waitlist")
    ).to_be_disabled()

    [entry] = site.call("GET", "/v1/courses/spreadsheets-101/waitlist", token, expected=200)[
        "items"
    ]
    assert (entry["status"], entry["position"]) == ("waiting", 1)

    # A visitor who is not signed in is asked to log in first.
    visitor = new_page()
    visitor.goto(shop.url(DATA_SCHOOL))
    join = card(visitor, "spreadsheets-101").get_by_role("link", name="Course full — join waitlist")
    expect(join).to_have_attribute("href", "signup.html?course=spreadsheets-101")


def test_missing_prerequisites_and_an_unpaid_order_to_complete(
    page: Page, shop: Shop, sites: dict[str, Site]
) -> None:
    site = sites["data-school"]
    sign_in_as(page, site, "grace@example.com")
    page.goto(shop.url(DATA_SCHOOL))
    masterclass = card(page, "sql-masterclass")
    expect(masterclass.get_by_role("button", name="Not available")).to_be_disabled()
    expect(masterclass.get_by_role("button", name="Not available")).to_have_accessible_description(
        "Requires SQL Basics first."
    )
    expect(card(page, "sql-analytics").locator(".note")).to_have_text("Requires SQL Basics first.")

    card(page, "sql-basics").get_by_role("button", name="Enroll now").click()
    expect(page).to_have_url(shop.at("dashboard.html"))
    page.goto(shop.url(DATA_SCHOOL))
    card(page, "sql-masterclass").get_by_role("button", name="Enroll now").click()
    expect(page).to_have_url(re.compile(r"/v1/dummy/checkout/data-school/ord_"))
    pay_page = page.url

    # She leaves the pay page without paying, and comes back to the catalogue.
    page.goto(shop.url(DATA_SCHOOL))
    masterclass = card(page, "sql-masterclass")
    expect(masterclass.locator(".note")).to_have_text(
        "You started buying this course; the payment is not finished."
    )
    masterclass.get_by_role("button", name="Complete payment").click()
    expect(page).to_have_url(pay_page)  # the same order, not a new one

    # From the dashboard the pending enrollment names its order: straight to it, no
    # enrollment request on the way.
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.goto(shop.url(DATA_SCHOOL, "dashboard.html"))
    card(page, "sql-masterclass").get_by_role("button", name="Complete payment").click()
    expect(page).to_have_url(pay_page)
    assert not [url for url in posts if "/v1/enrollments" in url], posts
    pay_on_dummy_page(page, "pay")
    expect(page.get_by_role("heading", name="Payment received")).to_be_visible()

    orders = [o for o in site.orders() if o["course"] == "sql-masterclass"]
    assert [o["status"] for o in orders] == ["paid"]
    assert pay_page.endswith(orders[0]["id"])


def test_problems_from_the_api_are_shown_where_they_belong(
    page: Page, shop: Shop, sites: dict[str, Site]
) -> None:
    sites["data-school"].signup("taken@example.com")
    page.goto(shop.url(DATA_SCHOOL, "signup.html"))
    fill_signup(page, "taken@example.com")
    message = "An account with this email exists; log in instead."
    expect(status_region(page)).to_have_text(message)
    expect(page.locator("#email-error")).to_have_text(f"{message} Log in")
    expect(page.get_by_label("Email")).to_have_attribute("aria-invalid", "true")

    page.locator("#email-error").get_by_role("link", name="Log in").click()
    expect(page.get_by_role("heading", name="Log in", level=1)).to_be_visible()
    fill_signup(page, "taken@example.com", "not the password")
    expect(status_region(page)).to_have_text("Email or password is wrong.")
    fill_signup(page, "taken@example.com")
    expect(page).to_have_url(shop.at("dashboard.html"))

    page.goto(shop.url(DATA_SCHOOL, "course.html?course=no-such-course"))
    expect(status_region(page)).to_have_text("No course with slug 'no-such-course'. Try again")
    expect(page.get_by_role("button", name="Try again")).to_be_visible()


def _json(route: Route, status: int, body: object) -> None:
    route.fulfill(status=status, content_type="application/json", body=json.dumps(body))


def test_stripe_paypal_a_payment_left_pending_and_an_unreachable_server(
    page: Page, shop: Shop, sites: dict[str, Site]
) -> None:
    """Answers the demo cannot give, made up by routes in the browser (no network here)."""
    site = sites["data-school"]
    token = sign_in_as(page, site, "ada@example.com")
    site.call("POST", "/v1/enrollments", token, {"course": "sql-basics"}, expected=201)
    order = {
        "id": "ord_stripe",
        "status": "pending",
        "course": "sql-masterclass",
        "provider": "stripe",
        "amount": 4900,
        "currency": "EUR",
        "checkout": {
            "client_secret": "cs_test_secret",
            "publishable_key": "pk_test_x",
            "session_id": "cs_test",
        },
    }
    checkout = {
        "order_id": "ord_stripe",
        "provider": "stripe",
        "amount": 4900,
        "currency": "EUR",
        **order["checkout"],
    }  # type: ignore[dict-item]
    accepted = {
        "id": "enr_x",
        "course": "sql-masterclass",
        "status": "pending",
        "checkout": checkout,
    }
    page.route("**/v1/enrollments", lambda route: _json(route, 202, accepted))
    page.route("**/v1/orders/ord_stripe", lambda route: _json(route, 200, order))
    page.route("https://js.stripe.com/**", lambda route: route.abort())

    page.goto(shop.url(DATA_SCHOOL))
    card(page, "sql-masterclass").get_by_role("button", name="Enroll now").click()
    expect(page).to_have_url(shop.at("pay.html?order=ord_stripe"))
    expect(status_region(page)).to_contain_text("The payment form (Stripe) could not be loaded.")
    expect(page.get_by_role("button", name="Try again")).to_be_visible()
    expect(page.get_by_role("link", name="Pay later")).to_have_attribute("href", "dashboard.html")

    approve = "https://www.sandbox.paypal.com/checkoutnow?token=PAYPAL1"
    accepted["checkout"] = {
        "order_id": "ord_paypal",
        "provider": "paypal",
        "paypal_order_id": "PAYPAL1",
        "approve_url": approve,
    }
    page.route(
        "https://www.sandbox.paypal.com/**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<h1>PayPal sandbox</h1>"
        ),
    )
    page.goto(shop.url(DATA_SCHOOL))
    card(page, "sql-masterclass").get_by_role("button", name="Enroll now").click()
    expect(page).to_have_url(approve)

    # A payment the provider never confirms, and no event stream to be had (answered with
    # JSON here): the return page falls back to polling, a bounded number of times.
    asked: list[str] = []
    pending = {**order, "id": "ord_slow", "provider": "dummy", "checkout": None}

    def still_pending(route: Route) -> None:
        path = route.request.url.rsplit("/v1", 1)[1].split("?", 1)[0]
        asked.append(f"{route.request.method} {path}")
        _json(route, 200, pending)

    page.route("**/v1/orders/ord_slow**", still_pending)
    page.clock.install()
    page.goto(shop.url(DATA_SCHOOL, "return.html?order=ord_slow"))
    expect(status_region(page)).to_have_text("Checking your payment…")
    heading = page.get_by_role("heading", name="Payment still processing")
    deadline = time.monotonic() + 10
    while not heading.is_visible() and time.monotonic() < deadline:
        page.clock.run_for(2_000)  # the backoff's timers; the requests take real time
        page.wait_for_timeout(50)
    expect(heading).to_be_visible()
    expect(page.get_by_role("button", name="Check again")).to_be_visible()
    assert asked == [
        "GET /orders/ord_slow",
        "GET /orders/ord_slow/events",
        "POST /orders/ord_slow/refresh",
        *["GET /orders/ord_slow"] * 5,
    ]

    page.route("**/v1/courses?*", lambda route: route.abort())
    page.goto(shop.url(DATA_SCHOOL))
    expect(status_region(page)).to_have_text(
        "The course server cannot be reached. Check your connection and try again. Try again"
    )
    assert site.orders() == []
