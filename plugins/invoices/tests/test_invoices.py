"""Invoices and credit notes through the REST API with the dummy provider, on both
backends: issued once per payment and refund, numbered per series, rendered as PDF,
immutable, private to their student and tenant, exported and kept through an erasure."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from pypdf import PdfReader

from tuition.testing.api import Api
from tuition_invoices.models import Invoice, InvoiceImmutable
from tuition_invoices.testing import SELLER, Shop

#: These flows run on SQLite: the backend is not their point, and CI's time is bounded.
#: PostgreSQL runs the plugin's race, rq and provider tests.
pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

YEAR = datetime.now(UTC).year


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_a_paid_order_gets_one_numbered_invoice_with_its_pdf(shop: Shop) -> None:
    student = shop.student()
    order_id = shop.buy(student)

    page = shop.mine(student)
    assert page["total"] == 1
    invoice = page["items"][0]
    assert invoice["kind"] == "invoice"
    assert invoice["number"] == f"INV-{YEAR}-00001"
    assert invoice["order_id"] == order_id
    assert (invoice["currency"], invoice["net"], invoice["tax"], invoice["gross"]) == (
        "EUR", 4900, 0, 4900,
    )  # fmt: skip
    assert invoice["seller"]["name"] == SELLER["seller_name"]
    assert invoice["seller"]["vat_id"] == "DE123456789"
    assert invoice["buyer"]["email"] == student.email
    assert invoice["lines"][0]["description"] == "Pro course"
    assert [b["tax"] for b in invoice["breakdown"]] == [0]
    assert shop.mine(student, f"/{invoice['id']}") == invoice
    assert shop.admin(f"/{invoice['id']}") == invoice

    text = pdf_text(shop.mine(student, f"/{invoice['id']}.pdf").data)
    assert f"Invoice INV-{YEAR}-00001" in text
    assert "Akademie Muster GmbH" in text and "DE123456789" in text
    assert "49.00 EUR" in text and "No tax" in text
    assert "Thank you for learning with us." in text
    admin_pdf = shop.admin(f"/{invoice['id']}.pdf")
    assert admin_pdf.headers["Content-Type"] == "application/pdf"
    assert f"INV-{YEAR}-00001" in pdf_text(admin_pdf.data)

    second = shop.student()
    shop.buy(second)
    assert shop.mine(second)["items"][0]["number"] == f"INV-{YEAR}-00002"
    assert shop.admin()["total"] == 2


def test_refunds_get_credit_notes_in_their_own_series(shop: Shop) -> None:
    student = shop.student()
    order_id = shop.buy(student)
    invoice = shop.mine(student)["items"][0]

    shop.refund(order_id, 1000)
    shop.refund(order_id, 3900)

    notes = shop.admin("?kind=credit_note")["items"]
    notes.sort(key=lambda n: n["number"])
    assert [n["number"] for n in notes] == [f"CN-{YEAR}-00001", f"CN-{YEAR}-00002"]
    assert [n["gross"] for n in notes] == [-1000, -3900]
    assert {n["credits_id"] for n in notes} == {invoice["id"]}
    assert {n["credits_number"] for n in notes} == {invoice["number"]}
    assert sum(n["gross"] for n in notes) + invoice["gross"] == 0
    text = pdf_text(shop.mine(student, f"/{notes[0]['id']}.pdf").data)
    assert f"Credit note CN-{YEAR}-00001" in text
    assert f"Credits invoice: {invoice['number']}" in text
    assert "-10.00 EUR" in text
    # Invoices keep their own series.
    other = shop.student()
    shop.buy(other)
    assert shop.mine(other)["items"][0]["number"] == f"INV-{YEAR}-00002"


def test_an_issued_invoice_never_changes(app: Flask, api: Api, shop: Shop) -> None:
    student = shop.student()
    order_id = shop.buy(student)
    before = shop.mine(student)["items"][0]
    pdf_before = shop.mine(student, f"/{before['id']}.pdf").data

    settings = {**SELLER, "seller_name": "Renamed Ltd", "invoice_prefix": "R-"}
    api.call(
        "PUT",
        "/v1/admin/plugins/invoices",
        json={"enabled": True, "settings": settings},
        headers=shop.tenant.admin,
        expect=200,
    )
    assert shop.mine(student, f"/{before['id']}") == before
    assert pdf_text(shop.mine(student, f"/{before['id']}.pdf").data) == pdf_text(pdf_before)

    runtime = app.extensions["tuition"]
    with runtime.session(shop.tenant.id) as session:
        invoice = session.get(Invoice, before["id"])
        assert invoice is not None
        invoice.gross = 1
        with pytest.raises(InvoiceImmutable):
            session.flush()
        session.rollback()
    # A replayed payment issues nothing new; the next order uses the new settings.
    shop.pay(order_id)
    assert shop.mine(student)["total"] == 1
    shop.buy(shop.student())
    newest = shop.admin()["items"][0]
    assert (newest["number"], newest["seller"]["name"]) == ("R-00001", "Renamed Ltd")


def test_another_students_or_sites_invoice_is_not_found(api: Api, shop: Shop) -> None:
    owner, other = shop.student(), shop.student()
    shop.buy(owner)
    invoice_id = shop.mine(owner)["items"][0]["id"]
    assert shop.mine(other)["total"] == 0
    for path in (f"/{invoice_id}", f"/{invoice_id}.pdf"):
        problem = shop.mine(other, path, expect=404)
        assert problem["code"] == "invoice_not_found"
    elsewhere = Shop(api)
    for path in (f"/{invoice_id}", f"/{invoice_id}.pdf"):
        shop.admin(path, expect=404, headers=elsewhere.tenant.admin)
    api.call("GET", "/v1/me/invoices", headers=shop.tenant.storefront, expect=401)
    without = api.create_tenant({"dummy_provider": {}})
    api.call("GET", "/v1/admin/invoices", headers=without.admin, expect=404)


def test_german_labels_and_amounts(api: Api) -> None:
    shop = Shop(api, {**SELLER, "language": "de"})
    student = shop.student()
    order_id = shop.buy(student)
    shop.refund(order_id, 4900)
    items = {i["kind"]: i for i in shop.mine(student)["items"]}
    text = pdf_text(shop.mine(student, f"/{items['invoice']['id']}.pdf").data)
    assert f"Rechnung INV-{YEAR}-00001" in text and "49,00 EUR" in text
    assert "Keine Steuer" in text and "Gesamtbetrag" in text
    text = pdf_text(shop.mine(student, f"/{items['credit_note']['id']}.pdf").data)
    assert f"Gutschrift CN-{YEAR}-00001" in text and "-49,00 EUR" in text


def test_the_students_language_wins_where_there_are_labels_for_it(api: Api) -> None:
    shop = Shop(api, {**SELLER, "language": "de"})
    french = shop.student(locale="fr-FR")
    order_id = shop.buy(french)
    shop.refund(order_id, 4900)
    items = {i["kind"]: i for i in shop.mine(french)["items"]}
    assert items["invoice"]["language"] == items["credit_note"]["language"] == "fr"
    text = pdf_text(shop.mine(french, f"/{items['invoice']['id']}.pdf").data)
    assert f"Facture INV-{YEAR}-00001" in text and "49,00 EUR" in text
    assert "Sans TVA" in text and "Total TTC" in text
    text = pdf_text(shop.mine(french, f"/{items['credit_note']['id']}.pdf").data)
    assert f"Avoir CN-{YEAR}-00001" in text and "-49,00 EUR" in text
    # A language without labels falls back to the site's; the site's default is English.
    italian = shop.student(locale="it")
    shop.buy(italian)
    assert shop.mine(italian)["items"][0]["language"] == "de"
    english_site = Shop(api)
    austrian = english_site.student(locale="de-AT")
    english_site.buy(austrian)
    assert english_site.mine(austrian)["items"][0]["language"] == "de"
    nobody = english_site.student()
    english_site.buy(nobody)
    assert english_site.mine(nobody)["items"][0]["language"] == "en"


def _rows(data: str) -> list[dict[str, Any]]:
    return list(csv.DictReader(io.StringIO(data)))


def test_the_accountants_export(shop: Shop) -> None:
    student = shop.student()
    order_id = shop.buy(student)
    shop.refund(order_id, 900)
    today = datetime.now(UTC).date()
    period = f"?from={today.isoformat()}&to={today.isoformat()}"

    exported = shop.admin(f"/export{period}")
    assert exported.headers["Content-Type"].startswith("text/csv")
    rows = _rows(exported.get_data(as_text=True))
    assert [(r["number"], r["kind"], r["gross"]) for r in rows] == [
        (f"INV-{YEAR}-00001", "invoice", "49.00"),
        (f"CN-{YEAR}-00001", "credit_note", "-9.00"),
    ]
    assert rows[1]["credits_number"] == f"INV-{YEAR}-00001"
    assert rows[0]["buyer_email"] == student.email

    archive = zipfile.ZipFile(io.BytesIO(shop.admin(f"/export{period}&format=zip").data))
    names = sorted(archive.namelist())
    assert names == sorted(
        [f"invoices-{today}-{today}.csv", f"INV-{YEAR}-00001.pdf", f"CN-{YEAR}-00001.pdf"]
    )
    assert f"CN-{YEAR}-00001" in pdf_text(archive.read(f"CN-{YEAR}-00001.pdf"))

    yesterday = (today - timedelta(days=1)).isoformat()
    empty = shop.admin(f"/export?from={yesterday}&to={yesterday}").get_data(as_text=True)
    assert len(_rows(empty)) == 0
    assert shop.admin(f"?from={yesterday}&to={yesterday}")["total"] == 0
    assert shop.admin(f"?from={today}")["total"] == 2
    problem = shop.admin(f"/export?from={today}&to={yesterday}", expect=422)
    assert problem["code"] == "validation_error"
    shop.admin("/export", expect=422)


def test_export_lists_invoices_and_erasure_keeps_them(api: Api, shop: Shop) -> None:
    student = shop.student()
    shop.buy(student)
    number = shop.mine(student)["items"][0]["number"]
    exported = api.call("GET", "/v1/me/export", headers=student.headers, expect=200).get_json()
    assert [i["number"] for i in exported["plugins"]["invoices"]["invoices"]] == [number]

    report = api.call(
        "POST",
        f"/v1/admin/students/{student.id}/erasure",
        headers=shop.tenant.admin,
        expect=200,
    ).get_json()
    assert "invoices" in str(report)
    kept = shop.admin()["items"][0]
    assert (kept["number"], kept["buyer"]["email"]) == (number, student.email)
