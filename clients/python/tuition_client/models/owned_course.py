from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.course_out import CourseOut
  from ..models.enrollment_out import EnrollmentOut





T = TypeVar("T", bound="OwnedCourse")



@_attrs_define
class OwnedCourse:
    """ 
        Attributes:
            course (CourseOut):
            enrollment (EnrollmentOut):
     """

    course: CourseOut
    enrollment: EnrollmentOut





    def to_dict(self) -> dict[str, Any]:
        from ..models.course_out import CourseOut # noqa: PLC0415
        from ..models.enrollment_out import EnrollmentOut # noqa: PLC0415
        course = self.course.to_dict()

        enrollment = self.enrollment.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "course": course,
            "enrollment": enrollment,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.course_out import CourseOut # noqa: PLC0415
        from ..models.enrollment_out import EnrollmentOut # noqa: PLC0415
        d = dict(src_dict)
        course = CourseOut.from_dict(d.pop("course"))




        enrollment = EnrollmentOut.from_dict(d.pop("enrollment"))




        owned_course = cls(
            course=course,
            enrollment=enrollment,
        )

        return owned_course

