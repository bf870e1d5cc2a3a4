from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.my_step_out_status import MyStepOutStatus
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.session_choice_out import SessionChoiceOut
  from ..models.session_out import SessionOut





T = TypeVar("T", bound="MyStepOut")



@_attrs_define
class MyStepOut:
    """ 
        Attributes:
            booked_at (datetime.datetime | None):
            completed_at (datetime.datetime | None):
            option (None | SessionOut): The booked session (booked and completed steps).
            options (list[SessionChoiceOut]): Sessions of the cohort for this step (unless completed); booking another one
                moves the booking.
            position (int):
            status (MyStepOutStatus):
            step (str): The step's label (use it to book).
            title (str):
     """

    booked_at: datetime.datetime | None
    completed_at: datetime.datetime | None
    option: None | SessionOut
    options: list[SessionChoiceOut]
    position: int
    status: MyStepOutStatus
    step: str
    title: str





    def to_dict(self) -> dict[str, Any]:
        from ..models.session_choice_out import SessionChoiceOut # noqa: PLC0415
        from ..models.session_out import SessionOut # noqa: PLC0415
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

        option: dict[str, Any] | None
        if isinstance(self.option, SessionOut):
            option = self.option.to_dict()
        else:
            option = self.option

        options = []
        for options_item_data in self.options:
            options_item = options_item_data.to_dict()
            options.append(options_item)



        position = self.position

        status = self.status.value

        step = self.step

        title = self.title


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "booked_at": booked_at,
            "completed_at": completed_at,
            "option": option,
            "options": options,
            "position": position,
            "status": status,
            "step": step,
            "title": title,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.session_choice_out import SessionChoiceOut # noqa: PLC0415
        from ..models.session_out import SessionOut # noqa: PLC0415
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


        def _parse_option(data: object) -> None | SessionOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                option_type_1 = SessionOut.from_dict(data)



                return option_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SessionOut, data)

        option = _parse_option(d.pop("option"))


        options = []
        _options = d.pop("options")
        for options_item_data in (_options):
            options_item = SessionChoiceOut.from_dict(options_item_data)



            options.append(options_item)


        position = d.pop("position")

        status = MyStepOutStatus(d.pop("status"))




        step = d.pop("step")

        title = d.pop("title")

        my_step_out = cls(
            booked_at=booked_at,
            completed_at=completed_at,
            option=option,
            options=options,
            position=position,
            status=status,
            step=step,
            title=title,
        )

        return my_step_out

