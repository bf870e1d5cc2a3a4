from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.staff_invite_role import StaffInviteRole
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="StaffInvite")



@_attrs_define
class StaffInvite:
    """ 
        Attributes:
            email (str):
            role (StaffInviteRole): owner: everything (keys, plugins, tenant settings, staff); manager: courses, cohorts,
                students, enrollments, orders and refunds; support: read, and the writes marked for support.
            name (None | str | Unset):
     """

    email: str
    role: StaffInviteRole
    name: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        email = self.email

        role = self.role.value

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "email": email,
            "role": role,
        })
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        role = StaffInviteRole(d.pop("role"))




        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))


        staff_invite = cls(
            email=email,
            role=role,
            name=name,
        )

        return staff_invite

