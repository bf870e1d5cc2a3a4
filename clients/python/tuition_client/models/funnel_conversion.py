from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="FunnelConversion")



@_attrs_define
class FunnelConversion:
    """ 
        Attributes:
            abandoned_recovered (float | None | Unset):
            checkout_to_paid (float | None | Unset):
            click_to_enrollment (float | None | Unset):
            view_to_enrollment (float | None | Unset):
     """

    abandoned_recovered: float | None | Unset = UNSET
    checkout_to_paid: float | None | Unset = UNSET
    click_to_enrollment: float | None | Unset = UNSET
    view_to_enrollment: float | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        abandoned_recovered: float | None | Unset
        if isinstance(self.abandoned_recovered, Unset):
            abandoned_recovered = UNSET
        else:
            abandoned_recovered = self.abandoned_recovered

        checkout_to_paid: float | None | Unset
        if isinstance(self.checkout_to_paid, Unset):
            checkout_to_paid = UNSET
        else:
            checkout_to_paid = self.checkout_to_paid

        click_to_enrollment: float | None | Unset
        if isinstance(self.click_to_enrollment, Unset):
            click_to_enrollment = UNSET
        else:
            click_to_enrollment = self.click_to_enrollment

        view_to_enrollment: float | None | Unset
        if isinstance(self.view_to_enrollment, Unset):
            view_to_enrollment = UNSET
        else:
            view_to_enrollment = self.view_to_enrollment


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if abandoned_recovered is not UNSET:
            field_dict["abandoned_recovered"] = abandoned_recovered
        if checkout_to_paid is not UNSET:
            field_dict["checkout_to_paid"] = checkout_to_paid
        if click_to_enrollment is not UNSET:
            field_dict["click_to_enrollment"] = click_to_enrollment
        if view_to_enrollment is not UNSET:
            field_dict["view_to_enrollment"] = view_to_enrollment

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_abandoned_recovered(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        abandoned_recovered = _parse_abandoned_recovered(d.pop("abandoned_recovered", UNSET))


        def _parse_checkout_to_paid(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        checkout_to_paid = _parse_checkout_to_paid(d.pop("checkout_to_paid", UNSET))


        def _parse_click_to_enrollment(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        click_to_enrollment = _parse_click_to_enrollment(d.pop("click_to_enrollment", UNSET))


        def _parse_view_to_enrollment(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        view_to_enrollment = _parse_view_to_enrollment(d.pop("view_to_enrollment", UNSET))


        funnel_conversion = cls(
            abandoned_recovered=abandoned_recovered,
            checkout_to_paid=checkout_to_paid,
            click_to_enrollment=click_to_enrollment,
            view_to_enrollment=view_to_enrollment,
        )

        return funnel_conversion

