from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="IdentitySignIn")



@_attrs_define
class IdentitySignIn:
    """ 
        Attributes:
            identity_token (str): A token of the site's identity provider (its ID token).
     """

    identity_token: str





    def to_dict(self) -> dict[str, Any]:
        identity_token = self.identity_token


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "identity_token": identity_token,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        identity_token = d.pop("identity_token")

        identity_sign_in = cls(
            identity_token=identity_token,
        )

        return identity_sign_in

