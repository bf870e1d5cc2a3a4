from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.webhook_attempt_out_outcome import WebhookAttemptOutOutcome
from ..models.webhook_attempt_out_trigger import WebhookAttemptOutTrigger
from typing import cast
import datetime






T = TypeVar("T", bound="WebhookAttemptOut")



@_attrs_define
class WebhookAttemptOut:
    """ 
        Attributes:
            duration_ms (int):
            error (None | str):
            number (int):
            outcome (WebhookAttemptOutOutcome):
            response_excerpt (None | str): The first 1000 bytes of the endpoint's answer.
            started_at (datetime.datetime):
            status_code (int | None):
            trigger (WebhookAttemptOutTrigger):
     """

    duration_ms: int
    error: None | str
    number: int
    outcome: WebhookAttemptOutOutcome
    response_excerpt: None | str
    started_at: datetime.datetime
    status_code: int | None
    trigger: WebhookAttemptOutTrigger





    def to_dict(self) -> dict[str, Any]:
        duration_ms = self.duration_ms

        error: None | str
        error = self.error

        number = self.number

        outcome = self.outcome.value

        response_excerpt: None | str
        response_excerpt = self.response_excerpt

        started_at = self.started_at.isoformat()

        status_code: int | None
        status_code = self.status_code

        trigger = self.trigger.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "duration_ms": duration_ms,
            "error": error,
            "number": number,
            "outcome": outcome,
            "response_excerpt": response_excerpt,
            "started_at": started_at,
            "status_code": status_code,
            "trigger": trigger,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        duration_ms = d.pop("duration_ms")

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))


        number = d.pop("number")

        outcome = WebhookAttemptOutOutcome(d.pop("outcome"))




        def _parse_response_excerpt(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        response_excerpt = _parse_response_excerpt(d.pop("response_excerpt"))


        started_at = datetime.datetime.fromisoformat(d.pop("started_at"))




        def _parse_status_code(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        status_code = _parse_status_code(d.pop("status_code"))


        trigger = WebhookAttemptOutTrigger(d.pop("trigger"))




        webhook_attempt_out = cls(
            duration_ms=duration_ms,
            error=error,
            number=number,
            outcome=outcome,
            response_excerpt=response_excerpt,
            started_at=started_at,
            status_code=status_code,
            trigger=trigger,
        )

        return webhook_attempt_out

