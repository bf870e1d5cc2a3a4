from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.admin_enrollment_out_status import AdminEnrollmentOutStatus
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.admin_enrollment_out_checkout_type_0 import AdminEnrollmentOutCheckoutType0





T = TypeVar("T", bound="AdminEnrollmentOut")



@_attrs_define
class AdminEnrollmentOut:
    """ 
        Attributes:
            activated_at (datetime.datetime | None | Unset):
            checkout (AdminEnrollmentOutCheckoutType0 | None | Unset): The order to pay, and what the provider's payment UI
                needs (the keys of OrderOut.checkout).
            completed_at (datetime.datetime | None | Unset):
            course (str | Unset):
            created_at (datetime.datetime | Unset):
            id (str | Unset):
            order_id (None | str | Unset): While pending: the order waiting for payment (GET /v1/orders/{id} shows its
                checkout, to resume paying); otherwise null.
            source (str | Unset):
            status (AdminEnrollmentOutStatus | Unset):
            student_email (None | str | Unset):
            student_id (str | Unset):
     """

    activated_at: datetime.datetime | None | Unset = UNSET
    checkout: AdminEnrollmentOutCheckoutType0 | None | Unset = UNSET
    completed_at: datetime.datetime | None | Unset = UNSET
    course: str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    id: str | Unset = UNSET
    order_id: None | str | Unset = UNSET
    source: str | Unset = UNSET
    status: AdminEnrollmentOutStatus | Unset = UNSET
    student_email: None | str | Unset = UNSET
    student_id: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.admin_enrollment_out_checkout_type_0 import AdminEnrollmentOutCheckoutType0 # noqa: PLC0415
        activated_at: None | str | Unset
        if isinstance(self.activated_at, Unset):
            activated_at = UNSET
        elif isinstance(self.activated_at, datetime.datetime):
            activated_at = self.activated_at.isoformat()
        else:
            activated_at = self.activated_at

        checkout: dict[str, Any] | None | Unset
        if isinstance(self.checkout, Unset):
            checkout = UNSET
        elif isinstance(self.checkout, AdminEnrollmentOutCheckoutType0):
            checkout = self.checkout.to_dict()
        else:
            checkout = self.checkout

        completed_at: None | str | Unset
        if isinstance(self.completed_at, Unset):
            completed_at = UNSET
        elif isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        course = self.course

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        id = self.id

        order_id: None | str | Unset
        if isinstance(self.order_id, Unset):
            order_id = UNSET
        else:
            order_id = self.order_id

        source = self.source

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value


        student_email: None | str | Unset
        if isinstance(self.student_email, Unset):
            student_email = UNSET
        else:
            student_email = self.student_email

        student_id = self.student_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if activated_at is not UNSET:
            field_dict["activated_at"] = activated_at
        if checkout is not UNSET:
            field_dict["checkout"] = checkout
        if completed_at is not UNSET:
            field_dict["completed_at"] = completed_at
        if course is not UNSET:
            field_dict["course"] = course
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if id is not UNSET:
            field_dict["id"] = id
        if order_id is not UNSET:
            field_dict["order_id"] = order_id
        if source is not UNSET:
            field_dict["source"] = source
        if status is not UNSET:
            field_dict["status"] = status
        if student_email is not UNSET:
            field_dict["student_email"] = student_email
        if student_id is not UNSET:
            field_dict["student_id"] = student_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.admin_enrollment_out_checkout_type_0 import AdminEnrollmentOutCheckoutType0 # noqa: PLC0415
        d = dict(src_dict)
        def _parse_activated_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                activated_at_type_0 = datetime.datetime.fromisoformat(data)



                return activated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        activated_at = _parse_activated_at(d.pop("activated_at", UNSET))


        def _parse_checkout(data: object) -> AdminEnrollmentOutCheckoutType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                checkout_type_0 = AdminEnrollmentOutCheckoutType0.from_dict(data)



                return checkout_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AdminEnrollmentOutCheckoutType0 | None | Unset, data)

        checkout = _parse_checkout(d.pop("checkout", UNSET))


        def _parse_completed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = datetime.datetime.fromisoformat(data)



                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        completed_at = _parse_completed_at(d.pop("completed_at", UNSET))


        course = d.pop("course", UNSET)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at,  Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)




        id = d.pop("id", UNSET)

        def _parse_order_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        order_id = _parse_order_id(d.pop("order_id", UNSET))


        source = d.pop("source", UNSET)

        _status = d.pop("status", UNSET)
        status: AdminEnrollmentOutStatus | Unset
        if isinstance(_status,  Unset):
            status = UNSET
        else:
            status = AdminEnrollmentOutStatus(_status)




        def _parse_student_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        student_email = _parse_student_email(d.pop("student_email", UNSET))


        student_id = d.pop("student_id", UNSET)

        admin_enrollment_out = cls(
            activated_at=activated_at,
            checkout=checkout,
            completed_at=completed_at,
            course=course,
            created_at=created_at,
            id=id,
            order_id=order_id,
            source=source,
            status=status,
            student_email=student_email,
            student_id=student_id,
        )

        return admin_enrollment_out

