from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.totals_out_discount_given import TotalsOutDiscountGiven
  from ..models.totals_out_revenue import TotalsOutRevenue





T = TypeVar("T", bound="TotalsOut")



@_attrs_define
class TotalsOut:
    """ 
        Attributes:
            discount_given (TotalsOutDiscountGiven):
            redemptions (int): Live: held or used.
            revenue (TotalsOutRevenue): What the used redemptions' orders charged, per currency.
            used (int): Of enrollments that are (or were) active.
     """

    discount_given: TotalsOutDiscountGiven
    redemptions: int
    revenue: TotalsOutRevenue
    used: int





    def to_dict(self) -> dict[str, Any]:
        from ..models.totals_out_discount_given import TotalsOutDiscountGiven # noqa: PLC0415
        from ..models.totals_out_revenue import TotalsOutRevenue # noqa: PLC0415
        discount_given = self.discount_given.to_dict()

        redemptions = self.redemptions

        revenue = self.revenue.to_dict()

        used = self.used


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "discount_given": discount_given,
            "redemptions": redemptions,
            "revenue": revenue,
            "used": used,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.totals_out_discount_given import TotalsOutDiscountGiven # noqa: PLC0415
        from ..models.totals_out_revenue import TotalsOutRevenue # noqa: PLC0415
        d = dict(src_dict)
        discount_given = TotalsOutDiscountGiven.from_dict(d.pop("discount_given"))




        redemptions = d.pop("redemptions")

        revenue = TotalsOutRevenue.from_dict(d.pop("revenue"))




        used = d.pop("used")

        totals_out = cls(
            discount_given=discount_given,
            redemptions=redemptions,
            revenue=revenue,
            used=used,
        )

        return totals_out

