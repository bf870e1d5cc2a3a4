"""The invoice PDF rides on the payment receipt (``tuition_mail_attachments``), over real
SMTP; issued once, whichever job runs first."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from pypdf import PdfReader

from tuition.testing.api import Api
from tuition_email_notifications.testing import (
    SmtpServer,
    mail_site,
    pay,
)
from tuition_invoices.testing import SELLER

YEAR = datetime.now(UTC).year


def attachments(message) -> list[tuple[str, str, bytes]]:
    return [
        (part.get_filename(), part.get_content_type(), part.get_content())
        for part in message.iter_attachments()
    ]


def test_the_receipt_carries_the_invoice_pdf(api: Api, smtp: SmtpServer) -> None:
    tenant = mail_site(api, smtp.port, extra_plugins={"invoices": {"settings": SELLER}})
    student = api.signup(tenant, "ada@example.com")
    order_id = api.enroll(tenant, student, "pro", expect=202).get_json()["checkout"]["order_id"]
    pay(api, tenant, order_id)

    receipt = smtp.of("payment_receipt")[0].message
    assert receipt.get_content_type() == "multipart/mixed"
    ((filename, content_type, content),) = attachments(receipt)
    number = f"INV-{YEAR}-00001"
    assert (filename, content_type) == (f"{number}.pdf", "application/pdf")
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert number in text and "49.00 EUR" in text
    mine = api.call("GET", "/v1/me/invoices", headers=student.headers, expect=200).get_json()
    assert [i["number"] for i in mine["items"]] == [number]  # the event's job issued no second

    confirmation = smtp.of("enrollment_confirmation")[0].message
    assert attachments(confirmation) == []  # other mails carry nothing
