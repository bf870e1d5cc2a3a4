from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.money_out import MoneyOut





T = TypeVar("T", bound="TimeseriesBucket")



@_attrs_define
class TimeseriesBucket:
    """ 
        Attributes:
            checkouts_started (int):
            conversion (float | None): paid_orders / checkouts_started.
            enroll_clicks (int): Enrollment attempts, refused ones included.
            enrollments (int): Enrollments activated.
            paid_orders (int): Of the checkouts started in the bucket, those paid.
            revenue (list[MoneyOut]): Amounts of the orders paid in the bucket, per currency; refunds not deducted.
            signups (int):
            start (datetime.date): The bucket's first day (UTC).
            views (int): Course pages shown (the funnel's first step).
     """

    checkouts_started: int
    conversion: float | None
    enroll_clicks: int
    enrollments: int
    paid_orders: int
    revenue: list[MoneyOut]
    signups: int
    start: datetime.date
    views: int





    def to_dict(self) -> dict[str, Any]:
        from ..models.money_out import MoneyOut # noqa: PLC0415
        checkouts_started = self.checkouts_started

        conversion: float | None
        conversion = self.conversion

        enroll_clicks = self.enroll_clicks

        enrollments = self.enrollments

        paid_orders = self.paid_orders

        revenue = []
        for revenue_item_data in self.revenue:
            revenue_item = revenue_item_data.to_dict()
            revenue.append(revenue_item)



        signups = self.signups

        start = self.start.isoformat()

        views = self.views


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "checkouts_started": checkouts_started,
            "conversion": conversion,
            "enroll_clicks": enroll_clicks,
            "enrollments": enrollments,
            "paid_orders": paid_orders,
            "revenue": revenue,
            "signups": signups,
            "start": start,
            "views": views,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money_out import MoneyOut # noqa: PLC0415
        d = dict(src_dict)
        checkouts_started = d.pop("checkouts_started")

        def _parse_conversion(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        conversion = _parse_conversion(d.pop("conversion"))


        enroll_clicks = d.pop("enroll_clicks")

        enrollments = d.pop("enrollments")

        paid_orders = d.pop("paid_orders")

        revenue = []
        _revenue = d.pop("revenue")
        for revenue_item_data in (_revenue):
            revenue_item = MoneyOut.from_dict(revenue_item_data)



            revenue.append(revenue_item)


        signups = d.pop("signups")

        start = datetime.date.fromisoformat(d.pop("start"))




        views = d.pop("views")

        timeseries_bucket = cls(
            checkouts_started=checkouts_started,
            conversion=conversion,
            enroll_clicks=enroll_clicks,
            enrollments=enrollments,
            paid_orders=paid_orders,
            revenue=revenue,
            signups=signups,
            start=start,
            views=views,
        )

        return timeseries_bucket

