from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.staff_out_role import StaffOutRole
from ..models.staff_out_status import StaffOutStatus
from typing import cast
import datetime






T = TypeVar("T", bound="StaffOut")



@_attrs_define
class StaffOut:
    """ 
        Attributes:
            accepted_at (datetime.datetime | None):
            email (str):
            id (str):
            invited_at (datetime.datetime):
            name (None | str):
            role (StaffOutRole): owner: everything (keys, plugins, tenant settings, staff); manager: courses, cohorts,
                students, enrollments, orders and refunds; support: read, and the writes marked for support.
            status (StaffOutStatus):
            totp_enabled (bool):
     """

    accepted_at: datetime.datetime | None
    email: str
    id: str
    invited_at: datetime.datetime
    name: None | str
    role: StaffOutRole
    status: StaffOutStatus
    totp_enabled: bool





    def to_dict(self) -> dict[str, Any]:
        accepted_at: None | str
        if isinstance(self.accepted_at, datetime.datetime):
            accepted_at = self.accepted_at.isoformat()
        else:
            accepted_at = self.accepted_at

        email = self.email

        id = self.id

        invited_at = self.invited_at.isoformat()

        name: None | str
        name = self.name

        role = self.role.value

        status = self.status.value

        totp_enabled = self.totp_enabled


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "accepted_at": accepted_at,
            "email": email,
            "id": id,
            "invited_at": invited_at,
            "name": name,
            "role": role,
            "status": status,
            "totp_enabled": totp_enabled,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_accepted_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                accepted_at_type_0 = datetime.datetime.fromisoformat(data)



                return accepted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        accepted_at = _parse_accepted_at(d.pop("accepted_at"))


        email = d.pop("email")

        id = d.pop("id")

        invited_at = datetime.datetime.fromisoformat(d.pop("invited_at"))




        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))


        role = StaffOutRole(d.pop("role"))




        status = StaffOutStatus(d.pop("status"))




        totp_enabled = d.pop("totp_enabled")

        staff_out = cls(
            accepted_at=accepted_at,
            email=email,
            id=id,
            invited_at=invited_at,
            name=name,
            role=role,
            status=status,
            totp_enabled=totp_enabled,
        )

        return staff_out

