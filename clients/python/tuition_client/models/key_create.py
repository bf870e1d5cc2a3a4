from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.key_create_kind import KeyCreateKind






T = TypeVar("T", bound="KeyCreate")



@_attrs_define
class KeyCreate:
    """ 
        Attributes:
            kind (KeyCreateKind): publishable (pk_…) or secret (sk_…).
     """

    kind: KeyCreateKind





    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "kind": kind,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = KeyCreateKind(d.pop("kind"))




        key_create = cls(
            kind=kind,
        )

        return key_create

