from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.admin_order_out import AdminOrderOut





T = TypeVar("T", bound="RefundOut")



@_attrs_define
class RefundOut:
    """ 
        Attributes:
            order (AdminOrderOut):
            outcome (str):
     """

    order: AdminOrderOut
    outcome: str





    def to_dict(self) -> dict[str, Any]:
        from ..models.admin_order_out import AdminOrderOut # noqa: PLC0415
        order = self.order.to_dict()

        outcome = self.outcome


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "order": order,
            "outcome": outcome,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.admin_order_out import AdminOrderOut # noqa: PLC0415
        d = dict(src_dict)
        order = AdminOrderOut.from_dict(d.pop("order"))




        outcome = d.pop("outcome")

        refund_out = cls(
            order=order,
            outcome=outcome,
        )

        return refund_out

