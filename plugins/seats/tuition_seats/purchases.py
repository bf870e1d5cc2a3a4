"""Team seats: a seat purchase's life (bought with an order, paid, refunded), its course
seats (a seat pool of core's capacity protocol) and the redemption of its codes (no Flask
here).

The buyer's own enrollment is the purchase's first seat: core enrolls the buyer with the
order, as for any paid course. The other ``seats - 1`` are set aside as course seats when
the purchase is made (``host.services.reserve_seat``, under the course's row lock), so a
purchase never sells seats the course does not have; a redemption hands one of them over
to the redeeming student's enrollment. Redemptions of one purchase serialise on its row:
``redeemed + 1 WHERE redeemed < seats - 1`` is the one conditional UPDATE that decides,
so any number of concurrent redeemers get exactly ``seats - 1`` seats. Everything writes
through the session it is given and never commits.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tuition.plugin_api import (
    LIVE_ENROLLMENT_STATUSES,
    Conflict,
    CourseRecord,
    EnrollmentChange,
    EnrollmentContext,
    EnrollmentRecord,
    EnrollmentRefused,
    Host,
    ManualEnrollment,
    Outcome,
    PriceOffer,
    Problem,
    StudentRecord,
    TenantRecord,
    TuitionError,
    rowcount,
)

from .models import SeatCode, SeatPurchase

PLUGIN = "seats"
#: The enrollment field that buys seats (``POST /v1/enrollments {"course", "seats"}``).
FIELD = "seats"
#: ``external_reference`` of an enrollment made by redeeming a seat of purchase ``<id>``.
REFERENCE_PREFIX = "seats:"
#: The actor (audit log) of the enrollments made by redeeming a seat.
ACTOR = "seats"
DEFAULT_MAX_SEATS = 100

#: The problem codes of this plugin (a public contract: clients switch on them).
PROBLEM_CODES = {
    "seat_code_invalid": "no seat code or seat link with this text at this site",
    "seat_code_void": "the seat code was revoked or its purchase refunded or never paid",
    "seat_already_redeemed": "the seat code was redeemed already (each code works once)",
    "seats_exhausted": "every seat of the purchase is taken (its link works no more)",
    "seats_unavailable": "the course has fewer seats left than the purchase asks for",
    "seats_not_sold": "seats cannot be bought for this course (not a paid course, too "
    "many seats, or with a discount code)",
}

#: The domain events of this plugin.
EVENT_TYPES = {
    "seats.purchased": "a seat purchase was paid: its codes and link work now",
    "seats.redeemed": "a student redeemed a seat of a purchase and was enrolled",
    "seats.voided": "a seat purchase was refunded: its unused codes and its link work no more",
}

# Seat codes: no 0/O, 1/I/L to misread when typed from a mail.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def normalise(text: str) -> str:
    """Codes are case-insensitive: compared in upper case, without surrounding spaces."""
    return text.strip().upper()


def _random(groups: int) -> str:
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(groups))


def new_code() -> str:
    """A single-use seat code, ``SEAT-XXXX-XXXX-XXXX`` (31 symbols, 60 bits)."""
    return f"SEAT-{_random(3)}"


def new_link_code() -> str:
    """A purchase's shareable redemption token, ``TEAM-XXXX-…`` (100 bits)."""
    return f"TEAM-{_random(5)}"


def max_seats(settings: Mapping[str, Any]) -> int:
    return int(settings.get("max_seats") or DEFAULT_MAX_SEATS)


def requested(ctx: EnrollmentContext) -> int | None:
    """The seats the enrollment buys, or None for an ordinary enrollment."""
    value = ctx.request.get(FIELD)
    return int(value) if value is not None else None


def purchase_of_enrollment(session: Session, enrollment_id: str) -> SeatPurchase | None:
    return session.scalar(select(SeatPurchase).where(SeatPurchase.enrollment_id == enrollment_id))


def redeemed_from(ctx: EnrollmentContext) -> str | None:
    """The purchase id an enrollment made by a redemption comes from, else None."""
    if ctx.manual is None or ctx.manual.actor != ACTOR:
        return None
    reference = ctx.manual.external_reference
    if reference and reference.startswith(REFERENCE_PREFIX):
        return reference[len(REFERENCE_PREFIX) :]
    return None


# -- buying ---------------------------------------------------------------------------------


