from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.quote_out_problem_type_0 import QuoteOutProblemType0





T = TypeVar("T", bound="QuoteOut")



@_attrs_define
class QuoteOut:
    """ 
        Attributes:
            code (None | str): The code applied, if any.
            course (str): The course's slug.
            currency (None | str): null: no price.
            discount (int): What the best offer takes off it.
            list_price (int): The course's price (minor units).
            problem (None | QuoteOutProblemType0): Why enrolling with this code would be refused (a problem document: type,
                title, status, detail, code, e.g. code_expired); the total is then without the code.
            reason (None | str): Why the price is lower.
            total (int): What enrolling costs now: list_price - discount.
     """

    code: None | str
    course: str
    currency: None | str
    discount: int
    list_price: int
    problem: None | QuoteOutProblemType0
    reason: None | str
    total: int





    def to_dict(self) -> dict[str, Any]:
        from ..models.quote_out_problem_type_0 import QuoteOutProblemType0 # noqa: PLC0415
        code: None | str
        code = self.code

        course = self.course

        currency: None | str
        currency = self.currency

        discount = self.discount

        list_price = self.list_price

        problem: dict[str, Any] | None
        if isinstance(self.problem, QuoteOutProblemType0):
            problem = self.problem.to_dict()
        else:
            problem = self.problem

        reason: None | str
        reason = self.reason

        total = self.total


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "code": code,
            "course": course,
            "currency": currency,
            "discount": discount,
            "list_price": list_price,
            "problem": problem,
            "reason": reason,
            "total": total,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.quote_out_problem_type_0 import QuoteOutProblemType0 # noqa: PLC0415
        d = dict(src_dict)
        def _parse_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        code = _parse_code(d.pop("code"))


        course = d.pop("course")

        def _parse_currency(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        currency = _parse_currency(d.pop("currency"))


        discount = d.pop("discount")

        list_price = d.pop("list_price")

        def _parse_problem(data: object) -> None | QuoteOutProblemType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                problem_type_0 = QuoteOutProblemType0.from_dict(data)



                return problem_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | QuoteOutProblemType0, data)

        problem = _parse_problem(d.pop("problem"))


        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))


        total = d.pop("total")

        quote_out = cls(
            code=code,
            course=course,
            currency=currency,
            discount=discount,
            list_price=list_price,
            problem=problem,
            reason=reason,
            total=total,
        )

        return quote_out

