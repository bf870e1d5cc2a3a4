from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="EmailPreferences")



@_attrs_define
class EmailPreferences:
    """ 
        Attributes:
            marketing (bool): false: no checkout reminders or course offers. Confirmations, receipts, refund notices and
                waitlist offers are sent regardless.
     """

    marketing: bool





    def to_dict(self) -> dict[str, Any]:
        marketing = self.marketing


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "marketing": marketing,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        marketing = d.pop("marketing")

        email_preferences = cls(
            marketing=marketing,
        )

        return email_preferences

