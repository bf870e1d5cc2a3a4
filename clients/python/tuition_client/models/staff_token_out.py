from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.staff_out import StaffOut





T = TypeVar("T", bound="StaffTokenOut")



@_attrs_define
class StaffTokenOut:
    """ 
        Attributes:
            expires_in (int):
            session_id (str):
            staff (StaffOut):
            token (str): Send as 'Authorization: Bearer st_…'.
            token_type (str):
     """

    expires_in: int
    session_id: str
    staff: StaffOut
    token: str
    token_type: str





    def to_dict(self) -> dict[str, Any]:
        from ..models.staff_out import StaffOut # noqa: PLC0415
        expires_in = self.expires_in

        session_id = self.session_id

        staff = self.staff.to_dict()

        token = self.token

        token_type = self.token_type


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "expires_in": expires_in,
            "session_id": session_id,
            "staff": staff,
            "token": token,
            "token_type": token_type,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.staff_out import StaffOut # noqa: PLC0415
        d = dict(src_dict)
        expires_in = d.pop("expires_in")

        session_id = d.pop("session_id")

        staff = StaffOut.from_dict(d.pop("staff"))




        token = d.pop("token")

        token_type = d.pop("token_type")

        staff_token_out = cls(
            expires_in=expires_in,
            session_id=session_id,
            staff=staff,
            token=token,
            token_type=token_type,
        )

        return staff_token_out

