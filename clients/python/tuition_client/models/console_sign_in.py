from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="ConsoleSignIn")



@_attrs_define
class ConsoleSignIn:
    """ 
        Attributes:
            authorization_endpoint (str):  Example: https://auth.example.com/oauth2/authorize.
            client_id (str): The console's app client at the provider (public, PKCE); its ID tokens' ``aud``, so usually the
                same as ``audience``. Register the console's ``<console URL>/auth/callback`` as its redirect URI.
            token_endpoint (str): Called by the browser: the provider must allow the console's origin (CORS), as Amazon
                Cognito, Auth0 and Okta do for public clients. Example: https://auth.example.com/oauth2/token.
            scope (str | Unset):  Default: 'openid email profile'.
     """

    authorization_endpoint: str
    client_id: str
    token_endpoint: str
    scope: str | Unset = 'openid email profile'





    def to_dict(self) -> dict[str, Any]:
        authorization_endpoint = self.authorization_endpoint

        client_id = self.client_id

        token_endpoint = self.token_endpoint

        scope = self.scope


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "authorization_endpoint": authorization_endpoint,
            "client_id": client_id,
            "token_endpoint": token_endpoint,
        })
        if scope is not UNSET:
            field_dict["scope"] = scope

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        authorization_endpoint = d.pop("authorization_endpoint")

        client_id = d.pop("client_id")

        token_endpoint = d.pop("token_endpoint")

        scope = d.pop("scope", UNSET)

        console_sign_in = cls(
            authorization_endpoint=authorization_endpoint,
            client_id=client_id,
            token_endpoint=token_endpoint,
            scope=scope,
        )

        return console_sign_in

