from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.identity_provider import IdentityProvider
  from ..models.retention import Retention





T = TypeVar("T", bound="TenantUpdate")



@_attrs_define
class TenantUpdate:
    """ 
        Attributes:
            identity_provider (IdentityProvider | None | Unset):
            name (str | Unset):
            payment_provider (None | str | Unset): Default provider for paid courses (when several).
            retention (Retention | Unset):
     """

    identity_provider: IdentityProvider | None | Unset = UNSET
    name: str | Unset = UNSET
    payment_provider: None | str | Unset = UNSET
    retention: Retention | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.identity_provider import IdentityProvider # noqa: PLC0415
        from ..models.retention import Retention # noqa: PLC0415
        identity_provider: dict[str, Any] | None | Unset
        if isinstance(self.identity_provider, Unset):
            identity_provider = UNSET
        elif isinstance(self.identity_provider, IdentityProvider):
            identity_provider = self.identity_provider.to_dict()
        else:
            identity_provider = self.identity_provider

        name = self.name

        payment_provider: None | str | Unset
        if isinstance(self.payment_provider, Unset):
            payment_provider = UNSET
        else:
            payment_provider = self.payment_provider

        retention: dict[str, Any] | Unset = UNSET
        if not isinstance(self.retention, Unset):
            retention = self.retention.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if identity_provider is not UNSET:
            field_dict["identity_provider"] = identity_provider
        if name is not UNSET:
            field_dict["name"] = name
        if payment_provider is not UNSET:
            field_dict["payment_provider"] = payment_provider
        if retention is not UNSET:
            field_dict["retention"] = retention

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.identity_provider import IdentityProvider # noqa: PLC0415
        from ..models.retention import Retention # noqa: PLC0415
        d = dict(src_dict)
        def _parse_identity_provider(data: object) -> IdentityProvider | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                identity_provider_type_1 = IdentityProvider.from_dict(data)



                return identity_provider_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(IdentityProvider | None | Unset, data)

        identity_provider = _parse_identity_provider(d.pop("identity_provider", UNSET))


        name = d.pop("name", UNSET)

        def _parse_payment_provider(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        payment_provider = _parse_payment_provider(d.pop("payment_provider", UNSET))


        _retention = d.pop("retention", UNSET)
        retention: Retention | Unset
        if isinstance(_retention,  Unset):
            retention = UNSET
        else:
            retention = Retention.from_dict(_retention)




        tenant_update = cls(
            identity_provider=identity_provider,
            name=name,
            payment_provider=payment_provider,
            retention=retention,
        )

        return tenant_update

