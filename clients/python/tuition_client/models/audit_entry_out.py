from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.audit_entry_out_after_type_0 import AuditEntryOutAfterType0
  from ..models.audit_entry_out_before_type_0 import AuditEntryOutBeforeType0





T = TypeVar("T", bound="AuditEntryOut")



@_attrs_define
class AuditEntryOut:
    """ 
        Attributes:
            action (str | Unset):
            actor (str | Unset): admin, operator, student:<id>, provider:<name>, job:<name>, reconcile, tenant-file or
                system.
            after (AuditEntryOutAfterType0 | None | Unset):
            at (datetime.datetime | Unset):
            before (AuditEntryOutBeforeType0 | None | Unset):
            id (str | Unset):
            object_id (str | Unset):
            object_type (str | Unset):
     """

    action: str | Unset = UNSET
    actor: str | Unset = UNSET
    after: AuditEntryOutAfterType0 | None | Unset = UNSET
    at: datetime.datetime | Unset = UNSET
    before: AuditEntryOutBeforeType0 | None | Unset = UNSET
    id: str | Unset = UNSET
    object_id: str | Unset = UNSET
    object_type: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.audit_entry_out_after_type_0 import AuditEntryOutAfterType0 # noqa: PLC0415
        from ..models.audit_entry_out_before_type_0 import AuditEntryOutBeforeType0 # noqa: PLC0415
        action = self.action

        actor = self.actor

        after: dict[str, Any] | None | Unset
        if isinstance(self.after, Unset):
            after = UNSET
        elif isinstance(self.after, AuditEntryOutAfterType0):
            after = self.after.to_dict()
        else:
            after = self.after

        at: str | Unset = UNSET
        if not isinstance(self.at, Unset):
            at = self.at.isoformat()

        before: dict[str, Any] | None | Unset
        if isinstance(self.before, Unset):
            before = UNSET
        elif isinstance(self.before, AuditEntryOutBeforeType0):
            before = self.before.to_dict()
        else:
            before = self.before

        id = self.id

        object_id = self.object_id

        object_type = self.object_type


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if action is not UNSET:
            field_dict["action"] = action
        if actor is not UNSET:
            field_dict["actor"] = actor
        if after is not UNSET:
            field_dict["after"] = after
        if at is not UNSET:
            field_dict["at"] = at
        if before is not UNSET:
            field_dict["before"] = before
        if id is not UNSET:
            field_dict["id"] = id
        if object_id is not UNSET:
            field_dict["object_id"] = object_id
        if object_type is not UNSET:
            field_dict["object_type"] = object_type

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_entry_out_after_type_0 import AuditEntryOutAfterType0 # noqa: PLC0415
        from ..models.audit_entry_out_before_type_0 import AuditEntryOutBeforeType0 # noqa: PLC0415
        d = dict(src_dict)
        action = d.pop("action", UNSET)

        actor = d.pop("actor", UNSET)

        def _parse_after(data: object) -> AuditEntryOutAfterType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                after_type_0 = AuditEntryOutAfterType0.from_dict(data)



                return after_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AuditEntryOutAfterType0 | None | Unset, data)

        after = _parse_after(d.pop("after", UNSET))


        _at = d.pop("at", UNSET)
        at: datetime.datetime | Unset
        if isinstance(_at,  Unset):
            at = UNSET
        else:
            at = datetime.datetime.fromisoformat(_at)




        def _parse_before(data: object) -> AuditEntryOutBeforeType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                before_type_0 = AuditEntryOutBeforeType0.from_dict(data)



                return before_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AuditEntryOutBeforeType0 | None | Unset, data)

        before = _parse_before(d.pop("before", UNSET))


        id = d.pop("id", UNSET)

        object_id = d.pop("object_id", UNSET)

        object_type = d.pop("object_type", UNSET)

        audit_entry_out = cls(
            action=action,
            actor=actor,
            after=after,
            at=at,
            before=before,
            id=id,
            object_id=object_id,
            object_type=object_type,
        )

        return audit_entry_out