def check(ctx: EnrollmentContext) -> list[Problem]:
    """A purchase of seats needs a paid course (``one_time``), at most ``max_seats``, no
    discount code, and as many seats left in the course."""
    wanted = requested(ctx)
    if wanted is None:
        return []
    course = ctx.course
    limit = max_seats(ctx.plugin_settings(PLUGIN))
    if course.pricing_model != "one_time" or course.price_amount is None:
        return [not_sold(f"Seats of course {course.slug!r} are not sold: it is not a paid course.")]
    if wanted > limit:
        return [not_sold(f"At most {limit} seats can be bought in one order.", max_seats=limit)]
    if ctx.request.get("code"):
        return [not_sold("A discount code does not apply to a purchase of seats.")]
    if ctx.beyond_capacity or course.capacity is None:
        return []
    left = max(course.capacity - course.seats_taken, 0)
    if left < wanted:
        return [unavailable(course, left, wanted)]
    return []


def not_sold(detail: str, **extra: Any) -> Problem:
    return Problem("seats_not_sold", detail, status=422, extra=extra)


def unavailable(course: CourseRecord, left: int, wanted: int) -> Problem:
    return Problem(
        "seats_unavailable",
        f"Course {course.slug!r} has {left} seats left; the purchase asks for {wanted}.",
        extra={"seats_left": left, "seats_requested": wanted},
    )


def offer(ctx: EnrollmentContext) -> list[PriceOffer]:
    """``seats`` times the course's price, for the whole order."""
    wanted = requested(ctx)
    course = ctx.course
    if wanted is None or course.price_amount is None or course.price_currency is None:
        return []
    return [
        PriceOffer(
            wanted * course.price_amount,
            course.price_currency,
            reason=f"{wanted} seats",
            quantity=wanted,
        )
    ]


def _reserve(host: Host, session: Session, course: CourseRecord, count: int) -> bool:
    """Set ``count`` course seats aside, all or none (those taken are given back)."""
    for taken in range(count):
        if not host.services.reserve_seat(session, course):
            for _ in range(taken):
                host.services.release_seat(session, course)
            return False
    return True


def _give_back(host: Host, session: Session, purchase: SeatPurchase, course: CourseRecord) -> None:
    """Give the course seats still set aside for unredeemed seats back to the course."""
    count = purchase.reserved
    if count and rowcount(
        session.execute(
            update(SeatPurchase)
            .where(SeatPurchase.id == purchase.id, SeatPurchase.reserved == count)
            .values(reserved=0)
            .execution_options(synchronize_session=False)
        )
    ):
        for _ in range(count):
            host.services.release_seat(session, course)
    session.expire(purchase, ["reserved"])


def hold_purchase(ctx: EnrollmentContext, enrollment: EnrollmentRecord) -> None:
    """The buyer's enrollment is made: record the purchase and set its other seats aside
    (the course's pool then holds the buyer's own seat)."""
    wanted = requested(ctx)
    if wanted is None:
        return
    counts = not ctx.beyond_capacity
    # All the seats, the buyer's too, under the course's row lock; the buyer's is handed to
    # the course's pool, which holds it next: so a shortage is always ``seats_unavailable``.
    if counts:
        if not _reserve(ctx.tuition, ctx.session, ctx.course, wanted):
            fresh = ctx.tuition.services.course(ctx.session, id=ctx.course.id)
            taken = fresh.seats_taken if fresh is not None else 0
            left = max((ctx.course.capacity or 0) - taken, 0)
            raise EnrollmentRefused(unavailable(ctx.course, left, wanted))
        ctx.tuition.services.release_seat(ctx.session, ctx.course)
    ctx.session.add(
        SeatPurchase(
            tenant_id=ctx.tenant.id,
            buyer_id=ctx.student.id,
            course_id=ctx.course.id,
            enrollment_id=enrollment.id,
            seats=wanted,
            reserved=wanted - 1 if counts else 0,
            counts_seats=counts,
            created_at=ctx.now,
        )
    )
    ctx.session.flush()


def hand_over(ctx: EnrollmentContext) -> None:
    """A redemption's enrollment is made: give one of the purchase's set-aside course seats
    back just before the course's pool takes it for the redeeming student."""
    purchase_id = redeemed_from(ctx)
    if purchase_id is None:
        return
    taken = rowcount(
        ctx.session.execute(
            update(SeatPurchase)
            .where(SeatPurchase.id == purchase_id, SeatPurchase.reserved > 0)
            .values(reserved=SeatPurchase.reserved - 1)
            .execution_options(synchronize_session=False)
        )
    )
    if taken:
        ctx.tuition.services.release_seat(ctx.session, ctx.course)


