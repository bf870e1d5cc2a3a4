from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="StepOut")



@_attrs_define
class StepOut:
    """ 
        Attributes:
            course (str): The course's slug.
            id (str):
            label (str):
            position (int):
            title (str):
     """

    course: str
    id: str
    label: str
    position: int
    title: str





    def to_dict(self) -> dict[str, Any]:
        course = self.course

        id = self.id

        label = self.label

        position = self.position

        title = self.title


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "course": course,
            "id": id,
            "label": label,
            "position": position,
            "title": title,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        course = d.pop("course")

        id = d.pop("id")

        label = d.pop("label")

        position = d.pop("position")

        title = d.pop("title")

        step_out = cls(
            course=course,
            id=id,
            label=label,
            position=position,
            title=title,
        )

        return step_out

