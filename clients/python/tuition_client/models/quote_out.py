from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.quote_out_extensions import QuoteOutExtensions
  from ..models.quote_out_problem_type_0 import QuoteOutProblemType0
  from ..models.quote_out_tax_type_0 import QuoteOutTaxType0





T = TypeVar("T", bound="QuoteOut")



@_attrs_define
class QuoteOut:
    """ 
        Attributes:
            code (None | str): The code applied, if any.
            course (str): The course's slug.
            currency (None | str): null: no price.
            discount (int): What the best offer takes off it.
            extensions (QuoteOutExtensions): What the tenant's plugins add to the quote, by key (the bundles plugin's
                bundle: its courses, those the student owns and their credit).
            list_price (int): The course's price (minor units).
            net (int): total less tax_amount.
            problem (None | QuoteOutProblemType0): Why enrolling with this code would be refused (a problem document: type,
                title, status, detail, code, e.g. code_expired); the total is then without the code.
            reason (None | str): Why the price is lower.
            tax (None | QuoteOutTaxType0): The tax breakdown (rate, name, country, reverse_charge, note, …) from the
                tenant's tax plugin, for the query's billing details; null untaxed.
            tax_amount (int): The tax in total (0 without a tax plugin).
            total (int): What enrolling costs now (the gross): list_price - discount, or with a tax plugin the gross it
                computes from that (net + tax_amount).
     """

    code: None | str
    course: str
    currency: None | str
    discount: int
    extensions: QuoteOutExtensions
    list_price: int
    net: int
    problem: None | QuoteOutProblemType0
    reason: None | str
    tax: None | QuoteOutTaxType0
    tax_amount: int
    total: int





    def to_dict(self) -> dict[str, Any]:
        from ..models.quote_out_extensions import QuoteOutExtensions # noqa: PLC0415
        from ..models.quote_out_problem_type_0 import QuoteOutProblemType0 # noqa: PLC0415
        from ..models.quote_out_tax_type_0 import QuoteOutTaxType0 # noqa: PLC0415
        code: None | str
        code = self.code

        course = self.course

        currency: None | str
        currency = self.currency

        discount = self.discount

        extensions = self.extensions.to_dict()

        list_price = self.list_price

        net = self.net

        problem: dict[str, Any] | None
        if isinstance(self.problem, QuoteOutProblemType0):
            problem = self.problem.to_dict()
        else:
            problem = self.problem

        reason: None | str
        reason = self.reason

        tax: dict[str, Any] | None
        if isinstance(self.tax, QuoteOutTaxType0):
            tax = self.tax.to_dict()
        else:
            tax = self.tax

        tax_amount = self.tax_amount

        total = self.total


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "code": code,
            "course": course,
            "currency": currency,
            "discount": discount,
            "extensions": extensions,
            "list_price": list_price,
            "net": net,
            "problem": problem,
            "reason": reason,
            "tax": tax,
            "tax_amount": tax_amount,
            "total": total,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.quote_out_extensions import QuoteOutExtensions # noqa: PLC0415
        from ..models.quote_out_problem_type_0 import QuoteOutProblemType0 # noqa: PLC0415
        from ..models.quote_out_tax_type_0 import QuoteOutTaxType0 # noqa: PLC0415
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

        extensions = QuoteOutExtensions.from_dict(d.pop("extensions"))




        list_price = d.pop("list_price")

        net = d.pop("net")

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


        def _parse_tax(data: object) -> None | QuoteOutTaxType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                tax_type_0 = QuoteOutTaxType0.from_dict(data)



                return tax_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | QuoteOutTaxType0, data)

        tax = _parse_tax(d.pop("tax"))


        tax_amount = d.pop("tax_amount")

        total = d.pop("total")

        quote_out = cls(
            code=code,
            course=course,
            currency=currency,
            discount=discount,
            extensions=extensions,
            list_price=list_price,
            net=net,
            problem=problem,
            reason=reason,
            tax=tax,
            tax_amount=tax_amount,
            total=total,
        )

        return quote_out

