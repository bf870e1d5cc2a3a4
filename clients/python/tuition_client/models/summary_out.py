from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="SummaryOut")



@_attrs_define
class SummaryOut:
    """ 
        Attributes:
            recovered (int | Unset):
            recovered_amount (int | Unset): Minor units, all currencies.
            recovery_rate (float | Unset):
            reminded (int | Unset):
     """

    recovered: int | Unset = UNSET
    recovered_amount: int | Unset = UNSET
    recovery_rate: float | Unset = UNSET
    reminded: int | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        recovered = self.recovered

        recovered_amount = self.recovered_amount

        recovery_rate = self.recovery_rate

        reminded = self.reminded


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if recovered is not UNSET:
            field_dict["recovered"] = recovered
        if recovered_amount is not UNSET:
            field_dict["recovered_amount"] = recovered_amount
        if recovery_rate is not UNSET:
            field_dict["recovery_rate"] = recovery_rate
        if reminded is not UNSET:
            field_dict["reminded"] = reminded

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        recovered = d.pop("recovered", UNSET)

        recovered_amount = d.pop("recovered_amount", UNSET)

        recovery_rate = d.pop("recovery_rate", UNSET)

        reminded = d.pop("reminded", UNSET)

        summary_out = cls(
            recovered=recovered,
            recovered_amount=recovered_amount,
            recovery_rate=recovery_rate,
            reminded=reminded,
        )

        return summary_out

