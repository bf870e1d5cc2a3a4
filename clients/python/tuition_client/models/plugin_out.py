from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.plugin_out_settings import PluginOutSettings
  from ..models.plugin_out_settings_schema import PluginOutSettingsSchema





T = TypeVar("T", bound="PluginOut")



@_attrs_define
class PluginOut:
    """ 
        Attributes:
            category (str):
            enabled (bool):
            name (str):
            pricing_models (list[str]):
            settings (PluginOutSettings): Secrets are redacted.
            settings_schema (PluginOutSettingsSchema): The settings' JSON Schema (OpenAPI 3.0 dialect: properties with type,
                description, default, bounds; required): enough to build a form. Secret settings are writeOnly: answers show
                them as [redacted].
            title (str):
            version (str):
     """

    category: str
    enabled: bool
    name: str
    pricing_models: list[str]
    settings: PluginOutSettings
    settings_schema: PluginOutSettingsSchema
    title: str
    version: str





    def to_dict(self) -> dict[str, Any]:
        from ..models.plugin_out_settings import PluginOutSettings # noqa: PLC0415
        from ..models.plugin_out_settings_schema import PluginOutSettingsSchema # noqa: PLC0415
        category = self.category

        enabled = self.enabled

        name = self.name

        pricing_models = self.pricing_models



        settings = self.settings.to_dict()

        settings_schema = self.settings_schema.to_dict()

        title = self.title

        version = self.version


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "category": category,
            "enabled": enabled,
            "name": name,
            "pricing_models": pricing_models,
            "settings": settings,
            "settings_schema": settings_schema,
            "title": title,
            "version": version,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.plugin_out_settings import PluginOutSettings # noqa: PLC0415
        from ..models.plugin_out_settings_schema import PluginOutSettingsSchema # noqa: PLC0415
        d = dict(src_dict)
        category = d.pop("category")

        enabled = d.pop("enabled")

        name = d.pop("name")

        pricing_models = cast(list[str], d.pop("pricing_models"))


        settings = PluginOutSettings.from_dict(d.pop("settings"))




        settings_schema = PluginOutSettingsSchema.from_dict(d.pop("settings_schema"))




        title = d.pop("title")

        version = d.pop("version")

        plugin_out = cls(
            category=category,
            enabled=enabled,
            name=name,
            pricing_models=pricing_models,
            settings=settings,
            settings_schema=settings_schema,
            title=title,
            version=version,
        )

        return plugin_out

