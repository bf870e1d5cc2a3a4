from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.identity_provider_token_use import IdentityProviderTokenUse
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.console_sign_in import ConsoleSignIn
  from ..models.identity_provider_staff_groups import IdentityProviderStaffGroups





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
            console (ConsoleSignIn | Unset):
            groups_claim (str | Unset): The claim listing the user's groups (default ``cognito:groups``, as Amazon Cognito
                puts them in ID and access tokens).
            signup_method (str | Unset):  Default: 'identity_provider'.
            staff_groups (IdentityProviderStaffGroups | Unset): Groups of the provider whose members run the site through
                the admin API, each with a staff role (``support``, ``manager`` or ``owner``), e.g. ``{"site-admins":
                "owner"}``: a token of the provider whose ``groups_claim`` names a listed group is accepted on ``/v1/admin/…``
                (sent with ``X-Tenant-Key``) with the most privileged role of its groups. Without it, no token of the provider
                is a staff credential.
            token_use (IdentityProviderTokenUse | Unset): Which of the provider's tokens are accepted: ``id`` (ID tokens,
                checked against ``audience``; the default), ``access`` (access tokens, ``token_use: access`` with a
                ``client_id`` in ``client_ids``, as Amazon Cognito issues them) or ``any`` (both; told apart by their
                ``token_use`` claim). Default: IdentityProviderTokenUse.ID.
     """

    audience: str
    issuer: str
    jwks_url: str
    client_ids: list[str] | Unset = UNSET
    console: ConsoleSignIn | Unset = UNSET
    groups_claim: str | Unset = UNSET
    signup_method: str | Unset = 'identity_provider'
    staff_groups: IdentityProviderStaffGroups | Unset = UNSET
    token_use: IdentityProviderTokenUse | Unset = IdentityProviderTokenUse.ID





    def to_dict(self) -> dict[str, Any]:
        from ..models.console_sign_in import ConsoleSignIn # noqa: PLC0415
        from ..models.identity_provider_staff_groups import IdentityProviderStaffGroups # noqa: PLC0415
        audience = self.audience

        issuer = self.issuer

        jwks_url = self.jwks_url

        client_ids: list[str] | Unset = UNSET
        if not isinstance(self.client_ids, Unset):
            client_ids = self.client_ids



        console: dict[str, Any] | Unset = UNSET
        if not isinstance(self.console, Unset):
            console = self.console.to_dict()

        groups_claim = self.groups_claim

        signup_method = self.signup_method

        staff_groups: dict[str, Any] | Unset = UNSET
        if not isinstance(self.staff_groups, Unset):
            staff_groups = self.staff_groups.to_dict()

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
        if console is not UNSET:
            field_dict["console"] = console
        if groups_claim is not UNSET:
            field_dict["groups_claim"] = groups_claim
        if signup_method is not UNSET:
            field_dict["signup_method"] = signup_method
        if staff_groups is not UNSET:
            field_dict["staff_groups"] = staff_groups
        if token_use is not UNSET:
            field_dict["token_use"] = token_use

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.console_sign_in import ConsoleSignIn # noqa: PLC0415
        from ..models.identity_provider_staff_groups import IdentityProviderStaffGroups # noqa: PLC0415
        d = dict(src_dict)
        audience = d.pop("audience")

        issuer = d.pop("issuer")

        jwks_url = d.pop("jwks_url")

        client_ids = cast(list[str], d.pop("client_ids", UNSET))


        _console = d.pop("console", UNSET)
        console: ConsoleSignIn | Unset
        if isinstance(_console,  Unset):
            console = UNSET
        else:
            console = ConsoleSignIn.from_dict(_console)




        groups_claim = d.pop("groups_claim", UNSET)

        signup_method = d.pop("signup_method", UNSET)

        _staff_groups = d.pop("staff_groups", UNSET)
        staff_groups: IdentityProviderStaffGroups | Unset
        if isinstance(_staff_groups,  Unset):
            staff_groups = UNSET
        else:
            staff_groups = IdentityProviderStaffGroups.from_dict(_staff_groups)




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
            console=console,
            groups_claim=groups_claim,
            signup_method=signup_method,
            staff_groups=staff_groups,
            token_use=token_use,
        )

        return identity_provider

