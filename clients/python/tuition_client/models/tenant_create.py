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
  from ..models.tenant_create_plugins import TenantCreatePlugins





T = TypeVar("T", bound="TenantCreate")



@_attrs_define
class TenantCreate:
    """ 
        Attributes:
            name (str):
            slug (str):
            identity_provider (IdentityProvider | None | Unset):
            plugins (TenantCreatePlugins | Unset):
            retention (None | Retention | Unset): How long personal data is kept (docs/privacy.md).
     """

    name: str
    slug: str
    identity_provider: IdentityProvider | None | Unset = UNSET
    plugins: TenantCreatePlugins | Unset = UNSET
    retention: None | Retention | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.identity_provider import IdentityProvider # noqa: PLC0415
        from ..models.retention import Retention # noqa: PLC0415
        from ..models.tenant_create_plugins import TenantCreatePlugins # noqa: PLC0415
        name = self.name

        slug = self.slug

        identity_provider: dict[str, Any] | None | Unset
        if isinstance(self.identity_provider, Unset):
            identity_provider = UNSET
        elif isinstance(self.identity_provider, IdentityProvider):
            identity_provider = self.identity_provider.to_dict()
        else:
            identity_provider = self.identity_provider

        plugins: dict[str, Any] | Unset = UNSET
        if not isinstance(self.plugins, Unset):
            plugins = self.plugins.to_dict()

        retention: dict[str, Any] | None | Unset
        if isinstance(self.retention, Unset):
            retention = UNSET
        elif isinstance(self.retention, Retention):
            retention = self.retention.to_dict()
        else:
            retention = self.retention


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "name": name,
            "slug": slug,
        })
        if identity_provider is not UNSET:
            field_dict["identity_provider"] = identity_provider
        if plugins is not UNSET:
            field_dict["plugins"] = plugins
        if retention is not UNSET:
            field_dict["retention"] = retention

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.identity_provider import IdentityProvider # noqa: PLC0415
        from ..models.retention import Retention # noqa: PLC0415
        from ..models.tenant_create_plugins import TenantCreatePlugins # noqa: PLC0415
        d = dict(src_dict)
        name = d.pop("name")

        slug = d.pop("slug")

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


        _plugins = d.pop("plugins", UNSET)
        plugins: TenantCreatePlugins | Unset
        if isinstance(_plugins,  Unset):
            plugins = UNSET
        else:
            plugins = TenantCreatePlugins.from_dict(_plugins)




        def _parse_retention(data: object) -> None | Retention | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                retention_type_1 = Retention.from_dict(data)



                return retention_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Retention | Unset, data)

        retention = _parse_retention(d.pop("retention", UNSET))


        tenant_create = cls(
            name=name,
            slug=slug,
            identity_provider=identity_provider,
            plugins=plugins,
            retention=retention,
        )

        return tenant_create

