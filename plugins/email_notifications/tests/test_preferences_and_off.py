"""Marketing mail respects the student's opt-out (``/v1/me/email-preferences``);
transactional mail always goes; a tenant that did not enable the plugin — or turned it
off — gets no mail at all and no preferences endpoint."""

from __future__ import annotations

from typing import Any

from tuition.testing.api import Api, StudentHandle, TenantHandle
from tuition_email_notifications.testing import (
    PLUGIN,
    SmtpServer,
    emit,
    mail_settings,
    mail_site,
    pay,
    sent_mails,
)

PREFS = "/v1/me/email-preferences"


def abandoned(student: StudentHandle, order_id: str = "ord_abandoned") -> dict[str, Any]:
    return {
        "order_id": order_id,
        "student_id": student.id,
        "course": "pro",
        "amount": 4900,
        "currency": "EUR",
        "checkout_url": f"https://pay.example.com/checkout/{order_id}?a=1&b=2",
    }


def next_course(student: StudentHandle) -> dict[str, Any]:
    return {
        "offer_id": "nco_1",
        "student_id": student.id,
        "from_course": "intro",
        "course": "pro",
        "course_title": "Pottery Pro",
        "trigger": "completed",
        "message": None,
        "reason": "You completed Intro to Pottery: this comes next.",
        "price": {"amount": 3900, "currency": "EUR"},
        "list_price": {"amount": 4900, "currency": "EUR"},
    }


def test_preferences_default_to_marketing_and_can_be_changed(api: Api, smtp: SmtpServer) -> None:
    tenant = mail_site(api, smtp.port)
    student = api.signup(tenant)
    assert api.call("GET", PREFS, headers=student.headers, expect=200).get_json() == {
        "marketing": True
    }
    assert api.call(
        "PUT", PREFS, headers=student.headers, json={"marketing": False}, expect=200
    ).get_json() == {"marketing": False}
    assert api.call(
        "PUT", PREFS, headers=student.headers, json={"marketing": False}, expect=200
    ).get_json() == {"marketing": False}
    assert api.call("GET", PREFS, headers=student.headers, expect=200).get_json() == {
        "marketing": False
    }
    other = api.signup(tenant)  # one student's choice is theirs alone
    assert api.call("GET", PREFS, headers=other.headers, expect=200).get_json() == {
        "marketing": True
    }
    bad = api.call(
        "PUT", PREFS, headers=student.headers, json={"marketing": "maybe"}, expect=422
    ).get_json()
    assert "marketing" in str(bad)
    api.call("PUT", PREFS, headers=student.headers, json={}, expect=422)
    api.call("GET", PREFS, headers=tenant.storefront, expect=401)  # no student token
    api.call("GET", PREFS, expect=401)


def test_opted_out_students_get_no_marketing_but_all_transactional_mail(
    api: Api, runtime, smtp: SmtpServer
) -> None:
    tenant = mail_site(api, smtp.port, preferences_url="https://acme.test/account/email")
    keen, done = api.signup(tenant, "keen@example.com"), api.signup(tenant, "done@example.com")
    api.call("PUT", PREFS, headers=done.headers, json={"marketing": False}, expect=200)

    emit(runtime, tenant, "checkout.abandoned", abandoned(keen, "ord_keen"))
    emit(runtime, tenant, "checkout.abandoned", abandoned(done, "ord_done"))
    emit(runtime, tenant, "next_course.offered", next_course(keen))
    emit(runtime, tenant, "next_course.offered", next_course(done))
    assert [(r.rcpt_tos[0], r.kind) for r in smtp.received] == [
        ("keen@example.com", "checkout_reminder"),
        ("keen@example.com", "next_course_offer"),
    ]

    reminder = smtp.of("checkout_reminder")[0]
    assert reminder.message["Subject"] == "Still interested in Pottery Pro?"
    assert reminder.message["List-Unsubscribe"] == "<https://acme.test/account/email>"
    text, html = reminder.part("plain"), reminder.part("html")
    assert "https://pay.example.com/checkout/ord_keen?a=1&b=2" in text
    assert 'href="https://pay.example.com/checkout/ord_keen?a=1&amp;b=2"' in html
    assert "(49.00 EUR)" in text
    assert "Change your email preferences: https://acme.test/account/email" in text
    offer = smtp.of("next_course_offer")[0]
    assert offer.message["Subject"] == "Your next course: Pottery Pro"
    assert "now that you have taken Intro to Pottery" in offer.part("plain")
    assert "Price: 39.00 EUR (instead of 49.00 EUR)" in offer.part("plain")
    skipped = [r for r in sent_mails(runtime, tenant) if r.recipient == "done@example.com"]
    assert sorted((r.template, r.status) for r in skipped) == [
        ("checkout_reminder", "opted_out"),
        ("next_course_offer", "opted_out"),
    ]

    # Transactional mail still reaches the student who opted out, without unsubscribe link.
    smtp.received.clear()
    order = api.enroll(tenant, done, "pro", expect=202).get_json()
    pay(api, tenant, order["checkout"]["order_id"])
    assert smtp.kinds == ["enrollment_confirmation", "payment_receipt"]
    assert {r.rcpt_tos[0] for r in smtp.received} == {"done@example.com"}
    assert all(r.message["List-Unsubscribe"] is None for r in smtp.received)


def assert_silent(api: Api, runtime, tenant: TenantHandle, smtp: SmtpServer) -> None:
    """Every flow that mails elsewhere sends nothing here, and the endpoint is gone."""
    student = api.signup(tenant)
    api.enroll(tenant, student, "intro", expect=201)
    order = api.enroll(tenant, student, "pro", expect=202).get_json()
    pay(api, tenant, order["checkout"]["order_id"])
    emit(runtime, tenant, "checkout.abandoned", abandoned(student))
    emit(runtime, tenant, "next_course.offered", next_course(student))
    assert smtp.received == []
    assert sent_mails(runtime, tenant) == []
    api.call("GET", PREFS, headers=student.headers, expect=404)
    api.call("PUT", PREFS, headers=student.headers, json={"marketing": False}, expect=404)


def test_a_tenant_without_the_plugin_gets_no_mail(api: Api, runtime, smtp: SmtpServer) -> None:
    mailing = mail_site(api, smtp.port)  # the plugin is installed and used next door
    tenant = api.create_tenant({"free_enrollment": {}, "dummy_provider": {}})
    api.create_course(tenant, "intro", title="Intro")
    api.create_course(
        tenant,
        "pro",
        title="Pro",
        pricing_model="one_time",
        price={"amount": 4900, "currency": "EUR"},
    )
    assert_silent(api, runtime, tenant, smtp)
    api.enroll(mailing, api.signup(mailing), "intro", expect=201)
    assert smtp.kinds == ["enrollment_confirmation"]


def test_a_tenant_that_turns_the_plugin_off_gets_no_more_mail(
    api: Api, runtime, smtp: SmtpServer
) -> None:
    tenant = mail_site(api, smtp.port)
    api.call(
        "PUT",
        f"/v1/admin/plugins/{PLUGIN}",
        headers=tenant.admin,
        expect=200,
        json={"enabled": False, "settings": mail_settings(smtp.port)},
    )
    assert_silent(api, runtime, tenant, smtp)
