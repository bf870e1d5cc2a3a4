"""Journeys through the staff console (see conftest.py for the stack they share)."""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable

from playwright.sync_api import Locator, Page, expect

from examples.storefront.tests.helpers import PHONE
from tuition.testing.api import OPERATOR_TOKEN
from tuition_email_notifications.testing import SmtpServer, free_port, mail_settings

from .conftest import CONSOLE, PASSWORD, Member, Stack, _member, invitation_token
from .oidc import running_provider

AXE = CONSOLE / "node_modules" / "axe-core" / "axe.min.js"

expect.set_options(timeout=15_000)


def assert_accessible(page: Page, screen: str) -> None:
    """axe-core (the console's own npm copy, injected) finds no serious or critical
    violation of WCAG 2 A/AA on the screen as it is now."""
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => (await axe.run(document, {
             runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
           })).violations
             .filter((v) => v.impact === "serious" || v.impact === "critical")
             .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)"""
    )
    assert violations == [], f"{screen}: {violations}"


def sign_in(page: Page, stack: Stack, member: Member, path: str = "") -> None:
    page.goto(stack.console(path))
    expect(page.get_by_role("heading", name="Sign in to the console")).to_be_visible()
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_an_owner_creates_publishes_and_finds_a_course(page: Page, stack: Stack) -> None:
    page.goto(stack.console())
    assert_accessible(page, "sign-in")
    # A wrong password: the API's problem, shown on the form.
    page.get_by_label("Email").fill(stack.owner.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("invalid_credentials")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    expect(page.get_by_text("owner@console.test")).to_be_visible()
    expect(page.locator(".stats")).to_contain_text("Courses")
    assert_accessible(page, "overview")

    page.get_by_role("link", name="Courses").click()
    expect(page.get_by_role("heading", name="Courses")).to_be_visible()
    page.get_by_role("link", name="New course").click()
    page.get_by_label("Title").fill("Console Course")
    page.get_by_label("Slug").fill("taken")
    page.get_by_role("button", name="Create course").click()
    # 409 course_exists belongs to the slug: shown there, the field marked invalid.
    slug = page.get_by_label("Slug")
    expect(slug).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".field-error")).to_contain_text("exists")
    assert_accessible(page, "course form with a problem")
    slug.fill("console-course")
    page.get_by_role("button", name="Create course").click()
    expect(page).to_have_url(re.compile(r"/admin/courses/console-course$"))
    expect(page.get_by_role("heading", name="Console Course")).to_be_visible()
    expect(page.locator(".badge")).to_have_text("draft")

    page.get_by_role("link", name="Back to courses").click()
    row = page.get_by_role("row").filter(has_text="Console Course")
    row.get_by_role("button", name="Publish Console Course").click()
    expect(row.locator(".badge")).to_have_text("published")
    # The server searches: only the new course is listed for "console".
    page.get_by_role("searchbox", name="Search courses").fill("console")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("Page 1 of 1 (1 in all)")).to_be_visible()
    expect(page.get_by_role("link", name="Console Course")).to_be_visible()
    assert_accessible(page, "courses")
    # The API agrees.
    course = stack.api.call(
        "GET", "/v1/admin/courses/console-course", headers=stack.site.admin, expect=200
    ).get_json()
    assert course["status"] == "published"

    # A deep link opens its screen directly (Tuition answers it with the app's page).
    page.goto(f"{stack.url}/admin/audit")
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="console-course").first).to_be_visible()
    assert_accessible(page, "audit log")
    # The purchase is refunded: first too much (the problem at the amount), then all of it.
    page.get_by_role("link", name="Orders", exact=True).click()
    paid = page.get_by_role("row").filter(has_text="paid").filter(has_text="€49.00")
    paid.get_by_text("Refund", exact=True).click()
    paid.get_by_label("Amount (minor units)").fill("999999")
    paid.get_by_role("button", name=re.compile(r"^Refund ord_")).click()
    expect(paid.get_by_label("Amount (minor units)")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "orders, refund with a problem")
    paid.get_by_label("Amount (minor units)").fill("")
    paid.get_by_role("button", name=re.compile(r"^Refund ord_")).click()
    refunded = page.get_by_role("row").filter(has_text="€49.00")
    expect(refunded.locator(".badge")).to_have_text("refunded")

    # A student, found by the server's search, with their enrollments and orders.
    page.get_by_role("link", name="Students", exact=True).click()
    page.get_by_role("searchbox", name="Search students").fill("LEARNER")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("Page 1 of 1 (1 in all)")).to_be_visible()
    page.get_by_role("link", name="learner@console.test").click()
    expect(page.get_by_role("heading", name="learner@console.test")).to_be_visible()
    enrollment = page.get_by_role("row").filter(has_text="taken")
    expect(enrollment).to_contain_text("active")
    expect(page.get_by_role("row").filter(has_text="paid").first).to_be_visible()
    order = page.get_by_role("row").filter(has_text="€49.00")
    expect(order.locator(".badge")).to_have_text("refunded")
    # Their audit trail (what they did), and their mails where the mail plugin is on.
    trail = page.get_by_role("table", name="What the student did")
    expect(trail.get_by_role("row").filter(has_text="enrollment").first).to_be_visible()
    expect(
        page.get_by_text("Mails are not recorded: the email notifications plugin is off.")
    ).to_be_visible()
    assert_accessible(page, "a student")
    for name in ("Students", "Orders", "Staff"):
        page.get_by_role("link", name=name, exact=True).click()
        expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()
        expect(page.get_by_role("status")).to_have_count(0)  # loaded
        assert_accessible(page, name)
    manager = page.get_by_role("row").filter(has_text="manager@console.test")
    expect(manager).to_contain_text("manager")
    expect(manager).to_contain_text("on")  # two-factor


def test_a_manager_signs_in_with_a_code_and_is_refused_the_staff_screen(
    page: Page, stack: Stack
) -> None:
    page.set_viewport_size(PHONE)
    sign_in(page, stack, stack.manager, "staff")
    # Two-factor sign-in: the code step.
    code = page.get_by_label("Authenticator code")
    expect(code).to_be_focused()
    code.fill("000000" if stack.manager.totp_code() != "000000" else "111111")
    page.get_by_role("button", name="Verify").click()
    expect(code).to_have_attribute("aria-invalid", "true")
    code.fill(stack.manager.totp_code())
    page.get_by_role("button", name="Verify").click()
    # The staff screen is not in a manager's menu, but the deep link is tried: the API
    # refuses (403 insufficient_role), and the console says so.
    expect(page.get_by_role("heading", name="Staff")).to_be_visible()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Not allowed")
    expect(alert).to_contain_text("insufficient_role")
    # On a phone the sections are behind a menu button; dark theme is as accessible.
    menu = page.get_by_role("button", name="Menu")
    menu.click()
    sections = page.get_by_role("navigation", name="Sections")
    expect(sections.get_by_role("link", name="Staff")).to_have_count(0)
    page.get_by_role("button", name="Dark theme").click()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    assert_accessible(page, "refused staff screen, phone, dark")
    sections.get_by_role("link", name="Courses").click()
    expect(page.get_by_role("link", name="Already There")).to_be_visible()
    assert_accessible(page, "courses, phone, dark")
    # Keys and switching plugins are the owner's: the API refuses a manager (deep links).
    page.goto(stack.console("keys"))
    expect(page.get_by_role("alert")).to_contain_text("insufficient_role")
    page.goto(stack.console("plugins/next_course"))
    page.get_by_role("button", name="Preview enabling").click()
    expect(page.locator(".plan")).to_contain_text("would be accepted")
    page.get_by_role("button", name="Enable Next course").click()
    expect(page.get_by_role("alert")).to_contain_text("insufficient_role")
    assert_accessible(page, "a plugin refused to a manager, phone, dark")


def toggle_dark(page: Page) -> None:
    page.get_by_role("button", name="Dark theme").click()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")


def test_an_owner_invites_a_manager_who_accepts_and_enrolls_a_student(
    page: Page, stack: Stack
) -> None:
    stack.api.create_course(stack.site, "by-hand", title="By Hand")
    sign_in(page, stack, stack.owner)
    # The overview charts the site over time: today's enrollments are a column.
    chart = page.get_by_role("img", name=re.compile(r"^Enrollments"))
    expect(chart).to_be_visible()
    expect(chart).to_contain_text(re.compile(r"Enrollments: [1-9]\d* in all"))
    expect(page.get_by_role("img", name=re.compile(r"^Revenue \(EUR\)"))).to_be_visible()
    funnel = page.get_by_role("img", name=re.compile(r"^Funnel over time"))
    expect(funnel).to_contain_text(re.compile(r"Enroll clicks [1-9]\d*"))
    expect(funnel).to_contain_text(re.compile(r"Paid [1-9]\d*"))
    expect(page.locator(".attention")).to_contain_text("Stuck orders")
    expect(page.get_by_role("row").filter(has_text="Paid").first).to_be_visible()
    assert_accessible(page, "overview with charts")
    # The orders list names each buyer.
    page.get_by_role("link", name="Orders", exact=True).click()
    expect(page.get_by_role("link", name="learner@console.test").first).to_be_visible()

    page.get_by_role("link", name="Staff", exact=True).click()
    page.get_by_label("Email").fill("newcomer@console.test")
    page.get_by_label("Role").select_option("manager")
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_text("Invitation mailed to newcomer@console.test")).to_be_visible()
    page.get_by_role("button", name="Resend to newcomer@console.test").click()
    expect(page.get_by_text("Sent.")).to_be_visible()
    toggle_dark(page)
    assert_accessible(page, "staff with an invitation, dark")

    members = stack.api.call(
        "GET", "/v1/admin/staff", headers=stack.site.admin, expect=200
    ).get_json()["items"]
    newcomer = next(m for m in members if m["email"] == "newcomer@console.test")
    # The link of the mail, opened in a browser without a session.
    invited = page.context.browser.new_page()  # type: ignore[union-attr]
    invited.goto(
        f"{stack.url}/admin/invitation?key={stack.site.publishable_key}"
        f"&token={stack.invitation_token(newcomer['id'])}"
    )
    expect(invited.get_by_role("heading", name="Accept your invitation")).to_be_visible()
    assert_accessible(invited, "invitation")
    invited.get_by_label("Your name").fill("Nia Newcomer")
    invited.get_by_label("Choose a password").fill("short")
    invited.get_by_role("button", name="Accept and sign in").click()
    expect(invited.get_by_label("Choose a password")).to_have_attribute("aria-invalid", "true")
    invited.get_by_label("Choose a password").fill(PASSWORD)
    invited.get_by_role("button", name="Accept and sign in").click()
    expect(invited.get_by_role("heading", name="Overview")).to_be_visible()
    expect(invited.get_by_text("Nia Newcomer")).to_be_visible()
    expect(invited.locator(".attention")).to_contain_text("Stuck orders")  # a manager's too

    # The new manager enrolls the learner by hand from the student's page.
    invited.get_by_role("link", name="Students", exact=True).click()
    invited.get_by_role("link", name="learner@console.test").click()
    form = invited.locator("form").filter(has_text="Enroll by hand")
    form.get_by_label("Course").select_option("by-hand")
    form.get_by_role("button", name="Enroll").click()
    expect(form.get_by_role("status")).to_contain_text("Enrolled learner@console.test in by-hand")
    expect(invited.get_by_role("row").filter(has_text="by-hand")).to_contain_text("active")
    form.get_by_role("button", name="Enroll").click()  # again: the API's 409 at the course
    expect(form.get_by_label("Course")).to_have_attribute("aria-invalid", "true")
    assert_accessible(invited, "a student, manual enrollment refused")
    invited.close()
    audit = stack.api.call(
        "GET",
        "/v1/admin/audit",
        headers=stack.site.admin,
        query_string={"actor": f"staff:{newcomer['id']}"},
        expect=200,
    ).get_json()["items"]
    assert {"accepted", "created"} <= {entry["action"] for entry in audit}


def test_a_manager_accepts_and_signs_in_with_the_sites_identity_provider(
    page: Page, stack: Stack
) -> None:
    """The invitation is accepted through the site's OpenID provider (authorization code
    with PKCE from the browser), binding the member to the provider's subject; later the
    member signs in with the provider alone. The invitation link, used again, shows the
    API's ``invitation_accepted``."""
    with running_provider() as idp:
        email = "provider.manager@console.test"
        idp.user = {"sub": "oidc-user-7", "email": email, "name": "Prov Ider"}
        site = stack.api.create_tenant(
            {"free_enrollment": {}}, slug="idp-site", identity_provider=idp.identity_provider()
        )
        invited = stack.api.call(
            "POST",
            "/v1/admin/staff",
            json={"email": email, "role": "manager"},
            headers=site.admin,
            expect=201,
        ).get_json()
        link = (
            f"{stack.url}/admin/invitation?key={site.publishable_key}"
            f"&token={invitation_token(stack.app, site, invited['id'])}"
        )
        page.goto(link)
        expect(page.get_by_role("heading", name="Accept your invitation")).to_be_visible()
        assert_accessible(page, "invitation with a provider")
        page.get_by_role("button", name="Accept with your identity provider").click()
        expect(page.get_by_role("heading", name="Local OpenID provider")).to_be_visible()
        page.get_by_role("link", name=f"Continue as {email}").click()
        expect(page.get_by_role("heading", name="Overview")).to_be_visible()
        expect(page.get_by_role("link", name="Prov Ider manager")).to_be_visible()
        # The code was redeemed once, with the verifier of the challenge (checked by the
        # provider), for the console's client and redirect URI.
        [redeemed] = idp.token_requests
        assert redeemed["client_id"] == "tuition-console"
        assert redeemed["redirect_uri"] == f"{stack.url}/admin/auth/callback"
        assert re.fullmatch(r"[A-Za-z0-9_-]{43,128}", redeemed["code_verifier"])

        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("heading", name="Sign in to the console")).to_be_visible()
        assert_accessible(page, "sign-in with a provider")
        page.get_by_role("button", name="Sign in with your identity provider").click()
        page.get_by_role("link", name=f"Continue as {email}").click()
        expect(page.get_by_role("heading", name="Overview")).to_be_visible()
        # A manager's rights, from the API: the staff screen is refused.
        page.goto(f"{stack.url}/admin/staff")
        expect(page.get_by_role("alert")).to_contain_text("insufficient_role")

        page.get_by_role("button", name="Sign out").click()
        page.goto(link)
        page.get_by_role("button", name="Accept with your identity provider").click()
        page.get_by_role("link", name=f"Continue as {email}").click()
        expect(page.get_by_role("alert")).to_contain_text("invitation_accepted")
        assert_accessible(page, "provider sign-in refused")
        page.get_by_role("link", name="Back to your invitation").click()
        expect(page.get_by_role("heading", name="Accept your invitation")).to_be_visible()

    audit = stack.api.call(
        "GET", "/v1/admin/audit", headers=site.admin, query_string={"object_type": "staff"}
    ).get_json()["items"]
    actions = {(entry["action"], entry["actor"]) for entry in audit}
    who = f"staff:{invited['id']}"
    assert {("accepted", who), ("signed_in", who)} <= actions


