from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="OrderStudentOut")



@_attrs_define
class OrderStudentOut:
    """ 
        Attributes:
            email (None | str): A pseudonym once the student was erased.
            id (str):
            name (None | str):
     """

    email: None | str
    id: str
    name: None | str





    def to_dict(self) -> dict[str, Any]:
        email: None | str
        email = self.email

        id = self.id

        name: None | str
        name = self.name


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "email": email,
            "id": id,
            "name": name,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email = _parse_email(d.pop("email"))


        id = d.pop("id")

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))


        order_student_out = cls(
            email=email,
            id=id,
            name=name,
        )

        return order_student_out

