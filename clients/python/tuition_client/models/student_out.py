from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="StudentOut")



@_attrs_define
class StudentOut:
    """ 
        Attributes:
            created_at (datetime.datetime):
            email (None | str):
            email_verified (bool): Whether the student confirmed their email (a link by mail).
            id (str):
            intended_course (None | str):
            locale (None | str): The student's language, a BCP 47 tag such as de or fr-FR: plugins write invoices and mails
                in it where they have it. Example: fr-FR.
            name (None | str):
            sign_in_method (None | str): How the student first signed in: password (built-in signup), email (the identity
                provider's own sign-in) or a social provider's name such as Google; null when unknown.
            signup_method (str):
     """

    created_at: datetime.datetime
    email: None | str
    email_verified: bool
    id: str
    intended_course: None | str
    locale: None | str
    name: None | str
    sign_in_method: None | str
    signup_method: str





    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        email: None | str
        email = self.email

        email_verified = self.email_verified

        id = self.id

        intended_course: None | str
        intended_course = self.intended_course

        locale: None | str
        locale = self.locale

        name: None | str
        name = self.name

        sign_in_method: None | str
        sign_in_method = self.sign_in_method

        signup_method = self.signup_method


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "created_at": created_at,
            "email": email,
            "email_verified": email_verified,
            "id": id,
            "intended_course": intended_course,
            "locale": locale,
            "name": name,
            "sign_in_method": sign_in_method,
            "signup_method": signup_method,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email = _parse_email(d.pop("email"))


        email_verified = d.pop("email_verified")

        id = d.pop("id")

        def _parse_intended_course(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        intended_course = _parse_intended_course(d.pop("intended_course"))


        def _parse_locale(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        locale = _parse_locale(d.pop("locale"))


        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))


        def _parse_sign_in_method(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        sign_in_method = _parse_sign_in_method(d.pop("sign_in_method"))


        signup_method = d.pop("signup_method")

        student_out = cls(
            created_at=created_at,
            email=email,
            email_verified=email_verified,
            id=id,
            intended_course=intended_course,
            locale=locale,
            name=name,
            sign_in_method=sign_in_method,
            signup_method=signup_method,
        )

        return student_out