def test_the_operator_creates_and_suspends_a_site(page: Page, stack: Stack) -> None:
    page.goto(f"{stack.url}/admin/operator")
    page.get_by_label("Operator token").fill(OPERATOR_TOKEN)
    page.get_by_role("button", name="Open").click()
    expect(page.get_by_role("heading", name="Operator console")).to_be_visible()
    expect(page.locator(".stats")).to_contain_text("Ready")
    page.get_by_label("Slug").fill("console-site")
    page.get_by_label("Name").fill("Taken")
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_label("Slug")).to_have_attribute("aria-invalid", "true")  # tenant_exists
    page.get_by_label("Slug").fill("operator-made")
    page.get_by_label("Name").fill("Operator Made")
    page.get_by_role("button", name="Create").click()
    created = page.get_by_role("status").filter(has_text="Created operator-made")
    expect(created).to_be_visible()
    secret = created.locator("code").nth(1).inner_text()
    assert_accessible(page, "operator console")
    row = page.get_by_role("row").filter(has_text="operator-made")
    row.get_by_role("button", name="Suspend operator-made").click()
    expect(row.locator(".badge")).to_have_text("suspended")
    refused = stack.api.call(
        "GET", "/v1/admin/courses", headers={"Authorization": f"Bearer {secret}"}
    )
    assert refused.status_code == 403 and refused.get_json()["code"] == "tenant_suspended"
    page.emulate_media(color_scheme="dark")
    page.evaluate("document.documentElement.dataset.theme = 'dark'")
    assert_accessible(page, "operator console, dark")
    row.get_by_role("button", name="Resume operator-made").click()
    expect(row.locator(".badge")).to_have_text("active")


