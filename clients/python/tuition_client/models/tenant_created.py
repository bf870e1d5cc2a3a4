from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.identity_provider import IdentityProvider
  from ..models.plugin_out import PluginOut
  from ..models.retention_out import RetentionOut





T = TypeVar("T", bound="TenantCreated")



@_attrs_define
class TenantCreated:
    """ 
        Attributes:
            created_at (datetime.datetime):
            id (str):
            identity_provider (IdentityProvider | None):
            name (str):
            payment_provider (None | str):
            plugins (list[PluginOut]):
            publishable_key (str): For storefronts (X-Tenant-Key).
            retention (RetentionOut):
            secret_key (str): Shown once; Tuition keeps a hash.
            slug (str):
            suspended_at (datetime.datetime | None): Set while the operator suspended the site.
     """

    created_at: datetime.datetime
    id: str
    identity_provider: IdentityProvider | None
    name: str
    payment_provider: None | str
    plugins: list[PluginOut]
    publishable_key: str
    retention: RetentionOut
    secret_key: str
    slug: str
    suspended_at: datetime.datetime | None





    def to_dict(self) -> dict[str, Any]:
        from ..models.identity_provider import IdentityProvider # noqa: PLC0415
        from ..models.plugin_out import PluginOut # noqa: PLC0415
        from ..models.retention_out import RetentionOut # noqa: PLC0415
        created_at = self.created_at.isoformat()

        id = self.id

        identity_provider: dict[str, Any] | None
        if isinstance(self.identity_provider, IdentityProvider):
            identity_provider = self.identity_provider.to_dict()
        else:
            identity_provider = self.identity_provider

        name = self.name

        payment_provider: None | str
        payment_provider = self.payment_provider

        plugins = []
        for plugins_item_data in self.plugins:
            plugins_item = plugins_item_data.to_dict()
            plugins.append(plugins_item)



        publishable_key = self.publishable_key

        retention = self.retention.to_dict()

        secret_key = self.secret_key

        slug = self.slug

        suspended_at: None | str
        if isinstance(self.suspended_at, datetime.datetime):
            suspended_at = self.suspended_at.isoformat()
        else:
            suspended_at = self.suspended_at


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "created_at": created_at,
            "id": id,
            "identity_provider": identity_provider,
            "name": name,
            "payment_provider": payment_provider,
            "plugins": plugins,
            "publishable_key": publishable_key,
            "retention": retention,
            "secret_key": secret_key,
            "slug": slug,
            "suspended_at": suspended_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.identity_provider import IdentityProvider # noqa: PLC0415
        from ..models.plugin_out import PluginOut # noqa: PLC0415
        from ..models.retention_out import RetentionOut # noqa: PLC0415
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        id = d.pop("id")

        def _parse_identity_provider(data: object) -> IdentityProvider | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                identity_provider_type_1 = IdentityProvider.from_dict(data)



                return identity_provider_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(IdentityProvider | None, data)

        identity_provider = _parse_identity_provider(d.pop("identity_provider"))


        name = d.pop("name")

        def _parse_payment_provider(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payment_provider = _parse_payment_provider(d.pop("payment_provider"))


        plugins = []
        _plugins = d.pop("plugins")
        for plugins_item_data in (_plugins):
            plugins_item = PluginOut.from_dict(plugins_item_data)



            plugins.append(plugins_item)


        publishable_key = d.pop("publishable_key")

        retention = RetentionOut.from_dict(d.pop("retention"))




        secret_key = d.pop("secret_key")

        slug = d.pop("slug")

        def _parse_suspended_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                suspended_at_type_0 = datetime.datetime.fromisoformat(data)



                return suspended_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        suspended_at = _parse_suspended_at(d.pop("suspended_at"))


        tenant_created = cls(
            created_at=created_at,
            id=id,
            identity_provider=identity_provider,
            name=name,
            payment_provider=payment_provider,
            plugins=plugins,
            publishable_key=publishable_key,
            retention=retention,
            secret_key=secret_key,
            slug=slug,
            suspended_at=suspended_at,
        )

        return tenant_created

