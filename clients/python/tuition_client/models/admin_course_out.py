from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.admin_course_out_attributes import AdminCourseOutAttributes
  from ..models.price import Price





T = TypeVar("T", bound="AdminCourseOut")



@_attrs_define
class AdminCourseOut:
    """ 
        Attributes:
            attributes (AdminCourseOutAttributes | Unset):
            capacity (int | None | Unset):
            created_at (datetime.datetime | Unset):
            id (str | Unset):
            next_courses (list[str] | Unset):
            prerequisites (list[str] | Unset):
            price (None | Price | Unset):
            pricing_model (str | Unset):
            registration_deadline (datetime.datetime | None | Unset):
            seats_taken (int | Unset):
            slug (str | Unset):
            status (str | Unset):
            summary (str | Unset):
            title (str | Unset):
            updated_at (datetime.datetime | Unset):
     """

    attributes: AdminCourseOutAttributes | Unset = UNSET
    capacity: int | None | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    id: str | Unset = UNSET
    next_courses: list[str] | Unset = UNSET
    prerequisites: list[str] | Unset = UNSET
    price: None | Price | Unset = UNSET
    pricing_model: str | Unset = UNSET
    registration_deadline: datetime.datetime | None | Unset = UNSET
    seats_taken: int | Unset = UNSET
    slug: str | Unset = UNSET
    status: str | Unset = UNSET
    summary: str | Unset = UNSET
    title: str | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.admin_course_out_attributes import AdminCourseOutAttributes # noqa: PLC0415
        from ..models.price import Price # noqa: PLC0415
        attributes: dict[str, Any] | Unset = UNSET
        if not isinstance(self.attributes, Unset):
            attributes = self.attributes.to_dict()

        capacity: int | None | Unset
        if isinstance(self.capacity, Unset):
            capacity = UNSET
        else:
            capacity = self.capacity

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        id = self.id

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

        pricing_model = self.pricing_model

        registration_deadline: None | str | Unset
        if isinstance(self.registration_deadline, Unset):
            registration_deadline = UNSET
        elif isinstance(self.registration_deadline, datetime.datetime):
            registration_deadline = self.registration_deadline.isoformat()
        else:
            registration_deadline = self.registration_deadline

        seats_taken = self.seats_taken

        slug = self.slug

        status = self.status

        summary = self.summary

        title = self.title

        updated_at: str | Unset = UNSET
        if not isinstance(self.updated_at, Unset):
            updated_at = self.updated_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if attributes is not UNSET:
            field_dict["attributes"] = attributes
        if capacity is not UNSET:
            field_dict["capacity"] = capacity
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if id is not UNSET:
            field_dict["id"] = id
        if next_courses is not UNSET:
            field_dict["next_courses"] = next_courses
        if prerequisites is not UNSET:
            field_dict["prerequisites"] = prerequisites
        if price is not UNSET:
            field_dict["price"] = price
        if pricing_model is not UNSET:
            field_dict["pricing_model"] = pricing_model
        if registration_deadline is not UNSET:
            field_dict["registration_deadline"] = registration_deadline
        if seats_taken is not UNSET:
            field_dict["seats_taken"] = seats_taken
        if slug is not UNSET:
            field_dict["slug"] = slug
        if status is not UNSET:
            field_dict["status"] = status
        if summary is not UNSET:
            field_dict["summary"] = summary
        if title is not UNSET:
            field_dict["title"] = title
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.admin_course_out_attributes import AdminCourseOutAttributes # noqa: PLC0415
        from ..models.price import Price # noqa: PLC0415
        d = dict(src_dict)
        _attributes = d.pop("attributes", UNSET)
        attributes: AdminCourseOutAttributes | Unset
        if isinstance(_attributes,  Unset):
            attributes = UNSET
        else:
            attributes = AdminCourseOutAttributes.from_dict(_attributes)




        def _parse_capacity(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        capacity = _parse_capacity(d.pop("capacity", UNSET))


        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at,  Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)




        id = d.pop("id", UNSET)

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


        pricing_model = d.pop("pricing_model", UNSET)

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


        seats_taken = d.pop("seats_taken", UNSET)

        slug = d.pop("slug", UNSET)

        status = d.pop("status", UNSET)

        summary = d.pop("summary", UNSET)

        title = d.pop("title", UNSET)

        _updated_at = d.pop("updated_at", UNSET)
        updated_at: datetime.datetime | Unset
        if isinstance(_updated_at,  Unset):
            updated_at = UNSET
        else:
            updated_at = datetime.datetime.fromisoformat(_updated_at)




        admin_course_out = cls(
            attributes=attributes,
            capacity=capacity,
            created_at=created_at,
            id=id,
            next_courses=next_courses,
            prerequisites=prerequisites,
            price=price,
            pricing_model=pricing_model,
            registration_deadline=registration_deadline,
            seats_taken=seats_taken,
            slug=slug,
            status=status,
            summary=summary,
            title=title,
            updated_at=updated_at,
        )

        return admin_course_out

