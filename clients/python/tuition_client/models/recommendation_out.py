from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.course_out import CourseOut





T = TypeVar("T", bound="RecommendationOut")



@_attrs_define
class RecommendationOut:
    """ 
        Attributes:
            course (CourseOut):
            reason (str): Why, in words a student can read.
            score (float):
     """

    course: CourseOut
    reason: str
    score: float





    def to_dict(self) -> dict[str, Any]:
        from ..models.course_out import CourseOut # noqa: PLC0415
        course = self.course.to_dict()

        reason = self.reason

        score = self.score


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "course": course,
            "reason": reason,
            "score": score,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.course_out import CourseOut # noqa: PLC0415
        d = dict(src_dict)
        course = CourseOut.from_dict(d.pop("course"))




        reason = d.pop("reason")

        score = d.pop("score")

        recommendation_out = cls(
            course=course,
            reason=reason,
            score=score,
        )

        return recommendation_out