def test_an_owner_enables_a_provider_and_manages_webhooks_and_keys(
    page: Page, stack: Stack
) -> None:
    sign_in(page, stack, stack.owner, "plugins")
    expect(page.get_by_role("heading", name="Plugins")).to_be_visible()
    assert_accessible(page, "plugins")
    page.get_by_role("link", name="Stripe payments").click()
    expect(page.get_by_role("heading", name="Stripe payments")).to_be_visible()
    # The settings form comes from the plugin's settings schema; secrets are write-only.
    secret = page.get_by_label(re.compile(r"^secret key"))
    expect(secret).to_have_attribute("type", "password")
    expect(page.get_by_text("Secret (write-only), not set.").first).to_be_visible()
    secret.fill("not-a-stripe-key")
    page.get_by_label(re.compile(r"^publishable key")).fill("pk_test_console")
    page.get_by_label(re.compile(r"^webhook secret")).fill("whsec_console")
    page.get_by_label(re.compile(r"^return url")).fill(
        "https://shop.example/paid?session={CHECKOUT_SESSION_ID}"
    )
    # The plan first: what enabling changes, and whether it would be accepted.
    page.get_by_role("button", name="Preview enabling").click()
    plan = page.locator(".plan")
    expect(plan).to_contain_text("This change would be accepted.")
    expect(plan).to_contain_text("stripe_provider")
    assert_accessible(page, "plugin with its plan preview")
    # A wrong key: the schema's problem at its field (422 settings.secret_key).
    page.get_by_role("button", name="Enable Stripe payments").click()
    expect(secret).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "plugin settings with a problem")
    secret.fill("sk_test_console_secret_4242")
    page.get_by_role("button", name="Preview enabling").click()
    page.get_by_role("button", name="Enable Stripe payments").click()
    expect(page.get_by_role("status")).to_have_text("Stripe payments enabled.")
    expect(page.locator(".badge")).to_have_text("enabled")
    # Never echoed back: the field is empty again, the page says only that it is set.
    expect(secret).to_have_value("")
    expect(page.get_by_text("Secret (write-only), set.").first).to_be_visible()
    assert "sk_test_console_secret_4242" not in page.content()
    shown = stack.api.call(
        "GET", "/v1/admin/plugins/stripe_provider", headers=stack.site.admin, expect=200
    ).get_json()
    assert shown["enabled"] is True
    assert shown["settings"]["secret_key"] == "[redacted]"
    assert shown["settings"]["publishable_key"] == "pk_test_console"

    # A webhook endpoint: its signing secret shown once; a test delivery, redelivered.
    page.get_by_role("link", name="Webhooks", exact=True).click()
    expect(page.get_by_role("heading", name="Webhooks")).to_be_visible()
    page.get_by_label("URL").fill(stack.receiver.url())
    page.get_by_label("Description").fill("Console hooks")
    page.get_by_role("button", name="Create endpoint").click()
    expect(page.locator(".secret-value")).to_contain_text("whsec_")
    assert_accessible(page, "webhooks")
    page.get_by_role("link", name=stack.receiver.url()).click()
    expect(page.get_by_role("heading", name=re.compile("^Endpoint "))).to_be_visible()
    page.get_by_role("button", name="Send a test").click()
    row = page.get_by_role("row").filter(has_text="ping")
    expect(row.locator(".badge")).to_have_text("succeeded")
    assert len(stack.receiver.of_type("ping")) == 1
    row.get_by_role("button", name=re.compile(r"^Redeliver ")).click()
    expect(page.get_by_role("status")).to_contain_text("queued again")
    expect(row.locator("td").nth(1)).to_have_text("2")  # attempts
    assert len(stack.receiver.of_type("ping")) == 2
    row.get_by_text("Attempts", exact=True).click()  # each attempt, and the body sent
    expect(row.locator("li")).to_have_count(2)
    expect(row.locator("li").last).to_contain_text("manual")
    expect(row.locator("pre")).to_contain_text('"type": "ping"')
    assert_accessible(page, "a webhook endpoint with deliveries")

    # A secret key: shown once, then revoked (the API refuses it from then on).
    page.get_by_role("link", name="Keys", exact=True).click()
    expect(page.get_by_role("heading", name="Keys")).to_be_visible()
    page.get_by_role("button", name="Create key").click()
    made = page.locator(".secret-value")
    expect(made).to_contain_text("sk_")
    key = made.inner_text().strip()
    works = {"Authorization": f"Bearer {key}"}
    stack.api.call("GET", "/v1/admin/keys", headers=works, expect=200)
    assert_accessible(page, "keys")
    row = page.get_by_role("row").filter(has_text=key[-4:]).filter(has_text="active")
    row.get_by_role("button", name=re.compile(r"^Revoke sk_")).click()
    row.get_by_role("button", name=re.compile(r"^Really revoke")).click()
    expect(page.get_by_role("status")).to_contain_text("Revoked")
    expect(page.get_by_role("row").filter(has_text=key[-4:]).locator(".badge")).to_have_text(
        "revoked"
    )
    stack.api.call("GET", "/v1/admin/keys", headers=works, expect=401)

    # The new screens in the dark theme.
    page.get_by_role("button", name="Dark theme").click()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    assert_accessible(page, "keys, dark")
    for name in ("Webhooks", "Plugins"):
        page.get_by_role("link", name=name, exact=True).click()
        expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()
        expect(page.get_by_role("status")).to_have_count(0)  # loaded
        assert_accessible(page, f"{name}, dark")
    page.get_by_role("link", name="Stripe payments").click()
    page.get_by_role("button", name="Preview disabling").click()
    expect(page.locator(".plan")).to_be_visible()
    assert_accessible(page, "plugin plan, dark")


