from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.code_template_amounts_off_type_0 import CodeTemplateAmountsOffType0
  from ..models.code_template_min_price_type_0 import CodeTemplateMinPriceType0





T = TypeVar("T", bound="CodeTemplate")



@_attrs_define
class CodeTemplate:
    """ 
        Attributes:
            active (bool | Unset):
            amounts_off (CodeTemplateAmountsOffType0 | None | Unset): Fixed amount off per currency, minor units. Example:
                {'EUR': 1000}.
            courses (list[str] | None | Unset): Slugs of the courses it applies to; null: every course.
            description (str | Unset): Shown to the student as the reason of the lower price.
            max_redemptions (int | None | Unset): Total redemptions allowed; null: no limit.
            min_price (CodeTemplateMinPriceType0 | None | Unset): Minimum list price per currency for the code to apply.
                Example: {'EUR': 1000}.
            per_student_limit (int | None | Unset): Uses per student (default 1); null: no limit.
            percent_off (int | None | Unset): Percent off (0: an access code that only unlocks a course).
            valid_from (datetime.datetime | None | Unset):
            valid_until (datetime.datetime | None | Unset): Exclusive.
     """

    active: bool | Unset = UNSET
    amounts_off: CodeTemplateAmountsOffType0 | None | Unset = UNSET
    courses: list[str] | None | Unset = UNSET
    description: str | Unset = UNSET
    max_redemptions: int | None | Unset = UNSET
    min_price: CodeTemplateMinPriceType0 | None | Unset = UNSET
    per_student_limit: int | None | Unset = UNSET
    percent_off: int | None | Unset = UNSET
    valid_from: datetime.datetime | None | Unset = UNSET
    valid_until: datetime.datetime | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.code_template_amounts_off_type_0 import CodeTemplateAmountsOffType0 # noqa: PLC0415
        from ..models.code_template_min_price_type_0 import CodeTemplateMinPriceType0 # noqa: PLC0415
        active = self.active

        amounts_off: dict[str, Any] | None | Unset
        if isinstance(self.amounts_off, Unset):
            amounts_off = UNSET
        elif isinstance(self.amounts_off, CodeTemplateAmountsOffType0):
            amounts_off = self.amounts_off.to_dict()
        else:
            amounts_off = self.amounts_off

        courses: list[str] | None | Unset
        if isinstance(self.courses, Unset):
            courses = UNSET
        elif isinstance(self.courses, list):
            courses = self.courses


        else:
            courses = self.courses

        description = self.description

        max_redemptions: int | None | Unset
        if isinstance(self.max_redemptions, Unset):
            max_redemptions = UNSET
        else:
            max_redemptions = self.max_redemptions

        min_price: dict[str, Any] | None | Unset
        if isinstance(self.min_price, Unset):
            min_price = UNSET
        elif isinstance(self.min_price, CodeTemplateMinPriceType0):
            min_price = self.min_price.to_dict()
        else:
            min_price = self.min_price

        per_student_limit: int | None | Unset
        if isinstance(self.per_student_limit, Unset):
            per_student_limit = UNSET
        else:
            per_student_limit = self.per_student_limit

        percent_off: int | None | Unset
        if isinstance(self.percent_off, Unset):
            percent_off = UNSET
        else:
            percent_off = self.percent_off

        valid_from: None | str | Unset
        if isinstance(self.valid_from, Unset):
            valid_from = UNSET
        elif isinstance(self.valid_from, datetime.datetime):
            valid_from = self.valid_from.isoformat()
        else:
            valid_from = self.valid_from

        valid_until: None | str | Unset
        if isinstance(self.valid_until, Unset):
            valid_until = UNSET
        elif isinstance(self.valid_until, datetime.datetime):
            valid_until = self.valid_until.isoformat()
        else:
            valid_until = self.valid_until


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if active is not UNSET:
            field_dict["active"] = active
        if amounts_off is not UNSET:
            field_dict["amounts_off"] = amounts_off
        if courses is not UNSET:
            field_dict["courses"] = courses
        if description is not UNSET:
            field_dict["description"] = description
        if max_redemptions is not UNSET:
            field_dict["max_redemptions"] = max_redemptions
        if min_price is not UNSET:
            field_dict["min_price"] = min_price
        if per_student_limit is not UNSET:
            field_dict["per_student_limit"] = per_student_limit
        if percent_off is not UNSET:
            field_dict["percent_off"] = percent_off
        if valid_from is not UNSET:
            field_dict["valid_from"] = valid_from
        if valid_until is not UNSET:
            field_dict["valid_until"] = valid_until

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.code_template_amounts_off_type_0 import CodeTemplateAmountsOffType0 # noqa: PLC0415
        from ..models.code_template_min_price_type_0 import CodeTemplateMinPriceType0 # noqa: PLC0415
        d = dict(src_dict)
        active = d.pop("active", UNSET)

        def _parse_amounts_off(data: object) -> CodeTemplateAmountsOffType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                amounts_off_type_0 = CodeTemplateAmountsOffType0.from_dict(data)



                return amounts_off_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CodeTemplateAmountsOffType0 | None | Unset, data)

        amounts_off = _parse_amounts_off(d.pop("amounts_off", UNSET))


        def _parse_courses(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                courses_type_0 = cast(list[str], data)

                return courses_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        courses = _parse_courses(d.pop("courses", UNSET))


        description = d.pop("description", UNSET)

        def _parse_max_redemptions(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_redemptions = _parse_max_redemptions(d.pop("max_redemptions", UNSET))


        def _parse_min_price(data: object) -> CodeTemplateMinPriceType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                min_price_type_0 = CodeTemplateMinPriceType0.from_dict(data)



                return min_price_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CodeTemplateMinPriceType0 | None | Unset, data)

        min_price = _parse_min_price(d.pop("min_price", UNSET))


        def _parse_per_student_limit(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        per_student_limit = _parse_per_student_limit(d.pop("per_student_limit", UNSET))


        def _parse_percent_off(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        percent_off = _parse_percent_off(d.pop("percent_off", UNSET))


        def _parse_valid_from(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                valid_from_type_0 = datetime.datetime.fromisoformat(data)



                return valid_from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        valid_from = _parse_valid_from(d.pop("valid_from", UNSET))


        def _parse_valid_until(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                valid_until_type_0 = datetime.datetime.fromisoformat(data)



                return valid_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        valid_until = _parse_valid_until(d.pop("valid_until", UNSET))


        code_template = cls(
            active=active,
            amounts_off=amounts_off,
            courses=courses,
            description=description,
            max_redemptions=max_redemptions,
            min_price=min_price,
            per_student_limit=per_student_limit,
            percent_off=percent_off,
            valid_from=valid_from,
            valid_until=valid_until,
        )

        return code_template

