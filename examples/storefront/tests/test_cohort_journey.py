"""The bootcamp sold per cohort: choose a cohort, pay, then book a session for each step."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page, expect

from examples.storefront.tests.helpers import (
    BOOTCAMP,
    Shop,
    Site,
    card,
    fill_signup,
    pay_on_dummy_page,
    status_region,
)


def roster(site: Site, cohort: str) -> list[dict[str, Any]]:
    [found] = [
        c
        for c in site.admin("GET", "/v1/admin/courses/web-bootcamp/cohorts")["items"]
        if c["slug"] == cohort
    ]
    entries: list[dict[str, Any]] = site.admin("GET", f"/v1/admin/cohorts/{found['id']}/roster")[
        "items"
    ]
    return entries


def bookings(site: Site, email: str) -> dict[str, str | None]:
    [entry] = [e for e in roster(site, "spring-2027") if e["student_email"] == email]
    return {step["step"]: step["option_name"] for step in entry["steps"]}


def paid_student(site: Site, email: str) -> str:
    """A student who bought the spring cohort through the API; their enrollment id."""
    token = site.signup(email)
    enrollment = site.call(
        "POST",
        "/v1/enrollments",
        token,
        expected=202,
        body={"course": "web-bootcamp", "cohort": "spring-2027"},
    )
    paid = site.client.post(enrollment["checkout"]["pay_url"], json={"outcome": "pay"})
    assert paid.status_code == 200, paid.get_data(as_text=True)
    return str(enrollment["id"])


def test_choose_a_cohort_pay_and_book_every_step(
    page: Page, shop: Shop, sites: dict[str, Site]
) -> None:
    page.goto(shop.url(BOOTCAMP))
    card(page, "web-bootcamp").get_by_role("link", name="Login to enroll").click()
    fill_signup(page, "ada@example.com")
    # Signed up: the course page asks for a cohort.
    expect(page).to_have_url(shop.at("course.html?course=web-bootcamp"))
    page.get_by_label(re.compile("^Spring 2027")).check()
    expect(page.get_by_label(re.compile("^Spring 2027"))).to_have_accessible_name(
        re.compile("24 seats left")
    )
    page.get_by_role("button", name="Enroll in the selected cohort").click()
    pay_on_dummy_page(page, "pay")
    expect(page.get_by_role("heading", name="Payment received")).to_be_visible()
    page.get_by_role("link", name="Go to my dashboard").click()

    page.locator("#my-courses [data-course='web-bootcamp']").get_by_role(
        "link", name="Book sessions"
    ).click()
    expect(page).to_have_url(shop.at("book.html?enrollment=enr_"))
    kickoff = page.locator("fieldset[data-step='kickoff']")
    expect(kickoff).to_have_attribute("data-status", "booked")
    expect(kickoff).to_contain_text("Booked Kick-off, Monday 1 March")
    expect(kickoff.get_by_role("radio")).to_have_count(0)
    page.get_by_role("group", name="Weekly mentoring group").get_by_label(
        re.compile("^Thursday mornings")
    ).check()
    page.get_by_role("group", name="Demo day slot").get_by_label(
        re.compile("^Demo day, afternoon")
    ).check()
    page.get_by_role("button", name="Book sessions").click()

    expect(status_region(page)).to_have_text("Your sessions are booked.")
    expect(page.locator("fieldset[data-status='booked']")).to_have_count(3)
    expect(page.get_by_role("radio")).to_have_count(0)
    assert bookings(sites["web-bootcamp"], "ada@example.com") == {
        "kickoff": "Kick-off, Monday 1 March",
        "mentoring": "Thursday mornings",
        "demo-day": "Demo day, afternoon",
    }


def test_book_later_resume_and_a_full_session(
    page: Page, shop: Shop, sites: dict[str, Site]
) -> None:
    site = sites["web-bootcamp"]
    paid_student(site, "grace@example.com")
    page.goto(shop.url(BOOTCAMP, "signup.html?mode=login"))
    fill_signup(page, "grace@example.com")
    expect(page).to_have_url(shop.at("dashboard.html"))
    page.get_by_role("link", name="Book sessions").click()

    mentoring = page.get_by_role("group", name="Weekly mentoring group")
    mentoring.get_by_label(re.compile("^Tuesday evenings")).check()
    page.get_by_role("button", name="Book sessions").click()
    expect(status_region(page)).to_have_text("Booked. 1 step still to book.")
    page.get_by_role("link", name="Book later").click()
    expect(page).to_have_url(shop.at("dashboard.html"))
    assert bookings(site, "grace@example.com")["demo-day"] is None

    # Meanwhile the morning demo slot gets down to its last seat...
    [morning] = [
        o
        for o in site.admin("GET", f"/v1/admin/cohorts/{_cohort_id(site)}/options")["items"]
        if o["name"] == "Demo day, morning"
    ]
    site.admin("PATCH", f"/v1/admin/options/{morning['id']}", {"capacity": 1})

    page.get_by_role("link", name="Book sessions").click()  # resume
    expect(page.locator("fieldset[data-step='mentoring']")).to_contain_text(
        "Booked Tuesday evenings"
    )
    slot = page.get_by_role("group", name="Demo day slot")
    expect(slot.get_by_label(re.compile("^Demo day, morning"))).to_have_accessible_name(
        re.compile("1 seat left")
    )

    # ... which another student takes before Grace submits.
    other = paid_student(site, "linus@example.com")
    token = site.call(
        "POST",
        "/v1/auth/login",
        body={"email": "linus@example.com", "password": "correct horse battery"},
        expected=200,
    )["token"]
    site.call(
        "POST",
        f"/v1/me/enrollments/{other}/bookings",
        token,
        expected=200,
        body={"selections": [{"step": "demo-day", "option": morning["id"]}]},
    )

    slot.get_by_label(re.compile("^Demo day, morning")).check()
    page.get_by_role("button", name="Book sessions").click()
    error = page.locator(f"#option-{morning['id']}-error")
    expect(error).to_contain_text("no seats left")
    expect(status_region(page)).to_contain_text("no seats left")
    expect(page.get_by_label(re.compile("^Demo day, morning"))).to_have_attribute(
        "aria-invalid", "true"
    )
    slot.get_by_label(re.compile("^Demo day, afternoon")).check()
    page.get_by_role("button", name="Book sessions").click()
    expect(status_region(page)).to_have_text("Your sessions are booked.")
    assert bookings(site, "grace@example.com") == {
        "kickoff": "Kick-off, Monday 1 March",
        "mentoring": "Tuesday evenings",
        "demo-day": "Demo day, afternoon",
    }


def _cohort_id(site: Site) -> str:
    [found] = [
        c
        for c in site.admin("GET", "/v1/admin/courses/web-bootcamp/cohorts")["items"]
        if c["slug"] == "spring-2027"
    ]
    return str(found["id"])
