"""A visitor of the data school signs up for a free course from the catalogue (on a phone)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from examples.storefront.tests.helpers import (
    DATA_SCHOOL,
    PHONE,
    Shop,
    Site,
    card,
    fill_signup,
    status_region,
)
from tuition.plugin_api import Host

GREEN = "rgb(26, 127, 55)"


def test_signup_from_the_catalogue_enrolls_and_shows_the_dashboard(
    phone: Page, shop: Shop, sites: dict[str, Site], runtime: Host
) -> None:
    site = sites["data-school"]
    page = phone

    page.goto(shop.url(DATA_SCHOOL))
    expect(page.get_by_role("heading", name="Courses", level=1)).to_be_visible()
    for slug in ("sql-basics", "sql-analytics", "spreadsheets-101", "sql-masterclass"):
        expect(card(page, slug).get_by_role("link", name="Login to enroll")).to_be_visible()
    expect(
        card(page, "dashboards-2020").get_by_role("button", name="Registration closed")
    ).to_be_disabled()
    expect(card(page, "sql-masterclass").locator(".price")).to_have_text("€49.00")
    expect(card(page, "spreadsheets-101").locator(".seats")).to_have_text("25 seats left")

    card(page, "sql-basics").get_by_role("link", name="Login to enroll").click()
    expect(page).to_have_url(shop.at("signup.html?course=sql-basics"))
    expect(page.locator("#intent")).to_have_text("Sign up to enroll in SQL Basics.")
    fill_signup(page, "ada@example.com")

    expect(page).to_have_url(shop.at("dashboard.html"))
    expect(status_region(page)).to_have_text("You're enrolled in SQL Basics.")
    badge = page.locator("#my-courses [data-course='sql-basics'] .badge")
    expect(badge).to_have_text("Enrolled")
    expect(badge).to_have_css("color", GREEN)
    suggested = page.locator("#recommended [data-course='sql-analytics']")
    expect(suggested.locator(".reason")).to_have_text("Students of SQL Basics continue with this.")
    expect(suggested.get_by_role("button", name="Enroll now")).to_be_enabled()
    expect(page.locator("#available [data-course='sql-analytics']")).to_have_count(0)
    expect(page.get_by_text("Signed in as ada@example.com")).to_be_visible()
    # Readable on the phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    [enrollment] = site.enrollments("sql-basics")
    assert (enrollment["student_email"], enrollment["status"]) == ("ada@example.com", "active")
    tenant_id = site.admin("GET", "/v1/admin/tenant")["id"]
    with runtime.session(tenant_id) as session:
        student = runtime.services.student(session, enrollment["student_id"])
        assert student is not None and student.intended_course_id is not None
        intended = runtime.services.course(session, id=student.intended_course_id)
        assert intended is not None and intended.slug == "sql-basics"
        assert student.signup_method == "email"
