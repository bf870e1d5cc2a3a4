from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.webhook_attempt_out_outcome import WebhookAttemptOutOutcome
from ..models.webhook_attempt_out_trigger import WebhookAttemptOutTrigger
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="WebhookAttemptOut")



@_attrs_define
class WebhookAttemptOut:
    """ 
        Attributes:
            duration_ms (int | Unset):
            error (None | str | Unset):
            number (int | Unset):
            outcome (WebhookAttemptOutOutcome | Unset):
            response_excerpt (None | str | Unset): The first 1000 bytes of the endpoint's answer.
            started_at (datetime.datetime | Unset):
            status_code (int | None | Unset):
            trigger (WebhookAttemptOutTrigger | Unset):
     """

    duration_ms: int | Unset = UNSET
    error: None | str | Unset = UNSET
    number: int | Unset = UNSET
    outcome: WebhookAttemptOutOutcome | Unset = UNSET
    response_excerpt: None | str | Unset = UNSET
    started_at: datetime.datetime | Unset = UNSET
    status_code: int | None | Unset = UNSET
    trigger: WebhookAttemptOutTrigger | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        duration_ms = self.duration_ms

        error: None | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error

        number = self.number

        outcome: str | Unset = UNSET
        if not isinstance(self.outcome, Unset):
            outcome = self.outcome.value


        response_excerpt: None | str | Unset
        if isinstance(self.response_excerpt, Unset):
            response_excerpt = UNSET
        else:
            response_excerpt = self.response_excerpt

        started_at: str | Unset = UNSET
        if not isinstance(self.started_at, Unset):
            started_at = self.started_at.isoformat()

        status_code: int | None | Unset
        if isinstance(self.status_code, Unset):
            status_code = UNSET
        else:
            status_code = self.status_code

        trigger: str | Unset = UNSET
        if not isinstance(self.trigger, Unset):
            trigger = self.trigger.value



        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if duration_ms is not UNSET:
            field_dict["duration_ms"] = duration_ms
        if error is not UNSET:
            field_dict["error"] = error
        if number is not UNSET:
            field_dict["number"] = number
        if outcome is not UNSET:
            field_dict["outcome"] = outcome
        if response_excerpt is not UNSET:
            field_dict["response_excerpt"] = response_excerpt
        if started_at is not UNSET:
            field_dict["started_at"] = started_at
        if status_code is not UNSET:
            field_dict["status_code"] = status_code
        if trigger is not UNSET:
            field_dict["trigger"] = trigger

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        duration_ms = d.pop("duration_ms", UNSET)

        def _parse_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))


        number = d.pop("number", UNSET)

        _outcome = d.pop("outcome", UNSET)
        outcome: WebhookAttemptOutOutcome | Unset
        if isinstance(_outcome,  Unset):
            outcome = UNSET
        else:
            outcome = WebhookAttemptOutOutcome(_outcome)




        def _parse_response_excerpt(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        response_excerpt = _parse_response_excerpt(d.pop("response_excerpt", UNSET))


        _started_at = d.pop("started_at", UNSET)
        started_at: datetime.datetime | Unset
        if isinstance(_started_at,  Unset):
            started_at = UNSET
        else:
            started_at = datetime.datetime.fromisoformat(_started_at)




        def _parse_status_code(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        status_code = _parse_status_code(d.pop("status_code", UNSET))


        _trigger = d.pop("trigger", UNSET)
        trigger: WebhookAttemptOutTrigger | Unset
        if isinstance(_trigger,  Unset):
            trigger = UNSET
        else:
            trigger = WebhookAttemptOutTrigger(_trigger)




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

