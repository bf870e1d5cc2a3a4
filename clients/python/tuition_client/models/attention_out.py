from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="AttentionOut")



@_attrs_define
class AttentionOut:
    """ 
        Attributes:
            failed_payment_events (int):
            stuck_orders (int): Checkouts never created (30 minutes on), or open past their expiry.
            unfinished_refunds (int): Refunds started whose provider answer was never applied.
     """

    failed_payment_events: int
    stuck_orders: int
    unfinished_refunds: int





    def to_dict(self) -> dict[str, Any]:
        failed_payment_events = self.failed_payment_events

        stuck_orders = self.stuck_orders

        unfinished_refunds = self.unfinished_refunds


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "failed_payment_events": failed_payment_events,
            "stuck_orders": stuck_orders,
            "unfinished_refunds": unfinished_refunds,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        failed_payment_events = d.pop("failed_payment_events")

        stuck_orders = d.pop("stuck_orders")

        unfinished_refunds = d.pop("unfinished_refunds")

        attention_out = cls(
            failed_payment_events=failed_payment_events,
            stuck_orders=stuck_orders,
            unfinished_refunds=unfinished_refunds,
        )

        return attention_out

