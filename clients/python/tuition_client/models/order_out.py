from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.order_out_enrollment_status import OrderOutEnrollmentStatus
from ..models.order_out_status import OrderOutStatus
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.order_out_checkout_type_0 import OrderOutCheckoutType0





T = TypeVar("T", bound="OrderOut")



@_attrs_define
class OrderOut:
    """ 
        Attributes:
            amount (int | Unset):
            checkout (None | OrderOutCheckoutType0 | Unset): What the provider's payment UI needs: the keys each provider
                documents (see its plugin), and possibly others.
            course (str | Unset):
            created_at (datetime.datetime | Unset):
            currency (str | Unset):
            enrollment_id (str | Unset):
            enrollment_status (OrderOutEnrollmentStatus | Unset):
            expires_at (datetime.datetime | None | Unset):
            id (str | Unset):
            paid_at (datetime.datetime | None | Unset):
            provider (str | Unset):
            refunded_amount (int | Unset):
            status (OrderOutStatus | Unset):
     """

    amount: int | Unset = UNSET
    checkout: None | OrderOutCheckoutType0 | Unset = UNSET
    course: str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    currency: str | Unset = UNSET
    enrollment_id: str | Unset = UNSET
    enrollment_status: OrderOutEnrollmentStatus | Unset = UNSET
    expires_at: datetime.datetime | None | Unset = UNSET
    id: str | Unset = UNSET
    paid_at: datetime.datetime | None | Unset = UNSET
    provider: str | Unset = UNSET
    refunded_amount: int | Unset = UNSET
    status: OrderOutStatus | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.order_out_checkout_type_0 import OrderOutCheckoutType0 # noqa: PLC0415
        amount = self.amount

        checkout: dict[str, Any] | None | Unset
        if isinstance(self.checkout, Unset):
            checkout = UNSET
        elif isinstance(self.checkout, OrderOutCheckoutType0):
            checkout = self.checkout.to_dict()
        else:
            checkout = self.checkout

        course = self.course

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        currency = self.currency

        enrollment_id = self.enrollment_id

        enrollment_status: str | Unset = UNSET
        if not isinstance(self.enrollment_status, Unset):
            enrollment_status = self.enrollment_status.value


        expires_at: None | str | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        elif isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        id = self.id

        paid_at: None | str | Unset
        if isinstance(self.paid_at, Unset):
            paid_at = UNSET
        elif isinstance(self.paid_at, datetime.datetime):
            paid_at = self.paid_at.isoformat()
        else:
            paid_at = self.paid_at

        provider = self.provider

        refunded_amount = self.refunded_amount

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value



        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if amount is not UNSET:
            field_dict["amount"] = amount
        if checkout is not UNSET:
            field_dict["checkout"] = checkout
        if course is not UNSET:
            field_dict["course"] = course
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if currency is not UNSET:
            field_dict["currency"] = currency
        if enrollment_id is not UNSET:
            field_dict["enrollment_id"] = enrollment_id
        if enrollment_status is not UNSET:
            field_dict["enrollment_status"] = enrollment_status
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if id is not UNSET:
            field_dict["id"] = id
        if paid_at is not UNSET:
            field_dict["paid_at"] = paid_at
        if provider is not UNSET:
            field_dict["provider"] = provider
        if refunded_amount is not UNSET:
            field_dict["refunded_amount"] = refunded_amount
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.order_out_checkout_type_0 import OrderOutCheckoutType0 # noqa: PLC0415
        d = dict(src_dict)
        amount = d.pop("amount", UNSET)

        def _parse_checkout(data: object) -> None | OrderOutCheckoutType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                checkout_type_0 = OrderOutCheckoutType0.from_dict(data)



                return checkout_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OrderOutCheckoutType0 | Unset, data)

        checkout = _parse_checkout(d.pop("checkout", UNSET))


        course = d.pop("course", UNSET)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at,  Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)




        currency = d.pop("currency", UNSET)

        enrollment_id = d.pop("enrollment_id", UNSET)

        _enrollment_status = d.pop("enrollment_status", UNSET)
        enrollment_status: OrderOutEnrollmentStatus | Unset
        if isinstance(_enrollment_status,  Unset):
            enrollment_status = UNSET
        else:
            enrollment_status = OrderOutEnrollmentStatus(_enrollment_status)




        def _parse_expires_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)



                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        expires_at = _parse_expires_at(d.pop("expires_at", UNSET))


        id = d.pop("id", UNSET)

        def _parse_paid_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                paid_at_type_0 = datetime.datetime.fromisoformat(data)



                return paid_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        paid_at = _parse_paid_at(d.pop("paid_at", UNSET))


        provider = d.pop("provider", UNSET)

        refunded_amount = d.pop("refunded_amount", UNSET)

        _status = d.pop("status", UNSET)
        status: OrderOutStatus | Unset
        if isinstance(_status,  Unset):
            status = UNSET
        else:
            status = OrderOutStatus(_status)




        order_out = cls(
            amount=amount,
            checkout=checkout,
            course=course,
            created_at=created_at,
            currency=currency,
            enrollment_id=enrollment_id,
            enrollment_status=enrollment_status,
            expires_at=expires_at,
            id=id,
            paid_at=paid_at,
            provider=provider,
            refunded_amount=refunded_amount,
            status=status,
        )

        return order_out

