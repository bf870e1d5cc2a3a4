from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="EnrollmentRequest")



@_attrs_define
class EnrollmentRequest:
    """ 
        Attributes:
            course (str):
            code (str | Unset): A discount or access code (case-insensitive).
            cohort (str | Unset): The cohort to enroll in (``extensions.cohorts[].slug``); required for courses sold per
                cohort.
     """

    course: str
    code: str | Unset = UNSET
    cohort: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        course = self.course

        code = self.code

        cohort = self.cohort


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "course": course,
        })
        if code is not UNSET:
            field_dict["code"] = code
        if cohort is not UNSET:
            field_dict["cohort"] = cohort

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        course = d.pop("course")

        code = d.pop("code", UNSET)

        cohort = d.pop("cohort", UNSET)

        enrollment_request = cls(
            course=course,
            code=code,
            cohort=cohort,
        )


        enrollment_request.additional_properties = d
        return enrollment_request

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
