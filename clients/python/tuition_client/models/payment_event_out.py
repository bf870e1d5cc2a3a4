from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="PaymentEventOut")



@_attrs_define
class PaymentEventOut:
    """ 
        Attributes:
            amount (int | None | Unset):
            currency (None | str | Unset):
            event_id (str | Unset):
            id (str | Unset):
            kind (str | Unset):
            order_id (None | str | Unset):
            outcome (None | str | Unset):
            processed_at (datetime.datetime | None | Unset):
            provider (str | Unset):
            raw_type (str | Unset):
            received_at (datetime.datetime | Unset):
            status (str | Unset):
     """

    amount: int | None | Unset = UNSET
    currency: None | str | Unset = UNSET
    event_id: str | Unset = UNSET
    id: str | Unset = UNSET
    kind: str | Unset = UNSET
    order_id: None | str | Unset = UNSET
    outcome: None | str | Unset = UNSET
    processed_at: datetime.datetime | None | Unset = UNSET
    provider: str | Unset = UNSET
    raw_type: str | Unset = UNSET
    received_at: datetime.datetime | Unset = UNSET
    status: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        amount: int | None | Unset
        if isinstance(self.amount, Unset):
            amount = UNSET
        else:
            amount = self.amount

        currency: None | str | Unset
        if isinstance(self.currency, Unset):
            currency = UNSET
        else:
            currency = self.currency

        event_id = self.event_id

        id = self.id

        kind = self.kind

        order_id: None | str | Unset
        if isinstance(self.order_id, Unset):
            order_id = UNSET
        else:
            order_id = self.order_id

        outcome: None | str | Unset
        if isinstance(self.outcome, Unset):
            outcome = UNSET
        else:
            outcome = self.outcome

        processed_at: None | str | Unset
        if isinstance(self.processed_at, Unset):
            processed_at = UNSET
        elif isinstance(self.processed_at, datetime.datetime):
            processed_at = self.processed_at.isoformat()
        else:
            processed_at = self.processed_at

        provider = self.provider

        raw_type = self.raw_type

        received_at: str | Unset = UNSET
        if not isinstance(self.received_at, Unset):
            received_at = self.received_at.isoformat()

        status = self.status


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if amount is not UNSET:
            field_dict["amount"] = amount
        if currency is not UNSET:
            field_dict["currency"] = currency
        if event_id is not UNSET:
            field_dict["event_id"] = event_id
        if id is not UNSET:
            field_dict["id"] = id
        if kind is not UNSET:
            field_dict["kind"] = kind
        if order_id is not UNSET:
            field_dict["order_id"] = order_id
        if outcome is not UNSET:
            field_dict["outcome"] = outcome
        if processed_at is not UNSET:
            field_dict["processed_at"] = processed_at
        if provider is not UNSET:
            field_dict["provider"] = provider
        if raw_type is not UNSET:
            field_dict["raw_type"] = raw_type
        if received_at is not UNSET:
            field_dict["received_at"] = received_at
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_amount(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        amount = _parse_amount(d.pop("amount", UNSET))


        def _parse_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        currency = _parse_currency(d.pop("currency", UNSET))


        event_id = d.pop("event_id", UNSET)

        id = d.pop("id", UNSET)

        kind = d.pop("kind", UNSET)

        def _parse_order_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        order_id = _parse_order_id(d.pop("order_id", UNSET))


        def _parse_outcome(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        outcome = _parse_outcome(d.pop("outcome", UNSET))


        def _parse_processed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                processed_at_type_0 = datetime.datetime.fromisoformat(data)



                return processed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        processed_at = _parse_processed_at(d.pop("processed_at", UNSET))


        provider = d.pop("provider", UNSET)

        raw_type = d.pop("raw_type", UNSET)

        _received_at = d.pop("received_at", UNSET)
        received_at: datetime.datetime | Unset
        if isinstance(_received_at,  Unset):
            received_at = UNSET
        else:
            received_at = datetime.datetime.fromisoformat(_received_at)




        status = d.pop("status", UNSET)

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

