"""The PDF of an invoice or credit note, drawn with fpdf2 from what the document stored.

fpdf2 is pure Python (no system libraries, unlike WeasyPrint's pango/cairo), maintained,
and draws exactly what we place; the document's stored content is all it reads, so the
PDF of an issued invoice is the same whenever it is rendered. The built-in Helvetica covers
Latin-1: other characters print as ``?`` (a Unicode TTF font is the way out, see README).
"""

from __future__ import annotations

import base64
import io
from collections.abc import Mapping
from typing import Any

from fpdf import FPDF

from .models import CREDIT_NOTE, Invoice

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "invoice": "Invoice",
        "credit_note": "Credit note",
        "number": "Number",
        "date": "Date",
        "credits": "Credits invoice",
        "bill_to": "Bill to",
        "vat_id": "VAT ID",
        "description": "Description",
        "quantity": "Qty",
        "rate": "Tax rate",
        "net": "Net",
        "tax": "Tax",
        "gross": "Total",
        "discount": "Discount",
        "no_tax": "No tax",
        "total_net": "Total net",
        "total_tax": "Total tax",
        "total_gross": "Total due",
        "total_credit": "Total credited",
        "reverse_charge": "Reverse charge",
    },
    "de": {
        "invoice": "Rechnung",
        "credit_note": "Gutschrift",
        "number": "Nummer",
        "date": "Datum",
        "credits": "Zu Rechnung",
        "bill_to": "Rechnungsempfänger",
        "vat_id": "USt-IdNr.",
        "description": "Beschreibung",
        "quantity": "Menge",
        "rate": "Steuersatz",
        "net": "Netto",
        "tax": "Steuer",
        "gross": "Brutto",
        "discount": "Rabatt",
        "no_tax": "Keine Steuer",
        "total_net": "Summe netto",
        "total_tax": "Summe Steuer",
        "total_gross": "Gesamtbetrag",
        "total_credit": "Gutgeschrieben",
        "reverse_charge": "Steuerschuldnerschaft des Leistungsempfängers",
    },
    "fr": {
        "invoice": "Facture",
        "credit_note": "Avoir",
        "number": "Numéro",
        "date": "Date",
        "credits": "Facture d'origine",
        "bill_to": "Facturé à",
        "vat_id": "N° TVA",
        "description": "Désignation",
        "quantity": "Qté",
        "rate": "Taux de TVA",
        "net": "HT",
        "tax": "TVA",
        "gross": "TTC",
        "discount": "Remise",
        "no_tax": "Sans TVA",
        "total_net": "Total HT",
        "total_tax": "Total TVA",
        "total_gross": "Total TTC",
        "total_credit": "Total crédité",
        "reverse_charge": "Autoliquidation",
    },
}

#: How amounts are written, by language: (thousands separator, decimal mark).
_SEPARATORS: dict[str, tuple[str, str]] = {"de": (".", ","), "fr": ("\u00a0", ",")}

#: ISO 4217 currencies whose minor unit is not 1/100.
_EXPONENTS = {
    "BHD": 3, "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "IQD": 3, "ISK": 0, "JOD": 3,
    "JPY": 0, "KMF": 0, "KRW": 0, "KWD": 3, "LYD": 3, "OMR": 3, "PYG": 0, "RWF": 0,
    "TND": 3, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
}  # fmt: skip


def labels(language: str) -> Mapping[str, str]:
    return LABELS.get(language, LABELS["en"])


def money(amount: int, currency: str, language: str = "en") -> str:
    """``amount`` minor units as ``1,234.50 EUR`` (en), ``1.234,50 EUR`` (de) or
    ``1 234,50 EUR`` (fr, a no-break space)."""
    exponent = _EXPONENTS.get(currency.upper(), 2)
    sign = "-" if amount < 0 else ""
    whole, minor = divmod(abs(amount), 10**exponent)
    grouped = f"{whole:,}"
    thousands, decimal = _SEPARATORS.get(language, (",", "."))
    grouped = grouped.replace(",", thousands)
    text = f"{grouped}{decimal}{minor:0{exponent}d}" if exponent else grouped
    return f"{sign}{text} {currency.upper()}"


def decimal(amount: int, currency: str) -> str:
    """``amount`` minor units as a plain decimal (``-1234.50``), for exports."""
    exponent = _EXPONENTS.get(currency.upper(), 2)
    sign = "-" if amount < 0 else ""
    whole, minor = divmod(abs(amount), 10**exponent)
    return f"{sign}{whole}.{minor:0{exponent}d}" if exponent else f"{sign}{whole}"


def _safe(text: Any) -> str:
    return str(text if text is not None else "").encode("latin-1", "replace").decode("latin-1")


def _rate(entry: Mapping[str, Any], words: Mapping[str, str]) -> str:
    if entry.get("rate") in (None, ""):
        return words["no_tax"]
    return f"{entry['rate']} %"


