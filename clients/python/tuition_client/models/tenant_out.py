from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.identity_provider import IdentityProvider
  from ..models.plugin_out import PluginOut





T = TypeVar("T", bound="TenantOut")



@_attrs_define
class TenantOut:
    """ 
        Attributes:
            created_at (datetime.datetime | Unset):
            id (str | Unset):
            identity_provider (IdentityProvider | None | Unset):
            name (str | Unset):
            payment_provider (None | str | Unset):
            plugins (list[PluginOut] | Unset):
            slug (str | Unset):
     """

    created_at: datetime.datetime | Unset = UNSET
    id: str | Unset = UNSET
    identity_provider: IdentityProvider | None | Unset = UNSET
    name: str | Unset = UNSET
    payment_provider: None | str | Unset = UNSET
    plugins: list[PluginOut] | Unset = UNSET
    slug: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.identity_provider import IdentityProvider # noqa: PLC0415
        from ..models.plugin_out import PluginOut # noqa: PLC0415
        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        id = self.id

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

        plugins: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.plugins, Unset):
            plugins = []
            for plugins_item_data in self.plugins:
                plugins_item = plugins_item_data.to_dict()
                plugins.append(plugins_item)



        slug = self.slug


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if id is not UNSET:
            field_dict["id"] = id
        if identity_provider is not UNSET:
            field_dict["identity_provider"] = identity_provider
        if name is not UNSET:
            field_dict["name"] = name
        if payment_provider is not UNSET:
            field_dict["payment_provider"] = payment_provider
        if plugins is not UNSET:
            field_dict["plugins"] = plugins
        if slug is not UNSET:
            field_dict["slug"] = slug

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.identity_provider import IdentityProvider # noqa: PLC0415
        from ..models.plugin_out import PluginOut # noqa: PLC0415
        d = dict(src_dict)
        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at,  Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)




        id = d.pop("id", UNSET)

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


        _plugins = d.pop("plugins", UNSET)
        plugins: list[PluginOut] | Unset = UNSET
        if _plugins is not UNSET:
            plugins = []
            for plugins_item_data in _plugins:
                plugins_item = PluginOut.from_dict(plugins_item_data)



                plugins.append(plugins_item)


        slug = d.pop("slug", UNSET)

        tenant_out = cls(
            created_at=created_at,
            id=id,
            identity_provider=identity_provider,
            name=name,
            payment_provider=payment_provider,
            plugins=plugins,
            slug=slug,
        )

        return tenant_out

