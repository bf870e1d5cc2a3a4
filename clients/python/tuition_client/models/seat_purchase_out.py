from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.seat_purchase_out_status import SeatPurchaseOutStatus
from typing import cast
import datetime






T = TypeVar("T", bound="SeatPurchaseOut")



@_attrs_define
class SeatPurchaseOut:
    """ 
        Attributes:
            activated_at (datetime.datetime | None):
            buyer_id (str):
            course (str):
            created_at (datetime.datetime):
            ended_at (datetime.datetime | None):
            id (str):
            link (None | str): The redemption link (the redeem_url setting).
            link_code (None | str):
            order_id (None | str):
            redeemed (int): Seats redeemed with a code or the link.
            remaining (int): Seats still to redeem (0 unless active).
            seats (int): Seats bought, the buyer's own included.
            status (SeatPurchaseOutStatus):
     """

    activated_at: datetime.datetime | None
    buyer_id: str
    course: str
    created_at: datetime.datetime
    ended_at: datetime.datetime | None
    id: str
    link: None | str
    link_code: None | str
    order_id: None | str
    redeemed: int
    remaining: int
    seats: int
    status: SeatPurchaseOutStatus





    def to_dict(self) -> dict[str, Any]:
        activated_at: None | str
        if isinstance(self.activated_at, datetime.datetime):
            activated_at = self.activated_at.isoformat()
        else:
            activated_at = self.activated_at

        buyer_id = self.buyer_id

        course = self.course

        created_at = self.created_at.isoformat()

        ended_at: None | str
        if isinstance(self.ended_at, datetime.datetime):
            ended_at = self.ended_at.isoformat()
        else:
            ended_at = self.ended_at

        id = self.id

        link: None | str
        link = self.link

        link_code: None | str
        link_code = self.link_code

        order_id: None | str
        order_id = self.order_id

        redeemed = self.redeemed

        remaining = self.remaining

        seats = self.seats

        status = self.status.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "activated_at": activated_at,
            "buyer_id": buyer_id,
            "course": course,
            "created_at": created_at,
            "ended_at": ended_at,
            "id": id,
            "link": link,
            "link_code": link_code,
            "order_id": order_id,
            "redeemed": redeemed,
            "remaining": remaining,
            "seats": seats,
            "status": status,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_activated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                activated_at_type_0 = datetime.datetime.fromisoformat(data)



                return activated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        activated_at = _parse_activated_at(d.pop("activated_at"))


        buyer_id = d.pop("buyer_id")

        course = d.pop("course")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_ended_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ended_at_type_0 = datetime.datetime.fromisoformat(data)



                return ended_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ended_at = _parse_ended_at(d.pop("ended_at"))


        id = d.pop("id")

        def _parse_link(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        link = _parse_link(d.pop("link"))


        def _parse_link_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        link_code = _parse_link_code(d.pop("link_code"))


        def _parse_order_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        order_id = _parse_order_id(d.pop("order_id"))


        redeemed = d.pop("redeemed")

        remaining = d.pop("remaining")

        seats = d.pop("seats")

        status = SeatPurchaseOutStatus(d.pop("status"))




        seat_purchase_out = cls(
            activated_at=activated_at,
            buyer_id=buyer_id,
            course=course,
            created_at=created_at,
            ended_at=ended_at,
            id=id,
            link=link,
            link_code=link_code,
            order_id=order_id,
            redeemed=redeemed,
            remaining=remaining,
            seats=seats,
            status=status,
        )

        return seat_purchase_out

