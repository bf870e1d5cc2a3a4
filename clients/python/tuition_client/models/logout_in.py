from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="LogoutIn")



@_attrs_define
class LogoutIn:
    """ 
        Attributes:
            everywhere (bool | Unset): Sign out every session of the student, and refuse every student token issued so far
                (else only this sign-in's refresh tokens are revoked). Default: False.
     """

    everywhere: bool | Unset = False





    def to_dict(self) -> dict[str, Any]:
        everywhere = self.everywhere


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if everywhere is not UNSET:
            field_dict["everywhere"] = everywhere

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        everywhere = d.pop("everywhere", UNSET)

        logout_in = cls(
            everywhere=everywhere,
        )

        return logout_in

