from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="BundleWrite")



@_attrs_define
class BundleWrite:
    """ 
        Attributes:
            courses (list[str]): Slugs of the bundle's courses (2 to 50, each once).
     """

    courses: list[str]





    def to_dict(self) -> dict[str, Any]:
        courses = self.courses




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "courses": courses,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        courses = cast(list[str], d.pop("courses"))


        bundle_write = cls(
            courses=courses,
        )

        return bundle_write

