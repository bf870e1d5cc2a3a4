from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="StepWrite")



@_attrs_define
class StepWrite:
    """ 
        Attributes:
            label (str): Unique per course.
            title (str):
            position (int | Unset): Default: after the last step.
     """

    label: str
    title: str
    position: int | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        label = self.label

        title = self.title

        position = self.position


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "label": label,
            "title": title,
        })
        if position is not UNSET:
            field_dict["position"] = position

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        label = d.pop("label")

        title = d.pop("title")

        position = d.pop("position", UNSET)

        step_write = cls(
            label=label,
            title=title,
            position=position,
        )

        return step_write

