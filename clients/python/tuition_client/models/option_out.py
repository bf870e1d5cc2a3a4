from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="OptionOut")



@_attrs_define
class OptionOut:
    """ 
        Attributes:
            capacity (int):
            cohort_id (str):
            date (datetime.date | None):
            end_time (str):
            id (str):
            location (None | str):
            name (str):
            seats_left (int):
            seats_taken (int):
            start_time (str):
            step (str): The step's label.
            step_id (str):
            timezone (str):
            weekday (int | None): 0 = Monday … 6 = Sunday
     """

    capacity: int
    cohort_id: str
    date: datetime.date | None
    end_time: str
    id: str
    location: None | str
    name: str
    seats_left: int
    seats_taken: int
    start_time: str
    step: str
    step_id: str
    timezone: str
    weekday: int | None





    def to_dict(self) -> dict[str, Any]:
        capacity = self.capacity

        cohort_id = self.cohort_id

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

        seats_left = self.seats_left

        seats_taken = self.seats_taken

        start_time = self.start_time

        step = self.step

        step_id = self.step_id

        timezone = self.timezone

        weekday: int | None
        weekday = self.weekday


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "capacity": capacity,
            "cohort_id": cohort_id,
            "date": date,
            "end_time": end_time,
            "id": id,
            "location": location,
            "name": name,
            "seats_left": seats_left,
            "seats_taken": seats_taken,
            "start_time": start_time,
            "step": step,
            "step_id": step_id,
            "timezone": timezone,
            "weekday": weekday,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        capacity = d.pop("capacity")

        cohort_id = d.pop("cohort_id")

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

        seats_left = d.pop("seats_left")

        seats_taken = d.pop("seats_taken")

        start_time = d.pop("start_time")

        step = d.pop("step")

        step_id = d.pop("step_id")

        timezone = d.pop("timezone")

        def _parse_weekday(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        weekday = _parse_weekday(d.pop("weekday"))


        option_out = cls(
            capacity=capacity,
            cohort_id=cohort_id,
            date=date,
            end_time=end_time,
            id=id,
            location=location,
            name=name,
            seats_left=seats_left,
            seats_taken=seats_taken,
            start_time=start_time,
            step=step,
            step_id=step_id,
            timezone=timezone,
            weekday=weekday,
        )

        return option_out

