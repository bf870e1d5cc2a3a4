from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.course_out_enroll_state import CourseOutEnrollState
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.course_out_extensions import CourseOutExtensions
  from ..models.price import Price





T = TypeVar("T", bound="CourseOut")



@_attrs_define
class CourseOut:
    """ 
        Attributes:
            capacity (int | None | Unset):
            enroll_state (CourseOutEnrollState | Unset): What the caller can do; plugins set the last ones
                (``choose_cohort``: pick one of ``extensions.cohorts``).
            extensions (CourseOutExtensions | Unset): Data of the tenant's plugins, e.g. ``cohorts``.
            missing_prerequisites (list[str] | Unset):
            next_courses (list[str] | Unset):
            prerequisites (list[str] | Unset):
            price (None | Price | Unset):
            pricing_model (str | Unset):
            registration_deadline (datetime.datetime | None | Unset):
            seats_left (int | None | Unset):
            slug (str | Unset):
            summary (str | Unset):
            title (str | Unset):
     """

    capacity: int | None | Unset = UNSET
    enroll_state: CourseOutEnrollState | Unset = UNSET
    extensions: CourseOutExtensions | Unset = UNSET
    missing_prerequisites: list[str] | Unset = UNSET
    next_courses: list[str] | Unset = UNSET
    prerequisites: list[str] | Unset = UNSET
    price: None | Price | Unset = UNSET
    pricing_model: str | Unset = UNSET
    registration_deadline: datetime.datetime | None | Unset = UNSET
    seats_left: int | None | Unset = UNSET
    slug: str | Unset = UNSET
    summary: str | Unset = UNSET
    title: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.course_out_extensions import CourseOutExtensions # noqa: PLC0415
        from ..models.price import Price # noqa: PLC0415
        capacity: int | None | Unset
        if isinstance(self.capacity, Unset):
            capacity = UNSET
        else:
            capacity = self.capacity

        enroll_state: str | Unset = UNSET
        if not isinstance(self.enroll_state, Unset):
            enroll_state = self.enroll_state.value


        extensions: dict[str, Any] | Unset = UNSET
        if not isinstance(self.extensions, Unset):
            extensions = self.extensions.to_dict()

        missing_prerequisites: list[str] | Unset = UNSET
        if not isinstance(self.missing_prerequisites, Unset):
            missing_prerequisites = self.missing_prerequisites



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

        seats_left: int | None | Unset
        if isinstance(self.seats_left, Unset):
            seats_left = UNSET
        else:
            seats_left = self.seats_left

        slug = self.slug

        summary = self.summary

        title = self.title


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if capacity is not UNSET:
            field_dict["capacity"] = capacity
        if enroll_state is not UNSET:
            field_dict["enroll_state"] = enroll_state
        if extensions is not UNSET:
            field_dict["extensions"] = extensions
        if missing_prerequisites is not UNSET:
            field_dict["missing_prerequisites"] = missing_prerequisites
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
        if seats_left is not UNSET:
            field_dict["seats_left"] = seats_left
        if slug is not UNSET:
            field_dict["slug"] = slug
        if summary is not UNSET:
            field_dict["summary"] = summary
        if title is not UNSET:
            field_dict["title"] = title

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.course_out_extensions import CourseOutExtensions # noqa: PLC0415
        from ..models.price import Price # noqa: PLC0415
        d = dict(src_dict)
        def _parse_capacity(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        capacity = _parse_capacity(d.pop("capacity", UNSET))


        _enroll_state = d.pop("enroll_state", UNSET)
        enroll_state: CourseOutEnrollState | Unset
        if isinstance(_enroll_state,  Unset):
            enroll_state = UNSET
        else:
            enroll_state = CourseOutEnrollState(_enroll_state)




        _extensions = d.pop("extensions", UNSET)
        extensions: CourseOutExtensions | Unset
        if isinstance(_extensions,  Unset):
            extensions = UNSET
        else:
            extensions = CourseOutExtensions.from_dict(_extensions)




        missing_prerequisites = cast(list[str], d.pop("missing_prerequisites", UNSET))


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


        def _parse_seats_left(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        seats_left = _parse_seats_left(d.pop("seats_left", UNSET))


        slug = d.pop("slug", UNSET)

        summary = d.pop("summary", UNSET)

        title = d.pop("title", UNSET)

        course_out = cls(
            capacity=capacity,
            enroll_state=enroll_state,
            extensions=extensions,
            missing_prerequisites=missing_prerequisites,
            next_courses=next_courses,
            prerequisites=prerequisites,
            price=price,
            pricing_model=pricing_model,
            registration_deadline=registration_deadline,
            seats_left=seats_left,
            slug=slug,
            summary=summary,
            title=title,
        )

        return course_out

