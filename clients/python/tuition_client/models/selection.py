from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="Selection")



@_attrs_define
class Selection:
    """ 
        Attributes:
            option (str): The id of a session option of the enrollment's cohort for that step.
            step (str): The step's label.
     """

    option: str
    step: str





    def to_dict(self) -> dict[str, Any]:
        option = self.option

        step = self.step


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "option": option,
            "step": step,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        option = d.pop("option")

        step = d.pop("step")

        selection = cls(
            option=option,
            step=step,
        )

        return selection

