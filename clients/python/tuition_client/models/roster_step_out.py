from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.roster_step_out_status import RosterStepOutStatus
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="RosterStepOut")



@_attrs_define
class RosterStepOut:
    """ 
        Attributes:
            booked_at (datetime.datetime | None | Unset):
            completed_at (datetime.datetime | None | Unset):
            option_id (None | str | Unset):
            option_name (None | str | Unset):
            status (RosterStepOutStatus | Unset):
            step (str | Unset): The step's label.
     """

    booked_at: datetime.datetime | None | Unset = UNSET
    completed_at: datetime.datetime | None | Unset = UNSET
    option_id: None | str | Unset = UNSET
    option_name: None | str | Unset = UNSET
    status: RosterStepOutStatus | Unset = UNSET
    step: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        booked_at: None | str | Unset
        if isinstance(self.booked_at, Unset):
            booked_at = UNSET
        elif isinstance(self.booked_at, datetime.datetime):
            booked_at = self.booked_at.isoformat()
        else:
            booked_at = self.booked_at

        completed_at: None | str | Unset
        if isinstance(self.completed_at, Unset):
            completed_at = UNSET
        elif isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        option_id: None | str | Unset
        if isinstance(self.option_id, Unset):
            option_id = UNSET
        else:
            option_id = self.option_id

        option_name: None | str | Unset
        if isinstance(self.option_name, Unset):
            option_name = UNSET
        else:
            option_name = self.option_name

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value


        step = self.step


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if booked_at is not UNSET:
            field_dict["booked_at"] = booked_at
        if completed_at is not UNSET:
            field_dict["completed_at"] = completed_at
        if option_id is not UNSET:
            field_dict["option_id"] = option_id
        if option_name is not UNSET:
            field_dict["option_name"] = option_name
        if status is not UNSET:
            field_dict["status"] = status
        if step is not UNSET:
            field_dict["step"] = step

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_booked_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                booked_at_type_0 = datetime.datetime.fromisoformat(data)



                return booked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        booked_at = _parse_booked_at(d.pop("booked_at", UNSET))


        def _parse_completed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = datetime.datetime.fromisoformat(data)



                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        completed_at = _parse_completed_at(d.pop("completed_at", UNSET))


        def _parse_option_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        option_id = _parse_option_id(d.pop("option_id", UNSET))


        def _parse_option_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        option_name = _parse_option_name(d.pop("option_name", UNSET))


        _status = d.pop("status", UNSET)
        status: RosterStepOutStatus | Unset
        if isinstance(_status,  Unset):
            status = UNSET
        else:
            status = RosterStepOutStatus(_status)




        step = d.pop("step", UNSET)

        roster_step_out = cls(
            booked_at=booked_at,
            completed_at=completed_at,
            option_id=option_id,
            option_name=option_name,
            status=status,
            step=step,
        )

        return roster_step_out

