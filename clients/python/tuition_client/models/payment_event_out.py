from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="PaymentEventOut")



@_attrs_define
class PaymentEventOut:
    """ 
        Attributes:
            amount (int | None):
            currency (None | str):
            event_id (str):
            id (str):
            kind (str):
            order_id (None | str):
            outcome (None | str):
            processed_at (datetime.datetime | None):
            provider (str):
            raw_type (str):
            received_at (datetime.datetime):
            status (str):
     """

    amount: int | None
    currency: None | str
    event_id: str
    id: str
    kind: str
    order_id: None | str
    outcome: None | str
    processed_at: datetime.datetime | None
    provider: str
    raw_type: str
    received_at: datetime.datetime
    status: str





    def to_dict(self) -> dict[str, Any]:
        amount: int | None
        amount = self.amount

        currency: None | str
        currency = self.currency

        event_id = self.event_id

        id = self.id

        kind = self.kind

        order_id: None | str
        order_id = self.order_id

        outcome: None | str
        outcome = self.outcome

        processed_at: None | str
        if isinstance(self.processed_at, datetime.datetime):
            processed_at = self.processed_at.isoformat()
        else:
            processed_at = self.processed_at

        provider = self.provider

        raw_type = self.raw_type

        received_at = self.received_at.isoformat()

        status = self.status


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "amount": amount,
            "currency": currency,
            "event_id": event_id,
            "id": id,
            "kind": kind,
            "order_id": order_id,
            "outcome": outcome,
            "processed_at": processed_at,
            "provider": provider,
            "raw_type": raw_type,
            "received_at": received_at,
            "status": status,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_amount(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        amount = _parse_amount(d.pop("amount"))


        def _parse_currency(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        currency = _parse_currency(d.pop("currency"))


        event_id = d.pop("event_id")

        id = d.pop("id")

        kind = d.pop("kind")

        def _parse_order_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        order_id = _parse_order_id(d.pop("order_id"))


        def _parse_outcome(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        outcome = _parse_outcome(d.pop("outcome"))


        def _parse_processed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                processed_at_type_0 = datetime.datetime.fromisoformat(data)



                return processed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        processed_at = _parse_processed_at(d.pop("processed_at"))


        provider = d.pop("provider")

        raw_type = d.pop("raw_type")

        received_at = datetime.datetime.fromisoformat(d.pop("received_at"))




        status = d.pop("status")

        payment_event_out = cls(
            amount=amount,
            currency=currency,
            event_id=event_id,
            id=id,
            kind=kind,
            order_id=order_id,
            outcome=outcome,
            processed_at=processed_at,
            provider=provider,
            raw_type=raw_type,
            received_at=received_at,
            status=status,
        )

        return payment_event_out

