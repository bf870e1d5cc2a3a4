from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="TransitionOut")



@_attrs_define
class TransitionOut:
    """ 
        Attributes:
            at (datetime.datetime):
            cause (str):
            from_status (None | str):
            to_status (str):
     """

    at: datetime.datetime
    cause: str
    from_status: None | str
    to_status: str





    def to_dict(self) -> dict[str, Any]:
        at = self.at.isoformat()

        cause = self.cause

        from_status: None | str
        from_status = self.from_status

        to_status = self.to_status


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "at": at,
            "cause": cause,
            "from_status": from_status,
            "to_status": to_status,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        at = datetime.datetime.fromisoformat(d.pop("at"))




        cause = d.pop("cause")

        def _parse_from_status(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        from_status = _parse_from_status(d.pop("from_status"))


        to_status = d.pop("to_status")

        transition_out = cls(
            at=at,
            cause=cause,
            from_status=from_status,
            to_status=to_status,
        )

        return transition_out

