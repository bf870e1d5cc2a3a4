"""The abandoned-checkout reminder always links back: to the checkout when it has a link a
mail can carry, else to the storefront's course page (``course_url``)."""

from __future__ import annotations

from datetime import timedelta

from tuition.plugin_api import utcnow
from tuition.testing.api import Api
from tuition.testing.chores import sweep
from tuition_email_notifications.testing import SmtpServer, mail_site

LATER = timedelta(minutes=61)
COURSE_PAGE = "https://acme.example/courses/{course}"


def test_no_checkout_link_falls_back_to_the_course_page(
    api: Api, runtime, smtp: SmtpServer
) -> None:
    # The dummy provider's pay page is a path on the API server, as good as no link in a
    # mail (like Stripe's embedded checkout, which has only a client secret).
    tenant = mail_site(
        api, smtp.port, course_url=COURSE_PAGE, extra_plugins={"abandoned_checkout": {}}
    )
    student = api.signup(tenant, "grace@example.com")
    checkout = api.enroll(tenant, student, "pro", expect=202).get_json()["checkout"]
    assert checkout["pay_url"].startswith("/")
    sweep(runtime, utcnow() + LATER)

    [reminder] = smtp.of("checkout_reminder")
    assert reminder.rcpt_tos == ["grace@example.com"]
    assert "Finish your enrollment here: https://acme.example/courses/pro" in (
        reminder.part("plain")
    )
    assert '<a href="https://acme.example/courses/pro"' in reminder.part("html")
    assert checkout["pay_url"] not in reminder.part("plain")


def test_a_checkout_link_of_its_own_comes_first(api: Api, runtime, smtp: SmtpServer) -> None:
    tenant = mail_site(
        api,
        smtp.port,
        course_url=COURSE_PAGE,
        extra_plugins={
            "abandoned_checkout": {
                "settings": {"checkout_url": "https://acme.example/checkout/{order_id}"}
            }
        },
    )
    student = api.signup(tenant)
    order_id = api.enroll(tenant, student, "pro", expect=202).get_json()["checkout"]["order_id"]
    sweep(runtime, utcnow() + LATER)

    [reminder] = smtp.of("checkout_reminder")
    assert f"Finish your enrollment here: https://acme.example/checkout/{order_id}" in (
        reminder.part("plain")
    )


def test_the_course_page_must_be_an_http_url(api: Api, smtp: SmtpServer) -> None:
    tenant = mail_site(api, smtp.port)
    for bad in ("acme.example/courses/{course}", "javascript:alert(1)//{course}"):
        response = api.call(
            "PUT",
            "/v1/admin/plugins/email_notifications",
            headers=tenant.admin,
            expect=422,
            json={
                "enabled": True,
                "settings": {"from_address": "hello@acme.test", "course_url": bad},
            },
        )
        [message] = response.get_json()["errors"]["settings.course_url"]
        assert message.startswith("Give an http(s) URL, with {course} for the course's slug")
