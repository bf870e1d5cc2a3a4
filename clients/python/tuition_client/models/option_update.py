from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="OptionUpdate")



@_attrs_define
class OptionUpdate:
    """ 
        Attributes:
            capacity (int | Unset): Not below the seats taken.
            date (datetime.date | None | Unset): Once, on this date.
            end_time (str | Unset): After start_time, same day. Example: 18:00.
            location (None | str | Unset): Where: a room, an address or a meeting link (free text).
            name (str | Unset):
            start_time (str | Unset): 24-hour HH:MM in the option's timezone. Example: 18:00.
            timezone (str | Unset): IANA zone of the times, e.g. Europe/Berlin.
            weekday (int | None | Unset): Weekly on this day (0 = Monday … 6 = Sunday).
     """

    capacity: int | Unset = UNSET
    date: datetime.date | None | Unset = UNSET
    end_time: str | Unset = UNSET
    location: None | str | Unset = UNSET
    name: str | Unset = UNSET
    start_time: str | Unset = UNSET
    timezone: str | Unset = UNSET
    weekday: int | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        capacity = self.capacity

        date: None | str | Unset
        if isinstance(self.date, Unset):
            date = UNSET
        elif isinstance(self.date, datetime.date):
            date = self.date.isoformat()
        else:
            date = self.date

        end_time = self.end_time

        location: None | str | Unset
        if isinstance(self.location, Unset):
            location = UNSET
        else:
            location = self.location

        name = self.name

        start_time = self.start_time

        timezone = self.timezone

        weekday: int | None | Unset
        if isinstance(self.weekday, Unset):
            weekday = UNSET
        else:
            weekday = self.weekday


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if capacity is not UNSET:
            field_dict["capacity"] = capacity
        if date is not UNSET:
            field_dict["date"] = date
        if end_time is not UNSET:
            field_dict["end_time"] = end_time
        if location is not UNSET:
            field_dict["location"] = location
        if name is not UNSET:
            field_dict["name"] = name
        if start_time is not UNSET:
            field_dict["start_time"] = start_time
        if timezone is not UNSET:
            field_dict["timezone"] = timezone
        if weekday is not UNSET:
            field_dict["weekday"] = weekday

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        capacity = d.pop("capacity", UNSET)

        def _parse_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                date_type_0 = datetime.date.fromisoformat(data)



                return date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        date = _parse_date(d.pop("date", UNSET))


        end_time = d.pop("end_time", UNSET)

        def _parse_location(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        location = _parse_location(d.pop("location", UNSET))


        name = d.pop("name", UNSET)

        start_time = d.pop("start_time", UNSET)

        timezone = d.pop("timezone", UNSET)

        def _parse_weekday(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        weekday = _parse_weekday(d.pop("weekday", UNSET))


        option_update = cls(
            capacity=capacity,
            date=date,
            end_time=end_time,
            location=location,
            name=name,
            start_time=start_time,
            timezone=timezone,
            weekday=weekday,
        )

        return option_update

