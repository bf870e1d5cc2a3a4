from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.course_out import CourseOut
  from ..models.owned_course import OwnedCourse
  from ..models.recommendation_out import RecommendationOut





T = TypeVar("T", bound="DashboardOut")



@_attrs_define
class DashboardOut:
    """ 
        Attributes:
            available (list[CourseOut]):
            owned (list[OwnedCourse]):
            recommendations (list[RecommendationOut]):
     """

    available: list[CourseOut]
    owned: list[OwnedCourse]
    recommendations: list[RecommendationOut]





    def to_dict(self) -> dict[str, Any]:
        from ..models.course_out import CourseOut # noqa: PLC0415
        from ..models.owned_course import OwnedCourse # noqa: PLC0415
        from ..models.recommendation_out import RecommendationOut # noqa: PLC0415
        available = []
        for available_item_data in self.available:
            available_item = available_item_data.to_dict()
            available.append(available_item)



        owned = []
        for owned_item_data in self.owned:
            owned_item = owned_item_data.to_dict()
            owned.append(owned_item)



        recommendations = []
        for recommendations_item_data in self.recommendations:
            recommendations_item = recommendations_item_data.to_dict()
            recommendations.append(recommendations_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "available": available,
            "owned": owned,
            "recommendations": recommendations,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.course_out import CourseOut # noqa: PLC0415
        from ..models.owned_course import OwnedCourse # noqa: PLC0415
        from ..models.recommendation_out import RecommendationOut # noqa: PLC0415
        d = dict(src_dict)
        available = []
        _available = d.pop("available")
        for available_item_data in (_available):
            available_item = CourseOut.from_dict(available_item_data)



            available.append(available_item)


        owned = []
        _owned = d.pop("owned")
        for owned_item_data in (_owned):
            owned_item = OwnedCourse.from_dict(owned_item_data)



            owned.append(owned_item)


        recommendations = []
        _recommendations = d.pop("recommendations")
        for recommendations_item_data in (_recommendations):
            recommendations_item = RecommendationOut.from_dict(recommendations_item_data)



            recommendations.append(recommendations_item)


        dashboard_out = cls(
            available=available,
            owned=owned,
            recommendations=recommendations,
        )

        return dashboard_out

