"""The invoices API: the student's own documents (``/v1/me/invoices``) and the site's
(``/v1/admin/invoices``, with the accountant's export). Both exist only at tenants that
enabled the plugin; a document of another student or tenant is 404."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import Response
from flask.views import MethodView
from sqlalchemy import Select, func, select

from tuition.plugin_api import (
    ADMIN,
    STUDENT,
    NotFound,
    PageQuery,
    PluginBlueprint,
    TuitionError,
    problems,
)
from tuition.plugin_api.web import admin_tenant, db, paginate, student

from .issuing import PLUGIN
from .models import Invoice
from .rendering import decimal, render
from .schemas import ExportQuery, InvoiceOut, InvoicePage, Period

#: Most documents one export holds (ask for a shorter period beyond it).
MAX_EXPORT = 5000
PROBLEM_CODES = {
    "invoice_not_found": "no such invoice or credit note (of this student / site)",
    "export_too_large": f"the period holds more than {MAX_EXPORT} documents: export less",
}

me = PluginBlueprint(
    "invoices_student",
    __name__,
    plugin=PLUGIN,
    audience="student",
    url_prefix="/v1/me/invoices",
    description="The signed-in student's invoices and credit notes (invoices plugin).",
)
admin = PluginBlueprint(
    "invoices_admin",
    __name__,
    plugin=PLUGIN,
    audience="admin",
    url_prefix="/v1/admin/invoices",
    description="The site's invoices and credit notes, and the accountant's export "
    "(invoices plugin).",
)
_PDF_DOC = "The document as PDF."
_EXPORT_DOC = "CSV (``format=csv``), or a ZIP (``application/zip``) of the CSV and the PDFs."


def present(invoice: Invoice) -> dict[str, Any]:
    seller = {k: v for k, v in invoice.seller.items() if k != "logo_base64"}
    return {
        "id": invoice.id,
        "kind": invoice.kind,
        "number": invoice.number,
        "order_id": invoice.order_id,
        "student_id": invoice.student_id,
        "credits_id": invoice.credits_id,
        "credits_number": invoice.credits_number,
        "issued_at": invoice.issued_at,
        "currency": invoice.currency,
        "net": invoice.net,
        "tax": invoice.tax,
        "gross": invoice.gross,
        "language": invoice.language,
        "seller": seller,
        "buyer": invoice.buyer,
        "lines": invoice.lines,
        "breakdown": invoice.breakdown,
        "notes": invoice.notes,
    }


def _not_found() -> NotFound:
    return NotFound("No such invoice.", code="invoice_not_found")


def _one(invoice_id: str, student_id: str | None = None) -> Invoice:
    stmt = select(Invoice).where(Invoice.id == invoice_id)
    if student_id is not None:
        stmt = stmt.where(Invoice.student_id == student_id)
    found = db().scalar(stmt)
    if found is None:
        raise _not_found()
    return found


def _pdf(invoice: Invoice) -> Response:
    return Response(
        render(invoice),
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{invoice.number}.pdf"',
            "Cache-Control": "private, no-store",
        },
    )


def _student_doc(operation_id: str) -> dict[str, Any]:
    return {"security": STUDENT, "operationId": operation_id, "tags": ["student"]}


def _admin_doc(operation_id: str) -> dict[str, Any]:
    return {"security": ADMIN, "operationId": operation_id, "tags": ["admin"]}


@me.route("")
class MyInvoices(MethodView):
    @me.doc(**_student_doc("listMyInvoices"))
    @me.arguments(PageQuery, location="query")
    @me.response(200, InvoicePage)
    @problems(me, 401, 404, 422)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """The signed-in student's invoices and credit notes, newest first."""
        stmt = select(Invoice).where(Invoice.student_id == student().id)
        page = paginate(stmt, query, Invoice.issued_at.desc(), Invoice.number.desc())
        return {**page, "items": [present(i) for i in page["items"]]}


@me.route("/<string:invoice_id>")
class MyInvoice(MethodView):
    @me.doc(**_student_doc("getMyInvoice"))
    @me.response(200, InvoiceOut)
    @problems(me, 401, 404)
    def get(self, invoice_id: str) -> dict[str, Any]:
        """One of the student's invoices or credit notes (``invoice_not_found``: 404)."""
        return present(_one(invoice_id, student().id))


@me.route("/<string:invoice_id>.pdf")
class MyInvoicePdf(MethodView):
    @me.doc(**_student_doc("getMyInvoicePdf"))
    @me.response(200, description=_PDF_DOC, content_type="application/pdf")
    @problems(me, 401, 404)
    def get(self, invoice_id: str) -> Response:
        """The PDF of one of the student's invoices or credit notes."""
        return _pdf(_one(invoice_id, student().id))


