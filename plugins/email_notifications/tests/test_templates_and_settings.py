"""Tenants' own templates (sandboxed Jinja2, HTML autoescaped), checked when they are
saved; settings validated by the schema, the password redacted."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from tuition.testing.api import Api
from tuition_email_notifications.rendering import format_money, render
from tuition_email_notifications.testing import (
    PLUGIN,
    SmtpServer,
    mail_settings,
    mail_site,
    pay,
)


def configure(api: Api, tenant: Any, port: int, expect: int = 200, **settings: Any) -> Any:
    return api.call(
        "PUT",
        f"/v1/admin/plugins/{PLUGIN}",
        headers=tenant.admin,
        expect=expect,
        json={"enabled": True, "settings": mail_settings(port, **settings)},
    ).get_json()


def test_the_tenants_template_is_used(api: Api, smtp: SmtpServer) -> None:
    tenant = mail_site(api, smtp.port)
    api.create_course(tenant, "glaze", title="Glaze <Magic> & Co")
    configure(
        api,
        tenant,
        smtp.port,
        templates={
            "enrollment_confirmation": {
                "subject": "Welcome to {{ course.title }}, from {{ tenant.name }}",
                "text": "Dear {{ student.email }}: {{ course.title }} starts soon.",
                "html": "{% extends '_layout.html' %}{% block content %}"
                "<p>Dear {{ student.email }}: <em>{{ course.title }}</em></p>"
                "{% endblock %}",
            }
        },
    )
    student = api.signup(tenant, "gil@example.com")
    api.enroll(tenant, student, "glaze", expect=201)
    mail = smtp.of("enrollment_confirmation")[0]
    assert mail.message["Subject"] == f"Welcome to Glaze <Magic> & Co, from {tenant.slug.title()}"
    assert mail.part("plain").strip() == "Dear gil@example.com: Glaze <Magic> & Co starts soon."
    html = mail.part("html")
    assert "<em>Glaze &lt;Magic&gt; &amp; Co</em>" in html  # autoescaped
    assert "<!doctype html>" in html  # the shipped layout
    # Parts and mails without an override keep the defaults.
    order = api.enroll(tenant, student, "pro", expect=202).get_json()
    pay(api, tenant, order["checkout"]["order_id"])
    assert smtp.of("payment_receipt")[0].message["Subject"] == "Receipt for Pottery Pro: 49.00 EUR"


def test_a_template_breaking_the_sandbox_falls_back_to_the_default(
    api: Api, smtp: SmtpServer, caplog
) -> None:
    tenant = mail_site(
        api,
        smtp.port,
        templates={
            "enrollment_confirmation": {
                "text": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
                "subject": "{{ course.title.__class__.__init__.__globals__ }}",
            }
        },
    )
    with caplog.at_level(logging.WARNING):
        api.enroll(tenant, api.signup(tenant), "intro", expect=201)
    mail = smtp.of("enrollment_confirmation")[0]
    assert mail.message["Subject"] == "You are enrolled in Intro to Pottery"
    assert "you are enrolled in Intro to Pottery" in mail.part("plain")
    assert "subclasses" not in mail.part("plain")
    assert "does not render; using the default" in caplog.text


def test_templates_are_checked_when_saved(api: Api, smtp: SmtpServer) -> None:
    tenant = mail_site(api, smtp.port)
    body = configure(
        api,
        tenant,
        smtp.port,
        expect=422,
        templates={"payment_receipt": {"html": "<p>{% if amount %}{{ amount }}</p>"}},
    )
    errors = body["errors"]
    assert "settings.templates" in errors
    assert "does not compile (line 1)" in str(errors["settings.templates"])
    assert "'html'" in str(errors["settings.templates"])
    body = configure(
        api, tenant, smtp.port, expect=422, templates={"birthday_card": {"text": "Happy birthday"}}
    )
    assert "settings.templates" in body["errors"]
    body = configure(
        api,
        tenant,
        smtp.port,
        expect=422,
        templates={"payment_receipt": {"text": "{{ amount | no_such_filter }}"}},
    )
    assert "no_such_filter" in str(body["errors"])


def test_one_mail_can_be_switched_off(api: Api, smtp: SmtpServer) -> None:
    tenant = mail_site(api, smtp.port, templates={"enrollment_confirmation": {"enabled": False}})
    student = api.signup(tenant)
    api.enroll(tenant, student, "intro", expect=201)
    assert smtp.received == []
    order = api.enroll(tenant, student, "pro", expect=202).get_json()
    pay(api, tenant, order["checkout"]["order_id"])
    assert smtp.kinds == ["payment_receipt"]


def test_settings_are_validated_and_the_password_redacted(api: Api, smtp: SmtpServer) -> None:
    tenant = api.create_tenant({"free_enrollment": {}})
    missing = api.call(
        "PUT",
        f"/v1/admin/plugins/{PLUGIN}",
        headers=tenant.admin,
        expect=422,
        json={"enabled": True, "settings": {"smtp_port": 25}},
    )
    assert "settings.from_address" in missing.get_json()["errors"]
    for field, value in [
        ("from_address", "not an address"),
        ("smtp_security", "tls"),
        ("smtp_port", 0),
        ("max_attempts", 0),
        ("reply_to", "x@y"),
        ("unknown", 1),
    ]:
        body = configure(api, tenant, smtp.port, expect=422, **{field: value})
        assert f"settings.{field}" in body["errors"], (field, body)
    shown = configure(
        api, tenant, smtp.port, smtp_username="mailer", smtp_password="plain-secret-value"
    )
    assert shown["settings"]["smtp_password"] == "[redacted]"
    assert shown["settings"]["smtp_username"] == "mailer"
    assert "plain-secret-value" not in str(shown)


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        (4900, "EUR", "49.00 EUR"),
        (5, "usd", "0.05 USD"),
        (1200, "JPY", "1200 JPY"),
        (12345, "KWD", "12.345 KWD"),
        (-250, "GBP", "-2.50 GBP"),
        (None, "EUR", ""),
    ],
)
def test_money_is_shown_with_the_currency_exponent(
    amount: int | None, currency: str, shown: str
) -> None:
    assert format_money(amount, currency) == shown


def test_every_default_template_renders_with_sparse_data() -> None:
    from tuition_email_notifications.rendering import LANGUAGES, TEMPLATE_DIR

    names = sorted({p.name.split(".")[0] for p in TEMPLATE_DIR.glob("[a-z]*.txt")})
    assert len(names) >= 17
    for language in LANGUAGES:
        folder = TEMPLATE_DIR if language == "en" else TEMPLATE_DIR / language
        shipped = {p.name for p in folder.iterdir() if p.is_file()}
        assert shipped == {p.name for p in TEMPLATE_DIR.iterdir() if p.is_file()}, language
        for name in names:
            context = {"tenant": {"name": "Acme"}, "course": {"title": "Clay"}}
            rendered = render(name, context, language=language)
            assert rendered.subject and "\n" not in rendered.subject
            assert "Acme" in rendered.text and "Acme" in rendered.html


#: The receipt's subject and a line of its text in each language shipped.
RECEIPTS = {
    "de": ("Beleg für Pottery Pro: 49.00 EUR", "Vielen Dank für Ihre Zahlung."),
    "fr": ("Reçu pour Pottery Pro : 49.00 EUR", "Merci pour votre paiement."),
    "en": ("Receipt for Pottery Pro: 49.00 EUR", "Thank you for your payment."),
}


@pytest.mark.parametrize(
    ("site_language", "locale", "expected"),
    [
        (None, "de-AT", "de"),  # the student's locale
        ("fr", "de", "de"),  # before the site's language
        ("fr", None, "fr"),  # no locale: the site's language
        ("fr", "it", "fr"),  # no Italian texts: the site's language
        (None, "it", "en"),  # neither: English
    ],
)
def test_default_mails_go_out_in_the_students_language(
    api: Api, smtp: SmtpServer, site_language: str | None, locale: str | None, expected: str
) -> None:
    settings = {"language": site_language} if site_language else {}
    tenant = mail_site(api, smtp.port, **settings)
    student = api.signup(tenant, "buyer@example.com", **({"locale": locale} if locale else {}))
    checkout = api.enroll(tenant, student, "pro", expect=202).get_json()["checkout"]
    pay(api, tenant, checkout["order_id"])
    (mail,) = smtp.of("payment_receipt")
    subject, line = RECEIPTS[expected]
    assert mail.message["Subject"] == subject
    assert line in mail.part("plain")
    assert line.rstrip(".") in mail.part("html")  # its heading


def test_each_student_gets_the_translation_of_their_language(api: Api, smtp: SmtpServer) -> None:
    tenant = mail_site(api, smtp.port)
    configure(
        api,
        tenant,
        smtp.port,
        language="de",
        templates={
            "enrollment_confirmation": {
                "subject": "Enrolled in {{ course.title }}",
                "translations": {
                    "de": {
                        "subject": "Eingeschrieben: {{ course.title }}",
                        "text": "Willkommen, {{ student.email }}.",
                    },
                    "fr": {"subject": "Inscrit : {{ course.title }}"},
                },
            }
        },
    )
    for email, locale in [("fr@example.com", "fr-CA"), ("it@example.com", "it")]:
        api.enroll(tenant, api.signup(tenant, email, locale=locale), "intro", expect=201)
    api.enroll(tenant, api.signup(tenant, "none@example.com"), "intro", expect=201)
    mails = {m.message["To"]: m for m in smtp.of("enrollment_confirmation")}
    # French: its subject; the parts it leaves out are the shipped default's, in French.
    assert mails["fr@example.com"].message["Subject"] == "Inscrit : Intro to Pottery"
    assert "vous êtes inscrit(e) à Intro to Pottery" in mails["fr@example.com"].part("plain")
    # No translation for Italian, none given: the site's language.
    for email in ("it@example.com", "none@example.com"):
        assert mails[email].message["Subject"] == "Eingeschrieben: Intro to Pottery"
        assert mails[email].part("plain").strip() == f"Willkommen, {email}."


def test_translations_are_keyed_by_language_tags(api: Api, smtp: SmtpServer) -> None:
    tenant = mail_site(api, smtp.port)
    refused = configure(
        api,
        tenant,
        smtp.port,
        expect=422,
        templates={"payment_receipt": {"translations": {"french": {"subject": "Reçu"}}}},
    )
    assert "french" in str(refused)
    refused = configure(api, tenant, smtp.port, expect=422, language="fr-fr")
    assert "fr-FR" in str(refused)
