from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.webhook_delivery_out_status import WebhookDeliveryOutStatus
from typing import cast
import datetime






T = TypeVar("T", bound="WebhookDeliveryOut")



@_attrs_define
class WebhookDeliveryOut:
    """ 
        Attributes:
            attempt_count (int):
            created_at (datetime.datetime):
            delivered_at (datetime.datetime | None):
            endpoint_id (str):
            event_id (str):
            event_type (str):
            give_up_at (datetime.datetime): No automatic retry is scheduled after this instant.
            id (str):
            last_error (None | str):
            last_status_code (int | None):
            next_attempt_at (datetime.datetime | None):
            status (WebhookDeliveryOutStatus): pending (waiting for next_attempt_at), sending, succeeded, failed (a 410, the
                endpoint disabled, or 3 days of failed retries).
            updated_at (datetime.datetime):
     """

    attempt_count: int
    created_at: datetime.datetime
    delivered_at: datetime.datetime | None
    endpoint_id: str
    event_id: str
    event_type: str
    give_up_at: datetime.datetime
    id: str
    last_error: None | str
    last_status_code: int | None
    next_attempt_at: datetime.datetime | None
    status: WebhookDeliveryOutStatus
    updated_at: datetime.datetime





    def to_dict(self) -> dict[str, Any]:
        attempt_count = self.attempt_count

        created_at = self.created_at.isoformat()

        delivered_at: None | str
        if isinstance(self.delivered_at, datetime.datetime):
            delivered_at = self.delivered_at.isoformat()
        else:
            delivered_at = self.delivered_at

        endpoint_id = self.endpoint_id

        event_id = self.event_id

        event_type = self.event_type

        give_up_at = self.give_up_at.isoformat()

        id = self.id

        last_error: None | str
        last_error = self.last_error

        last_status_code: int | None
        last_status_code = self.last_status_code

        next_attempt_at: None | str
        if isinstance(self.next_attempt_at, datetime.datetime):
            next_attempt_at = self.next_attempt_at.isoformat()
        else:
            next_attempt_at = self.next_attempt_at

        status = self.status.value

        updated_at = self.updated_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "attempt_count": attempt_count,
            "created_at": created_at,
            "delivered_at": delivered_at,
            "endpoint_id": endpoint_id,
            "event_id": event_id,
            "event_type": event_type,
            "give_up_at": give_up_at,
            "id": id,
            "last_error": last_error,
            "last_status_code": last_status_code,
            "next_attempt_at": next_attempt_at,
            "status": status,
            "updated_at": updated_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        attempt_count = d.pop("attempt_count")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_delivered_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivered_at_type_0 = datetime.datetime.fromisoformat(data)



                return delivered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        delivered_at = _parse_delivered_at(d.pop("delivered_at"))


        endpoint_id = d.pop("endpoint_id")

        event_id = d.pop("event_id")

        event_type = d.pop("event_type")

        give_up_at = datetime.datetime.fromisoformat(d.pop("give_up_at"))




        id = d.pop("id")

        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("last_error"))


        def _parse_last_status_code(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        last_status_code = _parse_last_status_code(d.pop("last_status_code"))


        def _parse_next_attempt_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_attempt_at_type_0 = datetime.datetime.fromisoformat(data)



                return next_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("next_attempt_at"))


        status = WebhookDeliveryOutStatus(d.pop("status"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        webhook_delivery_out = cls(
            attempt_count=attempt_count,
            created_at=created_at,
            delivered_at=delivered_at,
            endpoint_id=endpoint_id,
            event_id=event_id,
            event_type=event_type,
            give_up_at=give_up_at,
            id=id,
            last_error=last_error,
            last_status_code=last_status_code,
            next_attempt_at=next_attempt_at,
            status=status,
            updated_at=updated_at,
        )

        return webhook_delivery_out

