from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.admin_enrollment_out_status import AdminEnrollmentOutStatus
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.admin_enrollment_out_checkout_type_0 import AdminEnrollmentOutCheckoutType0





T = TypeVar("T", bound="AdminEnrollmentOut")



@_attrs_define
class AdminEnrollmentOut:
    """ 
        Attributes:
            activated_at (datetime.datetime | None):
            checkout (AdminEnrollmentOutCheckoutType0 | None): The order to pay, and what the provider's payment UI needs
                (the keys of OrderOut.checkout).
            completed_at (datetime.datetime | None):
            course (str):
            created_at (datetime.datetime):
            ended_at (datetime.datetime | None):
            external_reference (None | str): An enrollment the site owner made by hand: what it was paid with outside
                Tuition (null: complimentary, or not made by hand).
            id (str):
            order_id (None | str): While pending: the order waiting for payment (GET /v1/orders/{id} shows its checkout, to
                resume paying); otherwise null.
            source (str):
            status (AdminEnrollmentOutStatus):
            student_email (None | str):
            student_id (str):
            student_name (None | str):
            student_sign_in_method (None | str): How the student first signed in: password (built-in signup), email (the
                identity provider's own sign-in) or a social provider's name such as Google; null when unknown.
            take_seat (bool): False: enrolled beyond capacity by the site owner.
     """

    activated_at: datetime.datetime | None
    checkout: AdminEnrollmentOutCheckoutType0 | None
    completed_at: datetime.datetime | None
    course: str
    created_at: datetime.datetime
    ended_at: datetime.datetime | None
    external_reference: None | str
    id: str
    order_id: None | str
    source: str
    status: AdminEnrollmentOutStatus
    student_email: None | str
    student_id: str
    student_name: None | str
    student_sign_in_method: None | str
    take_seat: bool





    def to_dict(self) -> dict[str, Any]:
        from ..models.admin_enrollment_out_checkout_type_0 import AdminEnrollmentOutCheckoutType0 # noqa: PLC0415
        activated_at: None | str
        if isinstance(self.activated_at, datetime.datetime):
            activated_at = self.activated_at.isoformat()
        else:
            activated_at = self.activated_at

        checkout: dict[str, Any] | None
        if isinstance(self.checkout, AdminEnrollmentOutCheckoutType0):
            checkout = self.checkout.to_dict()
        else:
            checkout = self.checkout

        completed_at: None | str
        if isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        course = self.course

        created_at = self.created_at.isoformat()

        ended_at: None | str
        if isinstance(self.ended_at, datetime.datetime):
            ended_at = self.ended_at.isoformat()
        else:
            ended_at = self.ended_at

        external_reference: None | str
        external_reference = self.external_reference

        id = self.id

        order_id: None | str
        order_id = self.order_id

        source = self.source

        status = self.status.value

        student_email: None | str
        student_email = self.student_email

        student_id = self.student_id

        student_name: None | str
        student_name = self.student_name

        student_sign_in_method: None | str
        student_sign_in_method = self.student_sign_in_method

        take_seat = self.take_seat


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "activated_at": activated_at,
            "checkout": checkout,
            "completed_at": completed_at,
            "course": course,
            "created_at": created_at,
            "ended_at": ended_at,
            "external_reference": external_reference,
            "id": id,
            "order_id": order_id,
            "source": source,
            "status": status,
            "student_email": student_email,
            "student_id": student_id,
            "student_name": student_name,
            "student_sign_in_method": student_sign_in_method,
            "take_seat": take_seat,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.admin_enrollment_out_checkout_type_0 import AdminEnrollmentOutCheckoutType0 # noqa: PLC0415
        d = dict(src_dict)
        def _parse_activated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                activated_at_type_0 = datetime.datetime.fromisoformat(data)



                return activated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        activated_at = _parse_activated_at(d.pop("activated_at"))


        def _parse_checkout(data: object) -> AdminEnrollmentOutCheckoutType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                checkout_type_0 = AdminEnrollmentOutCheckoutType0.from_dict(data)



                return checkout_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AdminEnrollmentOutCheckoutType0 | None, data)

        checkout = _parse_checkout(d.pop("checkout"))


        def _parse_completed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = datetime.datetime.fromisoformat(data)



                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        completed_at = _parse_completed_at(d.pop("completed_at"))


        course = d.pop("course")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_ended_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ended_at_type_0 = datetime.datetime.fromisoformat(data)



                return ended_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ended_at = _parse_ended_at(d.pop("ended_at"))


        def _parse_external_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        external_reference = _parse_external_reference(d.pop("external_reference"))


        id = d.pop("id")

        def _parse_order_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        order_id = _parse_order_id(d.pop("order_id"))


        source = d.pop("source")

        status = AdminEnrollmentOutStatus(d.pop("status"))




        def _parse_student_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        student_email = _parse_student_email(d.pop("student_email"))


        student_id = d.pop("student_id")

        def _parse_student_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        student_name = _parse_student_name(d.pop("student_name"))


        def _parse_student_sign_in_method(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        student_sign_in_method = _parse_student_sign_in_method(d.pop("student_sign_in_method"))


        take_seat = d.pop("take_seat")

        admin_enrollment_out = cls(
            activated_at=activated_at,
            checkout=checkout,
            completed_at=completed_at,
            course=course,
            created_at=created_at,
            ended_at=ended_at,
            external_reference=external_reference,
            id=id,
            order_id=order_id,
            source=source,
            status=status,
            student_email=student_email,
            student_id=student_id,
            student_name=student_name,
            student_sign_in_method=student_sign_in_method,
            take_seat=take_seat,
        )

        return admin_enrollment_out

