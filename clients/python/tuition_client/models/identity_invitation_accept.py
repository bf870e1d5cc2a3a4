from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="IdentityInvitationAccept")



@_attrs_define
class IdentityInvitationAccept:
    """ 
        Attributes:
            identity_token (str): A token of the site's identity provider (its ID token).
            token (str):
            name (None | str | Unset):
     """

    identity_token: str
    token: str
    name: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        identity_token = self.identity_token

        token = self.token

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "identity_token": identity_token,
            "token": token,
        })
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        identity_token = d.pop("identity_token")

        token = d.pop("token")

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))


        identity_invitation_accept = cls(
            identity_token=identity_token,
            token=token,
            name=name,
        )

        return identity_invitation_accept

