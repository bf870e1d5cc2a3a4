from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.payment_plan_refund_out_reason import PaymentPlanRefundOutReason
from ..models.payment_plan_refund_out_status import PaymentPlanRefundOutStatus
from typing import cast
import datetime






T = TypeVar("T", bound="PaymentPlanRefundOut")



@_attrs_define
class PaymentPlanRefundOut:
    """ 
        Attributes:
            amount (int):
            created_at (datetime.datetime):
            installment (int | None):
            payment_id (None | str):
            reason (PaymentPlanRefundOutReason):
            status (PaymentPlanRefundOutStatus):
            tax_amount (int): Its tax, in the order's proportion.
     """

    amount: int
    created_at: datetime.datetime
    installment: int | None
    payment_id: None | str
    reason: PaymentPlanRefundOutReason
    status: PaymentPlanRefundOutStatus
    tax_amount: int





    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        created_at = self.created_at.isoformat()

        installment: int | None
        installment = self.installment

        payment_id: None | str
        payment_id = self.payment_id

        reason = self.reason.value

        status = self.status.value

        tax_amount = self.tax_amount


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "amount": amount,
            "created_at": created_at,
            "installment": installment,
            "payment_id": payment_id,
            "reason": reason,
            "status": status,
            "tax_amount": tax_amount,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_installment(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        installment = _parse_installment(d.pop("installment"))


        def _parse_payment_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payment_id = _parse_payment_id(d.pop("payment_id"))


        reason = PaymentPlanRefundOutReason(d.pop("reason"))




        status = PaymentPlanRefundOutStatus(d.pop("status"))




        tax_amount = d.pop("tax_amount")

        payment_plan_refund_out = cls(
            amount=amount,
            created_at=created_at,
            installment=installment,
            payment_id=payment_id,
            reason=reason,
            status=status,
            tax_amount=tax_amount,
        )

        return payment_plan_refund_out

