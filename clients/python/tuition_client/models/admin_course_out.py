from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

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
            attributes (AdminCourseOutAttributes):
            capacity (int | None):
            created_at (datetime.datetime):
            id (str):
            next_courses (list[str]):
            prerequisites (list[str]):
            price (None | Price):
            pricing_model (str):
            registration_deadline (datetime.datetime | None):
            seats_taken (int):
            slug (str):
            status (str):
            summary (str):
            title (str):
            unlisted (bool): Left out of the catalogue list; reachable by its slug.
            updated_at (datetime.datetime):
     """

    attributes: AdminCourseOutAttributes
    capacity: int | None
    created_at: datetime.datetime
    id: str
    next_courses: list[str]
    prerequisites: list[str]
    price: None | Price
    pricing_model: str
    registration_deadline: datetime.datetime | None
    seats_taken: int
    slug: str
    status: str
    summary: str
    title: str
    unlisted: bool
    updated_at: datetime.datetime





    def to_dict(self) -> dict[str, Any]:
        from ..models.admin_course_out_attributes import AdminCourseOutAttributes # noqa: PLC0415
        from ..models.price import Price # noqa: PLC0415
        attributes = self.attributes.to_dict()

        capacity: int | None
        capacity = self.capacity

        created_at = self.created_at.isoformat()

        id = self.id

        next_courses = self.next_courses



        prerequisites = self.prerequisites



        price: dict[str, Any] | None
        if isinstance(self.price, Price):
            price = self.price.to_dict()
        else:
            price = self.price

        pricing_model = self.pricing_model

        registration_deadline: None | str
        if isinstance(self.registration_deadline, datetime.datetime):
            registration_deadline = self.registration_deadline.isoformat()
        else:
            registration_deadline = self.registration_deadline

        seats_taken = self.seats_taken

        slug = self.slug

        status = self.status

        summary = self.summary

        title = self.title

        unlisted = self.unlisted

        updated_at = self.updated_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "attributes": attributes,
            "capacity": capacity,
            "created_at": created_at,
            "id": id,
            "next_courses": next_courses,
            "prerequisites": prerequisites,
            "price": price,
            "pricing_model": pricing_model,
            "registration_deadline": registration_deadline,
            "seats_taken": seats_taken,
            "slug": slug,
            "status": status,
            "summary": summary,
            "title": title,
            "unlisted": unlisted,
            "updated_at": updated_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.admin_course_out_attributes import AdminCourseOutAttributes # noqa: PLC0415
        from ..models.price import Price # noqa: PLC0415
        d = dict(src_dict)
        attributes = AdminCourseOutAttributes.from_dict(d.pop("attributes"))




        def _parse_capacity(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        capacity = _parse_capacity(d.pop("capacity"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        id = d.pop("id")

        next_courses = cast(list[str], d.pop("next_courses"))


        prerequisites = cast(list[str], d.pop("prerequisites"))


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

        def _parse_registration_deadline(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                registration_deadline_type_0 = datetime.datetime.fromisoformat(data)



                return registration_deadline_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        registration_deadline = _parse_registration_deadline(d.pop("registration_deadline"))


        seats_taken = d.pop("seats_taken")

        slug = d.pop("slug")

        status = d.pop("status")

        summary = d.pop("summary")

        title = d.pop("title")

        unlisted = d.pop("unlisted")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




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
            unlisted=unlisted,
            updated_at=updated_at,
        )

        return admin_course_out

