from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="PayResult")



@_attrs_define
class PayResult:
    """ 
        Attributes:
            order_id (str):
            status (str):
            webhooks_sent (int):
     """

    order_id: str
    status: str
    webhooks_sent: int





    def to_dict(self) -> dict[str, Any]:
        order_id = self.order_id

        status = self.status

        webhooks_sent = self.webhooks_sent


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "order_id": order_id,
            "status": status,
            "webhooks_sent": webhooks_sent,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        order_id = d.pop("order_id")

        status = d.pop("status")

        webhooks_sent = d.pop("webhooks_sent")

        pay_result = cls(
            order_id=order_id,
            status=status,
            webhooks_sent=webhooks_sent,
        )

        return pay_result

