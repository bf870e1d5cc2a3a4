from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="ImportErrorOut")



@_attrs_define
class ImportErrorOut:
    """ 
        Attributes:
            code (str): The problem's stable code.
            course (None | str):
            detail (str):
            email (None | str):
            line (int): The file's line (the header is line 1).
     """

    code: str
    course: None | str
    detail: str
    email: None | str
    line: int





    def to_dict(self) -> dict[str, Any]:
        code = self.code

        course: None | str
        course = self.course

        detail = self.detail

        email: None | str
        email = self.email

        line = self.line


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "code": code,
            "course": course,
            "detail": detail,
            "email": email,
            "line": line,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        def _parse_course(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        course = _parse_course(d.pop("course"))


        detail = d.pop("detail")

        def _parse_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email = _parse_email(d.pop("email"))


        line = d.pop("line")

        import_error_out = cls(
            code=code,
            course=course,
            detail=detail,
            email=email,
            line=line,
        )

        return import_error_out

