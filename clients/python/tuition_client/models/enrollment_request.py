from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.enrollment_request_payment_plan import EnrollmentRequestPaymentPlan
from ..types import UNSET, Unset






T = TypeVar("T", bound="EnrollmentRequest")



@_attrs_define
class EnrollmentRequest:
    """ 
        Attributes:
            course (str):
            billing_country (str | Unset): The buyer's billing country (ISO 3166-1 alpha-2).
            billing_region (str | Unset): The buyer's region where the tax depends on it (US).
            code (str | Unset): A discount or access code (case-insensitive).
            cohort (str | Unset): The cohort to enroll in (``extensions.cohorts[].slug``); required for courses sold per
                cohort.
            company_name (str | Unset): The buyer's company name.
            payment_plan (EnrollmentRequestPaymentPlan | Unset): For a course sold in installments: pay in ``full`` (its
                price) or in ``installments`` (its plan). Default: full when offered.
            seats (int | Unset): Buy this many seats of the course in one order (team seats, seats plugin): the order
                charges seats times the price; the buyer's own enrollment is the first seat and the others are redeemed with
                seat codes or the link (GET /v1/me/seat-purchases).
            vat_id (str | Unset): The buyer's VAT ID (a business: reverse charge in the EU).
     """

    course: str
    billing_country: str | Unset = UNSET
    billing_region: str | Unset = UNSET
    code: str | Unset = UNSET
    cohort: str | Unset = UNSET
    company_name: str | Unset = UNSET
    payment_plan: EnrollmentRequestPaymentPlan | Unset = UNSET
    seats: int | Unset = UNSET
    vat_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        course = self.course

        billing_country = self.billing_country

        billing_region = self.billing_region

        code = self.code

        cohort = self.cohort

        company_name = self.company_name

        payment_plan: str | Unset = UNSET
        if not isinstance(self.payment_plan, Unset):
            payment_plan = self.payment_plan.value


        seats = self.seats

        vat_id = self.vat_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "course": course,
        })
        if billing_country is not UNSET:
            field_dict["billing_country"] = billing_country
        if billing_region is not UNSET:
            field_dict["billing_region"] = billing_region
        if code is not UNSET:
            field_dict["code"] = code
        if cohort is not UNSET:
            field_dict["cohort"] = cohort
        if company_name is not UNSET:
            field_dict["company_name"] = company_name
        if payment_plan is not UNSET:
            field_dict["payment_plan"] = payment_plan
        if seats is not UNSET:
            field_dict["seats"] = seats
        if vat_id is not UNSET:
            field_dict["vat_id"] = vat_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        course = d.pop("course")

        billing_country = d.pop("billing_country", UNSET)

        billing_region = d.pop("billing_region", UNSET)

        code = d.pop("code", UNSET)

        cohort = d.pop("cohort", UNSET)

        company_name = d.pop("company_name", UNSET)

        _payment_plan = d.pop("payment_plan", UNSET)
        payment_plan: EnrollmentRequestPaymentPlan | Unset
        if isinstance(_payment_plan,  Unset):
            payment_plan = UNSET
        else:
            payment_plan = EnrollmentRequestPaymentPlan(_payment_plan)




        seats = d.pop("seats", UNSET)

        vat_id = d.pop("vat_id", UNSET)

        enrollment_request = cls(
            course=course,
            billing_country=billing_country,
            billing_region=billing_region,
            code=code,
            cohort=cohort,
            company_name=company_name,
            payment_plan=payment_plan,
            seats=seats,
            vat_id=vat_id,
        )


        enrollment_request.additional_properties = d
        return enrollment_request

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
