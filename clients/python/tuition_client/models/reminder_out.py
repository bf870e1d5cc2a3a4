from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="ReminderOut")



@_attrs_define
class ReminderOut:
    """ 
        Attributes:
            amount (int | Unset):
            course_id (str | Unset):
            currency (str | Unset):
            id (str | Unset):
            order_id (str | Unset):
            recovered_at (datetime.datetime | None | Unset):
            recovered_order_id (None | str | Unset):
            reminded_at (datetime.datetime | Unset):
            student_id (str | Unset):
     """

    amount: int | Unset = UNSET
    course_id: str | Unset = UNSET
    currency: str | Unset = UNSET
    id: str | Unset = UNSET
    order_id: str | Unset = UNSET
    recovered_at: datetime.datetime | None | Unset = UNSET
    recovered_order_id: None | str | Unset = UNSET
    reminded_at: datetime.datetime | Unset = UNSET
    student_id: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        course_id = self.course_id

        currency = self.currency

        id = self.id

        order_id = self.order_id

        recovered_at: None | str | Unset
        if isinstance(self.recovered_at, Unset):
            recovered_at = UNSET
        elif isinstance(self.recovered_at, datetime.datetime):
            recovered_at = self.recovered_at.isoformat()
        else:
            recovered_at = self.recovered_at

        recovered_order_id: None | str | Unset
        if isinstance(self.recovered_order_id, Unset):
            recovered_order_id = UNSET
        else:
            recovered_order_id = self.recovered_order_id

        reminded_at: str | Unset = UNSET
        if not isinstance(self.reminded_at, Unset):
            reminded_at = self.reminded_at.isoformat()

        student_id = self.student_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if amount is not UNSET:
            field_dict["amount"] = amount
        if course_id is not UNSET:
            field_dict["course_id"] = course_id
        if currency is not UNSET:
            field_dict["currency"] = currency
        if id is not UNSET:
            field_dict["id"] = id
        if order_id is not UNSET:
            field_dict["order_id"] = order_id
        if recovered_at is not UNSET:
            field_dict["recovered_at"] = recovered_at
        if recovered_order_id is not UNSET:
            field_dict["recovered_order_id"] = recovered_order_id
        if reminded_at is not UNSET:
            field_dict["reminded_at"] = reminded_at
        if student_id is not UNSET:
            field_dict["student_id"] = student_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount", UNSET)

        course_id = d.pop("course_id", UNSET)

        currency = d.pop("currency", UNSET)

        id = d.pop("id", UNSET)

        order_id = d.pop("order_id", UNSET)

        def _parse_recovered_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                recovered_at_type_0 = datetime.datetime.fromisoformat(data)



                return recovered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        recovered_at = _parse_recovered_at(d.pop("recovered_at", UNSET))


        def _parse_recovered_order_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        recovered_order_id = _parse_recovered_order_id(d.pop("recovered_order_id", UNSET))


        _reminded_at = d.pop("reminded_at", UNSET)
        reminded_at: datetime.datetime | Unset
        if isinstance(_reminded_at,  Unset):
            reminded_at = UNSET
        else:
            reminded_at = datetime.datetime.fromisoformat(_reminded_at)




        student_id = d.pop("student_id", UNSET)

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

