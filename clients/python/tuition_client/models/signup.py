from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="Signup")



@_attrs_define
class Signup:
    """ 
        Attributes:
            email (str):
            password (str):
            intended_course (None | str | Unset):
            locale (None | str | Unset): The student's language, a BCP 47 tag such as de or fr-FR: plugins write invoices
                and mails in it where they have it. Example: fr-FR.
            signup_method (str | Unset):  Default: 'email'.
     """

    email: str
    password: str
    intended_course: None | str | Unset = UNSET
    locale: None | str | Unset = UNSET
    signup_method: str | Unset = 'email'





    def to_dict(self) -> dict[str, Any]:
        email = self.email

        password = self.password

        intended_course: None | str | Unset
        if isinstance(self.intended_course, Unset):
            intended_course = UNSET
        else:
            intended_course = self.intended_course

        locale: None | str | Unset
        if isinstance(self.locale, Unset):
            locale = UNSET
        else:
            locale = self.locale

        signup_method = self.signup_method


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "email": email,
            "password": password,
        })
        if intended_course is not UNSET:
            field_dict["intended_course"] = intended_course
        if locale is not UNSET:
            field_dict["locale"] = locale
        if signup_method is not UNSET:
            field_dict["signup_method"] = signup_method

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        password = d.pop("password")

        def _parse_intended_course(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        intended_course = _parse_intended_course(d.pop("intended_course", UNSET))


        def _parse_locale(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        locale = _parse_locale(d.pop("locale", UNSET))


        signup_method = d.pop("signup_method", UNSET)

        signup = cls(
            email=email,
            password=password,
            intended_course=intended_course,
            locale=locale,
            signup_method=signup_method,
        )

        return signup

