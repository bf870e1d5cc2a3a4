from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.roster_step_out_status import RosterStepOutStatus
from typing import cast
import datetime






T = TypeVar("T", bound="RosterStepOut")



@_attrs_define
class RosterStepOut:
    """ 
        Attributes:
            booked_at (datetime.datetime | None):
            completed_at (datetime.datetime | None):
            option_id (None | str):
            option_name (None | str):
            status (RosterStepOutStatus):
            step (str): The step's label.
     """

    booked_at: datetime.datetime | None
    completed_at: datetime.datetime | None
    option_id: None | str
    option_name: None | str
    status: RosterStepOutStatus
    step: str





    def to_dict(self) -> dict[str, Any]:
        booked_at: None | str
        if isinstance(self.booked_at, datetime.datetime):
            booked_at = self.booked_at.isoformat()
        else:
            booked_at = self.booked_at

        completed_at: None | str
        if isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        option_id: None | str
        option_id = self.option_id

        option_name: None | str
        option_name = self.option_name

        status = self.status.value

        step = self.step


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "booked_at": booked_at,
            "completed_at": completed_at,
            "option_id": option_id,
            "option_name": option_name,
            "status": status,
            "step": step,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_booked_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                booked_at_type_0 = datetime.datetime.fromisoformat(data)



                return booked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        booked_at = _parse_booked_at(d.pop("booked_at"))


        def _parse_completed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = datetime.datetime.fromisoformat(data)



                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        completed_at = _parse_completed_at(d.pop("completed_at"))


        def _parse_option_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        option_id = _parse_option_id(d.pop("option_id"))


        def _parse_option_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        option_name = _parse_option_name(d.pop("option_name"))


        status = RosterStepOutStatus(d.pop("status"))




        step = d.pop("step")

        roster_step_out = cls(
            booked_at=booked_at,
            completed_at=completed_at,
            option_id=option_id,
            option_name=option_name,
            status=status,
            step=step,
        )

        return roster_step_out

