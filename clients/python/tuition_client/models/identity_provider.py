from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="IdentityProvider")



@_attrs_define
class IdentityProvider:
    """ 
        Attributes:
            audience (str):
            issuer (str):
            jwks_url (str): The provider's JWK set: https:// on a public host (http:// or a private address only for hosts
                in the operator's TUITION_OUTBOUND_ALLOWED_HOSTS). Example: https://idp.example.com/.well-known/jwks.json.
            signup_method (str | Unset):  Default: 'identity_provider'.
     """

    audience: str
    issuer: str
    jwks_url: str
    signup_method: str | Unset = 'identity_provider'





    def to_dict(self) -> dict[str, Any]:
        audience = self.audience

        issuer = self.issuer

        jwks_url = self.jwks_url

        signup_method = self.signup_method


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "audience": audience,
            "issuer": issuer,
            "jwks_url": jwks_url,
        })
        if signup_method is not UNSET:
            field_dict["signup_method"] = signup_method

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        audience = d.pop("audience")

        issuer = d.pop("issuer")

        jwks_url = d.pop("jwks_url")

        signup_method = d.pop("signup_method", UNSET)

        identity_provider = cls(
            audience=audience,
            issuer=issuer,
            jwks_url=jwks_url,
            signup_method=signup_method,
        )

        return identity_provider

