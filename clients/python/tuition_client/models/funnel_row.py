from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.funnel_conversion import FunnelConversion





T = TypeVar("T", bound="FunnelRow")



@_attrs_define
class FunnelRow:
    """ 
        Attributes:
            abandoned (int | Unset):
            checkouts_started (int | Unset):
            conversion (FunnelConversion | Unset):
            course (str | Unset):
            enroll_clicks (int | Unset):
            enrollments (int | Unset):
            median_seconds_to_enroll (float | None | Unset): From the student's signup to the activation.
            paid (int | Unset):
            recovered (int | Unset):
            title (str | Unset):
            views (int | Unset):
     """

    abandoned: int | Unset = UNSET
    checkouts_started: int | Unset = UNSET
    conversion: FunnelConversion | Unset = UNSET
    course: str | Unset = UNSET
    enroll_clicks: int | Unset = UNSET
    enrollments: int | Unset = UNSET
    median_seconds_to_enroll: float | None | Unset = UNSET
    paid: int | Unset = UNSET
    recovered: int | Unset = UNSET
    title: str | Unset = UNSET
    views: int | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.funnel_conversion import FunnelConversion # noqa: PLC0415
        abandoned = self.abandoned

        checkouts_started = self.checkouts_started

        conversion: dict[str, Any] | Unset = UNSET
        if not isinstance(self.conversion, Unset):
            conversion = self.conversion.to_dict()

        course = self.course

        enroll_clicks = self.enroll_clicks

        enrollments = self.enrollments

        median_seconds_to_enroll: float | None | Unset
        if isinstance(self.median_seconds_to_enroll, Unset):
            median_seconds_to_enroll = UNSET
        else:
            median_seconds_to_enroll = self.median_seconds_to_enroll

        paid = self.paid

        recovered = self.recovered

        title = self.title

        views = self.views


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if abandoned is not UNSET:
            field_dict["abandoned"] = abandoned
        if checkouts_started is not UNSET:
            field_dict["checkouts_started"] = checkouts_started
        if conversion is not UNSET:
            field_dict["conversion"] = conversion
        if course is not UNSET:
            field_dict["course"] = course
        if enroll_clicks is not UNSET:
            field_dict["enroll_clicks"] = enroll_clicks
        if enrollments is not UNSET:
            field_dict["enrollments"] = enrollments
        if median_seconds_to_enroll is not UNSET:
            field_dict["median_seconds_to_enroll"] = median_seconds_to_enroll
        if paid is not UNSET:
            field_dict["paid"] = paid
        if recovered is not UNSET:
            field_dict["recovered"] = recovered
        if title is not UNSET:
            field_dict["title"] = title
        if views is not UNSET:
            field_dict["views"] = views

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.funnel_conversion import FunnelConversion # noqa: PLC0415
        d = dict(src_dict)
        abandoned = d.pop("abandoned", UNSET)

        checkouts_started = d.pop("checkouts_started", UNSET)

        _conversion = d.pop("conversion", UNSET)
        conversion: FunnelConversion | Unset
        if isinstance(_conversion,  Unset):
            conversion = UNSET
        else:
            conversion = FunnelConversion.from_dict(_conversion)




        course = d.pop("course", UNSET)

        enroll_clicks = d.pop("enroll_clicks", UNSET)

        enrollments = d.pop("enrollments", UNSET)

        def _parse_median_seconds_to_enroll(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        median_seconds_to_enroll = _parse_median_seconds_to_enroll(d.pop("median_seconds_to_enroll", UNSET))


        paid = d.pop("paid", UNSET)

        recovered = d.pop("recovered", UNSET)

        title = d.pop("title", UNSET)

        views = d.pop("views", UNSET)

        funnel_row = cls(
            abandoned=abandoned,
            checkouts_started=checkouts_started,
            conversion=conversion,
            course=course,
            enroll_clicks=enroll_clicks,
            enrollments=enrollments,
            median_seconds_to_enroll=median_seconds_to_enroll,
            paid=paid,
            recovered=recovered,
            title=title,
            views=views,
        )

        return funnel_row

