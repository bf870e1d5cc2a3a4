from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.charge import Charge





T = TypeVar("T", bound="ChargesResult")



@_attrs_define
class ChargesResult:
    """ 
        Attributes:
            charges (list[Charge]):
            now (datetime.datetime):
            webhooks_sent (int):
     """

    charges: list[Charge]
    now: datetime.datetime
    webhooks_sent: int





    def to_dict(self) -> dict[str, Any]:
        from ..models.charge import Charge # noqa: PLC0415
        charges = []
        for charges_item_data in self.charges:
            charges_item = charges_item_data.to_dict()
            charges.append(charges_item)



        now = self.now.isoformat()

        webhooks_sent = self.webhooks_sent


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "charges": charges,
            "now": now,
            "webhooks_sent": webhooks_sent,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.charge import Charge # noqa: PLC0415
        d = dict(src_dict)
        charges = []
        _charges = d.pop("charges")
        for charges_item_data in (_charges):
            charges_item = Charge.from_dict(charges_item_data)



            charges.append(charges_item)


        now = datetime.datetime.fromisoformat(d.pop("now"))




        webhooks_sent = d.pop("webhooks_sent")

        charges_result = cls(
            charges=charges,
            now=now,
            webhooks_sent=webhooks_sent,
        )

        return charges_result

