from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.course_out_enroll_state import CourseOutEnrollState
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
            capacity (int | None):
            enroll_state (CourseOutEnrollState): What the caller can do; the tenant's plugins may set states of their own,
                listed after core's. Plugins' states: ``bundle_owned``: the student owns every course of this bundle already:
                nothing to buy; ``choose_cohort``: pick one of ``extensions.cohorts``, then enroll with ``{course, cohort}``;
                ``included``: the student's membership includes the course: enrolling costs nothing; ``membership_paused``: a
                renewal of the student's membership is unpaid past the grace days: access is paused until it is paid (``GET
                /v1/me/subscriptions``); ``payment_overdue``: an installment of the student's payment plan is unpaid past the
                grace days: access is paused until it is paid (``GET /v1/me/payment-plans``); ``code_required``: the course
                takes enrollments with an access code only: ask for it, check it with ``GET /v1/courses/<slug>/quote?code=``,
                then enroll with ``{course, code}``.
            extensions (CourseOutExtensions): Data of the tenant's plugins, e.g. ``cohorts``.
            missing_prerequisites (list[str]):
            next_courses (list[str]):
            prerequisites (list[str]):
            price (None | Price):
            pricing_model (str):
            registration_deadline (datetime.datetime | None):
            seats_left (int | None):
            slug (str):
            summary (str):
            title (str):
     """

    capacity: int | None
    enroll_state: CourseOutEnrollState
    extensions: CourseOutExtensions
    missing_prerequisites: list[str]
    next_courses: list[str]
    prerequisites: list[str]
    price: None | Price
    pricing_model: str
    registration_deadline: datetime.datetime | None
    seats_left: int | None
    slug: str
    summary: str
    title: str





    def to_dict(self) -> dict[str, Any]:
        from ..models.course_out_extensions import CourseOutExtensions # noqa: PLC0415
        from ..models.price import Price # noqa: PLC0415
        capacity: int | None
        capacity = self.capacity

        enroll_state = self.enroll_state.value

        extensions = self.extensions.to_dict()

        missing_prerequisites = self.missing_prerequisites



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

        seats_left: int | None
        seats_left = self.seats_left

        slug = self.slug

        summary = self.summary

        title = self.title


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "capacity": capacity,
            "enroll_state": enroll_state,
            "extensions": extensions,
            "missing_prerequisites": missing_prerequisites,
            "next_courses": next_courses,
            "prerequisites": prerequisites,
            "price": price,
            "pricing_model": pricing_model,
            "registration_deadline": registration_deadline,
            "seats_left": seats_left,
            "slug": slug,
            "summary": summary,
            "title": title,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.course_out_extensions import CourseOutExtensions # noqa: PLC0415
        from ..models.price import Price # noqa: PLC0415
        d = dict(src_dict)
        def _parse_capacity(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        capacity = _parse_capacity(d.pop("capacity"))


        enroll_state = CourseOutEnrollState(d.pop("enroll_state"))




        extensions = CourseOutExtensions.from_dict(d.pop("extensions"))




        missing_prerequisites = cast(list[str], d.pop("missing_prerequisites"))


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


        def _parse_seats_left(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        seats_left = _parse_seats_left(d.pop("seats_left"))


        slug = d.pop("slug")

        summary = d.pop("summary")

        title = d.pop("title")

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

