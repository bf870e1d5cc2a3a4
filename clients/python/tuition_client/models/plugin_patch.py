from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.plugin_patch_settings import PluginPatchSettings





T = TypeVar("T", bound="PluginPatch")



@_attrs_define
class PluginPatch:
    """ 
        Attributes:
            enabled (bool | Unset):
            settings (PluginPatchSettings | Unset): Merged into the stored settings (JSON merge patch, RFC 7386: objects
                merge, null removes a key); "[redacted]" keeps a stored secret.
     """

    enabled: bool | Unset = UNSET
    settings: PluginPatchSettings | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.plugin_patch_settings import PluginPatchSettings # noqa: PLC0415
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
        from ..models.plugin_patch_settings import PluginPatchSettings # noqa: PLC0415
        d = dict(src_dict)
        enabled = d.pop("enabled", UNSET)

        _settings = d.pop("settings", UNSET)
        settings: PluginPatchSettings | Unset
        if isinstance(_settings,  Unset):
            settings = UNSET
        else:
            settings = PluginPatchSettings.from_dict(_settings)




        plugin_patch = cls(
            enabled=enabled,
            settings=settings,
        )

        return plugin_patch