def test_an_owner_builds_a_cohort_with_a_step_and_a_session_option(
    page: Page, stack: Stack
) -> None:
    sign_in(page, stack, stack.owner, "courses/workshop")
    page.get_by_role("link", name="Cohorts and steps").click()
    expect(page.get_by_role("heading", name="Cohorts of workshop")).to_be_visible()
    page.get_by_label("Step title").fill("Week 1")
    page.get_by_label("Step label").fill("week-1")
    page.get_by_role("button", name="Add step").click()
    step = page.get_by_role("row").filter(has_text="week-1")
    expect(step).to_contain_text("Week 1")
    step.get_by_text("Edit", exact=True).click()
    step.get_by_label("Step title").fill("Week one")
    step.get_by_role("button", name="Save step").click()
    expect(step.get_by_role("rowheader")).to_have_text("Week one")
    # No capacity: the API's problem at the field.
    page.get_by_label("Name", exact=True).fill("Spring")
    page.get_by_label("Cohort slug").fill("spring")
    page.get_by_role("button", name="Create cohort").click()
    capacity = page.get_by_label("Capacity")
    expect(capacity).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "cohorts with a problem")
    capacity.fill("12")
    page.get_by_role("button", name="Create cohort").click()
    expect(page.get_by_role("status")).to_have_text("Cohort Spring created.")
    page.get_by_role("link", name="Spring").click()
    expect(page.get_by_role("heading", name="Spring")).to_be_visible()
    page.get_by_label("Option name").fill("Tuesday evening")
    page.get_by_label("Option capacity").fill("12")
    page.get_by_label("Weekly on").select_option(label="Tuesday")
    page.get_by_role("button", name="Add option").click()
    option = page.get_by_role("row").filter(has_text="Tuesday evening")
    expect(option).to_contain_text("week-1")
    expect(option).to_contain_text("every Tuesday, 18:00\u201319:00 (UTC)")
    expect(page.get_by_text("0 taken, 0 held, 0 waiting; 12 of 12 seats left.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Nobody yet.")).to_be_visible()
    assert_accessible(page, "a cohort")
    page.get_by_role("button", name="Dark theme").click()
    assert_accessible(page, "a cohort, dark")
    cohorts = stack.api.call(
        "GET", "/v1/admin/courses/workshop/cohorts", headers=stack.site.admin, expect=200
    ).get_json()
    assert [(c["slug"], c["capacity"]) for c in cohorts["items"]] == [("spring", 12)]

    # Deleting: an option nobody booked goes; a cohort someone enrolled in is refused
    # (409 cohort_in_use, shown), an empty one goes; a step nobody booked goes.
    page.get_by_role("button", name="Delete option Tuesday evening").click()
    page.get_by_role("button", name="Really delete option Tuesday evening").click()
    expect(page.get_by_role("row").filter(has_text="No session options yet.")).to_be_visible()
    student = stack.api.signup(stack.site, "cohort-member@console.test")
    stack.api.call(
        "POST",
        "/v1/enrollments",
        json={"course": "workshop", "cohort": "spring"},
        headers=student.headers,
        expect=201,
    )
    page.get_by_role("button", name="Delete cohort Spring").click()
    page.get_by_role("button", name="Really delete cohort Spring").click()
    expect(page.get_by_role("alert")).to_contain_text("cohort_in_use")
    assert_accessible(page, "a cohort whose deletion is refused, dark")
    stack.api.call(
        "POST",
        "/v1/admin/courses/workshop/cohorts",
        json={"slug": "autumn", "name": "Autumn", "capacity": 5},
        headers=stack.site.admin,
        expect=201,
    )
    page.get_by_role("link", name="Back to the cohorts").click()
    page.get_by_role("link", name="Autumn").click()
    page.get_by_role("button", name="Delete cohort Autumn").click()
    page.get_by_role("button", name="Really delete cohort Autumn").click()
    expect(page.get_by_role("status")).to_have_text("Cohort Autumn deleted.")
    expect(page.get_by_role("link", name="Autumn")).to_have_count(0)
    page.get_by_label("Step title").last.fill("Week 2")
    page.get_by_label("Step label").last.fill("week-2")
    page.get_by_role("button", name="Add step").click()
    page.get_by_role("button", name="Delete step Week 2").click()
    page.get_by_role("button", name="Keep it").click()  # asked twice: kept
    expect(page.get_by_role("row").filter(has_text="week-2")).to_be_visible()
    page.get_by_role("button", name="Delete step Week 2").click()
    page.get_by_role("button", name="Really delete step Week 2").click()
    expect(page.get_by_role("row").filter(has_text="week-2")).to_have_count(0)
    steps = stack.api.call(
        "GET", "/v1/admin/courses/workshop/steps", headers=stack.site.admin, expect=200
    ).get_json()["items"]
    assert [s["label"] for s in steps] == ["week-1"]


