from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="WebhookAck")



@_attrs_define
class WebhookAck:
    """ 
        Attributes:
            duplicates (int | Unset):
            ignored (int | Unset):
            received (int | Unset):
     """

    duplicates: int | Unset = UNSET
    ignored: int | Unset = UNSET
    received: int | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        duplicates = self.duplicates

        ignored = self.ignored

        received = self.received


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if duplicates is not UNSET:
            field_dict["duplicates"] = duplicates
        if ignored is not UNSET:
            field_dict["ignored"] = ignored
        if received is not UNSET:
            field_dict["received"] = received

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        duplicates = d.pop("duplicates", UNSET)

        ignored = d.pop("ignored", UNSET)

        received = d.pop("received", UNSET)

        webhook_ack = cls(
            duplicates=duplicates,
            ignored=ignored,
            received=received,
        )

        return webhook_ack

