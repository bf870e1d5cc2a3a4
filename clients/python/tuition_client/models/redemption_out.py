from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.redemption_out_status import RedemptionOutStatus
from typing import cast
import datetime






T = TypeVar("T", bound="RedemptionOut")



@_attrs_define
class RedemptionOut:
    """ 
        Attributes:
            amount (int):
            code (str):
            course (str): The course's slug.
            created_at (datetime.datetime):
            currency (None | str):
            discount_amount (int):
            enrollment_id (str):
            id (str):
            list_amount (int):
            order_id (None | str):
            released_at (datetime.datetime | None):
            status (RedemptionOutStatus):
            student_id (str):
     """

    amount: int
    code: str
    course: str
    created_at: datetime.datetime
    currency: None | str
    discount_amount: int
    enrollment_id: str
    id: str
    list_amount: int
    order_id: None | str
    released_at: datetime.datetime | None
    status: RedemptionOutStatus
    student_id: str





    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        code = self.code

        course = self.course

        created_at = self.created_at.isoformat()

        currency: None | str
        currency = self.currency

        discount_amount = self.discount_amount

        enrollment_id = self.enrollment_id

        id = self.id

        list_amount = self.list_amount

        order_id: None | str
        order_id = self.order_id

        released_at: None | str
        if isinstance(self.released_at, datetime.datetime):
            released_at = self.released_at.isoformat()
        else:
            released_at = self.released_at

        status = self.status.value

        student_id = self.student_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "amount": amount,
            "code": code,
            "course": course,
            "created_at": created_at,
            "currency": currency,
            "discount_amount": discount_amount,
            "enrollment_id": enrollment_id,
            "id": id,
            "list_amount": list_amount,
            "order_id": order_id,
            "released_at": released_at,
            "status": status,
            "student_id": student_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        code = d.pop("code")

        course = d.pop("course")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_currency(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        currency = _parse_currency(d.pop("currency"))


        discount_amount = d.pop("discount_amount")

        enrollment_id = d.pop("enrollment_id")

        id = d.pop("id")

        list_amount = d.pop("list_amount")

        def _parse_order_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        order_id = _parse_order_id(d.pop("order_id"))


        def _parse_released_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                released_at_type_0 = datetime.datetime.fromisoformat(data)



                return released_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        released_at = _parse_released_at(d.pop("released_at"))


        status = RedemptionOutStatus(d.pop("status"))




        student_id = d.pop("student_id")

        redemption_out = cls(
            amount=amount,
            code=code,
            course=course,
            created_at=created_at,
            currency=currency,
            discount_amount=discount_amount,
            enrollment_id=enrollment_id,
            id=id,
            list_amount=list_amount,
            order_id=order_id,
            released_at=released_at,
            status=status,
            student_id=student_id,
        )

        return redemption_out

