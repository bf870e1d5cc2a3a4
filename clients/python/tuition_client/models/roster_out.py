from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

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
            cohort (CohortOut | Unset):
            counts (RosterCounts | Unset):
            items (list[RosterEntryOut] | Unset):
            page (int | Unset):
            page_size (int | Unset):
            total (int | Unset):
     """

    cohort: CohortOut | Unset = UNSET
    counts: RosterCounts | Unset = UNSET
    items: list[RosterEntryOut] | Unset = UNSET
    page: int | Unset = UNSET
    page_size: int | Unset = UNSET
    total: int | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.cohort_out import CohortOut # noqa: PLC0415
        from ..models.roster_counts import RosterCounts # noqa: PLC0415
        from ..models.roster_entry_out import RosterEntryOut # noqa: PLC0415
        cohort: dict[str, Any] | Unset = UNSET
        if not isinstance(self.cohort, Unset):
            cohort = self.cohort.to_dict()

        counts: dict[str, Any] | Unset = UNSET
        if not isinstance(self.counts, Unset):
            counts = self.counts.to_dict()

        items: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.items, Unset):
            items = []
            for items_item_data in self.items:
                items_item = items_item_data.to_dict()
                items.append(items_item)



        page = self.page

        page_size = self.page_size

        total = self.total


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if cohort is not UNSET:
            field_dict["cohort"] = cohort
        if counts is not UNSET:
            field_dict["counts"] = counts
        if items is not UNSET:
            field_dict["items"] = items
        if page is not UNSET:
            field_dict["page"] = page
        if page_size is not UNSET:
            field_dict["page_size"] = page_size
        if total is not UNSET:
            field_dict["total"] = total

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cohort_out import CohortOut # noqa: PLC0415
        from ..models.roster_counts import RosterCounts # noqa: PLC0415
        from ..models.roster_entry_out import RosterEntryOut # noqa: PLC0415
        d = dict(src_dict)
        _cohort = d.pop("cohort", UNSET)
        cohort: CohortOut | Unset
        if isinstance(_cohort,  Unset):
            cohort = UNSET
        else:
            cohort = CohortOut.from_dict(_cohort)




        _counts = d.pop("counts", UNSET)
        counts: RosterCounts | Unset
        if isinstance(_counts,  Unset):
            counts = UNSET
        else:
            counts = RosterCounts.from_dict(_counts)




        _items = d.pop("items", UNSET)
        items: list[RosterEntryOut] | Unset = UNSET
        if _items is not UNSET:
            items = []
            for items_item_data in _items:
                items_item = RosterEntryOut.from_dict(items_item_data)



                items.append(items_item)


        page = d.pop("page", UNSET)

        page_size = d.pop("page_size", UNSET)

        total = d.pop("total", UNSET)

        roster_out = cls(
            cohort=cohort,
            counts=counts,
            items=items,
            page=page,
            page_size=page_size,
            total=total,
        )

        return roster_out

