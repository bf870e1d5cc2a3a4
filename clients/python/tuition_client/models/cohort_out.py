from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="CohortOut")



@_attrs_define
class CohortOut:
    """ 
        Attributes:
            active (bool | Unset):
            capacity (int | Unset):
            course (str | Unset): The course's slug.
            created_at (datetime.datetime | Unset):
            ends_on (datetime.date | None | Unset):
            enrollment_deadline (datetime.datetime | None | Unset):
            id (str | Unset):
            name (str | Unset):
            seats_left (int | Unset):
            seats_taken (int | Unset): Seats counted against capacity: taken, held during a checkout, or reserved for a
                waitlist offer.
            slug (str | Unset):
            starts_on (datetime.date | None | Unset):
     """

    active: bool | Unset = UNSET
    capacity: int | Unset = UNSET
    course: str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    ends_on: datetime.date | None | Unset = UNSET
    enrollment_deadline: datetime.datetime | None | Unset = UNSET
    id: str | Unset = UNSET
    name: str | Unset = UNSET
    seats_left: int | Unset = UNSET
    seats_taken: int | Unset = UNSET
    slug: str | Unset = UNSET
    starts_on: datetime.date | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        active = self.active

        capacity = self.capacity

        course = self.course

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        ends_on: None | str | Unset
        if isinstance(self.ends_on, Unset):
            ends_on = UNSET
        elif isinstance(self.ends_on, datetime.date):
            ends_on = self.ends_on.isoformat()
        else:
            ends_on = self.ends_on

        enrollment_deadline: None | str | Unset
        if isinstance(self.enrollment_deadline, Unset):
            enrollment_deadline = UNSET
        elif isinstance(self.enrollment_deadline, datetime.datetime):
            enrollment_deadline = self.enrollment_deadline.isoformat()
        else:
            enrollment_deadline = self.enrollment_deadline

        id = self.id

        name = self.name

        seats_left = self.seats_left

        seats_taken = self.seats_taken

        slug = self.slug

        starts_on: None | str | Unset
        if isinstance(self.starts_on, Unset):
            starts_on = UNSET
        elif isinstance(self.starts_on, datetime.date):
            starts_on = self.starts_on.isoformat()
        else:
            starts_on = self.starts_on


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if active is not UNSET:
            field_dict["active"] = active
        if capacity is not UNSET:
            field_dict["capacity"] = capacity
        if course is not UNSET:
            field_dict["course"] = course
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if ends_on is not UNSET:
            field_dict["ends_on"] = ends_on
        if enrollment_deadline is not UNSET:
            field_dict["enrollment_deadline"] = enrollment_deadline
        if id is not UNSET:
            field_dict["id"] = id
        if name is not UNSET:
            field_dict["name"] = name
        if seats_left is not UNSET:
            field_dict["seats_left"] = seats_left
        if seats_taken is not UNSET:
            field_dict["seats_taken"] = seats_taken
        if slug is not UNSET:
            field_dict["slug"] = slug
        if starts_on is not UNSET:
            field_dict["starts_on"] = starts_on

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        active = d.pop("active", UNSET)

        capacity = d.pop("capacity", UNSET)

        course = d.pop("course", UNSET)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at,  Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)




        def _parse_ends_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_on_type_0 = datetime.date.fromisoformat(data)



                return ends_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        ends_on = _parse_ends_on(d.pop("ends_on", UNSET))


        def _parse_enrollment_deadline(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                enrollment_deadline_type_0 = datetime.datetime.fromisoformat(data)



                return enrollment_deadline_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        enrollment_deadline = _parse_enrollment_deadline(d.pop("enrollment_deadline", UNSET))


        id = d.pop("id", UNSET)

        name = d.pop("name", UNSET)

        seats_left = d.pop("seats_left", UNSET)

        seats_taken = d.pop("seats_taken", UNSET)

        slug = d.pop("slug", UNSET)

        def _parse_starts_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                starts_on_type_0 = datetime.date.fromisoformat(data)



                return starts_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        starts_on = _parse_starts_on(d.pop("starts_on", UNSET))


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

