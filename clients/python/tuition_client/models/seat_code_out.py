from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.seat_code_out_redeemed_with_type_1 import SeatCodeOutRedeemedWithType1
from ..models.seat_code_out_redeemed_with_type_2_type_1 import SeatCodeOutRedeemedWithType2Type1
from ..models.seat_code_out_redeemed_with_type_3_type_1 import SeatCodeOutRedeemedWithType3Type1
from ..models.seat_code_out_status import SeatCodeOutStatus
from typing import cast
import datetime






T = TypeVar("T", bound="SeatCodeOut")



@_attrs_define
class SeatCodeOut:
    """ 
        Attributes:
            code (str):
            enrollment_id (None | str):
            id (str):
            redeemed_at (datetime.datetime | None):
            redeemed_with (None | SeatCodeOutRedeemedWithType1 | SeatCodeOutRedeemedWithType2Type1 |
                SeatCodeOutRedeemedWithType3Type1):
            replaced_by (None | str):
            revoked_at (datetime.datetime | None):
            status (SeatCodeOutStatus):
            student_email (None | str):
            student_id (None | str):
            student_name (None | str):
     """

    code: str
    enrollment_id: None | str
    id: str
    redeemed_at: datetime.datetime | None
    redeemed_with: None | SeatCodeOutRedeemedWithType1 | SeatCodeOutRedeemedWithType2Type1 | SeatCodeOutRedeemedWithType3Type1
    replaced_by: None | str
    revoked_at: datetime.datetime | None
    status: SeatCodeOutStatus
    student_email: None | str
    student_id: None | str
    student_name: None | str





    def to_dict(self) -> dict[str, Any]:
        code = self.code

        enrollment_id: None | str
        enrollment_id = self.enrollment_id

        id = self.id

        redeemed_at: None | str
        if isinstance(self.redeemed_at, datetime.datetime):
            redeemed_at = self.redeemed_at.isoformat()
        else:
            redeemed_at = self.redeemed_at

        redeemed_with: None | str
        if isinstance(self.redeemed_with, SeatCodeOutRedeemedWithType1):
            redeemed_with = self.redeemed_with.value
        elif isinstance(self.redeemed_with, SeatCodeOutRedeemedWithType2Type1):
            redeemed_with = self.redeemed_with.value
        elif isinstance(self.redeemed_with, SeatCodeOutRedeemedWithType3Type1):
            redeemed_with = self.redeemed_with.value
        else:
            redeemed_with = self.redeemed_with

        replaced_by: None | str
        replaced_by = self.replaced_by

        revoked_at: None | str
        if isinstance(self.revoked_at, datetime.datetime):
            revoked_at = self.revoked_at.isoformat()
        else:
            revoked_at = self.revoked_at

        status = self.status.value

        student_email: None | str
        student_email = self.student_email

        student_id: None | str
        student_id = self.student_id

        student_name: None | str
        student_name = self.student_name


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "code": code,
            "enrollment_id": enrollment_id,
            "id": id,
            "redeemed_at": redeemed_at,
            "redeemed_with": redeemed_with,
            "replaced_by": replaced_by,
            "revoked_at": revoked_at,
            "status": status,
            "student_email": student_email,
            "student_id": student_id,
            "student_name": student_name,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        def _parse_enrollment_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        enrollment_id = _parse_enrollment_id(d.pop("enrollment_id"))


        id = d.pop("id")

        def _parse_redeemed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                redeemed_at_type_0 = datetime.datetime.fromisoformat(data)



                return redeemed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        redeemed_at = _parse_redeemed_at(d.pop("redeemed_at"))


        def _parse_redeemed_with(data: object) -> None | SeatCodeOutRedeemedWithType1 | SeatCodeOutRedeemedWithType2Type1 | SeatCodeOutRedeemedWithType3Type1:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                redeemed_with_type_1 = SeatCodeOutRedeemedWithType1(data)



                return redeemed_with_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                redeemed_with_type_2_type_1 = SeatCodeOutRedeemedWithType2Type1(data)



                return redeemed_with_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                redeemed_with_type_3_type_1 = SeatCodeOutRedeemedWithType3Type1(data)



                return redeemed_with_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SeatCodeOutRedeemedWithType1 | SeatCodeOutRedeemedWithType2Type1 | SeatCodeOutRedeemedWithType3Type1, data)

        redeemed_with = _parse_redeemed_with(d.pop("redeemed_with"))


        def _parse_replaced_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        replaced_by = _parse_replaced_by(d.pop("replaced_by"))


        def _parse_revoked_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                revoked_at_type_0 = datetime.datetime.fromisoformat(data)



                return revoked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        revoked_at = _parse_revoked_at(d.pop("revoked_at"))


        status = SeatCodeOutStatus(d.pop("status"))




        def _parse_student_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        student_email = _parse_student_email(d.pop("student_email"))


        def _parse_student_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        student_id = _parse_student_id(d.pop("student_id"))


        def _parse_student_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        student_name = _parse_student_name(d.pop("student_name"))


        seat_code_out = cls(
            code=code,
            enrollment_id=enrollment_id,
            id=id,
            redeemed_at=redeemed_at,
            redeemed_with=redeemed_with,
            replaced_by=replaced_by,
            revoked_at=revoked_at,
            status=status,
            student_email=student_email,
            student_id=student_id,
            student_name=student_name,
        )

        return seat_code_out

