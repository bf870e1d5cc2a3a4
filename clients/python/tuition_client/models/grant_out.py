from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.grant_out_status import GrantOutStatus






T = TypeVar("T", bound="GrantOut")



@_attrs_define
class GrantOut:
    """ 
        Attributes:
            course (str): The course's slug.
            enrollment_id (str):
            status (GrantOutStatus):
     """

    course: str
    enrollment_id: str
    status: GrantOutStatus





    def to_dict(self) -> dict[str, Any]:
        course = self.course

        enrollment_id = self.enrollment_id

        status = self.status.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "course": course,
            "enrollment_id": enrollment_id,
            "status": status,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        course = d.pop("course")

        enrollment_id = d.pop("enrollment_id")

        status = GrantOutStatus(d.pop("status"))




        grant_out = cls(
            course=course,
            enrollment_id=enrollment_id,
            status=status,
        )

        return grant_out

