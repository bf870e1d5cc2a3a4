"""The example's journeys in chromium: free (the landing page), paid (the dummy provider's
hosted page, back to the return page), the cohort bootcamp with the booking wizard, and the
return page turning green through the order's live events without polling."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page, Request, expect

from examples.nextjs.tests.helpers import Stack, sign_in_on_provider
from examples.storefront.tests.helpers import BOOTCAMP, DATA_SCHOOL, PYTHON_WEEKEND, card

GREEN = "rgb(18, 120, 74)"  # --ok in app/globals.css


def status_region(page: Page) -> Any:
    return page.locator("#status")


def sign_in_from_button(page: Page, button: str, email: str, scope: Any = None) -> None:
    (scope or page).get_by_role("button", name=button).click()
    sign_in_on_provider(page, email)


def pay_on_dummy_page(page: Page, outcome: str = "pay") -> None:
    expect(page.get_by_role("heading", name="Dummy checkout")).to_be_visible()
    page.get_by_role("button", name=re.compile("^Pay" if outcome == "pay" else "^Decline")).click()


def ours(requests: list[Request], stack: Stack) -> list[str]:
    """The example's requests, as ``METHOD url`` (``(rsc)``: a server component re-render),
    without Next.js's files and the links' prefetches of their pages."""
    return [
        f"{r.method} {r.url.split('?')[0]}{' (rsc)' if r.headers.get('rsc') else ''}"
        for r in requests
        if r.url.startswith(stack.web)
        and "/_next/" not in r.url
        and not r.headers.get("next-router-prefetch")
    ]


def enrolled_badge(page: Page, course: str) -> Any:
    return page.locator(f"#my-courses [data-course='{course}'] .badge")


def test_the_free_course_of_a_landing_page(page: Page, stack: Stack) -> None:
    page.goto(stack.url("/", PYTHON_WEEKEND))
    expect(page.get_by_role("heading", name="Python in a Weekend", level=1)).to_be_visible()
    landing = page.locator("section.landing")
    expect(landing.locator(".price")).to_have_text("Free")
    expect(page.locator("ul.cards")).to_have_count(0)

    sign_in_from_button(page, "Login to enroll", "guido@example.com", landing)
    expect(page).to_have_url(stack.at("/courses/python-weekend"))
    # Signed in, and the token stays on the server: Auth.js's cookie is httpOnly, and the
    # session the browser may read names the student only.
    assert "authjs" not in page.evaluate("document.cookie")
    session = page.evaluate("fetch('/api/auth/session').then((answer) => answer.json())")
    assert session["user"]["email"] == "guido@example.com"
    assert set(session) == {"user", "expires"} and set(session["user"]) <= {"email", "name"}
    page.get_by_role("button", name="Enroll now").click()

    expect(page).to_have_url(stack.at("/dashboard"))
    expect(status_region(page)).to_have_text("You're enrolled in Python in a Weekend.")
    badge = enrolled_badge(page, "python-weekend")
    expect(badge).to_have_text("Enrolled")
    expect(badge).to_have_css("color", GREEN)
    page.get_by_role("link", name="Courses", exact=True).click()
    expect(page.locator("section.landing").get_by_role("link", name="Enrolled ✓")).to_be_visible()

    site = stack.sites["python-weekend"]
    [enrollment] = site.enrollments("python-weekend")
    assert (enrollment["student_email"], enrollment["status"]) == ("guido@example.com", "active")
    # The student came through the identity provider (its ID token), not a password.
    assert enrollment["student_sign_in_method"] == "email"
    # ... for the course of the landing page they signed in from: their first calls as a
    # student carried it (X-Intended-Course), as a password signup's intended_course.
    export = site.admin("GET", f"/v1/admin/students/{enrollment['student_id']}/export")
    assert export["profile"]["intended_course"] == "python-weekend"


def test_the_paid_course_of_a_catalogue(page: Page, stack: Stack) -> None:
    site = stack.sites["data-school"]
    page.goto(stack.url("/", DATA_SCHOOL))
    expect(card(page, "sql-masterclass").locator(".price")).to_have_text("€49.00")
    sign_in_from_button(page, "Login to enroll", "grace@example.com", card(page, "sql-basics"))
    expect(page).to_have_url(stack.at("/courses/sql-basics"))
    page.get_by_role("button", name="Enroll now").click()
    expect(enrolled_badge(page, "sql-basics")).to_have_text("Enrolled")

    page.get_by_role("link", name="Courses", exact=True).click()
    expect(card(page, "sql-basics").get_by_role("link", name="Enrolled ✓")).to_be_visible()
    card(page, "sql-masterclass").get_by_role("button", name="Enroll now").click()
    expect(page).to_have_url(re.compile(r"/v1/dummy/checkout/data-school/ord_"))
    pay_on_dummy_page(page)

    expect(page).to_have_url(stack.at("/return?order=ord_"))
    expect(page.get_by_role("heading", name="Payment received")).to_be_visible()
    expect(page.locator("[data-order-status]")).to_have_attribute("data-order-status", "paid")
    page.get_by_role("link", name="Go to my dashboard").click()
    expect(enrolled_badge(page, "sql-masterclass")).to_have_text("Enrolled")
    expect(enrolled_badge(page, "sql-masterclass")).to_have_css("color", GREEN)

    [enrollment] = [
        e for e in site.enrollments("sql-masterclass") if e["student_email"] == "grace@example.com"
    ]
    assert enrollment["status"] == "active"
    [order] = [o for o in site.orders() if o["enrollment_id"] == enrollment["id"]]
    assert (order["status"], order["amount"], order["currency"]) == ("paid", 4900, "EUR")


def test_the_cohort_bootcamp_and_its_booking_wizard(page: Page, stack: Stack) -> None:
    site = stack.sites["web-bootcamp"]
    page.goto(stack.url("/", BOOTCAMP))
    sign_in_from_button(page, "Login to enroll", "ada@example.com", card(page, "web-bootcamp"))
    expect(page).to_have_url(stack.at("/courses/web-bootcamp"))
    page.get_by_label(re.compile("^Spring 2027")).check()
    page.get_by_role("button", name="Enroll in the selected cohort").click()
    pay_on_dummy_page(page)
    expect(page.get_by_role("heading", name="Payment received")).to_be_visible()
    page.get_by_role("link", name="Book your sessions").click()

    expect(page).to_have_url(stack.at("/book/enr_"))
    kickoff = page.locator("fieldset[data-step='kickoff']")
    expect(kickoff).to_have_attribute("data-status", "booked")
    expect(kickoff).to_contain_text("Kick-off, Monday 1 March")
    page.get_by_role("group", name="Weekly mentoring group").get_by_label(
        re.compile("^Thursday mornings")
    ).check()
    page.get_by_role("button", name="Book sessions").click()
    expect(status_region(page)).to_have_text("Booked. 1 step still to book.")
    page.get_by_role("link", name="Book later").click()

    expect(enrolled_badge(page, "web-bootcamp")).to_have_text("Enrolled")
    page.locator("#my-courses [data-course='web-bootcamp']").get_by_role(
        "link", name="Book sessions"
    ).click()  # resume
    expect(page.locator("fieldset[data-step='mentoring']")).to_contain_text("Thursday mornings")
    page.get_by_role("group", name="Demo day slot").get_by_label(
        re.compile("^Demo day, afternoon")
    ).check()
    page.get_by_role("button", name="Book sessions").click()
    expect(status_region(page)).to_have_text("Your sessions are booked.")
    expect(page.locator("fieldset[data-status='booked']")).to_have_count(3)
    expect(page.get_by_role("radio")).to_have_count(0)

    [cohort] = [
        c
        for c in site.admin("GET", "/v1/admin/courses/web-bootcamp/cohorts")["items"]
        if c["slug"] == "spring-2027"
    ]
    roster = site.admin("GET", f"/v1/admin/cohorts/{cohort['id']}/roster")["items"]
    [entry] = [e for e in roster if e["student_email"] == "ada@example.com"]
    assert {s["step"]: s["option_name"] for s in entry["steps"]} == {
        "kickoff": "Kick-off, Monday 1 March",
        "mentoring": "Thursday mornings",
        "demo-day": "Demo day, afternoon",
    }


def test_the_return_page_turns_green_through_live_events_without_polling(
    page: Page, stack: Stack
) -> None:
    """Back on the return page before the payment is known: the page listens to the order's
    events (through the example's route handler) and turns green when the payment arrives,
    re-rendering once; it never polls nor asks the provider."""
    site = stack.sites["data-school"]
    page.goto(stack.url("/courses/sql-masterclass", DATA_SCHOOL))
    # The masterclass needs SQL Basics first: take it, then buy the masterclass.
    sign_in_from_button(page, "Sign in", "linus@example.com")
    page.goto(stack.url("/courses/sql-basics"))
    page.get_by_role("button", name="Enroll now").click()
    expect(enrolled_badge(page, "sql-basics")).to_have_text("Enrolled")
    page.goto(stack.url("/courses/sql-masterclass"))
    page.get_by_role("button", name="Enroll now").click()
    expect(page).to_have_url(re.compile(r"/v1/dummy/checkout/data-school/ord_"))
    found = re.search(r"(ord_[A-Za-z0-9]+)", page.url)
    assert found
    order_id = found.group(1)

    requests: list[Request] = []
    page.on("request", lambda request: requests.append(request))
    events = f"{stack.web}/api/orders/{order_id}/events"
    with page.expect_response(events) as stream:
        page.goto(stack.url(f"/return?order={order_id}"))
    # The example's route handler streams the order's events (the token added on its server).
    assert stream.value.status == 200
    assert stream.value.headers["content-type"].startswith("text/event-stream")
    expect(page.get_by_role("heading", name="Waiting for your payment")).to_be_visible()
    page.wait_for_timeout(1_500)  # longer than the first polling delay: no poll happens
    assert [r for r in ours(requests, stack) if r != f"GET {events}"] == [f"GET {stack.web}/return"]

    [pending] = [o for o in site.orders() if o["id"] == order_id]
    paid = site.client.post(f"/v1/dummy/checkout/data-school/{order_id}", json={"outcome": "pay"})
    assert paid.status_code == 200, paid.get_data(as_text=True)
    expect(page.get_by_role("heading", name="Payment received")).to_be_visible()
    expect(page.locator("[data-order-status]")).to_have_attribute("data-order-status", "paid")
    expect(page.locator(".result-ok")).to_have_css("border-color", GREEN)

    # the page, its stream once, and one re-render after the event: no polling, no POST
    assert ours(requests, stack) == [
        f"GET {stack.web}/return",
        f"GET {events}",
        f"GET {stack.web}/return (rsc)",
    ]
    assert pending["status"] == "pending"
    [order] = [o for o in site.orders() if o["id"] == order_id]
    assert order["status"] == "paid"


# A stand-in for Stripe.js (the browser may not reach js.stripe.com in the tests): the few
# methods @stripe/react-stripe-js checks, and an embedded Checkout that shows what it got.
STRIPE_JS = """
window.Stripe = function (publishableKey) {
  const nothing = function () {};
  return {
    elements: nothing, createToken: nothing, createPaymentMethod: nothing,
    confirmCardPayment: nothing,
    createEmbeddedCheckoutPage: async function (options) {
      const secret = options.fetchClientSecret
        ? await options.fetchClientSecret() : options.clientSecret;
      return {
        mount: function (target) {
          const node = typeof target === "string" ? document.querySelector(target) : target;
          node.dataset.publishableKey = publishableKey;
          node.dataset.clientSecret = secret;
          node.textContent = "Stripe Checkout";
        },
        unmount: nothing, destroy: nothing,
      };
    },
  };
};
window.Stripe.version = "endive";
"""


def test_a_stripe_site_mounts_the_embedded_checkout(page: Page, stack: Stack) -> None:
    stripe = stack.stripe
    page.route(
        "https://js.stripe.com/**",
        lambda route: route.fulfill(status=200, content_type="text/javascript", body=STRIPE_JS),
    )
    page.goto(stack.url("/", stripe.site.publishable_key))
    expect(page.get_by_role("heading", name="Pro Course", level=1)).to_be_visible()
    sign_in_from_button(page, "Login to enroll", "ada@example.com")
    page.get_by_role("button", name="Enroll now").click()

    expect(page).to_have_url(stack.at("/pay/ord_"))
    [session] = stripe.fake.all("checkout.session")
    checkout = page.locator("#stripe-checkout [data-client-secret]")
    expect(checkout).to_have_text("Stripe Checkout")
    expect(checkout).to_have_attribute("data-client-secret", session["client_secret"])
    expect(checkout).to_have_attribute("data-publishable-key", stripe.stripe_publishable_key)
    order_id = page.url.rsplit("/", 1)[1]

    stripe.pay(session["id"])
    # Stripe sends the buyer back to the site's return_url.
    page.goto(stack.url(f"/return?order={order_id}&session_id={session['id']}"))
    expect(page.get_by_role("heading", name="Payment received")).to_be_visible()
    page.get_by_role("link", name="Go to my dashboard").click()
    expect(enrolled_badge(page, "pro")).to_have_text("Enrolled")
    [order] = stripe.site.orders()
    assert (order["id"], order["status"], order["provider"]) == (order_id, "paid", "stripe")


def test_a_session_taken_meanwhile_is_named_next_to_its_option(page: Page, stack: Stack) -> None:
    site = stack.sites["web-bootcamp"]
    page.goto(stack.url("/courses/web-bootcamp", BOOTCAMP))
    sign_in_from_button(page, "Sign in", "grace@example.com")
    page.goto(stack.url("/courses/web-bootcamp"))
    page.get_by_label(re.compile("^Spring 2027")).check()
    page.get_by_role("button", name="Enroll in the selected cohort").click()
    pay_on_dummy_page(page)
    page.get_by_role("link", name="Book your sessions").click()
    page.wait_for_url(re.compile(r"/book/enr_"))  # before the reload below

    # The morning demo slot is down to its last seat when Grace opens the wizard...
    [cohort] = [
        c
        for c in site.admin("GET", "/v1/admin/courses/web-bootcamp/cohorts")["items"]
        if c["slug"] == "spring-2027"
    ]
    [morning] = [
        o
        for o in site.admin("GET", f"/v1/admin/cohorts/{cohort['id']}/options")["items"]
        if o["name"] == "Demo day, morning"
    ]
    site.admin("PATCH", f"/v1/admin/options/{morning['id']}", {"capacity": 1})
    page.reload()
    slot = page.get_by_role("group", name="Demo day slot")
    expect(slot.get_by_label(re.compile("^Demo day, morning"))).to_have_accessible_name(
        re.compile("1 seat left")
    )
    # ... and another student takes it before she submits.
    token = site.signup("linus.b@example.com")
    other = site.call(
        "POST",
        "/v1/enrollments",
        token,
        {"course": "web-bootcamp", "cohort": "spring-2027"},
        expected=202,
    )
    paid = site.client.post(other["checkout"]["pay_url"], json={"outcome": "pay"})
    assert paid.status_code == 200, paid.get_data(as_text=True)
    site.call(
        "POST",
        f"/v1/me/enrollments/{other['id']}/bookings",
        token,
        {"selections": [{"step": "demo-day", "option": morning["id"]}]},
        expected=200,
    )

    slot.get_by_label(re.compile("^Demo day, morning")).check()
    page.get_by_role("button", name="Book sessions").click()
    expect(page.locator(f"#option-{morning['id']}-error")).to_contain_text("no seats left")
    expect(status_region(page)).to_contain_text("no seats left")
    expect(slot.get_by_label(re.compile("^Demo day, morning"))).to_have_attribute(
        "aria-invalid", "true"
    )
    slot.get_by_label(re.compile("^Demo day, afternoon")).check()
    page.get_by_role("button", name="Book sessions").click()
    expect(status_region(page)).to_have_text("Booked. 1 step still to book.")
    expect(page.locator("fieldset[data-step='demo-day']")).to_have_attribute(
        "data-status", "booked"
    )