def _in_period(stmt: Select[Any], start: date | None, end: date | None) -> Select[Any]:
    if start is not None:
        stmt = stmt.where(Invoice.issued_at >= datetime.combine(start, time(), UTC))
    if end is not None:
        after = datetime.combine(end + timedelta(days=1), time(), UTC)
        stmt = stmt.where(Invoice.issued_at < after)
    return stmt


@admin.route("")
class Invoices(MethodView):
    @admin.doc(**_admin_doc("listInvoices"))
    @admin.arguments(Period, location="query")
    @admin.response(200, InvoicePage)
    @problems(admin, 401, 404, 422)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """The site's invoices and credit notes issued in ``from``…``to`` (days, UTC,
        inclusive; both optional), newest first; ``kind`` keeps one kind."""
        admin_tenant()
        stmt = _in_period(select(Invoice), query.get("from_"), query.get("to"))
        if "kind" in query:
            stmt = stmt.where(Invoice.kind == query["kind"])
        page = paginate(stmt, query, Invoice.issued_at.desc(), Invoice.number.desc())
        return {**page, "items": [present(i) for i in page["items"]]}


@admin.route("/export")
class InvoiceExport(MethodView):
    @admin.doc(**_admin_doc("exportInvoices"))
    @admin.arguments(ExportQuery, location="query")
    @admin.response(200, description=_EXPORT_DOC, content_type="text/csv")
    @problems(admin, 401, 404, 422)
    def get(self, query: dict[str, Any]) -> Response:
        """Every invoice and credit note issued in ``from``…``to`` (days, UTC, inclusive),
        oldest first, for the accountant: CSV, or ZIP with the PDFs and the CSV."""
        admin_tenant()
        start, end = query["from_"], query["to"]
        stmt = _in_period(select(Invoice), start, end)
        count = db().scalar(select(func.count()).select_from(stmt.subquery())) or 0
        if count > MAX_EXPORT:
            raise TuitionError(
                f"The period holds {count} documents; export at most {MAX_EXPORT} at once.",
                code="export_too_large",
                status=422,
            )
        found = list(
            db().scalars(stmt.order_by(Invoice.issued_at, Invoice.series, Invoice.sequence))
        )
        table = to_csv(found)
        name = f"invoices-{start.isoformat()}-{end.isoformat()}"
        if query["format"] == "csv":
            return Response(
                table,
                mimetype="text/csv",
                headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
            )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"{name}.csv", table)
            for invoice in found:
                archive.writestr(f"{invoice.number}.pdf", render(invoice))
        return Response(
            buffer.getvalue(),
            mimetype="application/zip",
            headers={"Content-Disposition": f'attachment; filename="{name}.zip"'},
        )


@admin.route("/<string:invoice_id>")
class InvoiceResource(MethodView):
    @admin.doc(**_admin_doc("getInvoice"))
    @admin.response(200, InvoiceOut)
    @problems(admin, 401, 404)
    def get(self, invoice_id: str) -> dict[str, Any]:
        """One invoice or credit note (``invoice_not_found``: 404)."""
        admin_tenant()
        return present(_one(invoice_id))


@admin.route("/<string:invoice_id>.pdf")
class InvoicePdf(MethodView):
    @admin.doc(**_admin_doc("getInvoicePdf"))
    @admin.response(200, description=_PDF_DOC, content_type="application/pdf")
    @problems(admin, 401, 404)
    def get(self, invoice_id: str) -> Response:
        """The PDF of one invoice or credit note."""
        admin_tenant()
        return _pdf(_one(invoice_id))


COLUMNS = (
    "number", "kind", "issued_at", "credits_number", "order_id", "currency", "net", "tax",
    "gross", "tax_name", "tax_rate", "reverse_charge", "tax_country", "buyer_name",
    "buyer_email", "buyer_company", "buyer_country", "buyer_vat_id",
)  # fmt: skip


def _cell(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


def to_csv(found: list[Invoice]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for invoice in found:
        entry = invoice.breakdown[0] if invoice.breakdown else {}
        buyer = invoice.buyer
        writer.writerow(
            [
                _cell(invoice.number),
                invoice.kind,
                invoice.issued_at.isoformat(),
                _cell(invoice.credits_number),
                invoice.order_id,
                invoice.currency,
                decimal(invoice.net, invoice.currency),
                decimal(invoice.tax, invoice.currency),
                decimal(invoice.gross, invoice.currency),
                _cell(entry.get("name")),
                _cell(entry.get("rate")),
                "yes" if entry.get("reverse_charge") else "no",
                _cell(entry.get("country")),
                _cell(buyer.get("name")),
                _cell(buyer.get("email")),
                _cell(buyer.get("company_name")),
                _cell(buyer.get("country")),
                _cell(buyer.get("vat_id")),
            ]
        )
    return out.getvalue()
