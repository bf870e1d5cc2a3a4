from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.subscription_out_access import SubscriptionOutAccess
from ..models.subscription_out_status import SubscriptionOutStatus
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.grant_out import GrantOut
  from ..models.plan_change_out import PlanChangeOut





T = TypeVar("T", bound="SubscriptionOut")



@_attrs_define
class SubscriptionOut:
    """ 
        Attributes:
            access (SubscriptionOutAccess): paused: a renewal is unpaid past the grace days (enroll state
                membership_paused).
            amount (int): Charged every period, minor units (gross when taxed).
            cancel_at_period_end (bool):
            canceled_at (datetime.datetime | None):
            close_reason (None | str):
            created_at (datetime.datetime):
            currency (str):
            current_period_end (datetime.datetime | None):
            current_period_start (datetime.datetime | None):
            enrollment_id (str): The plan's enrollment.
            failed_at (datetime.datetime | None):
            final_deadline_at (datetime.datetime | None):
            grace_ends_at (datetime.datetime | None):
            grants (list[GrantOut]):
            id (str):
            interval (str):
            interval_count (int):
            order_id (str): The order of the first payment.
            paid_periods (int): Charges paid, the checkout's included (with a trial, it counts as the first, for 0).
            plan (str): The plan course's slug.
            plan_change (None | PlanChangeOut): The latest plan change (pending: an upgrade waiting for its prorated charge;
                scheduled: a downgrade at the next renewal).
            provider (str):
            refunded_amount (int):
            started_at (datetime.datetime | None):
            status (SubscriptionOutStatus):
            student_id (str):
            tax_amount (int): The tax in amount (0 untaxed); net = amount - tax_amount.
            tax_refunded_amount (int): The tax in refunded_amount (in proportion).
            trial_days (int): The free trial's days (0: none).
            trial_ends_at (datetime.datetime | None): When the trial ends and the first period is charged.
     """

    access: SubscriptionOutAccess
    amount: int
    cancel_at_period_end: bool
    canceled_at: datetime.datetime | None
    close_reason: None | str
    created_at: datetime.datetime
    currency: str
    current_period_end: datetime.datetime | None
    current_period_start: datetime.datetime | None
    enrollment_id: str
    failed_at: datetime.datetime | None
    final_deadline_at: datetime.datetime | None
    grace_ends_at: datetime.datetime | None
    grants: list[GrantOut]
    id: str
    interval: str
    interval_count: int
    order_id: str
    paid_periods: int
    plan: str
    plan_change: None | PlanChangeOut
    provider: str
    refunded_amount: int
    started_at: datetime.datetime | None
    status: SubscriptionOutStatus
    student_id: str
    tax_amount: int
    tax_refunded_amount: int
    trial_days: int
    trial_ends_at: datetime.datetime | None





    def to_dict(self) -> dict[str, Any]:
        from ..models.grant_out import GrantOut # noqa: PLC0415
        from ..models.plan_change_out import PlanChangeOut # noqa: PLC0415
        access = self.access.value

        amount = self.amount

        cancel_at_period_end = self.cancel_at_period_end

        canceled_at: None | str
        if isinstance(self.canceled_at, datetime.datetime):
            canceled_at = self.canceled_at.isoformat()
        else:
            canceled_at = self.canceled_at

        close_reason: None | str
        close_reason = self.close_reason

        created_at = self.created_at.isoformat()

        currency = self.currency

        current_period_end: None | str
        if isinstance(self.current_period_end, datetime.datetime):
            current_period_end = self.current_period_end.isoformat()
        else:
            current_period_end = self.current_period_end

        current_period_start: None | str
        if isinstance(self.current_period_start, datetime.datetime):
            current_period_start = self.current_period_start.isoformat()
        else:
            current_period_start = self.current_period_start

        enrollment_id = self.enrollment_id

        failed_at: None | str
        if isinstance(self.failed_at, datetime.datetime):
            failed_at = self.failed_at.isoformat()
        else:
            failed_at = self.failed_at

        final_deadline_at: None | str
        if isinstance(self.final_deadline_at, datetime.datetime):
            final_deadline_at = self.final_deadline_at.isoformat()
        else:
            final_deadline_at = self.final_deadline_at

        grace_ends_at: None | str
        if isinstance(self.grace_ends_at, datetime.datetime):
            grace_ends_at = self.grace_ends_at.isoformat()
        else:
            grace_ends_at = self.grace_ends_at

        grants = []
        for grants_item_data in self.grants:
            grants_item = grants_item_data.to_dict()
            grants.append(grants_item)



        id = self.id

        interval = self.interval

        interval_count = self.interval_count

        order_id = self.order_id

        paid_periods = self.paid_periods

        plan = self.plan

        plan_change: dict[str, Any] | None
        if isinstance(self.plan_change, PlanChangeOut):
            plan_change = self.plan_change.to_dict()
        else:
            plan_change = self.plan_change

        provider = self.provider

        refunded_amount = self.refunded_amount

        started_at: None | str
        if isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        status = self.status.value

        student_id = self.student_id

        tax_amount = self.tax_amount

        tax_refunded_amount = self.tax_refunded_amount

        trial_days = self.trial_days

        trial_ends_at: None | str
        if isinstance(self.trial_ends_at, datetime.datetime):
            trial_ends_at = self.trial_ends_at.isoformat()
        else:
            trial_ends_at = self.trial_ends_at


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "access": access,
            "amount": amount,
            "cancel_at_period_end": cancel_at_period_end,
            "canceled_at": canceled_at,
            "close_reason": close_reason,
            "created_at": created_at,
            "currency": currency,
            "current_period_end": current_period_end,
            "current_period_start": current_period_start,
            "enrollment_id": enrollment_id,
            "failed_at": failed_at,
            "final_deadline_at": final_deadline_at,
            "grace_ends_at": grace_ends_at,
            "grants": grants,
            "id": id,
            "interval": interval,
            "interval_count": interval_count,
            "order_id": order_id,
            "paid_periods": paid_periods,
            "plan": plan,
            "plan_change": plan_change,
            "provider": provider,
            "refunded_amount": refunded_amount,
            "started_at": started_at,
            "status": status,
            "student_id": student_id,
            "tax_amount": tax_amount,
            "tax_refunded_amount": tax_refunded_amount,
            "trial_days": trial_days,
            "trial_ends_at": trial_ends_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.grant_out import GrantOut # noqa: PLC0415
        from ..models.plan_change_out import PlanChangeOut # noqa: PLC0415
        d = dict(src_dict)
        access = SubscriptionOutAccess(d.pop("access"))




        amount = d.pop("amount")

        cancel_at_period_end = d.pop("cancel_at_period_end")

        def _parse_canceled_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                canceled_at_type_0 = datetime.datetime.fromisoformat(data)



                return canceled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        canceled_at = _parse_canceled_at(d.pop("canceled_at"))


        def _parse_close_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        close_reason = _parse_close_reason(d.pop("close_reason"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        currency = d.pop("currency")

        def _parse_current_period_end(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                current_period_end_type_0 = datetime.datetime.fromisoformat(data)



                return current_period_end_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        current_period_end = _parse_current_period_end(d.pop("current_period_end"))


        def _parse_current_period_start(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                current_period_start_type_0 = datetime.datetime.fromisoformat(data)



                return current_period_start_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        current_period_start = _parse_current_period_start(d.pop("current_period_start"))


        enrollment_id = d.pop("enrollment_id")

        def _parse_failed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                failed_at_type_0 = datetime.datetime.fromisoformat(data)



                return failed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        failed_at = _parse_failed_at(d.pop("failed_at"))


        def _parse_final_deadline_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                final_deadline_at_type_0 = datetime.datetime.fromisoformat(data)



                return final_deadline_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        final_deadline_at = _parse_final_deadline_at(d.pop("final_deadline_at"))


        def _parse_grace_ends_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                grace_ends_at_type_0 = datetime.datetime.fromisoformat(data)



                return grace_ends_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        grace_ends_at = _parse_grace_ends_at(d.pop("grace_ends_at"))


        grants = []
        _grants = d.pop("grants")
        for grants_item_data in (_grants):
            grants_item = GrantOut.from_dict(grants_item_data)



            grants.append(grants_item)


        id = d.pop("id")

        interval = d.pop("interval")

        interval_count = d.pop("interval_count")

        order_id = d.pop("order_id")

        paid_periods = d.pop("paid_periods")

        plan = d.pop("plan")

        def _parse_plan_change(data: object) -> None | PlanChangeOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                plan_change_type_1 = PlanChangeOut.from_dict(data)



                return plan_change_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PlanChangeOut, data)

        plan_change = _parse_plan_change(d.pop("plan_change"))


        provider = d.pop("provider")

        refunded_amount = d.pop("refunded_amount")

        def _parse_started_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)



                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        started_at = _parse_started_at(d.pop("started_at"))


        status = SubscriptionOutStatus(d.pop("status"))




        student_id = d.pop("student_id")

        tax_amount = d.pop("tax_amount")

        tax_refunded_amount = d.pop("tax_refunded_amount")

        trial_days = d.pop("trial_days")

        def _parse_trial_ends_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                trial_ends_at_type_0 = datetime.datetime.fromisoformat(data)



                return trial_ends_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        trial_ends_at = _parse_trial_ends_at(d.pop("trial_ends_at"))


        subscription_out = cls(
            access=access,
            amount=amount,
            cancel_at_period_end=cancel_at_period_end,
            canceled_at=canceled_at,
            close_reason=close_reason,
            created_at=created_at,
            currency=currency,
            current_period_end=current_period_end,
            current_period_start=current_period_start,
            enrollment_id=enrollment_id,
            failed_at=failed_at,
            final_deadline_at=final_deadline_at,
            grace_ends_at=grace_ends_at,
            grants=grants,
            id=id,
            interval=interval,
            interval_count=interval_count,
            order_id=order_id,
            paid_periods=paid_periods,
            plan=plan,
            plan_change=plan_change,
            provider=provider,
            refunded_amount=refunded_amount,
            started_at=started_at,
            status=status,
            student_id=student_id,
            tax_amount=tax_amount,
            tax_refunded_amount=tax_refunded_amount,
            trial_days=trial_days,
            trial_ends_at=trial_ends_at,
        )

        return subscription_out

