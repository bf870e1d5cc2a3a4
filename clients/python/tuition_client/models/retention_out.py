from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="RetentionOut")



@_attrs_define
class RetentionOut:
    """ 
        Attributes:
            unconverted_signups_months (int | None):
     """

    unconverted_signups_months: int | None





    def to_dict(self) -> dict[str, Any]:
        unconverted_signups_months: int | None
        unconverted_signups_months = self.unconverted_signups_months


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "unconverted_signups_months": unconverted_signups_months,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_unconverted_signups_months(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        unconverted_signups_months = _parse_unconverted_signups_months(d.pop("unconverted_signups_months"))


        retention_out = cls(
            unconverted_signups_months=unconverted_signups_months,
        )

        return retention_out

