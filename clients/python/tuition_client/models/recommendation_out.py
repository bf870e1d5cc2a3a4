from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.course_out import CourseOut





T = TypeVar("T", bound="RecommendationOut")



@_attrs_define
class RecommendationOut:
    """ 
        Attributes:
            course (CourseOut | Unset):
            reason (str | Unset): Why, in words a student can read.
            score (float | Unset):
     """

    course: CourseOut | Unset = UNSET
    reason: str | Unset = UNSET
    score: float | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.course_out import CourseOut # noqa: PLC0415
        course: dict[str, Any] | Unset = UNSET
        if not isinstance(self.course, Unset):
            course = self.course.to_dict()

        reason = self.reason

        score = self.score


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if course is not UNSET:
            field_dict["course"] = course
        if reason is not UNSET:
            field_dict["reason"] = reason
        if score is not UNSET:
            field_dict["score"] = score

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.course_out import CourseOut # noqa: PLC0415
        d = dict(src_dict)
        _course = d.pop("course", UNSET)
        course: CourseOut | Unset
        if isinstance(_course,  Unset):
            course = UNSET
        else:
            course = CourseOut.from_dict(_course)




        reason = d.pop("reason", UNSET)

        score = d.pop("score", UNSET)

        recommendation_out = cls(
            course=course,
            reason=reason,
            score=score,
        )

        return recommendation_out

