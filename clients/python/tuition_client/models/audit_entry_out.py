from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

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
            action (str):
            actor (str): admin, operator, student:<id>, provider:<name>, job:<name>, reconcile, tenant-file, cli or system.
            after (AuditEntryOutAfterType0 | None):
            at (datetime.datetime):
            before (AuditEntryOutBeforeType0 | None):
            id (str):
            object_id (str):
            object_type (str):
     """

    action: str
    actor: str
    after: AuditEntryOutAfterType0 | None
    at: datetime.datetime
    before: AuditEntryOutBeforeType0 | None
    id: str
    object_id: str
    object_type: str





    def to_dict(self) -> dict[str, Any]:
        from ..models.audit_entry_out_after_type_0 import AuditEntryOutAfterType0 # noqa: PLC0415
        from ..models.audit_entry_out_before_type_0 import AuditEntryOutBeforeType0 # noqa: PLC0415
        action = self.action

        actor = self.actor

        after: dict[str, Any] | None
        if isinstance(self.after, AuditEntryOutAfterType0):
            after = self.after.to_dict()
        else:
            after = self.after

        at = self.at.isoformat()

        before: dict[str, Any] | None
        if isinstance(self.before, AuditEntryOutBeforeType0):
            before = self.before.to_dict()
        else:
            before = self.before

        id = self.id

        object_id = self.object_id

        object_type = self.object_type


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "action": action,
            "actor": actor,
            "after": after,
            "at": at,
            "before": before,
            "id": id,
            "object_id": object_id,
            "object_type": object_type,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_entry_out_after_type_0 import AuditEntryOutAfterType0 # noqa: PLC0415
        from ..models.audit_entry_out_before_type_0 import AuditEntryOutBeforeType0 # noqa: PLC0415
        d = dict(src_dict)
        action = d.pop("action")

        actor = d.pop("actor")

        def _parse_after(data: object) -> AuditEntryOutAfterType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                after_type_0 = AuditEntryOutAfterType0.from_dict(data)



                return after_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AuditEntryOutAfterType0 | None, data)

        after = _parse_after(d.pop("after"))


        at = datetime.datetime.fromisoformat(d.pop("at"))




        def _parse_before(data: object) -> AuditEntryOutBeforeType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                before_type_0 = AuditEntryOutBeforeType0.from_dict(data)



                return before_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AuditEntryOutBeforeType0 | None, data)

        before = _parse_before(d.pop("before"))


        id = d.pop("id")

        object_id = d.pop("object_id")

        object_type = d.pop("object_type")

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

