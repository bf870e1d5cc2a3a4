from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.payment_plan_out_access import PaymentPlanOutAccess
from ..models.payment_plan_out_status import PaymentPlanOutStatus
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.payment_plan_installment_out import PaymentPlanInstallmentOut
  from ..models.payment_plan_refund_out import PaymentPlanRefundOut





T = TypeVar("T", bound="PaymentPlanOut")



@_attrs_define
class PaymentPlanOut:
    """ 
        Attributes:
            access (PaymentPlanOutAccess): paused: an installment is overdue (enroll state payment_overdue).
            amount (int): Each installment, in minor units.
            balance (int): What is left to pay.
            close_reason (None | str):
            closed_at (datetime.datetime | None):
            count (int):
            course (str): The course's slug.
            created_at (datetime.datetime):
            currency (str):
            enrollment_id (str):
            failed_at (datetime.datetime | None):
            final_deadline_at (datetime.datetime | None):
            grace_ends_at (datetime.datetime | None):
            id (str):
            installments (list[PaymentPlanInstallmentOut]):
            interval (str):
            interval_count (int):
            next_due_at (datetime.datetime | None):
            order_id (str): The order of the first payment.
            paid (int): What was paid so far.
            provider (str):
            refunded (int): What the site owner gave back of the paid installments.
            refunds (list[PaymentPlanRefundOut]): Money given back: one installment (reason admin), or a charge not owed
                (after_close, duplicate, pay_off_excess), never counted as paid.
            started_at (datetime.datetime | None):
            status (PaymentPlanOutStatus):
            student_id (str):
            total (int): count times amount.
     """

    access: PaymentPlanOutAccess
    amount: int
    balance: int
    close_reason: None | str
    closed_at: datetime.datetime | None
    count: int
    course: str
    created_at: datetime.datetime
    currency: str
    enrollment_id: str
    failed_at: datetime.datetime | None
    final_deadline_at: datetime.datetime | None
    grace_ends_at: datetime.datetime | None
    id: str
    installments: list[PaymentPlanInstallmentOut]
    interval: str
    interval_count: int
    next_due_at: datetime.datetime | None
    order_id: str
    paid: int
    provider: str
    refunded: int
    refunds: list[PaymentPlanRefundOut]
    started_at: datetime.datetime | None
    status: PaymentPlanOutStatus
    student_id: str
    total: int





    def to_dict(self) -> dict[str, Any]:
        from ..models.payment_plan_installment_out import PaymentPlanInstallmentOut # noqa: PLC0415
        from ..models.payment_plan_refund_out import PaymentPlanRefundOut # noqa: PLC0415
        access = self.access.value

        amount = self.amount

        balance = self.balance

        close_reason: None | str
        close_reason = self.close_reason

        closed_at: None | str
        if isinstance(self.closed_at, datetime.datetime):
            closed_at = self.closed_at.isoformat()
        else:
            closed_at = self.closed_at

        count = self.count

        course = self.course

        created_at = self.created_at.isoformat()

        currency = self.currency

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

        id = self.id

        installments = []
        for installments_item_data in self.installments:
            installments_item = installments_item_data.to_dict()
            installments.append(installments_item)



        interval = self.interval

        interval_count = self.interval_count

        next_due_at: None | str
        if isinstance(self.next_due_at, datetime.datetime):
            next_due_at = self.next_due_at.isoformat()
        else:
            next_due_at = self.next_due_at

        order_id = self.order_id

        paid = self.paid

        provider = self.provider

        refunded = self.refunded

        refunds = []
        for refunds_item_data in self.refunds:
            refunds_item = refunds_item_data.to_dict()
            refunds.append(refunds_item)



        started_at: None | str
        if isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        status = self.status.value

        student_id = self.student_id

        total = self.total


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "access": access,
            "amount": amount,
            "balance": balance,
            "close_reason": close_reason,
            "closed_at": closed_at,
            "count": count,
            "course": course,
            "created_at": created_at,
            "currency": currency,
            "enrollment_id": enrollment_id,
            "failed_at": failed_at,
            "final_deadline_at": final_deadline_at,
            "grace_ends_at": grace_ends_at,
            "id": id,
            "installments": installments,
            "interval": interval,
            "interval_count": interval_count,
            "next_due_at": next_due_at,
            "order_id": order_id,
            "paid": paid,
            "provider": provider,
            "refunded": refunded,
            "refunds": refunds,
            "started_at": started_at,
            "status": status,
            "student_id": student_id,
            "total": total,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.payment_plan_installment_out import PaymentPlanInstallmentOut # noqa: PLC0415
        from ..models.payment_plan_refund_out import PaymentPlanRefundOut # noqa: PLC0415
        d = dict(src_dict)
        access = PaymentPlanOutAccess(d.pop("access"))




        amount = d.pop("amount")

        balance = d.pop("balance")

        def _parse_close_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        close_reason = _parse_close_reason(d.pop("close_reason"))


        def _parse_closed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closed_at_type_0 = datetime.datetime.fromisoformat(data)



                return closed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        closed_at = _parse_closed_at(d.pop("closed_at"))


        count = d.pop("count")

        course = d.pop("course")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        currency = d.pop("currency")

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


        id = d.pop("id")

        installments = []
        _installments = d.pop("installments")
        for installments_item_data in (_installments):
            installments_item = PaymentPlanInstallmentOut.from_dict(installments_item_data)



            installments.append(installments_item)


        interval = d.pop("interval")

        interval_count = d.pop("interval_count")

        def _parse_next_due_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_due_at_type_0 = datetime.datetime.fromisoformat(data)



                return next_due_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_due_at = _parse_next_due_at(d.pop("next_due_at"))


        order_id = d.pop("order_id")

        paid = d.pop("paid")

        provider = d.pop("provider")

        refunded = d.pop("refunded")

        refunds = []
        _refunds = d.pop("refunds")
        for refunds_item_data in (_refunds):
            refunds_item = PaymentPlanRefundOut.from_dict(refunds_item_data)



            refunds.append(refunds_item)


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


        status = PaymentPlanOutStatus(d.pop("status"))




        student_id = d.pop("student_id")

        total = d.pop("total")

        payment_plan_out = cls(
            access=access,
            amount=amount,
            balance=balance,
            close_reason=close_reason,
            closed_at=closed_at,
            count=count,
            course=course,
            created_at=created_at,
            currency=currency,
            enrollment_id=enrollment_id,
            failed_at=failed_at,
            final_deadline_at=final_deadline_at,
            grace_ends_at=grace_ends_at,
            id=id,
            installments=installments,
            interval=interval,
            interval_count=interval_count,
            next_due_at=next_due_at,
            order_id=order_id,
            paid=paid,
            provider=provider,
            refunded=refunded,
            refunds=refunds,
            started_at=started_at,
            status=status,
            student_id=student_id,
            total=total,
        )

        return payment_plan_out

