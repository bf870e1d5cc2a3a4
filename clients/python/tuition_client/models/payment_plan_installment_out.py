from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.payment_plan_installment_out_status import PaymentPlanInstallmentOutStatus
from typing import cast
import datetime






T = TypeVar("T", bound="PaymentPlanInstallmentOut")



@_attrs_define
class PaymentPlanInstallmentOut:
    """ 
        Attributes:
            amount (int): What it charges (gross).
            attempts (int):
            due_at (datetime.datetime):
            failed_at (datetime.datetime | None):
            paid_amount (int | None):
            paid_at (datetime.datetime | None):
            refunded_amount (int): What the site owner gave back of it (it stays paid).
            seq (int): 1 = the first payment, made at checkout.
            status (PaymentPlanInstallmentOutStatus):
            tax_amount (int): The tax in amount (0 untaxed); net = amount - tax_amount.
     """

    amount: int
    attempts: int
    due_at: datetime.datetime
    failed_at: datetime.datetime | None
    paid_amount: int | None
    paid_at: datetime.datetime | None
    refunded_amount: int
    seq: int
    status: PaymentPlanInstallmentOutStatus
    tax_amount: int





    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        attempts = self.attempts

        due_at = self.due_at.isoformat()

        failed_at: None | str
        if isinstance(self.failed_at, datetime.datetime):
            failed_at = self.failed_at.isoformat()
        else:
            failed_at = self.failed_at

        paid_amount: int | None
        paid_amount = self.paid_amount

        paid_at: None | str
        if isinstance(self.paid_at, datetime.datetime):
            paid_at = self.paid_at.isoformat()
        else:
            paid_at = self.paid_at

        refunded_amount = self.refunded_amount

        seq = self.seq

        status = self.status.value

        tax_amount = self.tax_amount


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "amount": amount,
            "attempts": attempts,
            "due_at": due_at,
            "failed_at": failed_at,
            "paid_amount": paid_amount,
            "paid_at": paid_at,
            "refunded_amount": refunded_amount,
            "seq": seq,
            "status": status,
            "tax_amount": tax_amount,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        attempts = d.pop("attempts")

        due_at = datetime.datetime.fromisoformat(d.pop("due_at"))




        def _parse_failed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                failed_at_type_0 = datetime.datetime.fromisoformat(data)



                return failed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        failed_at = _parse_failed_at(d.pop("failed_at"))


        def _parse_paid_amount(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        paid_amount = _parse_paid_amount(d.pop("paid_amount"))


        def _parse_paid_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                paid_at_type_0 = datetime.datetime.fromisoformat(data)



                return paid_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        paid_at = _parse_paid_at(d.pop("paid_at"))


        refunded_amount = d.pop("refunded_amount")

        seq = d.pop("seq")

        status = PaymentPlanInstallmentOutStatus(d.pop("status"))




        tax_amount = d.pop("tax_amount")

        payment_plan_installment_out = cls(
            amount=amount,
            attempts=attempts,
            due_at=due_at,
            failed_at=failed_at,
            paid_amount=paid_amount,
            paid_at=paid_at,
            refunded_amount=refunded_amount,
            seq=seq,
            status=status,
            tax_amount=tax_amount,
        )

        return payment_plan_installment_out

