from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.reminder_out import ReminderOut
  from ..models.summary_out import SummaryOut





T = TypeVar("T", bound="RemindersPage")



@_attrs_define
class RemindersPage:
    """ 
        Attributes:
            items (list[ReminderOut]):
            page (int):
            page_size (int):
            summary (SummaryOut):
            total (int):
     """

    items: list[ReminderOut]
    page: int
    page_size: int
    summary: SummaryOut
    total: int





    def to_dict(self) -> dict[str, Any]:
        from ..models.reminder_out import ReminderOut # noqa: PLC0415
        from ..models.summary_out import SummaryOut # noqa: PLC0415
        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)



        page = self.page

        page_size = self.page_size

        summary = self.summary.to_dict()

        total = self.total


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "items": items,
            "page": page,
            "page_size": page_size,
            "summary": summary,
            "total": total,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.reminder_out import ReminderOut # noqa: PLC0415
        from ..models.summary_out import SummaryOut # noqa: PLC0415
        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in (_items):
            items_item = ReminderOut.from_dict(items_item_data)



            items.append(items_item)


        page = d.pop("page")

        page_size = d.pop("page_size")

        summary = SummaryOut.from_dict(d.pop("summary"))




        total = d.pop("total")

        reminders_page = cls(
            items=items,
            page=page,
            page_size=page_size,
            summary=summary,
            total=total,
        )

        return reminders_page

