from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.timeseries_report_interval import TimeseriesReportInterval
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.attention_out import AttentionOut
  from ..models.timeseries_bucket import TimeseriesBucket





T = TypeVar("T", bound="TimeseriesReport")



@_attrs_define
class TimeseriesReport:
    """ 
        Attributes:
            attention (AttentionOut):
            buckets (list[TimeseriesBucket]):
            from_ (datetime.datetime):
            interval (TimeseriesReportInterval):
            to (datetime.datetime):
     """

    attention: AttentionOut
    buckets: list[TimeseriesBucket]
    from_: datetime.datetime
    interval: TimeseriesReportInterval
    to: datetime.datetime





    def to_dict(self) -> dict[str, Any]:
        from ..models.attention_out import AttentionOut # noqa: PLC0415
        from ..models.timeseries_bucket import TimeseriesBucket # noqa: PLC0415
        attention = self.attention.to_dict()

        buckets = []
        for buckets_item_data in self.buckets:
            buckets_item = buckets_item_data.to_dict()
            buckets.append(buckets_item)



        from_ = self.from_.isoformat()

        interval = self.interval.value

        to = self.to.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "attention": attention,
            "buckets": buckets,
            "from": from_,
            "interval": interval,
            "to": to,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.attention_out import AttentionOut # noqa: PLC0415
        from ..models.timeseries_bucket import TimeseriesBucket # noqa: PLC0415
        d = dict(src_dict)
        attention = AttentionOut.from_dict(d.pop("attention"))




        buckets = []
        _buckets = d.pop("buckets")
        for buckets_item_data in (_buckets):
            buckets_item = TimeseriesBucket.from_dict(buckets_item_data)



            buckets.append(buckets_item)


        from_ = datetime.datetime.fromisoformat(d.pop("from"))




        interval = TimeseriesReportInterval(d.pop("interval"))




        to = datetime.datetime.fromisoformat(d.pop("to"))




        timeseries_report = cls(
            attention=attention,
            buckets=buckets,
            from_=from_,
            interval=interval,
            to=to,
        )

        return timeseries_report

