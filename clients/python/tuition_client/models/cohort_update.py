from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="CohortUpdate")



@_attrs_define
class CohortUpdate:
    """ 
        Attributes:
            active (bool | Unset): Inactive cohorts take no enrollments and are not listed in the catalogue.
            capacity (int | Unset): Seats of the cohort; not below the seats taken (held ones count).
            ends_on (datetime.date | None | Unset): Not before starts_on.
            enrollment_deadline (datetime.datetime | None | Unset): No enrollment after this instant (ISO 8601; no offset
                means UTC).
            name (str | Unset):
            starts_on (datetime.date | None | Unset):
     """

    active: bool | Unset = UNSET
    capacity: int | Unset = UNSET
    ends_on: datetime.date | None | Unset = UNSET
    enrollment_deadline: datetime.datetime | None | Unset = UNSET
    name: str | Unset = UNSET
    starts_on: datetime.date | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        active = self.active

        capacity = self.capacity

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

        name = self.name

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
        if ends_on is not UNSET:
            field_dict["ends_on"] = ends_on
        if enrollment_deadline is not UNSET:
            field_dict["enrollment_deadline"] = enrollment_deadline
        if name is not UNSET:
            field_dict["name"] = name
        if starts_on is not UNSET:
            field_dict["starts_on"] = starts_on

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        active = d.pop("active", UNSET)

        capacity = d.pop("capacity", UNSET)

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


        name = d.pop("name", UNSET)

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


        cohort_update = cls(
            active=active,
            capacity=capacity,
            ends_on=ends_on,
            enrollment_deadline=enrollment_deadline,
            name=name,
            starts_on=starts_on,
        )

        return cohort_update

