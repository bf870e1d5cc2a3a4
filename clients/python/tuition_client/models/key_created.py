from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.key_created_kind import KeyCreatedKind
from ..models.key_created_status import KeyCreatedStatus
from typing import cast
import datetime






T = TypeVar("T", bound="KeyCreated")



@_attrs_define
class KeyCreated:
    """ 
        Attributes:
            created_at (datetime.datetime):
            expires_at (datetime.datetime | None):
            id (str):
            key (str): The new key, shown only now: Tuition keeps a hash of secret keys.
            kind (KeyCreatedKind):
            last4 (str): The key's last four characters.
            prefix (str): pk_ or sk_.
            revoked_at (datetime.datetime | None):
            status (KeyCreatedStatus): expiring: rotated, works until expires_at.
            value (None | str): The whole key for publishable keys (they are public); null for secret keys, which are shown
                only once, when made.
     """

    created_at: datetime.datetime
    expires_at: datetime.datetime | None
    id: str
    key: str
    kind: KeyCreatedKind
    last4: str
    prefix: str
    revoked_at: datetime.datetime | None
    status: KeyCreatedStatus
    value: None | str





    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        id = self.id

        key = self.key

        kind = self.kind.value

        last4 = self.last4

        prefix = self.prefix

        revoked_at: None | str
        if isinstance(self.revoked_at, datetime.datetime):
            revoked_at = self.revoked_at.isoformat()
        else:
            revoked_at = self.revoked_at

        status = self.status.value

        value: None | str
        value = self.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "created_at": created_at,
            "expires_at": expires_at,
            "id": id,
            "key": key,
            "kind": kind,
            "last4": last4,
            "prefix": prefix,
            "revoked_at": revoked_at,
            "status": status,
            "value": value,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)



                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        expires_at = _parse_expires_at(d.pop("expires_at"))


        id = d.pop("id")

        key = d.pop("key")

        kind = KeyCreatedKind(d.pop("kind"))




        last4 = d.pop("last4")

        prefix = d.pop("prefix")

        def _parse_revoked_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                revoked_at_type_0 = datetime.datetime.fromisoformat(data)



                return revoked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        revoked_at = _parse_revoked_at(d.pop("revoked_at"))


        status = KeyCreatedStatus(d.pop("status"))




        def _parse_value(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        value = _parse_value(d.pop("value"))


        key_created = cls(
            created_at=created_at,
            expires_at=expires_at,
            id=id,
            key=key,
            kind=kind,
            last4=last4,
            prefix=prefix,
            revoked_at=revoked_at,
            status=status,
            value=value,
        )

        return key_created

