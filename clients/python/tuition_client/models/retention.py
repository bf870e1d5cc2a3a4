from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="Retention")



@_attrs_define
class Retention:
    """ 
        Attributes:
            unconverted_signups_months (int | None | Unset): Erase students who signed up and never enrolled this many
                months after their signup (by the sweep); null keeps them.
     """

    unconverted_signups_months: int | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        unconverted_signups_months: int | None | Unset
        if isinstance(self.unconverted_signups_months, Unset):
            unconverted_signups_months = UNSET
        else:
            unconverted_signups_months = self.unconverted_signups_months


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if unconverted_signups_months is not UNSET:
            field_dict["unconverted_signups_months"] = unconverted_signups_months

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_unconverted_signups_months(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        unconverted_signups_months = _parse_unconverted_signups_months(d.pop("unconverted_signups_months", UNSET))


        retention = cls(
            unconverted_signups_months=unconverted_signups_months,
        )

        return retention