def test_an_owner_edits_a_session_option_someone_booked(page: Page, stack: Stack) -> None:
    """Capacity, times, weekly or once, name, time zone and location of a session option change
    through the admin API's PATCH; its problems show at their fields (a capacity below the
    seats booked, an end before the start) and the booking stays."""
    api, admin = stack.api, stack.site.admin
    api.create_course(stack.site, "atelier", title="Atelier")
    api.call(
        "POST",
        "/v1/admin/courses/atelier/steps",
        json={"label": "s1", "title": "Session 1"},
        headers=admin,
        expect=201,
    )
    cohort = api.call(
        "POST",
        "/v1/admin/courses/atelier/cohorts",
        json={"slug": "summer", "name": "Summer", "capacity": 10},
        headers=admin,
        expect=201,
    ).get_json()
    api.call(
        "POST",
        f"/v1/admin/cohorts/{cohort['id']}/options",
        json={
            "step": "s1",
            "name": "Monday morning",
            "capacity": 2,
            "weekday": 0,
            "start_time": "09:00",
            "end_time": "10:00",
        },
        headers=admin,
        expect=201,
    )
    student = api.signup(stack.site, "atelier-member@console.test")
    api.call(
        "POST",
        "/v1/enrollments",
        json={"course": "atelier", "cohort": "summer"},
        headers=student.headers,
        expect=201,
    )  # the step's only option: booked at once

    sign_in(page, stack, stack.owner, f"cohorts/{cohort['id']}")
    expect(page.get_by_role("heading", name="Summer")).to_be_visible()
    option = page.get_by_role("row").filter(has_text="Monday morning")
    expect(option).to_contain_text("1 / 2")
    option.get_by_text("Edit", exact=True).click()
    edit = option.get_by_role("form", name="Edit option Monday morning")
    edit.get_by_label("Option capacity").fill("0")
    edit.get_by_role("button", name="Save option").click()
    capacity = edit.get_by_label("Option capacity")
    expect(capacity).to_have_attribute("aria-invalid", "true")
    expect(edit.locator(".field-error")).to_contain_text("taken or held")
    edit.get_by_label("Option capacity").fill("4")
    edit.get_by_label("Ends at").fill("08:30")
    edit.get_by_role("button", name="Save option").click()
    expect(edit.get_by_label("Ends at")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "a session option with a problem")
    edit.get_by_label("Option name").fill("Workshop day")
    edit.get_by_label("Weekly on").select_option(label="(not weekly)")
    edit.get_by_label("Or once, on").fill("2031-03-14")
    edit.get_by_label("Starts at").fill("10:00")
    edit.get_by_label("Ends at").fill("16:30")
    edit.get_by_label("Time zone").fill("Europe/Berlin")
    edit.get_by_label("Location").fill("Room 3, Hauptstr. 5")
    edit.get_by_role("button", name="Save option").click()
    changed = page.get_by_role("row").filter(has_text="Workshop day")
    expect(changed).to_contain_text("Room 3, Hauptstr. 5")
    expect(changed).to_contain_text("2031-03-14, 10:00\u201316:30 (Europe/Berlin)")
    expect(changed).to_contain_text("1 / 4")
    [saved] = api.call(
        "GET", f"/v1/admin/cohorts/{cohort['id']}/options", headers=admin, expect=200
    ).get_json()["items"]
    assert (saved["name"], saved["capacity"], saved["seats_taken"]) == ("Workshop day", 4, 1)
    assert saved["location"] == "Room 3, Hauptstr. 5"
    assert (saved["weekday"], saved["date"], saved["timezone"]) == (
        None,
        "2031-03-14",
        "Europe/Berlin",
    )
    expect(page.get_by_role("row").filter(has_text="atelier-member@console.test")).to_be_visible()


