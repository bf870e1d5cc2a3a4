from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="StepUpdate")



@_attrs_define
class StepUpdate:
    """ 
        Attributes:
            label (str | Unset): Unique per course, e.g. ``week-1``.
            position (int | Unset): Steps are shown in this order.
            title (str | Unset):
     """

    label: str | Unset = UNSET
    position: int | Unset = UNSET
    title: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        label = self.label

        position = self.position

        title = self.title


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if label is not UNSET:
            field_dict["label"] = label
        if position is not UNSET:
            field_dict["position"] = position
        if title is not UNSET:
            field_dict["title"] = title

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        label = d.pop("label", UNSET)

        position = d.pop("position", UNSET)

        title = d.pop("title", UNSET)

        step_update = cls(
            label=label,
            position=position,
            title=title,
        )

        return step_update

