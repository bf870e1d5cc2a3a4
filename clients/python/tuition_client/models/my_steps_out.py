from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.my_step_out import MyStepOut





T = TypeVar("T", bound="MyStepsOut")



@_attrs_define
class MyStepsOut:
    """ 
        Attributes:
            cohort (str): The cohort's slug.
            cohort_name (str):
            enrollment_id (str):
            enrollment_status (str):
            steps (list[MyStepOut]):
     """

    cohort: str
    cohort_name: str
    enrollment_id: str
    enrollment_status: str
    steps: list[MyStepOut]





    def to_dict(self) -> dict[str, Any]:
        from ..models.my_step_out import MyStepOut # noqa: PLC0415
        cohort = self.cohort

        cohort_name = self.cohort_name

        enrollment_id = self.enrollment_id

        enrollment_status = self.enrollment_status

        steps = []
        for steps_item_data in self.steps:
            steps_item = steps_item_data.to_dict()
            steps.append(steps_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "cohort": cohort,
            "cohort_name": cohort_name,
            "enrollment_id": enrollment_id,
            "enrollment_status": enrollment_status,
            "steps": steps,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.my_step_out import MyStepOut # noqa: PLC0415
        d = dict(src_dict)
        cohort = d.pop("cohort")

        cohort_name = d.pop("cohort_name")

        enrollment_id = d.pop("enrollment_id")

        enrollment_status = d.pop("enrollment_status")

        steps = []
        _steps = d.pop("steps")
        for steps_item_data in (_steps):
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

