from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.roster_entry_out_seat_status import RosterEntryOutSeatStatus
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.roster_step_out import RosterStepOut





T = TypeVar("T", bound="RosterEntryOut")



@_attrs_define
class RosterEntryOut:
    """ 
        Attributes:
            enrollment_id (str):
            enrollment_status (str):
            hold_until (datetime.datetime | None): While held: the checkout may complete until then.
            seat_status (RosterEntryOutSeatStatus):
            steps (list[RosterStepOut]):
            student_email (None | str):
            student_id (str):
     """

    enrollment_id: str
    enrollment_status: str
    hold_until: datetime.datetime | None
    seat_status: RosterEntryOutSeatStatus
    steps: list[RosterStepOut]
    student_email: None | str
    student_id: str





    def to_dict(self) -> dict[str, Any]:
        from ..models.roster_step_out import RosterStepOut # noqa: PLC0415
        enrollment_id = self.enrollment_id

        enrollment_status = self.enrollment_status

        hold_until: None | str
        if isinstance(self.hold_until, datetime.datetime):
            hold_until = self.hold_until.isoformat()
        else:
            hold_until = self.hold_until

        seat_status = self.seat_status.value

        steps = []
        for steps_item_data in self.steps:
            steps_item = steps_item_data.to_dict()
            steps.append(steps_item)



        student_email: None | str
        student_email = self.student_email

        student_id = self.student_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "enrollment_id": enrollment_id,
            "enrollment_status": enrollment_status,
            "hold_until": hold_until,
            "seat_status": seat_status,
            "steps": steps,
            "student_email": student_email,
            "student_id": student_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.roster_step_out import RosterStepOut # noqa: PLC0415
        d = dict(src_dict)
        enrollment_id = d.pop("enrollment_id")

        enrollment_status = d.pop("enrollment_status")

        def _parse_hold_until(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                hold_until_type_0 = datetime.datetime.fromisoformat(data)



                return hold_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        hold_until = _parse_hold_until(d.pop("hold_until"))


        seat_status = RosterEntryOutSeatStatus(d.pop("seat_status"))




        steps = []
        _steps = d.pop("steps")
        for steps_item_data in (_steps):
            steps_item = RosterStepOut.from_dict(steps_item_data)



            steps.append(steps_item)


        def _parse_student_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        student_email = _parse_student_email(d.pop("student_email"))


        student_id = d.pop("student_id")

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

