from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.mail_out_status import MailOutStatus
from typing import cast
import datetime






T = TypeVar("T", bound="MailOut")



@_attrs_define
class MailOut:
    """ 
        Attributes:
            attempts (int):
            created_at (datetime.datetime):
            event_id (str):
            event_type (str): The domain event it answered.
            id (str):
            last_error (None | str):
            recipient (None | str):
            resent_from (None | str): The mail this one sends again.
            sent_at (datetime.datetime | None):
            status (MailOutStatus): queued: a resend waiting for its job.
            template (str): e.g. payment_receipt
     """

    attempts: int
    created_at: datetime.datetime
    event_id: str
    event_type: str
    id: str
    last_error: None | str
    recipient: None | str
    resent_from: None | str
    sent_at: datetime.datetime | None
    status: MailOutStatus
    template: str





    def to_dict(self) -> dict[str, Any]:
        attempts = self.attempts

        created_at = self.created_at.isoformat()

        event_id = self.event_id

        event_type = self.event_type

        id = self.id

        last_error: None | str
        last_error = self.last_error

        recipient: None | str
        recipient = self.recipient

        resent_from: None | str
        resent_from = self.resent_from

        sent_at: None | str
        if isinstance(self.sent_at, datetime.datetime):
            sent_at = self.sent_at.isoformat()
        else:
            sent_at = self.sent_at

        status = self.status.value

        template = self.template


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "attempts": attempts,
            "created_at": created_at,
            "event_id": event_id,
            "event_type": event_type,
            "id": id,
            "last_error": last_error,
            "recipient": recipient,
            "resent_from": resent_from,
            "sent_at": sent_at,
            "status": status,
            "template": template,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        attempts = d.pop("attempts")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        event_id = d.pop("event_id")

        event_type = d.pop("event_type")

        id = d.pop("id")

        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("last_error"))


        def _parse_recipient(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        recipient = _parse_recipient(d.pop("recipient"))


        def _parse_resent_from(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        resent_from = _parse_resent_from(d.pop("resent_from"))


        def _parse_sent_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                sent_at_type_0 = datetime.datetime.fromisoformat(data)



                return sent_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        sent_at = _parse_sent_at(d.pop("sent_at"))


        status = MailOutStatus(d.pop("status"))




        template = d.pop("template")

        mail_out = cls(
            attempts=attempts,
            created_at=created_at,
            event_id=event_id,
            event_type=event_type,
            id=id,
            last_error=last_error,
            recipient=recipient,
            resent_from=resent_from,
            sent_at=sent_at,
            status=status,
            template=template,
        )

        return mail_out

