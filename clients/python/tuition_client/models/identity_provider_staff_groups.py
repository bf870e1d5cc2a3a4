from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.identity_provider_staff_groups_additional_property import IdentityProviderStaffGroupsAdditionalProperty






T = TypeVar("T", bound="IdentityProviderStaffGroups")



@_attrs_define
class IdentityProviderStaffGroups:
    """ Groups of the provider whose members run the site through the admin API, each with a staff role (``support``,
    ``manager`` or ``owner``), e.g. ``{"site-admins": "owner"}``: a token of the provider whose ``groups_claim`` names a
    listed group is accepted on ``/v1/admin/…`` (sent with ``X-Tenant-Key``) with the most privileged role of its
    groups. Without it, no token of the provider is a staff credential.

     """

    additional_properties: dict[str, IdentityProviderStaffGroupsAdditionalProperty] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        
        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop.value


        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        identity_provider_staff_groups = cls(
        )


        additional_properties = {}
        for prop_name, prop_dict in d.items():
            additional_property = IdentityProviderStaffGroupsAdditionalProperty(prop_dict)



            additional_properties[prop_name] = additional_property

        identity_provider_staff_groups.additional_properties = additional_properties
        return identity_provider_staff_groups

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> IdentityProviderStaffGroupsAdditionalProperty:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: IdentityProviderStaffGroupsAdditionalProperty) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
