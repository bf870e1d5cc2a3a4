from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.plan_change_out_kind import PlanChangeOutKind
from ..models.plan_change_out_status import PlanChangeOutStatus
from typing import cast






T = TypeVar("T", bound="PlanChangeOut")



@_attrs_define
class PlanChangeOut:
    """ 
        Attributes:
            amount (int): The new plan's price.
            from_amount (int):
            from_plan (None | str):
            id (str):
            kind (PlanChangeOutKind):
            payment_id (None | str):
            period (int): The period it was asked in (an upgrade) or applies from (a downgrade: the next renewal).
            plan (None | str): The new plan's slug.
            proration (int): The prorated difference charged now (an upgrade).
            status (PlanChangeOutStatus):
     """

    amount: int
    from_amount: int
    from_plan: None | str
    id: str
    kind: PlanChangeOutKind
    payment_id: None | str
    period: int
    plan: None | str
    proration: int
    status: PlanChangeOutStatus





    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        from_amount = self.from_amount

        from_plan: None | str
        from_plan = self.from_plan

        id = self.id

        kind = self.kind.value

        payment_id: None | str
        payment_id = self.payment_id

        period = self.period

        plan: None | str
        plan = self.plan

        proration = self.proration

        status = self.status.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "amount": amount,
            "from_amount": from_amount,
            "from_plan": from_plan,
            "id": id,
            "kind": kind,
            "payment_id": payment_id,
            "period": period,
            "plan": plan,
            "proration": proration,
            "status": status,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        from_amount = d.pop("from_amount")

        def _parse_from_plan(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        from_plan = _parse_from_plan(d.pop("from_plan"))


        id = d.pop("id")

        kind = PlanChangeOutKind(d.pop("kind"))




        def _parse_payment_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payment_id = _parse_payment_id(d.pop("payment_id"))


        period = d.pop("period")

        def _parse_plan(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        plan = _parse_plan(d.pop("plan"))


        proration = d.pop("proration")

        status = PlanChangeOutStatus(d.pop("status"))




        plan_change_out = cls(
            amount=amount,
            from_amount=from_amount,
            from_plan=from_plan,
            id=id,
            kind=kind,
            payment_id=payment_id,
            period=period,
            plan=plan,
            proration=proration,
            status=status,
        )

        return plan_change_out

