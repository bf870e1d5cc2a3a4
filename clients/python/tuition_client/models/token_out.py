from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.student_out import StudentOut





T = TypeVar("T", bound="TokenOut")



@_attrs_define
class TokenOut:
    """ 
        Attributes:
            expires_in (int):
            refresh_expires_in (int): Seconds until the refresh token expires.
            refresh_token (str): Exchange it at /v1/auth/refresh for new tokens before it expires; each use replaces it (a
                replaced one used again signs the session out).
            student (StudentOut):
            token (str):
            token_type (str):
     """

    expires_in: int
    refresh_expires_in: int
    refresh_token: str
    student: StudentOut
    token: str
    token_type: str





    def to_dict(self) -> dict[str, Any]:
        from ..models.student_out import StudentOut # noqa: PLC0415
        expires_in = self.expires_in

        refresh_expires_in = self.refresh_expires_in

        refresh_token = self.refresh_token

        student = self.student.to_dict()

        token = self.token

        token_type = self.token_type


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "expires_in": expires_in,
            "refresh_expires_in": refresh_expires_in,
            "refresh_token": refresh_token,
            "student": student,
            "token": token,
            "token_type": token_type,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.student_out import StudentOut # noqa: PLC0415
        d = dict(src_dict)
        expires_in = d.pop("expires_in")

        refresh_expires_in = d.pop("refresh_expires_in")

        refresh_token = d.pop("refresh_token")

        student = StudentOut.from_dict(d.pop("student"))




        token = d.pop("token")

        token_type = d.pop("token_type")

        token_out = cls(
            expires_in=expires_in,
            refresh_expires_in=refresh_expires_in,
            refresh_token=refresh_token,
            student=student,
            token=token,
            token_type=token_type,
        )

        return token_out

