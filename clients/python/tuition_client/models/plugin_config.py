from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.plugin_config_settings import PluginConfigSettings





T = TypeVar("T", bound="PluginConfig")



@_attrs_define
class PluginConfig:
    """ 
        Attributes:
            enabled (bool | Unset):  Default: True.
            settings (PluginConfigSettings | Unset):
     """

    enabled: bool | Unset = True
    settings: PluginConfigSettings | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.plugin_config_settings import PluginConfigSettings # noqa: PLC0415
        enabled = self.enabled

        settings: dict[str, Any] | Unset = UNSET
        if not isinstance(self.settings, Unset):
            settings = self.settings.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if settings is not UNSET:
            field_dict["settings"] = settings

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.plugin_config_settings import PluginConfigSettings # noqa: PLC0415
        d = dict(src_dict)
        enabled = d.pop("enabled", UNSET)

        _settings = d.pop("settings", UNSET)
        settings: PluginConfigSettings | Unset
        if isinstance(_settings,  Unset):
            settings = UNSET
        else:
            settings = PluginConfigSettings.from_dict(_settings)




        plugin_config = cls(
            enabled=enabled,
            settings=settings,
        )

        return plugin_config

