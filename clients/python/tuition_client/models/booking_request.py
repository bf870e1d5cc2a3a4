from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.selection import Selection





T = TypeVar("T", bound="BookingRequest")



@_attrs_define
class BookingRequest:
    """ 
        Attributes:
            selections (list[Selection]):
     """

    selections: list[Selection]





    def to_dict(self) -> dict[str, Any]:
        from ..models.selection import Selection # noqa: PLC0415
        selections = []
        for selections_item_data in self.selections:
            selections_item = selections_item_data.to_dict()
            selections.append(selections_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "selections": selections,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.selection import Selection # noqa: PLC0415
        d = dict(src_dict)
        selections = []
        _selections = d.pop("selections")
        for selections_item_data in (_selections):
            selections_item = Selection.from_dict(selections_item_data)



            selections.append(selections_item)


        booking_request = cls(
            selections=selections,
        )

        return booking_request

