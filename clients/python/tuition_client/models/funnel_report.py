from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.funnel_row import FunnelRow





T = TypeVar("T", bound="FunnelReport")



@_attrs_define
class FunnelReport:
    """ 
        Attributes:
            courses (list[FunnelRow]):
            from_ (datetime.datetime):
            to (datetime.datetime):
     """

    courses: list[FunnelRow]
    from_: datetime.datetime
    to: datetime.datetime





    def to_dict(self) -> dict[str, Any]:
        from ..models.funnel_row import FunnelRow # noqa: PLC0415
        courses = []
        for courses_item_data in self.courses:
            courses_item = courses_item_data.to_dict()
            courses.append(courses_item)



        from_ = self.from_.isoformat()

        to = self.to.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "courses": courses,
            "from": from_,
            "to": to,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.funnel_row import FunnelRow # noqa: PLC0415
        d = dict(src_dict)
        courses = []
        _courses = d.pop("courses")
        for courses_item_data in (_courses):
            courses_item = FunnelRow.from_dict(courses_item_data)



            courses.append(courses_item)


        from_ = datetime.datetime.fromisoformat(d.pop("from"))




        to = datetime.datetime.fromisoformat(d.pop("to"))




        funnel_report = cls(
            courses=courses,
            from_=from_,
            to=to,
        )

        return funnel_report

