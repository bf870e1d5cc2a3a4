from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="StaffSessionOut")



@_attrs_define
class StaffSessionOut:
    """ 
        Attributes:
            created_at (datetime.datetime):
            current (bool): The session of this request's token.
            expires_at (datetime.datetime):
            id (str):
            last_used_at (datetime.datetime | None):
            user_agent (None | str):
     """

    created_at: datetime.datetime
    current: bool
    expires_at: datetime.datetime
    id: str
    last_used_at: datetime.datetime | None
    user_agent: None | str





    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        current = self.current

        expires_at = self.expires_at.isoformat()

        id = self.id

        last_used_at: None | str
        if isinstance(self.last_used_at, datetime.datetime):
            last_used_at = self.last_used_at.isoformat()
        else:
            last_used_at = self.last_used_at

        user_agent: None | str
        user_agent = self.user_agent


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "created_at": created_at,
            "current": current,
            "expires_at": expires_at,
            "id": id,
            "last_used_at": last_used_at,
            "user_agent": user_agent,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        current = d.pop("current")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))




        id = d.pop("id")

        def _parse_last_used_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_used_at_type_0 = datetime.datetime.fromisoformat(data)



                return last_used_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_used_at = _parse_last_used_at(d.pop("last_used_at"))


        def _parse_user_agent(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        user_agent = _parse_user_agent(d.pop("user_agent"))


        staff_session_out = cls(
            created_at=created_at,
            current=current,
            expires_at=expires_at,
            id=id,
            last_used_at=last_used_at,
            user_agent=user_agent,
        )

        return staff_session_out

