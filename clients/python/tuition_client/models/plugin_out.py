from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.plugin_out_settings import PluginOutSettings





T = TypeVar("T", bound="PluginOut")



@_attrs_define
class PluginOut:
    """ 
        Attributes:
            category (str | Unset):
            enabled (bool | Unset):
            name (str | Unset):
            pricing_models (list[str] | Unset):
            settings (PluginOutSettings | Unset): Secrets are redacted.
            title (str | Unset):
            version (str | Unset):
     """

    category: str | Unset = UNSET
    enabled: bool | Unset = UNSET
    name: str | Unset = UNSET
    pricing_models: list[str] | Unset = UNSET
    settings: PluginOutSettings | Unset = UNSET
    title: str | Unset = UNSET
    version: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.plugin_out_settings import PluginOutSettings # noqa: PLC0415
        category = self.category

        enabled = self.enabled

        name = self.name

        pricing_models: list[str] | Unset = UNSET
        if not isinstance(self.pricing_models, Unset):
            pricing_models = self.pricing_models



        settings: dict[str, Any] | Unset = UNSET
        if not isinstance(self.settings, Unset):
            settings = self.settings.to_dict()

        title = self.title

        version = self.version


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if category is not UNSET:
            field_dict["category"] = category
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if name is not UNSET:
            field_dict["name"] = name
        if pricing_models is not UNSET:
            field_dict["pricing_models"] = pricing_models
        if settings is not UNSET:
            field_dict["settings"] = settings
        if title is not UNSET:
            field_dict["title"] = title
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.plugin_out_settings import PluginOutSettings # noqa: PLC0415
        d = dict(src_dict)
        category = d.pop("category", UNSET)

        enabled = d.pop("enabled", UNSET)

        name = d.pop("name", UNSET)

        pricing_models = cast(list[str], d.pop("pricing_models", UNSET))


        _settings = d.pop("settings", UNSET)
        settings: PluginOutSettings | Unset
        if isinstance(_settings,  Unset):
            settings = UNSET
        else:
            settings = PluginOutSettings.from_dict(_settings)




        title = d.pop("title", UNSET)

        version = d.pop("version", UNSET)

        plugin_out = cls(
            category=category,
            enabled=enabled,
            name=name,
            pricing_models=pricing_models,
            settings=settings,
            title=title,
            version=version,
        )

        return plugin_out

