"""What an order puts on its invoice: the seam between orders (and their tax) and invoices.

:func:`order_content` is the only place that reads tax data. Until a tax plugin records it
on the order (``tax_amount``, ``tax`` — the breakdown — and ``billing`` on
``OrderRecord``), an order is untaxed: one line, no tax, a "no tax" breakdown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tuition.plugin_api import OrderRecord


@dataclass(frozen=True)
class Content:
    """The lines, tax breakdown and buyer of one order, in its currency's minor units."""

    currency: str
    net: int
    tax: int
    gross: int
    lines: list[dict[str, Any]]
    breakdown: list[dict[str, Any]]
    buyer: dict[str, Any]
    notes: list[str] = field(default_factory=list)


def _tax_of(order: OrderRecord) -> tuple[int, Mapping[str, Any] | None, Mapping[str, Any] | None]:
    """The order's tax amount, breakdown and billing details as a tax plugin recorded
    them (``taxes``); (0, None, None) for an untaxed order."""
    return order.tax_amount or 0, order.tax, order.billing


def order_content(order: OrderRecord) -> Content:
    """The content of ``order``'s invoice: what was charged (``amount``), the list price
    and discount, the tax in it and who bought it."""
    gross = order.amount
    tax, breakdown, billing = _tax_of(order)
    net = gross - tax
    rate = breakdown.get("rate") if breakdown else None
    reverse_charge = bool(breakdown.get("reverse_charge")) if breakdown else False
    line = {
        "description": order.course.title,
        "course": order.course.slug,
        "quantity": 1,
        "list_amount": order.list_amount if order.list_amount is not None else gross,
        "discount_amount": order.discount_amount,
        "discount_code": order.discount_code,
        "net": net,
        "tax": tax,
        "gross": gross,
        "rate": rate,
    }
    entry = {
        "name": (breakdown.get("name") if breakdown else None) or None,
        "rate": rate,
        "net": net,
        "tax": tax,
        "gross": gross,
        "reverse_charge": reverse_charge,
        "country": breakdown.get("country") if breakdown else None,
    }
    notes = [str(breakdown["note"])] if breakdown and breakdown.get("note") else []
    student = order.student
    buyer: dict[str, Any] = {
        "student_id": order.student_id,
        "name": student.name,
        "email": order.customer_email or student.email,
        "company_name": None,
        "country": None,
        "region": None,
        "vat_id": None,
    }
    if billing:
        for key in ("company_name", "country", "region", "vat_id"):
            buyer[key] = billing.get(key)
    return Content(order.currency, net, tax, gross, [line], [entry], buyer, notes)


def charge_content(
    order: OrderRecord, amount: int, description: str | None, tax: int | None = None
) -> Content:
    """The content of the invoice of a later charge of ``order`` (an installment, a
    renewal) of ``amount`` in the order's currency: the order's line, rate and buyer, with
    the tax the charge carries (``tax``: what the plan recorded for it), else the order's
    tax in proportion (``share``) — the same rate on every charge."""
    first = order_content(order)
    if tax is None or not 0 <= tax <= amount:
        tax = share(first.tax, amount, first.gross)
    net = amount - tax
    line = {
        **first.lines[0],
        "list_amount": amount,
        "discount_amount": 0,
        "discount_code": None,
        "net": net,
        "tax": tax,
        "gross": amount,
    }
    if description:
        line["description"] = f"{line['description']} ({description})"
    breakdown = [{**entry, "net": net, "tax": tax, "gross": amount} for entry in first.breakdown]
    return Content(first.currency, net, tax, amount, [line], breakdown, first.buyer, first.notes)


def share(whole: int, part: int, of: int) -> int:
    """``whole * part / of``, rounded half away from zero (a refund's share)."""
    if of == 0:
        return 0
    sign = -1 if whole * part * of < 0 else 1
    numerator, denominator = abs(whole * part), abs(of)
    return sign * ((2 * numerator + denominator) // (2 * denominator))
