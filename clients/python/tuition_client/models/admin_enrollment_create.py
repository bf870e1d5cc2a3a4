from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="AdminEnrollmentCreate")



@_attrs_define
class AdminEnrollmentCreate:
    """ 
        Attributes:
            course (str):
            complimentary (bool | Unset): True: given for free (or give ``external_reference``).
            email (str | Unset): The student's email: an existing account, else a student is made without a password and
                invited by mail (``student.invited``).
            external_reference (str | Unset): What the enrollment was paid with outside Tuition, e.g. an invoice number paid
                by bank transfer; kept on the enrollment.
            name (str | Unset): The student's name, kept if they have none yet.
            student (str | Unset): An existing student's id (or give ``email``).
            take_seat (bool | Unset): False enrolls beyond capacity, explicitly: no seat is taken (none is given back when
                the enrollment ends). True (default): a full course or cohort refuses (409 ``course_full``/``cohort_full``).
                Default: True.
     """

    course: str
    complimentary: bool | Unset = UNSET
    email: str | Unset = UNSET
    external_reference: str | Unset = UNSET
    name: str | Unset = UNSET
    student: str | Unset = UNSET
    take_seat: bool | Unset = True
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        course = self.course

        complimentary = self.complimentary

        email = self.email

        external_reference = self.external_reference

        name = self.name

        student = self.student

        take_seat = self.take_seat


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "course": course,
        })
        if complimentary is not UNSET:
            field_dict["complimentary"] = complimentary
        if email is not UNSET:
            field_dict["email"] = email
        if external_reference is not UNSET:
            field_dict["external_reference"] = external_reference
        if name is not UNSET:
            field_dict["name"] = name
        if student is not UNSET:
            field_dict["student"] = student
        if take_seat is not UNSET:
            field_dict["take_seat"] = take_seat

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        course = d.pop("course")

        complimentary = d.pop("complimentary", UNSET)

        email = d.pop("email", UNSET)

        external_reference = d.pop("external_reference", UNSET)

        name = d.pop("name", UNSET)

        student = d.pop("student", UNSET)

        take_seat = d.pop("take_seat", UNSET)

        admin_enrollment_create = cls(
            course=course,
            complimentary=complimentary,
            email=email,
            external_reference=external_reference,
            name=name,
            student=student,
            take_seat=take_seat,
        )


        admin_enrollment_create.additional_properties = d
        return admin_enrollment_create

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
