from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.plugin_out_settings import PluginOutSettings





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
            title (str):
            version (str):
     """

    category: str
    enabled: bool
    name: str
    pricing_models: list[str]
    settings: PluginOutSettings
    title: str
    version: str





    def to_dict(self) -> dict[str, Any]:
        from ..models.plugin_out_settings import PluginOutSettings # noqa: PLC0415
        category = self.category

        enabled = self.enabled

        name = self.name

        pricing_models = self.pricing_models



        settings = self.settings.to_dict()

        title = self.title

        version = self.version


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "category": category,
            "enabled": enabled,
            "name": name,
            "pricing_models": pricing_models,
            "settings": settings,
            "title": title,
            "version": version,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.plugin_out_settings import PluginOutSettings # noqa: PLC0415
        d = dict(src_dict)
        category = d.pop("category")

        enabled = d.pop("enabled")

        name = d.pop("name")

        pricing_models = cast(list[str], d.pop("pricing_models"))


        settings = PluginOutSettings.from_dict(d.pop("settings"))




        title = d.pop("title")

        version = d.pop("version")

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