def created(ctx: EnrollmentContext, outcome: Outcome) -> None:
    """Link the purchase to its order (which must charge every seat); a purchase active at
    once (the owner granted it by hand) issues its codes now."""
    if requested(ctx) is None:
        return
    purchase = purchase_of_enrollment(ctx.session, outcome.enrollment.id)
    if purchase is None:  # pragma: no cover - hold_purchase made it in this transaction
        raise EnrollmentRefused(not_sold("The seat purchase was not recorded."))
    order = outcome.order
    if order is not None:
        price = ctx.course.price_amount or 0
        if order.list_amount != purchase.seats * price:
            raise EnrollmentRefused(
                not_sold("Another plugin's price applies to this course: seats are not sold.")
            )
        purchase.order_id = order.id
    if outcome.is_active:
        activate(ctx.tuition, ctx.session, ctx.tenant, purchase, ctx.now)


def activate(
    host: Host, session: Session, tenant: TenantRecord, purchase: SeatPurchase, now: datetime
) -> None:
    """The purchase is paid: issue its ``seats - 1`` codes and its link."""
    if purchase.status == "active":
        return
    purchase.status = "active"
    purchase.activated_at = now
    purchase.link_code = new_link_code()
    for _ in range(purchase.seats - 1):
        session.add(
            SeatCode(tenant_id=tenant.id, purchase_id=purchase.id, code=new_code(), created_at=now)
        )
    session.flush()
    host.services.emit_event(
        session,
        tenant,
        "seats.purchased",
        {
            "purchase_id": purchase.id,
            "order_id": purchase.order_id,
            "buyer_id": purchase.buyer_id,
            "course_id": purchase.course_id,
            "seats": purchase.seats,
        },
    )


def follow(change: EnrollmentChange) -> list[Problem]:
    """The buyer's enrollment is paid (codes issued) or ended unpaid (purchase canceled)."""
    purchase = purchase_of_enrollment(change.session, change.enrollment.id)
    if purchase is None:
        return []
    if change.activating:
        activate(change.tuition, change.session, change.tenant, purchase, change.now)
    elif change.after == "refunded":
        void(change.tuition, change.session, change.tenant, purchase, change.now)
    elif change.releasing and purchase.status == "pending":
        purchase.status = "canceled"
        purchase.ended_at = change.now
    return []


def void(
    host: Host, session: Session, tenant: TenantRecord, purchase: SeatPurchase, now: datetime
) -> None:
    """The purchase was refunded: its unused codes and its link work no more (redeemed
    seats stay enrolled)."""
    if purchase.status == "refunded":
        return
    voided = rowcount(
        session.execute(
            update(SeatCode)
            .where(SeatCode.purchase_id == purchase.id, SeatCode.status == "unused")
            .values(status="void")
            .execution_options(synchronize_session=False)
        )
    )
    purchase.status = "refunded"
    purchase.ended_at = now
    host.services.emit_event(
        session,
        tenant,
        "seats.voided",
        {"purchase_id": purchase.id, "order_id": purchase.order_id, "codes_voided": voided},
    )


class SeatPool:
    """The purchases' course seats, driven by core's capacity protocol."""

    def hold(
        self, ctx: EnrollmentContext, enrollment: EnrollmentRecord, until: datetime | None
    ) -> None:
        hold_purchase(ctx, enrollment)
        hand_over(ctx)

    def confirm(self, change: EnrollmentChange) -> Problem | None:
        """Money arrived after the checkout ended (its seats given back): set them aside
        again, or refuse (core refunds the order)."""
        if change.before == "pending":
            return None
        purchase = purchase_of_enrollment(change.session, change.enrollment.id)
        if purchase is None or not purchase.counts_seats:
            return None
        course = change.enrollment.course
        missing = purchase.seats - 1 - purchase.redeemed - purchase.reserved
        if missing > 0:
            if not _reserve(change.tuition, change.session, course, missing):
                return Problem(
                    "seats_unavailable",
                    f"Course {course.slug!r} has no longer {purchase.seats} seats left.",
                )
            purchase.reserved += missing
        return None

    def release(self, change: EnrollmentChange) -> None:
        """The buyer's checkout ended unpaid or the purchase was refunded: the course seats
        set aside for unredeemed seats go back to the course."""
        if change.after not in ("expired", "canceled", "refunded"):
            return
        purchase = purchase_of_enrollment(change.session, change.enrollment.id)
        if purchase is None:
            return
        if change.after == "canceled" and change.before != "pending":
            return  # the owner ended the buyer's own enrollment: the team keeps its seats
        _give_back(change.tuition, change.session, purchase, change.enrollment.course)

    def lapse(self, host: Host, session: Session, tenant: TenantRecord, now: datetime) -> int:
        return 0  # a purchase's seats end with its checkout: core releases them


# -- redeeming --------------------------------------------------------------------------------


