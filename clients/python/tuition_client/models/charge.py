from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="Charge")



@_attrs_define
class Charge:
    """ 
        Attributes:
            amount (int):
            attempt (int):
            currency (str):
            id (str):
            installment (int):
            order_id (str):
            status (str):
     """

    amount: int
    attempt: int
    currency: str
    id: str
    installment: int
    order_id: str
    status: str





    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        attempt = self.attempt

        currency = self.currency

        id = self.id

        installment = self.installment

        order_id = self.order_id

        status = self.status


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "amount": amount,
            "attempt": attempt,
            "currency": currency,
            "id": id,
            "installment": installment,
            "order_id": order_id,
            "status": status,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        attempt = d.pop("attempt")

        currency = d.pop("currency")

        id = d.pop("id")

        installment = d.pop("installment")

        order_id = d.pop("order_id")

        status = d.pop("status")

        charge = cls(
            amount=amount,
            attempt=attempt,
            currency=currency,
            id=id,
            installment=installment,
            order_id=order_id,
            status=status,
        )

        return charge

