from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.member_out import MemberOut
  from ..models.price import Price





T = TypeVar("T", bound="BundleOut")



@_attrs_define
class BundleOut:
    """ 
        Attributes:
            course (str): The bundle's own course slug.
            courses (list[MemberOut]):
            list_total (list[Price]): What the member courses cost one by one, per currency.
            price (None | Price):
            pricing_model (str):
            status (str):
            title (str):
     """

    course: str
    courses: list[MemberOut]
    list_total: list[Price]
    price: None | Price
    pricing_model: str
    status: str
    title: str





    def to_dict(self) -> dict[str, Any]:
        from ..models.member_out import MemberOut # noqa: PLC0415
        from ..models.price import Price # noqa: PLC0415
        course = self.course

        courses = []
        for courses_item_data in self.courses:
            courses_item = courses_item_data.to_dict()
            courses.append(courses_item)



        list_total = []
        for list_total_item_data in self.list_total:
            list_total_item = list_total_item_data.to_dict()
            list_total.append(list_total_item)



        price: dict[str, Any] | None
        if isinstance(self.price, Price):
            price = self.price.to_dict()
        else:
            price = self.price

        pricing_model = self.pricing_model

        status = self.status

        title = self.title


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "course": course,
            "courses": courses,
            "list_total": list_total,
            "price": price,
            "pricing_model": pricing_model,
            "status": status,
            "title": title,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.member_out import MemberOut # noqa: PLC0415
        from ..models.price import Price # noqa: PLC0415
        d = dict(src_dict)
        course = d.pop("course")

        courses = []
        _courses = d.pop("courses")
        for courses_item_data in (_courses):
            courses_item = MemberOut.from_dict(courses_item_data)



            courses.append(courses_item)


        list_total = []
        _list_total = d.pop("list_total")
        for list_total_item_data in (_list_total):
            list_total_item = Price.from_dict(list_total_item_data)



            list_total.append(list_total_item)


        def _parse_price(data: object) -> None | Price:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                price_type_1 = Price.from_dict(data)



                return price_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Price, data)

        price = _parse_price(d.pop("price"))


        pricing_model = d.pop("pricing_model")

        status = d.pop("status")

        title = d.pop("title")

        bundle_out = cls(
            course=course,
            courses=courses,
            list_total=list_total,
            price=price,
            pricing_model=pricing_model,
            status=status,
            title=title,
        )

        return bundle_out

