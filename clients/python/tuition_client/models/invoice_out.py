from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.invoice_out_kind import InvoiceOutKind
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.invoice_out_breakdown_item import InvoiceOutBreakdownItem
  from ..models.invoice_out_buyer import InvoiceOutBuyer
  from ..models.invoice_out_lines_item import InvoiceOutLinesItem
  from ..models.invoice_out_seller import InvoiceOutSeller





T = TypeVar("T", bound="InvoiceOut")



@_attrs_define
class InvoiceOut:
    """ 
        Attributes:
            breakdown (list[InvoiceOutBreakdownItem]):
            buyer (InvoiceOutBuyer):
            credits_id (None | str): A credit note's invoice.
            credits_number (None | str):
            currency (str):
            gross (int):
            id (str):
            issued_at (datetime.datetime):
            kind (InvoiceOutKind):
            language (str):
            lines (list[InvoiceOutLinesItem]):
            net (int): Minor units; negative on credit notes.
            notes (list[str]):
            number (str):
            order_id (str):
            seller (InvoiceOutSeller):
            student_id (None | str):
            tax (int):
     """

    breakdown: list[InvoiceOutBreakdownItem]
    buyer: InvoiceOutBuyer
    credits_id: None | str
    credits_number: None | str
    currency: str
    gross: int
    id: str
    issued_at: datetime.datetime
    kind: InvoiceOutKind
    language: str
    lines: list[InvoiceOutLinesItem]
    net: int
    notes: list[str]
    number: str
    order_id: str
    seller: InvoiceOutSeller
    student_id: None | str
    tax: int





    def to_dict(self) -> dict[str, Any]:
        from ..models.invoice_out_breakdown_item import InvoiceOutBreakdownItem # noqa: PLC0415
        from ..models.invoice_out_buyer import InvoiceOutBuyer # noqa: PLC0415
        from ..models.invoice_out_lines_item import InvoiceOutLinesItem # noqa: PLC0415
        from ..models.invoice_out_seller import InvoiceOutSeller # noqa: PLC0415
        breakdown = []
        for breakdown_item_data in self.breakdown:
            breakdown_item = breakdown_item_data.to_dict()
            breakdown.append(breakdown_item)



        buyer = self.buyer.to_dict()

        credits_id: None | str
        credits_id = self.credits_id

        credits_number: None | str
        credits_number = self.credits_number

        currency = self.currency

        gross = self.gross

        id = self.id

        issued_at = self.issued_at.isoformat()

        kind = self.kind.value

        language = self.language

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)



        net = self.net

        notes = self.notes



        number = self.number

        order_id = self.order_id

        seller = self.seller.to_dict()

        student_id: None | str
        student_id = self.student_id

        tax = self.tax


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "breakdown": breakdown,
            "buyer": buyer,
            "credits_id": credits_id,
            "credits_number": credits_number,
            "currency": currency,
            "gross": gross,
            "id": id,
            "issued_at": issued_at,
            "kind": kind,
            "language": language,
            "lines": lines,
            "net": net,
            "notes": notes,
            "number": number,
            "order_id": order_id,
            "seller": seller,
            "student_id": student_id,
            "tax": tax,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.invoice_out_breakdown_item import InvoiceOutBreakdownItem # noqa: PLC0415
        from ..models.invoice_out_buyer import InvoiceOutBuyer # noqa: PLC0415
        from ..models.invoice_out_lines_item import InvoiceOutLinesItem # noqa: PLC0415
        from ..models.invoice_out_seller import InvoiceOutSeller # noqa: PLC0415
        d = dict(src_dict)
        breakdown = []
        _breakdown = d.pop("breakdown")
        for breakdown_item_data in (_breakdown):
            breakdown_item = InvoiceOutBreakdownItem.from_dict(breakdown_item_data)



            breakdown.append(breakdown_item)


        buyer = InvoiceOutBuyer.from_dict(d.pop("buyer"))




        def _parse_credits_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        credits_id = _parse_credits_id(d.pop("credits_id"))


        def _parse_credits_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        credits_number = _parse_credits_number(d.pop("credits_number"))


        currency = d.pop("currency")

        gross = d.pop("gross")

        id = d.pop("id")

        issued_at = datetime.datetime.fromisoformat(d.pop("issued_at"))




        kind = InvoiceOutKind(d.pop("kind"))




        language = d.pop("language")

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in (_lines):
            lines_item = InvoiceOutLinesItem.from_dict(lines_item_data)



            lines.append(lines_item)


        net = d.pop("net")

        notes = cast(list[str], d.pop("notes"))


        number = d.pop("number")

        order_id = d.pop("order_id")

        seller = InvoiceOutSeller.from_dict(d.pop("seller"))




        def _parse_student_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        student_id = _parse_student_id(d.pop("student_id"))


        tax = d.pop("tax")

        invoice_out = cls(
            breakdown=breakdown,
            buyer=buyer,
            credits_id=credits_id,
            credits_number=credits_number,
            currency=currency,
            gross=gross,
            id=id,
            issued_at=issued_at,
            kind=kind,
            language=language,
            lines=lines,
            net=net,
            notes=notes,
            number=number,
            order_id=order_id,
            seller=seller,
            student_id=student_id,
            tax=tax,
        )

        return invoice_out

