from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.identity_provider_token_use import IdentityProviderTokenUse
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="IdentityProvider")



@_attrs_define
class IdentityProvider:
    """ 
        Attributes:
            audience (str):
            issuer (str):
            jwks_url (str): The provider's JWK set: https:// on a public host (http:// or a private address only for hosts
                in the operator's TUITION_OUTBOUND_ALLOWED_HOSTS). Example: https://idp.example.com/.well-known/jwks.json.
            client_ids (list[str] | Unset): App client ids whose access tokens are accepted (``client_id`` claim); without
                it, only ``audience``. Only with ``token_use`` access or any.
            signup_method (str | Unset):  Default: 'identity_provider'.
            token_use (IdentityProviderTokenUse | Unset): Which of the provider's tokens are accepted: ``id`` (ID tokens,
                checked against ``audience``; the default), ``access`` (access tokens, ``token_use: access`` with a
                ``client_id`` in ``client_ids``, as Amazon Cognito issues them) or ``any`` (both; told apart by their
                ``token_use`` claim). Default: IdentityProviderTokenUse.ID.
     """

    audience: str
    issuer: str
    jwks_url: str
    client_ids: list[str] | Unset = UNSET
    signup_method: str | Unset = 'identity_provider'
    token_use: IdentityProviderTokenUse | Unset = IdentityProviderTokenUse.ID





    def to_dict(self) -> dict[str, Any]:
        audience = self.audience

        issuer = self.issuer

        jwks_url = self.jwks_url

        client_ids: list[str] | Unset = UNSET
        if not isinstance(self.client_ids, Unset):
            client_ids = self.client_ids



        signup_method = self.signup_method

        token_use: str | Unset = UNSET
        if not isinstance(self.token_use, Unset):
            token_use = self.token_use.value



        field_dict: dict[str, Any] = {}

        field_dict.update({
            "audience": audience,
            "issuer": issuer,
            "jwks_url": jwks_url,
        })
        if client_ids is not UNSET:
            field_dict["client_ids"] = client_ids
        if signup_method is not UNSET:
            field_dict["signup_method"] = signup_method
        if token_use is not UNSET:
            field_dict["token_use"] = token_use

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        audience = d.pop("audience")

        issuer = d.pop("issuer")

        jwks_url = d.pop("jwks_url")

        client_ids = cast(list[str], d.pop("client_ids", UNSET))


        signup_method = d.pop("signup_method", UNSET)

        _token_use = d.pop("token_use", UNSET)
        token_use: IdentityProviderTokenUse | Unset
        if isinstance(_token_use,  Unset):
            token_use = UNSET
        else:
            token_use = IdentityProviderTokenUse(_token_use)




        identity_provider = cls(
            audience=audience,
            issuer=issuer,
            jwks_url=jwks_url,
            client_ids=client_ids,
            signup_method=signup_method,
            token_use=token_use,
        )

        return identity_provider

