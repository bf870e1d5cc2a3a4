"""A site that gives away a single course shows a landing page instead of a catalogue."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from examples.storefront.tests.helpers import (
    PYTHON_WEEKEND,
    Shop,
    Site,
    fill_signup,
    status_region,
)
from tuition.plugin_api import Host


def test_the_landing_page_enrolls_in_the_one_course(
    phone: Page, shop: Shop, sites: dict[str, Site], runtime: Host
) -> None:
    page = phone
    page.goto(shop.url(PYTHON_WEEKEND))
    expect(page.get_by_role("heading", name="Python in a Weekend", level=1)).to_be_visible()
    landing = page.locator("section.landing")
    expect(landing).to_contain_text("From zero to your first script in two days, free.")
    expect(landing.locator(".price")).to_have_text("Free")
    expect(page.locator("ul.cards")).to_have_count(0)
    landing.get_by_role("link", name="Login to enroll").click()

    fill_signup(page, "guido@example.com")
    expect(page).to_have_url(shop.at("dashboard.html"))
    expect(status_region(page)).to_have_text("You're enrolled in Python in a Weekend.")
    page.get_by_role("link", name="Courses", exact=True).click()
    expect(page.locator("section.landing").get_by_role("link", name="Enrolled ✓")).to_be_visible()

    site = sites["python-weekend"]
    [enrollment] = site.enrollments("python-weekend")
    assert (enrollment["student_email"], enrollment["status"]) == ("guido@example.com", "active")
    tenant_id = site.admin("GET", "/v1/admin/tenant")["id"]
    with runtime.session(tenant_id) as session:
        student = runtime.services.student(session, enrollment["student_id"])
        assert student is not None and student.intended_course_id is not None
        intended = runtime.services.course(session, id=student.intended_course_id)
        assert intended is not None and intended.slug == "python-weekend"
