from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="StudentOut")



@_attrs_define
class StudentOut:
    """ 
        Attributes:
            created_at (datetime.datetime | Unset):
            email (None | str | Unset):
            id (str | Unset):
            intended_course (None | str | Unset):
            signup_method (str | Unset):
     """

    created_at: datetime.datetime | Unset = UNSET
    email: None | str | Unset = UNSET
    id: str | Unset = UNSET
    intended_course: None | str | Unset = UNSET
    signup_method: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        id = self.id

        intended_course: None | str | Unset
        if isinstance(self.intended_course, Unset):
            intended_course = UNSET
        else:
            intended_course = self.intended_course

        signup_method = self.signup_method


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if email is not UNSET:
            field_dict["email"] = email
        if id is not UNSET:
            field_dict["id"] = id
        if intended_course is not UNSET:
            field_dict["intended_course"] = intended_course
        if signup_method is not UNSET:
            field_dict["signup_method"] = signup_method

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at,  Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)




        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))


        id = d.pop("id", UNSET)

        def _parse_intended_course(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        intended_course = _parse_intended_course(d.pop("intended_course", UNSET))


        signup_method = d.pop("signup_method", UNSET)

        student_out = cls(
            created_at=created_at,
            email=email,
            id=id,
            intended_course=intended_course,
            signup_method=signup_method,
        )

        return student_out

