from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.staff_update_role import StaffUpdateRole






T = TypeVar("T", bound="StaffUpdate")



@_attrs_define
class StaffUpdate:
    """ 
        Attributes:
            role (StaffUpdateRole): owner: everything (keys, plugins, tenant settings, staff); manager: courses, cohorts,
                students, enrollments, orders and refunds; support: read, and the writes marked for support.
     """

    role: StaffUpdateRole





    def to_dict(self) -> dict[str, Any]:
        role = self.role.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "role": role,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        role = StaffUpdateRole(d.pop("role"))




        staff_update = cls(
            role=role,
        )

        return staff_update

