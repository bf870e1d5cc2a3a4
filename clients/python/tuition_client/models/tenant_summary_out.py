from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="TenantSummaryOut")



@_attrs_define
class TenantSummaryOut:
    """ 
        Attributes:
            created_at (datetime.datetime):
            enabled_plugins (list[str]):
            id (str):
            name (str):
            slug (str):
            suspended_at (datetime.datetime | None): Set while suspended: the site's keys and staff tokens answer 403
                tenant_suspended.
     """

    created_at: datetime.datetime
    enabled_plugins: list[str]
    id: str
    name: str
    slug: str
    suspended_at: datetime.datetime | None





    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        enabled_plugins = self.enabled_plugins



        id = self.id

        name = self.name

        slug = self.slug

        suspended_at: None | str
        if isinstance(self.suspended_at, datetime.datetime):
            suspended_at = self.suspended_at.isoformat()
        else:
            suspended_at = self.suspended_at


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "created_at": created_at,
            "enabled_plugins": enabled_plugins,
            "id": id,
            "name": name,
            "slug": slug,
            "suspended_at": suspended_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        enabled_plugins = cast(list[str], d.pop("enabled_plugins"))


        id = d.pop("id")

        name = d.pop("name")

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


        tenant_summary_out = cls(
            created_at=created_at,
            enabled_plugins=enabled_plugins,
            id=id,
            name=name,
            slug=slug,
            suspended_at=suspended_at,
        )

        return tenant_summary_out

