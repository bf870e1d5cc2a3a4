from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="CourseImpactOut")



@_attrs_define
class CourseImpactOut:
    """ 
        Attributes:
            after (str):
            before (str):
            course (str):
            reason (None | str):
     """

    after: str
    before: str
    course: str
    reason: None | str





    def to_dict(self) -> dict[str, Any]:
        after = self.after

        before = self.before

        course = self.course

        reason: None | str
        reason = self.reason


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "after": after,
            "before": before,
            "course": course,
            "reason": reason,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        after = d.pop("after")

        before = d.pop("before")

        course = d.pop("course")

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))


        course_impact_out = cls(
            after=after,
            before=before,
            course=course,
            reason=reason,
        )

        return course_impact_out

