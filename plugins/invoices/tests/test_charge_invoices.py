"""Later charges get their own invoice (an installment here; a renewal reuses the event
shape), in the invoice series, with the order's tax in proportion, on the charge's receipt
over SMTP; the refund mail carries the credit note."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader
from sqlalchemy import text as sql

from tuition.testing.api import Api
from tuition_email_notifications.testing import (
    SmtpServer,
    mail_settings,
    pay,
)
from tuition_installments.testing import advance, make_site, start_plan
from tuition_invoices.testing import SELLER

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

YEAR = datetime.now(UTC).year


def pdf_of(message) -> tuple[str, str]:
    ((filename, content),) = [
        (part.get_filename(), part.get_content()) for part in message.iter_attachments()
    ]
    return filename, PdfReader(io.BytesIO(content)).pages[0].extract_text()


def mine(api: Api, student) -> list[dict]:
    page = api.call("GET", "/v1/me/invoices", headers=student.headers, expect=200).get_json()
    return sorted(page["items"], key=lambda i: i["number"])


def test_each_installment_gets_its_invoice_with_the_tax_in_proportion(
    api: Api, runtime, smtp: SmtpServer
) -> None:
    tenant = make_site(
        api,
        {"reminder_days": 0},
        plugins={
            "invoices": {"settings": SELLER},
            "email_notifications": {"settings": mail_settings(smtp.port)},
        },
        duplicate_webhooks=2,
    )
    student, order_id = start_plan(api, tenant)
    # The plan's order as a tax plugin records it: 100.00 gross, 19 % included.
    with runtime.session(tenant.id) as session:
        session.execute(  # the orders table as plain SQL: plugins' tests see no core models
            sql("UPDATE orders SET tax_amount = 1597, tax = :tax WHERE id = :id"),
            {"tax": json.dumps({"rate": "19", "name": "MwSt.", "country": "DE"}), "id": order_id},
        )
        session.commit()
    other = api.signup(tenant)
    body = api.call(
        "POST", "/v1/enrollments", json={"course": "pro"}, headers=other.headers, expect=202
    ).get_json()
    pay(api, tenant, body["checkout"]["order_id"])  # a one-time purchase in between

    advance(api, tenant, 31)  # installment 2, its webhook delivered three times
    invoices = mine(api, student)
    assert [i["number"] for i in invoices] == [f"INV-{YEAR}-00001", f"INV-{YEAR}-00003"]
    second = invoices[1]
    assert (second["order_id"], second["kind"], second["currency"]) == (order_id, "invoice", "EUR")
    assert (second["net"], second["tax"], second["gross"]) == (8403, 1597, 10000)
    assert second["lines"][0]["description"] == "Pottery Pro (installment 2 of 3)"
    assert [(b["rate"], b["tax"]) for b in second["breakdown"]] == [("19", 1597)]

    (receipt,) = smtp.of("installment_receipt")
    assert receipt.message["Subject"] == ("Receipt for Pottery Pro, installment 2 of 3: 100.00 EUR")
    filename, text = pdf_of(receipt.message)
    assert filename == f"INV-{YEAR}-00003.pdf"
    assert "installment 2 of 3" in text and "100.00 EUR" in text and "15.97 EUR" in text
    # The first installment's receipt is the order's (with its invoice): no second one.
    assert len(smtp.of("payment_receipt")) == 2

    advance(api, tenant, 31)
    assert [i["number"] for i in mine(api, student)][-1] == f"INV-{YEAR}-00004"
    assert len(smtp.of("installment_receipt")) == 2


def test_the_refund_mail_carries_the_credit_note(api: Api, smtp: SmtpServer) -> None:
    tenant = make_site(
        api,
        plugins={
            "invoices": {"settings": SELLER},
            "email_notifications": {"settings": mail_settings(smtp.port)},
        },
    )
    student = api.signup(tenant, "ada@example.com")
    body = api.call(
        "POST", "/v1/enrollments", json={"course": "pro"}, headers=student.headers, expect=202
    ).get_json()
    order_id = body["checkout"]["order_id"]
    pay(api, tenant, order_id)
    for amount in (7000, 20000):
        api.call(
            "POST",
            f"/v1/admin/orders/{order_id}/refund",
            json={"amount": amount},
            headers=tenant.admin,
            expect=200,
        )

    assert len(smtp.of("refund_notice")) == 2  # when each refund was decided
    done = smtp.of("refund_completed")
    assert [m.message["Subject"] for m in done] == [
        "Refund for Pottery Pro: 70.00 EUR of 270.00 EUR refunded",
        "Refund for Pottery Pro: 270.00 EUR of 270.00 EUR refunded",
    ]
    assert "you paid has been refunded, all of it." in " ".join(done[1].part("plain").split())
    notes = [pdf_of(m.message) for m in done]
    assert [name for name, _ in notes] == [f"CN-{YEAR}-00001.pdf", f"CN-{YEAR}-00002.pdf"]
    assert "-70.00 EUR" in notes[0][1] and "-200.00 EUR" in notes[1][1]
    assert f"INV-{YEAR}-00001" in notes[0][1]  # the credited invoice
    documents = mine(api, student)
    assert [(d["kind"], d["gross"]) for d in documents] == [
        ("credit_note", -7000),
        ("credit_note", -20000),
        ("invoice", 27000),
    ]
