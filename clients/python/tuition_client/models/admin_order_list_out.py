from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.admin_order_list_out_enrollment_status import AdminOrderListOutEnrollmentStatus
from ..models.admin_order_list_out_status import AdminOrderListOutStatus
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.admin_order_list_out_billing_type_0 import AdminOrderListOutBillingType0
  from ..models.admin_order_list_out_checkout_type_0 import AdminOrderListOutCheckoutType0
  from ..models.admin_order_list_out_tax_type_0 import AdminOrderListOutTaxType0
  from ..models.order_student_out import OrderStudentOut





T = TypeVar("T", bound="AdminOrderListOut")



@_attrs_define
class AdminOrderListOut:
    """ 
        Attributes:
            amount (int): What is charged (the gross): list_amount less discount_amount, or with a tax plugin the gross it
                computed from that (tax_amount included).
            billing (AdminOrderListOutBillingType0 | None): The buyer's billing details the tax was computed for: country,
                region, vat_id, company_name.
            checkout (AdminOrderListOutCheckoutType0 | None): What the provider's payment UI needs: the keys each provider
                documents (see its plugin), and possibly others.
            course (str):
            created_at (datetime.datetime):
            currency (str):
            customer_email (None | str):
            discount_amount (int): What a price offer (a discount code, …) took off list_amount.
            discount_code (None | str): The discount code applied, if any.
            enrollment_id (str):
            enrollment_status (AdminOrderListOutEnrollmentStatus):
            expires_at (datetime.datetime | None):
            id (str):
            list_amount (int | None): The course's price when the order was made (minor units), times the seats it sells
                when a plugin sells several (team seats).
            paid_amount (int | None): What the provider reported as paid, in minor units of paid_currency (null until paid).
                It differs from amount/currency only for a mismatched payment, which is refunded in full.
            paid_at (datetime.datetime | None):
            paid_currency (None | str):
            provider (str):
            refunded_amount (int):
            status (AdminOrderListOutStatus): checkout_pending: the provider's checkout is being made (the order becomes
                pending with its checkout, or failed); pending: waiting for the payment.
            student (OrderStudentOut):
            student_id (str):
            tax (AdminOrderListOutTaxType0 | None): The tax breakdown a tax plugin recorded: net, rate, name, country,
                reverse_charge, note, …
            tax_amount (int): The tax included in amount (0 without a tax plugin).
            tax_refunded_amount (int): The part of tax_amount refunds gave back (proportional).
     """

    amount: int
    billing: AdminOrderListOutBillingType0 | None
    checkout: AdminOrderListOutCheckoutType0 | None
    course: str
    created_at: datetime.datetime
    currency: str
    customer_email: None | str
    discount_amount: int
    discount_code: None | str
    enrollment_id: str
    enrollment_status: AdminOrderListOutEnrollmentStatus
    expires_at: datetime.datetime | None
    id: str
    list_amount: int | None
    paid_amount: int | None
    paid_at: datetime.datetime | None
    paid_currency: None | str
    provider: str
    refunded_amount: int
    status: AdminOrderListOutStatus
    student: OrderStudentOut
    student_id: str
    tax: AdminOrderListOutTaxType0 | None
    tax_amount: int
    tax_refunded_amount: int





    def to_dict(self) -> dict[str, Any]:
        from ..models.admin_order_list_out_billing_type_0 import AdminOrderListOutBillingType0 # noqa: PLC0415
        from ..models.admin_order_list_out_checkout_type_0 import AdminOrderListOutCheckoutType0 # noqa: PLC0415
        from ..models.admin_order_list_out_tax_type_0 import AdminOrderListOutTaxType0 # noqa: PLC0415
        from ..models.order_student_out import OrderStudentOut # noqa: PLC0415
        amount = self.amount

        billing: dict[str, Any] | None
        if isinstance(self.billing, AdminOrderListOutBillingType0):
            billing = self.billing.to_dict()
        else:
            billing = self.billing

        checkout: dict[str, Any] | None
        if isinstance(self.checkout, AdminOrderListOutCheckoutType0):
            checkout = self.checkout.to_dict()
        else:
            checkout = self.checkout

        course = self.course

        created_at = self.created_at.isoformat()

        currency = self.currency

        customer_email: None | str
        customer_email = self.customer_email

        discount_amount = self.discount_amount

        discount_code: None | str
        discount_code = self.discount_code

        enrollment_id = self.enrollment_id

        enrollment_status = self.enrollment_status.value

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        id = self.id

        list_amount: int | None
        list_amount = self.list_amount

        paid_amount: int | None
        paid_amount = self.paid_amount

        paid_at: None | str
        if isinstance(self.paid_at, datetime.datetime):
            paid_at = self.paid_at.isoformat()
        else:
            paid_at = self.paid_at

        paid_currency: None | str
        paid_currency = self.paid_currency

        provider = self.provider

        refunded_amount = self.refunded_amount

        status = self.status.value

        student = self.student.to_dict()

        student_id = self.student_id

        tax: dict[str, Any] | None
        if isinstance(self.tax, AdminOrderListOutTaxType0):
            tax = self.tax.to_dict()
        else:
            tax = self.tax

        tax_amount = self.tax_amount

        tax_refunded_amount = self.tax_refunded_amount


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "amount": amount,
            "billing": billing,
            "checkout": checkout,
            "course": course,
            "created_at": created_at,
            "currency": currency,
            "customer_email": customer_email,
            "discount_amount": discount_amount,
            "discount_code": discount_code,
            "enrollment_id": enrollment_id,
            "enrollment_status": enrollment_status,
            "expires_at": expires_at,
            "id": id,
            "list_amount": list_amount,
            "paid_amount": paid_amount,
            "paid_at": paid_at,
            "paid_currency": paid_currency,
            "provider": provider,
            "refunded_amount": refunded_amount,
            "status": status,
            "student": student,
            "student_id": student_id,
            "tax": tax,
            "tax_amount": tax_amount,
            "tax_refunded_amount": tax_refunded_amount,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.admin_order_list_out_billing_type_0 import AdminOrderListOutBillingType0 # noqa: PLC0415
        from ..models.admin_order_list_out_checkout_type_0 import AdminOrderListOutCheckoutType0 # noqa: PLC0415
        from ..models.admin_order_list_out_tax_type_0 import AdminOrderListOutTaxType0 # noqa: PLC0415
        from ..models.order_student_out import OrderStudentOut # noqa: PLC0415
        d = dict(src_dict)
        amount = d.pop("amount")

        def _parse_billing(data: object) -> AdminOrderListOutBillingType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                billing_type_0 = AdminOrderListOutBillingType0.from_dict(data)



                return billing_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AdminOrderListOutBillingType0 | None, data)

        billing = _parse_billing(d.pop("billing"))


        def _parse_checkout(data: object) -> AdminOrderListOutCheckoutType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                checkout_type_0 = AdminOrderListOutCheckoutType0.from_dict(data)



                return checkout_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AdminOrderListOutCheckoutType0 | None, data)

        checkout = _parse_checkout(d.pop("checkout"))


        course = d.pop("course")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        currency = d.pop("currency")

        def _parse_customer_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        customer_email = _parse_customer_email(d.pop("customer_email"))


        discount_amount = d.pop("discount_amount")

        def _parse_discount_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        discount_code = _parse_discount_code(d.pop("discount_code"))


        enrollment_id = d.pop("enrollment_id")

        enrollment_status = AdminOrderListOutEnrollmentStatus(d.pop("enrollment_status"))




        def _parse_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)



                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        expires_at = _parse_expires_at(d.pop("expires_at"))


        id = d.pop("id")

        def _parse_list_amount(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        list_amount = _parse_list_amount(d.pop("list_amount"))


        def _parse_paid_amount(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        paid_amount = _parse_paid_amount(d.pop("paid_amount"))


        def _parse_paid_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                paid_at_type_0 = datetime.datetime.fromisoformat(data)



                return paid_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        paid_at = _parse_paid_at(d.pop("paid_at"))


        def _parse_paid_currency(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        paid_currency = _parse_paid_currency(d.pop("paid_currency"))


        provider = d.pop("provider")

        refunded_amount = d.pop("refunded_amount")

        status = AdminOrderListOutStatus(d.pop("status"))




        student = OrderStudentOut.from_dict(d.pop("student"))




        student_id = d.pop("student_id")

        def _parse_tax(data: object) -> AdminOrderListOutTaxType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                tax_type_0 = AdminOrderListOutTaxType0.from_dict(data)



                return tax_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AdminOrderListOutTaxType0 | None, data)

        tax = _parse_tax(d.pop("tax"))


        tax_amount = d.pop("tax_amount")

        tax_refunded_amount = d.pop("tax_refunded_amount")

        admin_order_list_out = cls(
            amount=amount,
            billing=billing,
            checkout=checkout,
            course=course,
            created_at=created_at,
            currency=currency,
            customer_email=customer_email,
            discount_amount=discount_amount,
            discount_code=discount_code,
            enrollment_id=enrollment_id,
            enrollment_status=enrollment_status,
            expires_at=expires_at,
            id=id,
            list_amount=list_amount,
            paid_amount=paid_amount,
            paid_at=paid_at,
            paid_currency=paid_currency,
            provider=provider,
            refunded_amount=refunded_amount,
            status=status,
            student=student,
            student_id=student_id,
            tax=tax,
            tax_amount=tax_amount,
            tax_refunded_amount=tax_refunded_amount,
        )

        return admin_order_list_out

