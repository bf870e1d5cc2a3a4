"""A site that gives away a single course shows a landing page instead of a catalogue."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlalchemy import select

from examples.storefront.tests.helpers import (
    PYTHON_WEEKEND,
    Shop,
    Site,
    fill_signup,
    status_region,
)
from tuition.models import Student
from tuition.runtime import Tuition


def test_the_landing_page_enrolls_in_the_one_course(
    phone: Page, shop: Shop, sites: dict[str, Site], runtime: Tuition
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

    [enrollment] = sites["python-weekend"].enrollments("python-weekend")
    assert (enrollment["student_email"], enrollment["status"]) == ("guido@example.com", "active")
    with runtime.session() as session:
        student = session.scalars(select(Student).where(Student.email == "guido@example.com")).one()
        assert student.intended_course is not None
        assert student.intended_course.slug == "python-weekend"
