from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.roster_entry_out_seat_status import RosterEntryOutSeatStatus
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.roster_step_out import RosterStepOut





T = TypeVar("T", bound="RosterEntryOut")



@_attrs_define
class RosterEntryOut:
    """ 
        Attributes:
            enrollment_id (str | Unset):
            enrollment_status (str | Unset):
            hold_until (datetime.datetime | None | Unset): While held: the checkout may complete until then.
            seat_status (RosterEntryOutSeatStatus | Unset):
            steps (list[RosterStepOut] | Unset):
            student_email (None | str | Unset):
            student_id (str | Unset):
     """

    enrollment_id: str | Unset = UNSET
    enrollment_status: str | Unset = UNSET
    hold_until: datetime.datetime | None | Unset = UNSET
    seat_status: RosterEntryOutSeatStatus | Unset = UNSET
    steps: list[RosterStepOut] | Unset = UNSET
    student_email: None | str | Unset = UNSET
    student_id: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.roster_step_out import RosterStepOut # noqa: PLC0415
        enrollment_id = self.enrollment_id

        enrollment_status = self.enrollment_status

        hold_until: None | str | Unset
        if isinstance(self.hold_until, Unset):
            hold_until = UNSET
        elif isinstance(self.hold_until, datetime.datetime):
            hold_until = self.hold_until.isoformat()
        else:
            hold_until = self.hold_until

        seat_status: str | Unset = UNSET
        if not isinstance(self.seat_status, Unset):
            seat_status = self.seat_status.value


        steps: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.steps, Unset):
            steps = []
            for steps_item_data in self.steps:
                steps_item = steps_item_data.to_dict()
                steps.append(steps_item)



        student_email: None | str | Unset
        if isinstance(self.student_email, Unset):
            student_email = UNSET
        else:
            student_email = self.student_email

        student_id = self.student_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if enrollment_id is not UNSET:
            field_dict["enrollment_id"] = enrollment_id
        if enrollment_status is not UNSET:
            field_dict["enrollment_status"] = enrollment_status
        if hold_until is not UNSET:
            field_dict["hold_until"] = hold_until
        if seat_status is not UNSET:
            field_dict["seat_status"] = seat_status
        if steps is not UNSET:
            field_dict["steps"] = steps
        if student_email is not UNSET:
            field_dict["student_email"] = student_email
        if student_id is not UNSET:
            field_dict["student_id"] = student_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.roster_step_out import RosterStepOut # noqa: PLC0415
        d = dict(src_dict)
        enrollment_id = d.pop("enrollment_id", UNSET)

        enrollment_status = d.pop("enrollment_status", UNSET)

        def _parse_hold_until(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                hold_until_type_0 = datetime.datetime.fromisoformat(data)



                return hold_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        hold_until = _parse_hold_until(d.pop("hold_until", UNSET))


        _seat_status = d.pop("seat_status", UNSET)
        seat_status: RosterEntryOutSeatStatus | Unset
        if isinstance(_seat_status,  Unset):
            seat_status = UNSET
        else:
            seat_status = RosterEntryOutSeatStatus(_seat_status)




        _steps = d.pop("steps", UNSET)
        steps: list[RosterStepOut] | Unset = UNSET
        if _steps is not UNSET:
            steps = []
            for steps_item_data in _steps:
                steps_item = RosterStepOut.from_dict(steps_item_data)



                steps.append(steps_item)


        def _parse_student_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        student_email = _parse_student_email(d.pop("student_email", UNSET))


        student_id = d.pop("student_id", UNSET)

        roster_entry_out = cls(
            enrollment_id=enrollment_id,
            enrollment_status=enrollment_status,
            hold_until=hold_until,
            seat_status=seat_status,
            steps=steps,
            student_email=student_email,
            student_id=student_id,
        )

        return roster_entry_out

