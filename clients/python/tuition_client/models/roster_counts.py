from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="RosterCounts")



@_attrs_define
class RosterCounts:
    """ 
        Attributes:
            capacity (int):
            held (int):
            seats_left (int):
            seats_taken (int):
            taken (int):
            waiting (int): Waitlist entries waiting or offered.
     """

    capacity: int
    held: int
    seats_left: int
    seats_taken: int
    taken: int
    waiting: int





    def to_dict(self) -> dict[str, Any]:
        capacity = self.capacity

        held = self.held

        seats_left = self.seats_left

        seats_taken = self.seats_taken

        taken = self.taken

        waiting = self.waiting


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "capacity": capacity,
            "held": held,
            "seats_left": seats_left,
            "seats_taken": seats_taken,
            "taken": taken,
            "waiting": waiting,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        capacity = d.pop("capacity")

        held = d.pop("held")

        seats_left = d.pop("seats_left")

        seats_taken = d.pop("seats_taken")

        taken = d.pop("taken")

        waiting = d.pop("waiting")

        roster_counts = cls(
            capacity=capacity,
            held=held,
            seats_left=seats_left,
            seats_taken=seats_taken,
            taken=taken,
            waiting=waiting,
        )

        return roster_counts

