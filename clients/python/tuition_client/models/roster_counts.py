from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="RosterCounts")



@_attrs_define
class RosterCounts:
    """ 
        Attributes:
            capacity (int | Unset):
            held (int | Unset):
            seats_left (int | Unset):
            seats_taken (int | Unset):
            taken (int | Unset):
            waiting (int | Unset): Waitlist entries waiting or offered.
     """

    capacity: int | Unset = UNSET
    held: int | Unset = UNSET
    seats_left: int | Unset = UNSET
    seats_taken: int | Unset = UNSET
    taken: int | Unset = UNSET
    waiting: int | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        capacity = self.capacity

        held = self.held

        seats_left = self.seats_left

        seats_taken = self.seats_taken

        taken = self.taken

        waiting = self.waiting


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if capacity is not UNSET:
            field_dict["capacity"] = capacity
        if held is not UNSET:
            field_dict["held"] = held
        if seats_left is not UNSET:
            field_dict["seats_left"] = seats_left
        if seats_taken is not UNSET:
            field_dict["seats_taken"] = seats_taken
        if taken is not UNSET:
            field_dict["taken"] = taken
        if waiting is not UNSET:
            field_dict["waiting"] = waiting

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        capacity = d.pop("capacity", UNSET)

        held = d.pop("held", UNSET)

        seats_left = d.pop("seats_left", UNSET)

        seats_taken = d.pop("seats_taken", UNSET)

        taken = d.pop("taken", UNSET)

        waiting = d.pop("waiting", UNSET)

        roster_counts = cls(
            capacity=capacity,
            held=held,
            seats_left=seats_left,
            seats_taken=seats_taken,
            taken=taken,
            waiting=waiting,
        )

        return roster_counts

