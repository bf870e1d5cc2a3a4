from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="ConsoleSignInOut")



@_attrs_define
class ConsoleSignInOut:
    """ 
        Attributes:
            authorization_endpoint (None | str):
            client_id (None | str):
            enabled (bool): Whether staff may sign in with the identity provider.
            scope (None | str):
            token_endpoint (None | str):
     """

    authorization_endpoint: None | str
    client_id: None | str
    enabled: bool
    scope: None | str
    token_endpoint: None | str





    def to_dict(self) -> dict[str, Any]:
        authorization_endpoint: None | str
        authorization_endpoint = self.authorization_endpoint

        client_id: None | str
        client_id = self.client_id

        enabled = self.enabled

        scope: None | str
        scope = self.scope

        token_endpoint: None | str
        token_endpoint = self.token_endpoint


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "authorization_endpoint": authorization_endpoint,
            "client_id": client_id,
            "enabled": enabled,
            "scope": scope,
            "token_endpoint": token_endpoint,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_authorization_endpoint(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        authorization_endpoint = _parse_authorization_endpoint(d.pop("authorization_endpoint"))


        def _parse_client_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        client_id = _parse_client_id(d.pop("client_id"))


        enabled = d.pop("enabled")

        def _parse_scope(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        scope = _parse_scope(d.pop("scope"))


        def _parse_token_endpoint(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        token_endpoint = _parse_token_endpoint(d.pop("token_endpoint"))


        console_sign_in_out = cls(
            authorization_endpoint=authorization_endpoint,
            client_id=client_id,
            enabled=enabled,
            scope=scope,
            token_endpoint=token_endpoint,
        )

        return console_sign_in_out

