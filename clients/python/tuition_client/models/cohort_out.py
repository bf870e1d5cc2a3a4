from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="CohortOut")



@_attrs_define
class CohortOut:
    """ 
        Attributes:
            active (bool):
            capacity (int):
            course (str): The course's slug.
            created_at (datetime.datetime):
            ends_on (datetime.date | None):
            enrollment_deadline (datetime.datetime | None):
            id (str):
            name (str):
            seats_left (int):
            seats_taken (int): Seats counted against capacity: taken, held during a checkout, or reserved for a waitlist
                offer.
            slug (str):
            starts_on (datetime.date | None):
     """

    active: bool
    capacity: int
    course: str
    created_at: datetime.datetime
    ends_on: datetime.date | None
    enrollment_deadline: datetime.datetime | None
    id: str
    name: str
    seats_left: int
    seats_taken: int
    slug: str
    starts_on: datetime.date | None





    def to_dict(self) -> dict[str, Any]:
        active = self.active

        capacity = self.capacity

        course = self.course

        created_at = self.created_at.isoformat()

        ends_on: None | str
        if isinstance(self.ends_on, datetime.date):
            ends_on = self.ends_on.isoformat()
        else:
            ends_on = self.ends_on

        enrollment_deadline: None | str
        if isinstance(self.enrollment_deadline, datetime.datetime):
            enrollment_deadline = self.enrollment_deadline.isoformat()
        else:
            enrollment_deadline = self.enrollment_deadline

        id = self.id

        name = self.name

        seats_left = self.seats_left

        seats_taken = self.seats_taken

        slug = self.slug

        starts_on: None | str
        if isinstance(self.starts_on, datetime.date):
            starts_on = self.starts_on.isoformat()
        else:
            starts_on = self.starts_on


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "active": active,
            "capacity": capacity,
            "course": course,
            "created_at": created_at,
            "ends_on": ends_on,
            "enrollment_deadline": enrollment_deadline,
            "id": id,
            "name": name,
            "seats_left": seats_left,
            "seats_taken": seats_taken,
            "slug": slug,
            "starts_on": starts_on,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        active = d.pop("active")

        capacity = d.pop("capacity")

        course = d.pop("course")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_ends_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_on_type_0 = datetime.date.fromisoformat(data)



                return ends_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        ends_on = _parse_ends_on(d.pop("ends_on"))


        def _parse_enrollment_deadline(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                enrollment_deadline_type_0 = datetime.datetime.fromisoformat(data)



                return enrollment_deadline_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        enrollment_deadline = _parse_enrollment_deadline(d.pop("enrollment_deadline"))


        id = d.pop("id")

        name = d.pop("name")

        seats_left = d.pop("seats_left")

        seats_taken = d.pop("seats_taken")

        slug = d.pop("slug")

        def _parse_starts_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                starts_on_type_0 = datetime.date.fromisoformat(data)



                return starts_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        starts_on = _parse_starts_on(d.pop("starts_on"))


        cohort_out = cls(
            active=active,
            capacity=capacity,
            course=course,
            created_at=created_at,
            ends_on=ends_on,
            enrollment_deadline=enrollment_deadline,
            id=id,
            name=name,
            seats_left=seats_left,
            seats_taken=seats_taken,
            slug=slug,
            starts_on=starts_on,
        )

        return cohort_out