def redeem(
    host: Host,
    session: Session,
    tenant: TenantRecord,
    student: StudentRecord,
    text: str,
    now: datetime,
) -> tuple[SeatPurchase, SeatCode]:
    """Enroll ``student`` with seat code (or link code) ``text``, in ``session``'s
    transaction: one conditional UPDATE of the purchase decides; a refusal raises before
    the caller commits, so nothing is used."""
    typed = normalise(text)
    code = session.scalar(select(SeatCode).where(SeatCode.code == typed))
    if code is not None:
        purchase = session.get(SeatPurchase, code.purchase_id)
    else:
        purchase = session.scalar(select(SeatPurchase).where(SeatPurchase.link_code == typed))
    if purchase is None:
        raise TuitionError(
            "No seat code or seat link with this text.", code="seat_code_invalid", status=422
        )
    if purchase.status != "active" or (code is not None and code.status in ("revoked", "void")):
        raise Conflict("This seat code works no more.", code="seat_code_void")
    if code is not None and code.status == "redeemed":
        raise Conflict("This seat code was redeemed already.", code="seat_already_redeemed")
    if host.services.enrollments(
        session,
        student_id=student.id,
        course_ids=[purchase.course_id],
        statuses=LIVE_ENROLLMENT_STATUSES,
    ):
        raise Conflict(
            "You are enrolled in this course already: the seat stays free for someone else.",
            code="already_enrolled",
        )
    taken = rowcount(
        session.execute(
            update(SeatPurchase)
            .where(
                SeatPurchase.id == purchase.id,
                SeatPurchase.status == "active",
                SeatPurchase.redeemed < SeatPurchase.seats - 1,
            )
            .values(redeemed=SeatPurchase.redeemed + 1)
            .execution_options(synchronize_session=False)
        )
    )
    if not taken:
        raise Conflict("Every seat of this purchase is taken.", code="seats_exhausted")
    if code is None:  # the link: the next unused code (redemptions wait for the row above)
        code = session.scalar(
            select(SeatCode)
            .where(SeatCode.purchase_id == purchase.id, SeatCode.status == "unused")
            .order_by(SeatCode.created_at, SeatCode.id)
            .limit(1)
        )
        used_with = "link"
        if code is None:  # pragma: no cover - the counter says one is left
            raise Conflict("Every seat of this purchase is taken.", code="seats_exhausted")
    else:
        used_with = "code"
    won = rowcount(
        session.execute(
            update(SeatCode)
            .where(SeatCode.id == code.id, SeatCode.status == "unused")
            .values(
                status="redeemed", student_id=student.id, redeemed_at=now, redeemed_with=used_with
            )
            .execution_options(synchronize_session=False)
        )
    )
    if not won:
        raise Conflict("This seat code was redeemed already.", code="seat_already_redeemed")
    course = host.services.course(session, id=purchase.course_id)
    assert course is not None  # the purchase's foreign key
    enrollment = host.services.enroll(
        session,
        tenant,
        student,
        course,
        ManualEnrollment(
            actor=ACTOR,
            take_seat=purchase.counts_seats,
            external_reference=f"{REFERENCE_PREFIX}{purchase.id}",
        ),
    )
    session.execute(
        update(SeatCode)
        .where(SeatCode.id == code.id)
        .values(enrollment_id=enrollment.id)
        .execution_options(synchronize_session=False)
    )
    session.expire(code)
    session.expire(purchase)
    host.services.emit_event(
        session,
        tenant,
        "seats.redeemed",
        {
            "purchase_id": purchase.id,
            "code_id": code.id,
            "student_id": student.id,
            "enrollment_id": enrollment.id,
            "course_id": purchase.course_id,
            "with": used_with,
        },
    )
    return purchase, code


def revoke(session: Session, tenant: TenantRecord, code_id: str, now: datetime) -> SeatCode:
    """Revoke unused code ``code_id`` (leaked, sent to the wrong person): a new code
    replaces it, so the buyer keeps the seat paid for. Returns the new code."""
    code = session.get(SeatCode, code_id)
    if code is None:
        raise TuitionError(f"No seat code {code_id!r}.", code="not_found", status=404)
    replacement = SeatCode(
        tenant_id=tenant.id, purchase_id=code.purchase_id, code=new_code(), created_at=now
    )
    session.add(replacement)
    session.flush()
    revoked = rowcount(
        session.execute(
            update(SeatCode)
            .where(SeatCode.id == code.id, SeatCode.status == "unused")
            .values(status="revoked", revoked_at=now, replaced_by=replacement.id)
            .execution_options(synchronize_session=False)
        )
    )
    if not revoked:
        raise Conflict(
            "Only an unused code can be revoked.",
            code="seat_already_redeemed" if code.status == "redeemed" else "seat_code_void",
        )
    session.expire(code)
    return replacement
