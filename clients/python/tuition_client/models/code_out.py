from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.code_out_amounts_off_type_0 import CodeOutAmountsOffType0
  from ..models.code_out_min_price_type_0 import CodeOutMinPriceType0
  from ..models.totals_out import TotalsOut





T = TypeVar("T", bound="CodeOut")



@_attrs_define
class CodeOut:
    """ 
        Attributes:
            active (bool):
            amounts_off (CodeOutAmountsOffType0 | None):
            code (str):
            courses (list[str] | None):
            created_at (datetime.datetime):
            description (str):
            id (str):
            max_redemptions (int | None):
            min_price (CodeOutMinPriceType0 | None):
            per_student_limit (int | None):
            percent_off (int | None):
            redeemed (int): Live redemptions counted.
            totals (TotalsOut):
            valid_from (datetime.datetime | None):
            valid_until (datetime.datetime | None):
     """

    active: bool
    amounts_off: CodeOutAmountsOffType0 | None
    code: str
    courses: list[str] | None
    created_at: datetime.datetime
    description: str
    id: str
    max_redemptions: int | None
    min_price: CodeOutMinPriceType0 | None
    per_student_limit: int | None
    percent_off: int | None
    redeemed: int
    totals: TotalsOut
    valid_from: datetime.datetime | None
    valid_until: datetime.datetime | None





    def to_dict(self) -> dict[str, Any]:
        from ..models.code_out_amounts_off_type_0 import CodeOutAmountsOffType0 # noqa: PLC0415
        from ..models.code_out_min_price_type_0 import CodeOutMinPriceType0 # noqa: PLC0415
        from ..models.totals_out import TotalsOut # noqa: PLC0415
        active = self.active

        amounts_off: dict[str, Any] | None
        if isinstance(self.amounts_off, CodeOutAmountsOffType0):
            amounts_off = self.amounts_off.to_dict()
        else:
            amounts_off = self.amounts_off

        code = self.code

        courses: list[str] | None
        if isinstance(self.courses, list):
            courses = self.courses


        else:
            courses = self.courses

        created_at = self.created_at.isoformat()

        description = self.description

        id = self.id

        max_redemptions: int | None
        max_redemptions = self.max_redemptions

        min_price: dict[str, Any] | None
        if isinstance(self.min_price, CodeOutMinPriceType0):
            min_price = self.min_price.to_dict()
        else:
            min_price = self.min_price

        per_student_limit: int | None
        per_student_limit = self.per_student_limit

        percent_off: int | None
        percent_off = self.percent_off

        redeemed = self.redeemed

        totals = self.totals.to_dict()

        valid_from: None | str
        if isinstance(self.valid_from, datetime.datetime):
            valid_from = self.valid_from.isoformat()
        else:
            valid_from = self.valid_from

        valid_until: None | str
        if isinstance(self.valid_until, datetime.datetime):
            valid_until = self.valid_until.isoformat()
        else:
            valid_until = self.valid_until


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "active": active,
            "amounts_off": amounts_off,
            "code": code,
            "courses": courses,
            "created_at": created_at,
            "description": description,
            "id": id,
            "max_redemptions": max_redemptions,
            "min_price": min_price,
            "per_student_limit": per_student_limit,
            "percent_off": percent_off,
            "redeemed": redeemed,
            "totals": totals,
            "valid_from": valid_from,
            "valid_until": valid_until,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.code_out_amounts_off_type_0 import CodeOutAmountsOffType0 # noqa: PLC0415
        from ..models.code_out_min_price_type_0 import CodeOutMinPriceType0 # noqa: PLC0415
        from ..models.totals_out import TotalsOut # noqa: PLC0415
        d = dict(src_dict)
        active = d.pop("active")

        def _parse_amounts_off(data: object) -> CodeOutAmountsOffType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                amounts_off_type_0 = CodeOutAmountsOffType0.from_dict(data)



                return amounts_off_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CodeOutAmountsOffType0 | None, data)

        amounts_off = _parse_amounts_off(d.pop("amounts_off"))


        code = d.pop("code")

        def _parse_courses(data: object) -> list[str] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                courses_type_0 = cast(list[str], data)

                return courses_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None, data)

        courses = _parse_courses(d.pop("courses"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        description = d.pop("description")

        id = d.pop("id")

        def _parse_max_redemptions(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        max_redemptions = _parse_max_redemptions(d.pop("max_redemptions"))


        def _parse_min_price(data: object) -> CodeOutMinPriceType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                min_price_type_0 = CodeOutMinPriceType0.from_dict(data)



                return min_price_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CodeOutMinPriceType0 | None, data)

        min_price = _parse_min_price(d.pop("min_price"))


        def _parse_per_student_limit(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        per_student_limit = _parse_per_student_limit(d.pop("per_student_limit"))


        def _parse_percent_off(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        percent_off = _parse_percent_off(d.pop("percent_off"))


        redeemed = d.pop("redeemed")

        totals = TotalsOut.from_dict(d.pop("totals"))




        def _parse_valid_from(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                valid_from_type_0 = datetime.datetime.fromisoformat(data)



                return valid_from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        valid_from = _parse_valid_from(d.pop("valid_from"))


        def _parse_valid_until(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                valid_until_type_0 = datetime.datetime.fromisoformat(data)



                return valid_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        valid_until = _parse_valid_until(d.pop("valid_until"))


        code_out = cls(
            active=active,
            amounts_off=amounts_off,
            code=code,
            courses=courses,
            created_at=created_at,
            description=description,
            id=id,
            max_redemptions=max_redemptions,
            min_price=min_price,
            per_student_limit=per_student_limit,
            percent_off=percent_off,
            redeemed=redeemed,
            totals=totals,
            valid_from=valid_from,
            valid_until=valid_until,
        )

        return code_out

