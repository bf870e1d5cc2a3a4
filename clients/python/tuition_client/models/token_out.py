from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.student_out import StudentOut





T = TypeVar("T", bound="TokenOut")



@_attrs_define
class TokenOut:
    """ 
        Attributes:
            expires_in (int | Unset):
            student (StudentOut | Unset):
            token (str | Unset):
            token_type (str | Unset):
     """

    expires_in: int | Unset = UNSET
    student: StudentOut | Unset = UNSET
    token: str | Unset = UNSET
    token_type: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.student_out import StudentOut # noqa: PLC0415
        expires_in = self.expires_in

        student: dict[str, Any] | Unset = UNSET
        if not isinstance(self.student, Unset):
            student = self.student.to_dict()

        token = self.token

        token_type = self.token_type


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if expires_in is not UNSET:
            field_dict["expires_in"] = expires_in
        if student is not UNSET:
            field_dict["student"] = student
        if token is not UNSET:
            field_dict["token"] = token
        if token_type is not UNSET:
            field_dict["token_type"] = token_type

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.student_out import StudentOut # noqa: PLC0415
        d = dict(src_dict)
        expires_in = d.pop("expires_in", UNSET)

        _student = d.pop("student", UNSET)
        student: StudentOut | Unset
        if isinstance(_student,  Unset):
            student = UNSET
        else:
            student = StudentOut.from_dict(_student)




        token = d.pop("token", UNSET)

        token_type = d.pop("token_type", UNSET)

        token_out = cls(
            expires_in=expires_in,
            student=student,
            token=token,
            token_type=token_type,
        )

        return token_out

