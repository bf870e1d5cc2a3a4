from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.my_step_out import MyStepOut





T = TypeVar("T", bound="MyStepsOut")



@_attrs_define
class MyStepsOut:
    """ 
        Attributes:
            cohort (str | Unset): The cohort's slug.
            cohort_name (str | Unset):
            enrollment_id (str | Unset):
            enrollment_status (str | Unset):
            steps (list[MyStepOut] | Unset):
     """

    cohort: str | Unset = UNSET
    cohort_name: str | Unset = UNSET
    enrollment_id: str | Unset = UNSET
    enrollment_status: str | Unset = UNSET
    steps: list[MyStepOut] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.my_step_out import MyStepOut # noqa: PLC0415
        cohort = self.cohort

        cohort_name = self.cohort_name

        enrollment_id = self.enrollment_id

        enrollment_status = self.enrollment_status

        steps: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.steps, Unset):
            steps = []
            for steps_item_data in self.steps:
                steps_item = steps_item_data.to_dict()
                steps.append(steps_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if cohort is not UNSET:
            field_dict["cohort"] = cohort
        if cohort_name is not UNSET:
            field_dict["cohort_name"] = cohort_name
        if enrollment_id is not UNSET:
            field_dict["enrollment_id"] = enrollment_id
        if enrollment_status is not UNSET:
            field_dict["enrollment_status"] = enrollment_status
        if steps is not UNSET:
            field_dict["steps"] = steps

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.my_step_out import MyStepOut # noqa: PLC0415
        d = dict(src_dict)
        cohort = d.pop("cohort", UNSET)

        cohort_name = d.pop("cohort_name", UNSET)

        enrollment_id = d.pop("enrollment_id", UNSET)

        enrollment_status = d.pop("enrollment_status", UNSET)

        _steps = d.pop("steps", UNSET)
        steps: list[MyStepOut] | Unset = UNSET
        if _steps is not UNSET:
            steps = []
            for steps_item_data in _steps:
                steps_item = MyStepOut.from_dict(steps_item_data)



                steps.append(steps_item)


        my_steps_out = cls(
            cohort=cohort,
            cohort_name=cohort_name,
            enrollment_id=enrollment_id,
            enrollment_status=enrollment_status,
            steps=steps,
        )

        return my_steps_out

