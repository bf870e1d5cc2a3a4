from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="StepOut")



@_attrs_define
class StepOut:
    """ 
        Attributes:
            course (str | Unset): The course's slug.
            id (str | Unset):
            label (str | Unset):
            position (int | Unset):
            title (str | Unset):
     """

    course: str | Unset = UNSET
    id: str | Unset = UNSET
    label: str | Unset = UNSET
    position: int | Unset = UNSET
    title: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        course = self.course

        id = self.id

        label = self.label

        position = self.position

        title = self.title


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if course is not UNSET:
            field_dict["course"] = course
        if id is not UNSET:
            field_dict["id"] = id
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
        course = d.pop("course", UNSET)

        id = d.pop("id", UNSET)

        label = d.pop("label", UNSET)

        position = d.pop("position", UNSET)

        title = d.pop("title", UNSET)

        step_out = cls(
            course=course,
            id=id,
            label=label,
            position=position,
            title=title,
        )

        return step_out

