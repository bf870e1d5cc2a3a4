from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.cohort_out import CohortOut
  from ..models.roster_counts import RosterCounts
  from ..models.roster_entry_out import RosterEntryOut





T = TypeVar("T", bound="RosterOut")



@_attrs_define
class RosterOut:
    """ 
        Attributes:
            cohort (CohortOut):
            counts (RosterCounts):
            items (list[RosterEntryOut]):
            page (int):
            page_size (int):
            total (int):
     """

    cohort: CohortOut
    counts: RosterCounts
    items: list[RosterEntryOut]
    page: int
    page_size: int
    total: int





    def to_dict(self) -> dict[str, Any]:
        from ..models.cohort_out import CohortOut # noqa: PLC0415
        from ..models.roster_counts import RosterCounts # noqa: PLC0415
        from ..models.roster_entry_out import RosterEntryOut # noqa: PLC0415
        cohort = self.cohort.to_dict()

        counts = self.counts.to_dict()

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)



        page = self.page

        page_size = self.page_size

        total = self.total


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "cohort": cohort,
            "counts": counts,
            "items": items,
            "page": page,
            "page_size": page_size,
            "total": total,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cohort_out import CohortOut # noqa: PLC0415
        from ..models.roster_counts import RosterCounts # noqa: PLC0415
        from ..models.roster_entry_out import RosterEntryOut # noqa: PLC0415
        d = dict(src_dict)
        cohort = CohortOut.from_dict(d.pop("cohort"))




        counts = RosterCounts.from_dict(d.pop("counts"))




        items = []
        _items = d.pop("items")
        for items_item_data in (_items):
            items_item = RosterEntryOut.from_dict(items_item_data)



            items.append(items_item)


        page = d.pop("page")

        page_size = d.pop("page_size")

        total = d.pop("total")

        roster_out = cls(
            cohort=cohort,
            counts=counts,
            items=items,
            page=page,
            page_size=page_size,
            total=total,
        )

        return roster_out

