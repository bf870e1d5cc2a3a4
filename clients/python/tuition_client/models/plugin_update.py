from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.plugin_update_settings import PluginUpdateSettings





T = TypeVar("T", bound="PluginUpdate")



@_attrs_define
class PluginUpdate:
    """ 
        Attributes:
            enabled (bool):
            settings (PluginUpdateSettings | Unset): Replace the stored settings (absent: keep them). A secret sent back as
                shown, "[redacted]", keeps the stored secret.
     """

    enabled: bool
    settings: PluginUpdateSettings | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.plugin_update_settings import PluginUpdateSettings # noqa: PLC0415
        enabled = self.enabled

        settings: dict[str, Any] | Unset = UNSET
        if not isinstance(self.settings, Unset):
            settings = self.settings.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "enabled": enabled,
        })
        if settings is not UNSET:
            field_dict["settings"] = settings

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.plugin_update_settings import PluginUpdateSettings # noqa: PLC0415
        d = dict(src_dict)
        enabled = d.pop("enabled")

        _settings = d.pop("settings", UNSET)
        settings: PluginUpdateSettings | Unset
        if isinstance(_settings,  Unset):
            settings = UNSET
        else:
            settings = PluginUpdateSettings.from_dict(_settings)




        plugin_update = cls(
            enabled=enabled,
            settings=settings,
        )

        return plugin_update

