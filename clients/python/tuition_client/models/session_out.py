from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="SessionOut")



@_attrs_define
class SessionOut:
    """ 
        Attributes:
            date (datetime.date | None):
            end_time (str):
            id (str):
            location (None | str):
            name (str):
            start_time (str):
            timezone (str):
            weekday (int | None): 0 = Monday … 6 = Sunday
     """

    date: datetime.date | None
    end_time: str
    id: str
    location: None | str
    name: str
    start_time: str
    timezone: str
    weekday: int | None





    def to_dict(self) -> dict[str, Any]:
        date: None | str
        if isinstance(self.date, datetime.date):
            date = self.date.isoformat()
        else:
            date = self.date

        end_time = self.end_time

        id = self.id

        location: None | str
        location = self.location

        name = self.name

        start_time = self.start_time

        timezone = self.timezone

        weekday: int | None
        weekday = self.weekday


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "date": date,
            "end_time": end_time,
            "id": id,
            "location": location,
            "name": name,
            "start_time": start_time,
            "timezone": timezone,
            "weekday": weekday,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                date_type_0 = datetime.date.fromisoformat(data)



                return date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        date = _parse_date(d.pop("date"))


        end_time = d.pop("end_time")

        id = d.pop("id")

        def _parse_location(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        location = _parse_location(d.pop("location"))


        name = d.pop("name")

        start_time = d.pop("start_time")

        timezone = d.pop("timezone")

        def _parse_weekday(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        weekday = _parse_weekday(d.pop("weekday"))


        session_out = cls(
            date=date,
            end_time=end_time,
            id=id,
            location=location,
            name=name,
            start_time=start_time,
            timezone=timezone,
            weekday=weekday,
        )

        return session_out

