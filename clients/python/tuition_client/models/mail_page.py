from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.mail_out import MailOut





T = TypeVar("T", bound="MailPage")



@_attrs_define
class MailPage:
    """ 
        Attributes:
            items (list[MailOut]):
            page (int):
            page_size (int):
            total (int):
     """

    items: list[MailOut]
    page: int
    page_size: int
    total: int





    def to_dict(self) -> dict[str, Any]:
        from ..models.mail_out import MailOut # noqa: PLC0415
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
        from ..models.mail_out import MailOut # noqa: PLC0415
        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in (_items):
            items_item = MailOut.from_dict(items_item_data)



            items.append(items_item)


        page = d.pop("page")

        page_size = d.pop("page_size")

        total = d.pop("total")

        mail_page = cls(
            items=items,
            page=page,
            page_size=page_size,
            total=total,
        )

        return mail_page