def render(document: Invoice) -> bytes:
    """The document as PDF bytes."""
    words = labels(document.language)
    lang = document.language
    seller, buyer = document.seller, document.buyer
    pdf = FPDF(format="A4")
    pdf.set_title(_safe(f"{words[document.kind]} {document.number}"))
    pdf.set_author(_safe(seller.get("name")))
    pdf.set_creator("Tuition invoices")
    pdf.set_creation_date(document.issued_at)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    if seller.get("logo_base64"):
        pdf.image(io.BytesIO(base64.b64decode(seller["logo_base64"])), x=150, y=10, h=20)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 6, _safe(seller.get("name")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    for line in seller.get("address") or []:
        pdf.cell(0, 4.5, _safe(line), new_x="LMARGIN", new_y="NEXT")
    if seller.get("vat_id"):
        pdf.cell(
            0, 4.5, _safe(f"{words['vat_id']}: {seller['vat_id']}"), new_x="LMARGIN", new_y="NEXT"
        )
    if seller.get("email"):
        pdf.cell(0, 4.5, _safe(seller["email"]), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)

    pdf.set_font("Helvetica", "B", 9)
    pdf.cell(0, 5, _safe(words["bill_to"]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    for value in (buyer.get("company_name"), buyer.get("name"), buyer.get("email")):
        if value:
            pdf.cell(0, 4.5, _safe(value), new_x="LMARGIN", new_y="NEXT")
    place = ", ".join(v for v in (buyer.get("region"), buyer.get("country")) if v)
    if place:
        pdf.cell(0, 4.5, _safe(place), new_x="LMARGIN", new_y="NEXT")
    if buyer.get("vat_id"):
        pdf.cell(
            0, 4.5, _safe(f"{words['vat_id']}: {buyer['vat_id']}"), new_x="LMARGIN", new_y="NEXT"
        )
    pdf.ln(6)

    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(
        0, 9, _safe(f"{words[document.kind]} {document.number}"), new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("Helvetica", "", 9)
    pdf.cell(
        0,
        5,
        _safe(f"{words['date']}: {document.issued_at.date().isoformat()}"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    if document.kind == CREDIT_NOTE and document.credits_number:
        pdf.cell(
            0,
            5,
            _safe(f"{words['credits']}: {document.credits_number}"),
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.ln(5)

    widths = (80, 14, 24, 36, 36)
    pdf.set_font("Helvetica", "B", 9)
    for width, key in zip(widths, ("description", "quantity", "rate", "net", "gross"), strict=True):
        pdf.cell(
            width, 6, _safe(words[key]), border="B", align="L" if key == "description" else "R"
        )
    pdf.ln()
    pdf.set_font("Helvetica", "", 9)
    for line in document.lines:
        cells = (
            line.get("description"),
            line.get("quantity", 1),
            _rate(line, words),
            money(int(line["net"]), document.currency, lang),
            money(int(line["gross"]), document.currency, lang),
        )
        for width, value, align in zip(widths, cells, "LRRRR", strict=True):
            pdf.cell(width, 6, _safe(value), align=align)
        pdf.ln()
        if line.get("discount_amount"):
            discount = money(-int(line["discount_amount"]), document.currency, lang)
            code = f" ({line['discount_code']})" if line.get("discount_code") else ""
            pdf.cell(
                0,
                5,
                _safe(f"  {words['discount']}{code}: {discount}"),
                new_x="LMARGIN",
                new_y="NEXT",
            )
    pdf.ln(4)

    for entry in document.breakdown:
        name = entry.get("name") or words["no_tax"]
        net = money(int(entry["net"]), document.currency, lang)
        tax = money(int(entry["tax"]), document.currency, lang)
        text = f"{name} {_rate(entry, words)}: {words['net']} {net}, {words['tax']} {tax}"
        if entry.get("reverse_charge"):
            text += f" ({words['reverse_charge']})"
        pdf.cell(0, 5, _safe(text), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    total_label = words["total_credit"] if document.kind == CREDIT_NOTE else words["total_gross"]
    for label, amount, bold in (
        (words["total_net"], document.net, False),
        (words["total_tax"], document.tax, False),
        (total_label, document.gross, True),
    ):
        pdf.set_font("Helvetica", "B" if bold else "", 10 if bold else 9)
        pdf.cell(154, 6, _safe(label), align="R")
        pdf.cell(
            36,
            6,
            _safe(money(amount, document.currency, lang)),
            align="R",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.ln(6)
    pdf.set_font("Helvetica", "", 8)
    for note in document.notes:
        pdf.multi_cell(0, 4, _safe(note), new_x="LMARGIN", new_y="NEXT")
    if seller.get("footer"):
        pdf.ln(4)
        pdf.multi_cell(0, 4, _safe(seller["footer"]), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
