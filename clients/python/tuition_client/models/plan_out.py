from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

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
            allowed (bool):
            changes (list[CourseImpactOut]):
            enabled (list[str]):
            missing_requirements (PlanOutMissingRequirements):
     """

    allowed: bool
    changes: list[CourseImpactOut]
    enabled: list[str]
    missing_requirements: PlanOutMissingRequirements





    def to_dict(self) -> dict[str, Any]:
        from ..models.course_impact_out import CourseImpactOut # noqa: PLC0415
        from ..models.plan_out_missing_requirements import PlanOutMissingRequirements # noqa: PLC0415
        allowed = self.allowed

        changes = []
        for changes_item_data in self.changes:
            changes_item = changes_item_data.to_dict()
            changes.append(changes_item)



        enabled = self.enabled



        missing_requirements = self.missing_requirements.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "allowed": allowed,
            "changes": changes,
            "enabled": enabled,
            "missing_requirements": missing_requirements,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.course_impact_out import CourseImpactOut # noqa: PLC0415
        from ..models.plan_out_missing_requirements import PlanOutMissingRequirements # noqa: PLC0415
        d = dict(src_dict)
        allowed = d.pop("allowed")

        changes = []
        _changes = d.pop("changes")
        for changes_item_data in (_changes):
            changes_item = CourseImpactOut.from_dict(changes_item_data)



            changes.append(changes_item)


        enabled = cast(list[str], d.pop("enabled"))


        missing_requirements = PlanOutMissingRequirements.from_dict(d.pop("missing_requirements"))




        plan_out = cls(
            allowed=allowed,
            changes=changes,
            enabled=enabled,
            missing_requirements=missing_requirements,
        )

        return plan_out

