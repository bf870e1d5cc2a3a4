from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="Advance")



@_attrs_define
class Advance:
    """ 
        Attributes:
            days (int | Unset):  Default: 0.
            seconds (int | Unset):  Default: 0.
     """

    days: int | Unset = 0
    seconds: int | Unset = 0





    def to_dict(self) -> dict[str, Any]:
        days = self.days

        seconds = self.seconds


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if days is not UNSET:
            field_dict["days"] = days
        if seconds is not UNSET:
            field_dict["seconds"] = seconds

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        days = d.pop("days", UNSET)

        seconds = d.pop("seconds", UNSET)

        advance = cls(
            days=days,
            seconds=seconds,
        )

        return advance

