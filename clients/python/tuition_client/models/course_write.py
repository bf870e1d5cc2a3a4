from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.course_write_status import CourseWriteStatus
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.course_write_attributes import CourseWriteAttributes
  from ..models.price import Price





T = TypeVar("T", bound="CourseWrite")



@_attrs_define
class CourseWrite:
    """ 
        Attributes:
            pricing_model (str):
            slug (str):
            title (str):
            attributes (CourseWriteAttributes | Unset):
            capacity (int | None | Unset):
            next_courses (list[str] | Unset):
            prerequisites (list[str] | Unset):
            price (None | Price | Unset):
            registration_deadline (datetime.datetime | None | Unset):
            status (CourseWriteStatus | Unset):
            summary (str | Unset):
            unlisted (bool | Unset): Leave the course out of the catalogue list and the dashboard's suggestions; it stays
                reachable by its slug (default false).
     """

    pricing_model: str
    slug: str
    title: str
    attributes: CourseWriteAttributes | Unset = UNSET
    capacity: int | None | Unset = UNSET
    next_courses: list[str] | Unset = UNSET
    prerequisites: list[str] | Unset = UNSET
    price: None | Price | Unset = UNSET
    registration_deadline: datetime.datetime | None | Unset = UNSET
    status: CourseWriteStatus | Unset = UNSET
    summary: str | Unset = UNSET
    unlisted: bool | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.course_write_attributes import CourseWriteAttributes # noqa: PLC0415
        from ..models.price import Price # noqa: PLC0415
        pricing_model = self.pricing_model

        slug = self.slug

        title = self.title

        attributes: dict[str, Any] | Unset = UNSET
        if not isinstance(self.attributes, Unset):
            attributes = self.attributes.to_dict()

        capacity: int | None | Unset
        if isinstance(self.capacity, Unset):
            capacity = UNSET
        else:
            capacity = self.capacity

        next_courses: list[str] | Unset = UNSET
        if not isinstance(self.next_courses, Unset):
            next_courses = self.next_courses



        prerequisites: list[str] | Unset = UNSET
        if not isinstance(self.prerequisites, Unset):
            prerequisites = self.prerequisites



        price: dict[str, Any] | None | Unset
        if isinstance(self.price, Unset):
            price = UNSET
        elif isinstance(self.price, Price):
            price = self.price.to_dict()
        else:
            price = self.price

        registration_deadline: None | str | Unset
        if isinstance(self.registration_deadline, Unset):
            registration_deadline = UNSET
        elif isinstance(self.registration_deadline, datetime.datetime):
            registration_deadline = self.registration_deadline.isoformat()
        else:
            registration_deadline = self.registration_deadline

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value


        summary = self.summary

        unlisted = self.unlisted


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "pricing_model": pricing_model,
            "slug": slug,
            "title": title,
        })
        if attributes is not UNSET:
            field_dict["attributes"] = attributes
        if capacity is not UNSET:
            field_dict["capacity"] = capacity
        if next_courses is not UNSET:
            field_dict["next_courses"] = next_courses
        if prerequisites is not UNSET:
            field_dict["prerequisites"] = prerequisites
        if price is not UNSET:
            field_dict["price"] = price
        if registration_deadline is not UNSET:
            field_dict["registration_deadline"] = registration_deadline
        if status is not UNSET:
            field_dict["status"] = status
        if summary is not UNSET:
            field_dict["summary"] = summary
        if unlisted is not UNSET:
            field_dict["unlisted"] = unlisted

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.course_write_attributes import CourseWriteAttributes # noqa: PLC0415
        from ..models.price import Price # noqa: PLC0415
        d = dict(src_dict)
        pricing_model = d.pop("pricing_model")

        slug = d.pop("slug")

        title = d.pop("title")

        _attributes = d.pop("attributes", UNSET)
        attributes: CourseWriteAttributes | Unset
        if isinstance(_attributes,  Unset):
            attributes = UNSET
        else:
            attributes = CourseWriteAttributes.from_dict(_attributes)




        def _parse_capacity(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        capacity = _parse_capacity(d.pop("capacity", UNSET))


        next_courses = cast(list[str], d.pop("next_courses", UNSET))


        prerequisites = cast(list[str], d.pop("prerequisites", UNSET))


        def _parse_price(data: object) -> None | Price | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                price_type_1 = Price.from_dict(data)



                return price_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Price | Unset, data)

        price = _parse_price(d.pop("price", UNSET))


        def _parse_registration_deadline(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                registration_deadline_type_0 = datetime.datetime.fromisoformat(data)



                return registration_deadline_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        registration_deadline = _parse_registration_deadline(d.pop("registration_deadline", UNSET))


        _status = d.pop("status", UNSET)
        status: CourseWriteStatus | Unset
        if isinstance(_status,  Unset):
            status = UNSET
        else:
            status = CourseWriteStatus(_status)




        summary = d.pop("summary", UNSET)

        unlisted = d.pop("unlisted", UNSET)

        course_write = cls(
            pricing_model=pricing_model,
            slug=slug,
            title=title,
            attributes=attributes,
            capacity=capacity,
            next_courses=next_courses,
            prerequisites=prerequisites,
            price=price,
            registration_deadline=registration_deadline,
            status=status,
            summary=summary,
            unlisted=unlisted,
        )

        return course_write

