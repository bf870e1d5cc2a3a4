from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.recommendation_out import RecommendationOut





T = TypeVar("T", bound="RecommendationList")



@_attrs_define
class RecommendationList:
    """ 
        Attributes:
            items (list[RecommendationOut] | Unset):
     """

    items: list[RecommendationOut] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.recommendation_out import RecommendationOut # noqa: PLC0415
        items: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.items, Unset):
            items = []
            for items_item_data in self.items:
                items_item = items_item_data.to_dict()
                items.append(items_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if items is not UNSET:
            field_dict["items"] = items

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.recommendation_out import RecommendationOut # noqa: PLC0415
        d = dict(src_dict)
        _items = d.pop("items", UNSET)
        items: list[RecommendationOut] | Unset = UNSET
        if _items is not UNSET:
            items = []
            for items_item_data in _items:
                items_item = RecommendationOut.from_dict(items_item_data)



                items.append(items_item)


        recommendation_list = cls(
            items=items,
        )

        return recommendation_list

