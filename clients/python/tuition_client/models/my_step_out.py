from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.my_step_out_status import MyStepOutStatus
from ..types import UNSET, Unset
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
            booked_at (datetime.datetime | None | Unset):
            completed_at (datetime.datetime | None | Unset):
            option (None | SessionOut | Unset): The booked session (booked and completed steps).
            options (list[SessionChoiceOut] | Unset): Sessions of the cohort for this step (unless completed); booking
                another one moves the booking.
            position (int | Unset):
            status (MyStepOutStatus | Unset):
            step (str | Unset): The step's label (use it to book).
            title (str | Unset):
     """

    booked_at: datetime.datetime | None | Unset = UNSET
    completed_at: datetime.datetime | None | Unset = UNSET
    option: None | SessionOut | Unset = UNSET
    options: list[SessionChoiceOut] | Unset = UNSET
    position: int | Unset = UNSET
    status: MyStepOutStatus | Unset = UNSET
    step: str | Unset = UNSET
    title: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.session_choice_out import SessionChoiceOut # noqa: PLC0415
        from ..models.session_out import SessionOut # noqa: PLC0415
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

        option: dict[str, Any] | None | Unset
        if isinstance(self.option, Unset):
            option = UNSET
        elif isinstance(self.option, SessionOut):
            option = self.option.to_dict()
        else:
            option = self.option

        options: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.options, Unset):
            options = []
            for options_item_data in self.options:
                options_item = options_item_data.to_dict()
                options.append(options_item)



        position = self.position

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value


        step = self.step

        title = self.title


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if booked_at is not UNSET:
            field_dict["booked_at"] = booked_at
        if completed_at is not UNSET:
            field_dict["completed_at"] = completed_at
        if option is not UNSET:
            field_dict["option"] = option
        if options is not UNSET:
            field_dict["options"] = options
        if position is not UNSET:
            field_dict["position"] = position
        if status is not UNSET:
            field_dict["status"] = status
        if step is not UNSET:
            field_dict["step"] = step
        if title is not UNSET:
            field_dict["title"] = title

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.session_choice_out import SessionChoiceOut # noqa: PLC0415
        from ..models.session_out import SessionOut # noqa: PLC0415
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


        def _parse_option(data: object) -> None | SessionOut | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                option_type_1 = SessionOut.from_dict(data)



                return option_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SessionOut | Unset, data)

        option = _parse_option(d.pop("option", UNSET))


        _options = d.pop("options", UNSET)
        options: list[SessionChoiceOut] | Unset = UNSET
        if _options is not UNSET:
            options = []
            for options_item_data in _options:
                options_item = SessionChoiceOut.from_dict(options_item_data)



                options.append(options_item)


        position = d.pop("position", UNSET)

        _status = d.pop("status", UNSET)
        status: MyStepOutStatus | Unset
        if isinstance(_status,  Unset):
            status = UNSET
        else:
            status = MyStepOutStatus(_status)




        step = d.pop("step", UNSET)

        title = d.pop("title", UNSET)

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

