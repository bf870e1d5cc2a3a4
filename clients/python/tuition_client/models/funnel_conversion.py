from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="FunnelConversion")



@_attrs_define
class FunnelConversion:
    """ 
        Attributes:
            abandoned_recovered (float | None):
            checkout_to_paid (float | None):
            click_to_enrollment (float | None):
            view_to_enrollment (float | None):
     """

    abandoned_recovered: float | None
    checkout_to_paid: float | None
    click_to_enrollment: float | None
    view_to_enrollment: float | None





    def to_dict(self) -> dict[str, Any]:
        abandoned_recovered: float | None
        abandoned_recovered = self.abandoned_recovered

        checkout_to_paid: float | None
        checkout_to_paid = self.checkout_to_paid

        click_to_enrollment: float | None
        click_to_enrollment = self.click_to_enrollment

        view_to_enrollment: float | None
        view_to_enrollment = self.view_to_enrollment


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "abandoned_recovered": abandoned_recovered,
            "checkout_to_paid": checkout_to_paid,
            "click_to_enrollment": click_to_enrollment,
            "view_to_enrollment": view_to_enrollment,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_abandoned_recovered(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        abandoned_recovered = _parse_abandoned_recovered(d.pop("abandoned_recovered"))


        def _parse_checkout_to_paid(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        checkout_to_paid = _parse_checkout_to_paid(d.pop("checkout_to_paid"))


        def _parse_click_to_enrollment(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        click_to_enrollment = _parse_click_to_enrollment(d.pop("click_to_enrollment"))


        def _parse_view_to_enrollment(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        view_to_enrollment = _parse_view_to_enrollment(d.pop("view_to_enrollment"))


        funnel_conversion = cls(
            abandoned_recovered=abandoned_recovered,
            checkout_to_paid=checkout_to_paid,
            click_to_enrollment=click_to_enrollment,
            view_to_enrollment=view_to_enrollment,
        )

        return funnel_conversion

