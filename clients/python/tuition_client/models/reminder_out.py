from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="ReminderOut")



@_attrs_define
class ReminderOut:
    """ 
        Attributes:
            amount (int):
            course_id (str):
            currency (str):
            id (str):
            order_id (str):
            recovered_at (datetime.datetime | None):
            recovered_order_id (None | str):
            reminded_at (datetime.datetime):
            student_id (str):
     """

    amount: int
    course_id: str
    currency: str
    id: str
    order_id: str
    recovered_at: datetime.datetime | None
    recovered_order_id: None | str
    reminded_at: datetime.datetime
    student_id: str





    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        course_id = self.course_id

        currency = self.currency

        id = self.id

        order_id = self.order_id

        recovered_at: None | str
        if isinstance(self.recovered_at, datetime.datetime):
            recovered_at = self.recovered_at.isoformat()
        else:
            recovered_at = self.recovered_at

        recovered_order_id: None | str
        recovered_order_id = self.recovered_order_id

        reminded_at = self.reminded_at.isoformat()

        student_id = self.student_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "amount": amount,
            "course_id": course_id,
            "currency": currency,
            "id": id,
            "order_id": order_id,
            "recovered_at": recovered_at,
            "recovered_order_id": recovered_order_id,
            "reminded_at": reminded_at,
            "student_id": student_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        course_id = d.pop("course_id")

        currency = d.pop("currency")

        id = d.pop("id")

        order_id = d.pop("order_id")

        def _parse_recovered_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                recovered_at_type_0 = datetime.datetime.fromisoformat(data)



                return recovered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        recovered_at = _parse_recovered_at(d.pop("recovered_at"))


        def _parse_recovered_order_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        recovered_order_id = _parse_recovered_order_id(d.pop("recovered_order_id"))


        reminded_at = datetime.datetime.fromisoformat(d.pop("reminded_at"))




        student_id = d.pop("student_id")

        reminder_out = cls(
            amount=amount,
            course_id=course_id,
            currency=currency,
            id=id,
            order_id=order_id,
            recovered_at=recovered_at,
            recovered_order_id=recovered_order_id,
            reminded_at=reminded_at,
            student_id=student_id,
        )

        return reminder_out

