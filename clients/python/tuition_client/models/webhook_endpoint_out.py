from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="WebhookEndpointOut")



@_attrs_define
class WebhookEndpointOut:
    """ 
        Attributes:
            created_at (datetime.datetime):
            description (str):
            disabled_at (datetime.datetime | None):
            disabled_reason (None | str):
            enabled (bool):
            events (list[str]):
            id (str):
            previous_secret_expires_at (datetime.datetime | None): After a rotation with an overlap: deliveries carry a
                second signature with the previous secret until then.
            secret_last4 (str): The last 4 characters of the signing secret (shown in full only when it is created or
                rotated).
            updated_at (datetime.datetime):
            url (str):
     """

    created_at: datetime.datetime
    description: str
    disabled_at: datetime.datetime | None
    disabled_reason: None | str
    enabled: bool
    events: list[str]
    id: str
    previous_secret_expires_at: datetime.datetime | None
    secret_last4: str
    updated_at: datetime.datetime
    url: str





    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        description = self.description

        disabled_at: None | str
        if isinstance(self.disabled_at, datetime.datetime):
            disabled_at = self.disabled_at.isoformat()
        else:
            disabled_at = self.disabled_at

        disabled_reason: None | str
        disabled_reason = self.disabled_reason

        enabled = self.enabled

        events = self.events



        id = self.id

        previous_secret_expires_at: None | str
        if isinstance(self.previous_secret_expires_at, datetime.datetime):
            previous_secret_expires_at = self.previous_secret_expires_at.isoformat()
        else:
            previous_secret_expires_at = self.previous_secret_expires_at

        secret_last4 = self.secret_last4

        updated_at = self.updated_at.isoformat()

        url = self.url


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "created_at": created_at,
            "description": description,
            "disabled_at": disabled_at,
            "disabled_reason": disabled_reason,
            "enabled": enabled,
            "events": events,
            "id": id,
            "previous_secret_expires_at": previous_secret_expires_at,
            "secret_last4": secret_last4,
            "updated_at": updated_at,
            "url": url,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        description = d.pop("description")

        def _parse_disabled_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                disabled_at_type_0 = datetime.datetime.fromisoformat(data)



                return disabled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        disabled_at = _parse_disabled_at(d.pop("disabled_at"))


        def _parse_disabled_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        disabled_reason = _parse_disabled_reason(d.pop("disabled_reason"))


        enabled = d.pop("enabled")

        events = cast(list[str], d.pop("events"))


        id = d.pop("id")

        def _parse_previous_secret_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                previous_secret_expires_at_type_0 = datetime.datetime.fromisoformat(data)



                return previous_secret_expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        previous_secret_expires_at = _parse_previous_secret_expires_at(d.pop("previous_secret_expires_at"))


        secret_last4 = d.pop("secret_last4")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        url = d.pop("url")

        webhook_endpoint_out = cls(
            created_at=created_at,
            description=description,
            disabled_at=disabled_at,
            disabled_reason=disabled_reason,
            enabled=enabled,
            events=events,
            id=id,
            previous_secret_expires_at=previous_secret_expires_at,
            secret_last4=secret_last4,
            updated_at=updated_at,
            url=url,
        )

        return webhook_endpoint_out

