from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="SeatRedemptionOut")



@_attrs_define
class SeatRedemptionOut:
    """ 
        Attributes:
            code_id (str):
            course (str):
            enrollment_id (str):
            enrollment_status (str):
            purchase_id (str):
     """

    code_id: str
    course: str
    enrollment_id: str
    enrollment_status: str
    purchase_id: str





    def to_dict(self) -> dict[str, Any]:
        code_id = self.code_id

        course = self.course

        enrollment_id = self.enrollment_id

        enrollment_status = self.enrollment_status

        purchase_id = self.purchase_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "code_id": code_id,
            "course": course,
            "enrollment_id": enrollment_id,
            "enrollment_status": enrollment_status,
            "purchase_id": purchase_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code_id = d.pop("code_id")

        course = d.pop("course")

        enrollment_id = d.pop("enrollment_id")

        enrollment_status = d.pop("enrollment_status")

        purchase_id = d.pop("purchase_id")

        seat_redemption_out = cls(
            code_id=code_id,
            course=course,
            enrollment_id=enrollment_id,
            enrollment_status=enrollment_status,
            purchase_id=purchase_id,
        )

        return seat_redemption_out