def test_support_resends_a_mail_and_exports_a_students_data(page: Page, stack: Stack) -> None:
    """A site with the mail plugin (a real SMTP server): support staff resend a student's
    confirmation from the student's page and export their data, built by a job."""
    smtp = SmtpServer(free_port()).start()
    try:
        api = stack.api
        site = api.create_tenant(
            {"free_enrollment": {}, "email_notifications": {"settings": mail_settings(smtp.port)}},
            slug="mail-site",
        )
        api.create_course(site, "intro", title="Intro to Pottery")
        reader = api.signup(site, "reader@console.test")
        api.enroll(site, reader, "intro")
        assert [m.rcpt_tos for m in smtp.of("enrollment_confirmation")] == [["reader@console.test"]]
        support = _member(api, stack.app, site, "support")
        page.goto(f"{stack.url}/admin/students/{reader.id}?key={site.publishable_key}")
        page.get_by_label("Email").fill(support.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        mails = page.get_by_role("table", name="Mails to the student")
        expect(mails.get_by_role("row").filter(has_text="enrollment_confirmation")).to_have_count(1)
        mails.get_by_role("button", name=re.compile(r"^Resend enrollment_confirmation")).click()
        expect(page.get_by_role("status").filter(has_text="Resent")).to_have_text("Resent: sent.")
        expect(mails.get_by_role("row").filter(has_text="enrollment_confirmation")).to_have_count(2)
        expect(mails.get_by_text("resent by staff")).to_be_visible()
        assert [m.rcpt_tos for m in smtp.of("enrollment_confirmation")] == [
            ["reader@console.test"]
        ] * 2
        assert_accessible(page, "a student's mails, one resent")
        audit = api.call(
            "GET",
            "/v1/admin/audit",
            headers=site.admin,
            query_string={"object_type": "mail"},
            expect=200,
        ).get_json()["items"]
        assert [e["action"] for e in audit] == ["resent"]
        assert audit[0]["actor"].startswith("staff:")

        # Their data: more than the inline limit, so a job builds it; the link appears.
        page.get_by_role("button", name="Export their data").click()
        link = page.get_by_role("link", name="Download the export (gzipped JSON)")
        expect(link).to_be_visible()
        assert_accessible(page, "a student's export, ready")
        href = link.get_attribute("href")
        assert href is not None
        download = page.request.get(href)
        assert download.status == 200
        body = download.body()
        text = gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body
        assert b"reader@console.test" in text
    finally:
        smtp.stop()


def test_the_main_screens_in_light_and_dark(
    page: Page, stack: Stack, shoot: Callable[[Page | Locator, str], None]
) -> None:
    """The screens the README shows, in both themes and on a phone, each checked by
    axe-core (``--console-screenshots docs/console`` saves them)."""
    api, admin = stack.api, stack.site.admin
    api.create_course(stack.site, "studio", title="Studio")
    for slug, name in (("summer", "Summer"), ("autumn", "Autumn")):
        api.call(
            "POST",
            "/v1/admin/courses/studio/cohorts",
            json={"slug": slug, "name": name, "capacity": 20, "starts_on": "2027-06-01"},
            headers=admin,
            expect=201,
        )
    api.call(
        "POST",
        "/v1/admin/courses/studio/steps",
        json={"label": "kickoff", "title": "Kick-off"},
        headers=admin,
        expect=201,
    )
    sign_in(page, stack, stack.owner)
    expect(page.get_by_role("img", name=re.compile(r"^Funnel over time"))).to_be_visible()
    screens = [
        ("overview", ""),
        ("student", "students"),
        ("cohorts", "courses/studio/cohorts"),
    ]
    for theme in ("light", "dark"):
        for name, path in screens:
            page.goto(stack.console(path))
            expect(page.get_by_role("status")).to_have_count(0)  # loaded
            if name == "student":
                page.get_by_role("link", name="learner@console.test").click()
                expect(page.get_by_role("heading", name="Audit trail")).to_be_visible()
                expect(page.get_by_role("status")).to_have_count(0)
            if page.locator("html").get_attribute("data-theme") != theme:
                page.get_by_role("button", name="Dark theme").click()
                expect(page.locator("html")).to_have_attribute("data-theme", theme)
            assert_accessible(page, f"{name}, {theme}")
            shoot(page, f"{name}-{theme}")
            if name == "overview":
                shoot(page.locator(".charts"), f"charts-{theme}")
    page.set_viewport_size(PHONE)
    page.goto(stack.console())
    expect(page.get_by_role("img", name=re.compile(r"^Funnel over time"))).to_be_visible()
    assert_accessible(page, "overview, phone, dark")
    shoot(page, "overview-phone-dark")
