"""Discount and access codes: whether a code applies, what it takes off, and its
redemptions (no Flask here).

A code's ``redeemed`` counter changes only through conditional UPDATEs
(``redeemed + 1 WHERE max_redemptions IS NULL OR redeemed < max_redemptions``), so a limit
of 10 gives exactly 10 redemptions to any number of concurrent buyers; a student's uses are
numbered slots under a unique (code, student, slot), so the per-student limit holds the
same way. Everything writes through the session it is given and never commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tuition.plugin_api import (
    CourseRecord,
    EnrollmentChange,
    EnrollmentContext,
    EnrollmentRefused,
    Outcome,
    PriceOffer,
    Problem,
    rowcount,
)

from .models import DiscountCode, Redemption

PLUGIN = "discounts"

#: The problem codes of refused codes (public contract: issue 18).
PROBLEM_CODES = {
    "code_invalid": "no active discount code with this text",
    "code_expired": "the code is not valid now (before valid_from or after valid_until)",
    "code_exhausted": "every redemption the code allows is taken",
    "code_not_applicable": "the code does not apply to this course (its courses, currency or "
    "minimum price)",
    "code_already_used": "the student used the code as often as it allows",
    "code_required": "the course takes enrollments with an access code only: send 'code'",
}


def normalise(text: str) -> str:
    """Codes are case-insensitive: stored and compared in upper case, without spaces
    around them."""
    return text.strip().upper()


def find(session: Session, text: str) -> DiscountCode | None:
    return session.scalar(select(DiscountCode).where(DiscountCode.code == normalise(text)))


def code_required(course: CourseRecord) -> bool:
    """Whether the site owner set ``attributes.discounts.code_required`` on the course."""
    own = course.attributes.get(PLUGIN) or {}
    return bool(own.get("code_required"))


def live_uses(session: Session, code_id: str, student_id: str) -> list[int]:
    """The slots of the student's live (held or used) redemptions of the code."""
    return [
        slot
        for slot in session.scalars(
            select(Redemption.slot).where(
                Redemption.code_id == code_id,
                Redemption.student_id == student_id,
                Redemption.slot.is_not(None),
            )
        )
        if slot is not None
    ]


def discount_of(code: DiscountCode, price: int, currency: str) -> int:
    """What ``code`` takes off ``price`` (never more than the price): percent rounded down
    to the minor unit, or the fixed amount of the currency."""
    if code.percent_off is not None:
        return price * code.percent_off // 100
    return min(int((code.amounts_off or {}).get(currency, 0)), price)


@dataclass(frozen=True)
class Verdict:
    """What a code does for one course and student: the offer, or the problem."""

    code: DiscountCode | None
    offer: PriceOffer | None = None
    problem: Problem | None = None


def evaluate(
    session: Session,
    course: CourseRecord,
    student_id: str | None,
    text: str | None,
    now: datetime,
) -> Verdict:
    """Whether ``text`` (None: no code sent) lets ``student_id`` (None: nobody signed in)
    enroll in ``course`` and at what price. Reads only."""
    required = code_required(course)
    if not text:
        if required:
            return Verdict(
                None,
                problem=Problem(
                    "code_required",
                    f"Course {course.slug!r} needs an access code (field 'code').",
                    status=409,
                ),
            )
        return Verdict(None)
    code = find(session, text)
    if code is None or not code.active:
        return Verdict(None, problem=Problem("code_invalid", "This code is not valid.", 422))
    if (code.valid_from is not None and now < code.valid_from) or (
        code.valid_until is not None and now >= code.valid_until
    ):
        return Verdict(code, problem=Problem("code_expired", "This code is not valid now."))
    price, currency = course.price_amount, course.price_currency
    if not _applies(code, course, required):
        return Verdict(
            code,
            problem=Problem(
                "code_not_applicable", f"This code does not apply to {course.title!r}.", 422
            ),
        )
    if code.max_redemptions is not None and code.redeemed >= code.max_redemptions:
        return Verdict(code, problem=Problem("code_exhausted", "This code is used up."))
    if (
        student_id is not None
        and code.per_student_limit is not None
        and len(live_uses(session, code.id, student_id)) >= code.per_student_limit
    ):
        return Verdict(
            code, problem=Problem("code_already_used", "You have used this code already.")
        )
    if price is None or currency is None:
        return Verdict(code)  # an access code for a course without a price
    amount = price - discount_of(code, price, currency)
    reason = code.description or f"Code {code.code}"
    return Verdict(code, offer=PriceOffer(amount, currency, reason, code=code.code))


def _applies(code: DiscountCode, course: CourseRecord, required: bool) -> bool:
    """The code's course list names the course (a course that needs an access code is
    unlocked only by codes that name it), and its currency and minimum price fit."""
    if code.courses is None:
        if required:
            return False
    elif course.slug not in code.courses:
        return False
    price, currency = course.price_amount, course.price_currency
    if price is None or currency is None:
        return True
    minimum = (code.min_price or {}).get(currency)
    if minimum is not None and price < int(minimum):
        return False
    return code.amounts_off is None or currency in code.amounts_off


# -- redemptions ---------------------------------------------------------------------------


