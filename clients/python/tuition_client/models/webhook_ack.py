from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="WebhookAck")



@_attrs_define
class WebhookAck:
    """ 
        Attributes:
            duplicates (int):
            ignored (int):
            received (int):
     """

    duplicates: int
    ignored: int
    received: int





    def to_dict(self) -> dict[str, Any]:
        duplicates = self.duplicates

        ignored = self.ignored

        received = self.received


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "duplicates": duplicates,
            "ignored": ignored,
            "received": received,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        duplicates = d.pop("duplicates")

        ignored = d.pop("ignored")

        received = d.pop("received")

        webhook_ack = cls(
            duplicates=duplicates,
            ignored=ignored,
            received=received,
        )

        return webhook_ack

