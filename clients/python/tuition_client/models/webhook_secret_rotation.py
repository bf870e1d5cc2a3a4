from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="WebhookSecretRotation")



@_attrs_define
class WebhookSecretRotation:
    """ 
        Attributes:
            keep_previous_minutes (int | Unset): Keep signing with the previous secret as well (a second v1 in Tuition-
                Signature) for this many minutes; 0 retires it at once. Default: 0.
     """

    keep_previous_minutes: int | Unset = 0





    def to_dict(self) -> dict[str, Any]:
        keep_previous_minutes = self.keep_previous_minutes


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if keep_previous_minutes is not UNSET:
            field_dict["keep_previous_minutes"] = keep_previous_minutes

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        keep_previous_minutes = d.pop("keep_previous_minutes", UNSET)

        webhook_secret_rotation = cls(
            keep_previous_minutes=keep_previous_minutes,
        )

        return webhook_secret_rotation

