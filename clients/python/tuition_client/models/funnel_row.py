from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.funnel_conversion import FunnelConversion
  from ..models.funnel_row_discount_codes import FunnelRowDiscountCodes





T = TypeVar("T", bound="FunnelRow")



@_attrs_define
class FunnelRow:
    """ 
        Attributes:
            abandoned (int): Checkouts that expired, failed or were canceled, or were declared abandoned while open (the
                abandoned-checkout reminder went out).
            checkouts_started (int):
            conversion (FunnelConversion):
            course (str):
            discount_codes (FunnelRowDiscountCodes): Paid orders per discount code applied (code: count).
            enroll_clicks (int):
            enrollments (int):
            median_seconds_to_enroll (float | None): From the student's signup to the activation.
            paid (int):
            recovered (int): Abandoned checkouts paid after all, or whose student paid for the course later.
            title (str):
            views (int):
     """

    abandoned: int
    checkouts_started: int
    conversion: FunnelConversion
    course: str
    discount_codes: FunnelRowDiscountCodes
    enroll_clicks: int
    enrollments: int
    median_seconds_to_enroll: float | None
    paid: int
    recovered: int
    title: str
    views: int





    def to_dict(self) -> dict[str, Any]:
        from ..models.funnel_conversion import FunnelConversion # noqa: PLC0415
        from ..models.funnel_row_discount_codes import FunnelRowDiscountCodes # noqa: PLC0415
        abandoned = self.abandoned

        checkouts_started = self.checkouts_started

        conversion = self.conversion.to_dict()

        course = self.course

        discount_codes = self.discount_codes.to_dict()

        enroll_clicks = self.enroll_clicks

        enrollments = self.enrollments

        median_seconds_to_enroll: float | None
        median_seconds_to_enroll = self.median_seconds_to_enroll

        paid = self.paid

        recovered = self.recovered

        title = self.title

        views = self.views


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "abandoned": abandoned,
            "checkouts_started": checkouts_started,
            "conversion": conversion,
            "course": course,
            "discount_codes": discount_codes,
            "enroll_clicks": enroll_clicks,
            "enrollments": enrollments,
            "median_seconds_to_enroll": median_seconds_to_enroll,
            "paid": paid,
            "recovered": recovered,
            "title": title,
            "views": views,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.funnel_conversion import FunnelConversion # noqa: PLC0415
        from ..models.funnel_row_discount_codes import FunnelRowDiscountCodes # noqa: PLC0415
        d = dict(src_dict)
        abandoned = d.pop("abandoned")

        checkouts_started = d.pop("checkouts_started")

        conversion = FunnelConversion.from_dict(d.pop("conversion"))




        course = d.pop("course")

        discount_codes = FunnelRowDiscountCodes.from_dict(d.pop("discount_codes"))




        enroll_clicks = d.pop("enroll_clicks")

        enrollments = d.pop("enrollments")

        def _parse_median_seconds_to_enroll(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        median_seconds_to_enroll = _parse_median_seconds_to_enroll(d.pop("median_seconds_to_enroll"))


        paid = d.pop("paid")

        recovered = d.pop("recovered")

        title = d.pop("title")

        views = d.pop("views")

        funnel_row = cls(
            abandoned=abandoned,
            checkouts_started=checkouts_started,
            conversion=conversion,
            course=course,
            discount_codes=discount_codes,
            enroll_clicks=enroll_clicks,
            enrollments=enrollments,
            median_seconds_to_enroll=median_seconds_to_enroll,
            paid=paid,
            recovered=recovered,
            title=title,
            views=views,
        )

        return funnel_row

