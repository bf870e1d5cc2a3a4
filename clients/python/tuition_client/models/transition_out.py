from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="TransitionOut")



@_attrs_define
class TransitionOut:
    """ 
        Attributes:
            at (datetime.datetime | Unset):
            cause (str | Unset):
            from_status (None | str | Unset):
            to_status (str | Unset):
     """

    at: datetime.datetime | Unset = UNSET
    cause: str | Unset = UNSET
    from_status: None | str | Unset = UNSET
    to_status: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        at: str | Unset = UNSET
        if not isinstance(self.at, Unset):
            at = self.at.isoformat()

        cause = self.cause

        from_status: None | str | Unset
        if isinstance(self.from_status, Unset):
            from_status = UNSET
        else:
            from_status = self.from_status

        to_status = self.to_status


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if at is not UNSET:
            field_dict["at"] = at
        if cause is not UNSET:
            field_dict["cause"] = cause
        if from_status is not UNSET:
            field_dict["from_status"] = from_status
        if to_status is not UNSET:
            field_dict["to_status"] = to_status

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _at = d.pop("at", UNSET)
        at: datetime.datetime | Unset
        if isinstance(_at,  Unset):
            at = UNSET
        else:
            at = datetime.datetime.fromisoformat(_at)




        cause = d.pop("cause", UNSET)

        def _parse_from_status(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        from_status = _parse_from_status(d.pop("from_status", UNSET))


        to_status = d.pop("to_status", UNSET)

        transition_out = cls(
            at=at,
            cause=cause,
            from_status=from_status,
            to_status=to_status,
        )

        return transition_out

