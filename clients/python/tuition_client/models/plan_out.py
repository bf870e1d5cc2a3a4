from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.course_impact_out import CourseImpactOut
  from ..models.plan_out_missing_requirements import PlanOutMissingRequirements





T = TypeVar("T", bound="PlanOut")



@_attrs_define
class PlanOut:
    """ 
        Attributes:
            allowed (bool | Unset):
            changes (list[CourseImpactOut] | Unset):
            enabled (list[str] | Unset):
            missing_requirements (PlanOutMissingRequirements | Unset):
     """

    allowed: bool | Unset = UNSET
    changes: list[CourseImpactOut] | Unset = UNSET
    enabled: list[str] | Unset = UNSET
    missing_requirements: PlanOutMissingRequirements | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.course_impact_out import CourseImpactOut # noqa: PLC0415
        from ..models.plan_out_missing_requirements import PlanOutMissingRequirements # noqa: PLC0415
        allowed = self.allowed

        changes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.changes, Unset):
            changes = []
            for changes_item_data in self.changes:
                changes_item = changes_item_data.to_dict()
                changes.append(changes_item)



        enabled: list[str] | Unset = UNSET
        if not isinstance(self.enabled, Unset):
            enabled = self.enabled



        missing_requirements: dict[str, Any] | Unset = UNSET
        if not isinstance(self.missing_requirements, Unset):
            missing_requirements = self.missing_requirements.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if allowed is not UNSET:
            field_dict["allowed"] = allowed
        if changes is not UNSET:
            field_dict["changes"] = changes
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if missing_requirements is not UNSET:
            field_dict["missing_requirements"] = missing_requirements

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.course_impact_out import CourseImpactOut # noqa: PLC0415
        from ..models.plan_out_missing_requirements import PlanOutMissingRequirements # noqa: PLC0415
        d = dict(src_dict)
        allowed = d.pop("allowed", UNSET)

        _changes = d.pop("changes", UNSET)
        changes: list[CourseImpactOut] | Unset = UNSET
        if _changes is not UNSET:
            changes = []
            for changes_item_data in _changes:
                changes_item = CourseImpactOut.from_dict(changes_item_data)



                changes.append(changes_item)


        enabled = cast(list[str], d.pop("enabled", UNSET))


        _missing_requirements = d.pop("missing_requirements", UNSET)
        missing_requirements: PlanOutMissingRequirements | Unset
        if isinstance(_missing_requirements,  Unset):
            missing_requirements = UNSET
        else:
            missing_requirements = PlanOutMissingRequirements.from_dict(_missing_requirements)




        plan_out = cls(
            allowed=allowed,
            changes=changes,
            enabled=enabled,
            missing_requirements=missing_requirements,
        )

        return plan_out