def _take(session: Session, code: DiscountCode) -> bool:
    """One more redemption of ``code`` if its limit allows (an atomic conditional UPDATE)."""
    return bool(
        rowcount(
            session.execute(
                update(DiscountCode)
                .where(
                    DiscountCode.id == code.id,
                    DiscountCode.active.is_(True),
                    or_(
                        DiscountCode.max_redemptions.is_(None),
                        DiscountCode.redeemed < DiscountCode.max_redemptions,
                    ),
                )
                .values(redeemed=DiscountCode.redeemed + 1)
                .execution_options(synchronize_session=False)
            )
        )
    )


def _give_back(session: Session, code_id: str) -> None:
    session.execute(
        update(DiscountCode)
        .where(DiscountCode.id == code_id, DiscountCode.redeemed > 0)
        .values(redeemed=DiscountCode.redeemed - 1)
        .execution_options(synchronize_session=False)
    )


def _free_slot(taken: list[int]) -> int:
    slot = 1
    while slot in taken:
        slot += 1
    return slot


def redeem(ctx: EnrollmentContext, outcome: Outcome) -> Redemption | None:
    """The enrollment was created with a code (checked already): count it against the
    code's limits, or refuse the whole enrollment (``code_exhausted``,
    ``code_already_used``) when a concurrent buyer took the last use."""
    text = ctx.request.get("code")
    if not text:
        return None
    code = find(ctx.session, str(text))
    if code is None:  # deleted since the checks ran
        raise EnrollmentRefused(Problem("code_invalid", "This code is not valid.", 422))
    if not _take(ctx.session, code):
        raise EnrollmentRefused(Problem("code_exhausted", "This code is used up."))
    slot = _free_slot(live_uses(ctx.session, code.id, ctx.student.id))
    used_up = Problem("code_already_used", "You have used this code already.")
    if code.per_student_limit is not None and slot > code.per_student_limit:
        raise EnrollmentRefused(used_up)
    order = outcome.order
    course = ctx.course
    applied = order is not None and order.discount_code == code.code
    redemption = Redemption(
        tenant_id=ctx.tenant.id,
        code_id=code.id,
        student_id=ctx.student.id,
        enrollment_id=outcome.enrollment.id,
        course_id=course.id,
        order_id=order.id if order is not None else None,
        slot=slot,
        status="used" if outcome.enrollment.status == "active" else "held",
        currency=order.currency if order is not None else course.price_currency,
        list_amount=(order.list_amount or order.amount) if order is not None else 0,
        discount_amount=order.discount_amount if order is not None and applied else 0,
        amount=order.amount if order is not None else 0,
        created_at=ctx.now,
    )
    try:
        with ctx.session.begin_nested():  # a concurrent use of the same slot loses here
            ctx.session.add(redemption)
    except IntegrityError:
        raise EnrollmentRefused(used_up) from None
    return redemption


def follow(change: EnrollmentChange) -> list[Problem]:
    """Keep a redemption in step with its enrollment: used when paid, given back when the
    checkout ended unpaid, taken again (if the code still allows) when money came late."""
    session = change.session
    redemption = session.scalar(
        select(Redemption).where(Redemption.enrollment_id == change.enrollment.id)
    )
    if redemption is None:
        return []
    if change.releasing and change.before == "pending" and redemption.status == "held":
        redemption.status, redemption.slot, redemption.released_at = "released", None, change.now
        session.flush()
        _give_back(session, redemption.code_id)
    elif change.activating and redemption.status == "held":
        redemption.status = "used"
    elif change.activating and redemption.status == "released":
        code = session.get(DiscountCode, redemption.code_id)
        if code is None or not _take(session, code):
            return [Problem("code_exhausted", "The code was used up while the payment came.")]
        taken = live_uses(session, code.id, redemption.student_id)
        redemption.status, redemption.released_at = "used", None
        redemption.slot = _free_slot(taken)
    return []


# -- administration ------------------------------------------------------------------------


def totals(session: Session, code_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Per code: live redemptions, used ones, and by currency the revenue (what the used
    redemptions' orders charged) and the discount given (refunds are not deducted)."""
    found: dict[str, dict[str, Any]] = {
        cid: {"redemptions": 0, "used": 0, "revenue": {}, "discount_given": {}} for cid in code_ids
    }
    if not code_ids:
        return found
    rows = session.execute(
        select(
            Redemption.code_id,
            Redemption.status,
            Redemption.currency,
            func.count(),
            func.coalesce(func.sum(Redemption.amount), 0),
            func.coalesce(func.sum(Redemption.discount_amount), 0),
        )
        .where(Redemption.code_id.in_(code_ids), Redemption.status != "released")
        .group_by(Redemption.code_id, Redemption.status, Redemption.currency)
    )
    for code_id, status, currency, count, revenue, discount in rows:
        row = found[code_id]
        row["redemptions"] += int(count)
        if status == "used":
            row["used"] += int(count)
            if currency:
                row["revenue"][currency] = row["revenue"].get(currency, 0) + int(revenue)
                row["discount_given"][currency] = row["discount_given"].get(currency, 0) + int(
                    discount
                )
    return found


def shape(data: Mapping[str, Any]) -> dict[str, Any]:
    """Validated fields as column values (the code normalised)."""
    values = dict(data)
    if "code" in values:
        values["code"] = normalise(values["code"])
    return values
