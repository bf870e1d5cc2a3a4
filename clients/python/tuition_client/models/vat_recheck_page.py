from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.vat_recheck_out import VatRecheckOut





T = TypeVar("T", bound="VatRecheckPage")



@_attrs_define
class VatRecheckPage:
    """ 
        Attributes:
            items (list[VatRecheckOut]):
            page (int):
            page_size (int):
            total (int):
     """

    items: list[VatRecheckOut]
    page: int
    page_size: int
    total: int





    def to_dict(self) -> dict[str, Any]:
        from ..models.vat_recheck_out import VatRecheckOut # noqa: PLC0415
        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)



        page = self.page

        page_size = self.page_size

        total = self.total


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "items": items,
            "page": page,
            "page_size": page_size,
            "total": total,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.vat_recheck_out import VatRecheckOut # noqa: PLC0415
        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in (_items):
            items_item = VatRecheckOut.from_dict(items_item_data)



            items.append(items_item)


        page = d.pop("page")

        page_size = d.pop("page_size")

        total = d.pop("total")

        vat_recheck_page = cls(
            items=items,
            page=page,
            page_size=page_size,
            total=total,
        )

        return vat_recheck_page

