from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="SummaryOut")



@_attrs_define
class SummaryOut:
    """ 
        Attributes:
            recovered (int):
            recovered_amount (int): Minor units, all currencies.
            recovery_rate (float):
            reminded (int):
     """

    recovered: int
    recovered_amount: int
    recovery_rate: float
    reminded: int





    def to_dict(self) -> dict[str, Any]:
        recovered = self.recovered

        recovered_amount = self.recovered_amount

        recovery_rate = self.recovery_rate

        reminded = self.reminded


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "recovered": recovered,
            "recovered_amount": recovered_amount,
            "recovery_rate": recovery_rate,
            "reminded": reminded,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        recovered = d.pop("recovered")

        recovered_amount = d.pop("recovered_amount")

        recovery_rate = d.pop("recovery_rate")

        reminded = d.pop("reminded")

        summary_out = cls(
            recovered=recovered,
            recovered_amount=recovered_amount,
            recovery_rate=recovery_rate,
            reminded=reminded,
        )

        return summary_out

