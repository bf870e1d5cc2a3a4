"""The enroll journey with the keyboard alone: Tab to move, Enter to act, focus visible."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from examples.storefront.tests.helpers import DATA_SCHOOL, Shop, Site, status_region

FOCUSED = "document.activeElement"


def tab_to(page: Page, label: str, most: int = 40) -> None:
    """Press Tab until the focused element's text (or label) is ``label``."""
    for _ in range(most):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            f"{FOCUSED}.labels?.[0]?.textContent || {FOCUSED}.textContent || ''"
        )
        if focused.strip() == label:
            outline = page.evaluate(f"getComputedStyle({FOCUSED}).outlineStyle")
            assert outline == "solid", f"no visible focus on {label!r}"
            return
    raise AssertionError(f"{label!r} was not reached with Tab")


def test_enroll_with_the_keyboard_only(page: Page, shop: Shop, sites: dict[str, Site]) -> None:
    page.goto(shop.url(DATA_SCHOOL))
    expect(page.get_by_role("link", name="Login to enroll").first).to_be_visible()
    page.keyboard.press("Tab")
    assert page.evaluate(f"{FOCUSED}.textContent") == "Skip to content"

    tab_to(page, "Login to enroll")  # the first card: SQL Basics
    page.keyboard.press("Enter")
    expect(page.locator("#intent")).to_have_text("Sign up to enroll in SQL Basics.")
    tab_to(page, "Email")
    page.keyboard.type("ada@example.com")
    page.keyboard.press("Tab")
    page.keyboard.type("correct horse battery")
    page.keyboard.press("Enter")  # submits the form

    expect(page).to_have_url(shop.at("dashboard.html"))
    expect(status_region(page)).to_have_text("You're enrolled in SQL Basics.")
    tab_to(page, "Log out")
    page.keyboard.press("Enter")
    expect(page).to_have_url(shop.at("index.html"))
    expect(status_region(page)).to_have_text("You are logged out.")

    [enrollment] = sites["data-school"].enrollments("sql-basics")
    assert (enrollment["student_email"], enrollment["status"]) == ("ada@example.com", "active")
