from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="PlanChangeIn")



@_attrs_define
class PlanChangeIn:
    """ 
        Attributes:
            plan (str): The slug of the plan to change to.
     """

    plan: str





    def to_dict(self) -> dict[str, Any]:
        plan = self.plan


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "plan": plan,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        plan = d.pop("plan")

        plan_change_in = cls(
            plan=plan,
        )

        return plan_change_in

