"""Which event sends which mail, and the template variables of each.

Every mail gets ``tenant``, ``student``, ``course``, ``event``, ``marketing`` and
``preferences_url``; each adds its own (listed in the README). Money arrives in minor units
and is shown with the currency's exponent (``4900`` EUR → ``"49.00 EUR"``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from tuition.plugin_api import CourseRecord, Host

from .rendering import format_money
from .settings import course_page, token_page


def course_vars(
    course: CourseRecord | None,
    slug: str | None = None,
    title: str | None = None,
    course_url: str | None = None,
) -> dict[str, Any]:
    """A course as templates see it; for a course that is gone, the event's title or slug.
    ``url``: its storefront page (the ``course_url`` setting), or empty."""
    if course is None:
        return {
            "slug": slug or "",
            "title": title or slug or "",
            "summary": "",
            "url": course_page(course_url, slug or "") or "",
        }
    return {
        "slug": course.slug,
        "title": course.title,
        "summary": course.summary or "",
        "url": course_page(course_url, course.slug) or "",
    }


class Lookup:
    """Reads what the templates show through the tenant-scoped ``session`` (core's rows
    through ``host.services``), with the tenant's ``course_url`` setting for course
    links."""

    def __init__(
        self,
        host: Host,
        session: Session,
        course_url: str | None = None,
        links: Mapping[str, str | None] | None = None,
    ) -> None:
        self.host = host
        self.session = session
        self.course_url = course_url
        #: Link purpose (``verify_email``, ``reset_password``, ``set_password``) → the page
        #: it opens.
        self.links = dict(links or {})

    def link(self, student_id: Any, purpose: str) -> dict[str, Any]:
        """A one-time link of built-in auth, minted now (never stored): ``token`` and
        ``url`` (the tenant's page with the token, or None); ``token`` None when there is
        nothing to do (the email is verified, no password to reset, no such student)."""
        token = (
            self.host.services.student_link_token(self.session, str(student_id), purpose)
            if student_id
            else None
        )
        url = token_page(self.links.get(purpose), token) if token else None
        return {"token": token, "url": url}

    def staff_invitation(self, staff_id: Any) -> tuple[str | None, dict[str, Any]]:
        """The invitee's address and the invitation's one-time ``link`` (minted now, never
        stored); ``(None, {"token": None, "url": None})`` once accepted or withdrawn."""
        found = (
            self.host.services.staff_invitation(self.session, str(staff_id)) if staff_id else None
        )
        if found is None:
            return None, {"token": None, "url": None}
        email, token = found
        return email, {"token": token, "url": token_page(self.links.get("staff_invitation"), token)}

    def course(
        self, *, slug: Any = None, course_id: Any = None, title: Any = None
    ) -> dict[str, Any]:
        found = self.host.services.course(
            self.session, id=str(course_id) if course_id else None, slug=str(slug) if slug else None
        )
        return course_vars(
            found, str(slug) if slug else None, str(title) if title else None, self.course_url
        )


def when(value: Any) -> str:
    """An ISO timestamp as ``2026-11-24 18:00 UTC`` (unparseable values as given)."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%d %H:%M")
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _order(look: Lookup, data: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "course": look.course(slug=data.get("course"), title=data.get("course_title")),
        "order_id": data.get("order_id"),
        "enrollment_id": data.get("enrollment_id"),
        "amount": format_money(data.get("amount"), data.get("currency")),
        "amount_minor": data.get("amount"),
        "currency": data.get("currency"),
        "provider": data.get("provider"),
    }


def _confirmation(look: Lookup, data: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "course": look.course(slug=data.get("course")),
        "enrollment_id": data.get("enrollment_id"),
        "source": data.get("source"),
    }


def _refund(look: Lookup, data: Mapping[str, Any]) -> dict[str, Any]:
    paid = data.get("paid_amount", data.get("amount"))
    refund = data.get("refund_amount", paid)
    currency = data.get("paid_currency") or data.get("currency")
    return {
        **_order(look, data),
        "reason": data.get("reason"),
        "detail": data.get("detail"),
        "paid_amount": format_money(paid, currency),
        "paid_amount_minor": paid,
        "refund_amount": format_money(refund, currency),
        "refund_amount_minor": refund,
        "full": bool(data.get("full", True)),
    }


def _waitlist(look: Lookup, data: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "course": look.course(course_id=data.get("course_id"), slug=data.get("course")),
        "waitlist_id": data.get("waitlist_id"),
        "cohort": data.get("cohort"),
        "cohort_name": data.get("cohort_name"),
        "offer_expires_at": when(data.get("offer_expires_at")),
    }


def _reminder(look: Lookup, data: Mapping[str, Any]) -> dict[str, Any]:
    """The way back: the checkout's own link when it is one a mail can carry (an absolute
    http(s) URL), else the storefront's course page (an embedded checkout such as Stripe's,
    the dummy's page on the API server, an expired order have none)."""
    variables = _order(look, data)
    link = data.get("checkout_url")
    if not (
        isinstance(link, str)
        and urlsplit(link).scheme in ("http", "https")
        and urlsplit(link).netloc
    ):
        link = variables["course"]["url"] or None
    return {**variables, "checkout_url": link}


def _price(value: Any) -> str:
    if not isinstance(value, Mapping):
        return ""
    return format_money(value.get("amount"), value.get("currency"))


def _next_course(look: Lookup, data: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "course": look.course(slug=data.get("course"), title=data.get("course_title")),
        "from_course": look.course(slug=data.get("from_course")),
        "message": data.get("message"),
        "reason": data.get("reason"),
        "trigger": data.get("trigger"),
        "price": _price(data.get("price")),
        "list_price": _price(data.get("list_price")),
    }


def _verification(look: Lookup, data: Mapping[str, Any]) -> dict[str, Any]:
    return {"link": look.link(data.get("student_id"), "verify_email")}


def _reset(look: Lookup, data: Mapping[str, Any]) -> dict[str, Any]:
    return {"link": look.link(data.get("student_id"), "reset_password")}


def _invitation(look: Lookup, data: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "link": look.link(data.get("student_id"), "set_password"),
        "course": look.course(slug=data.get("course")),
        "enrollment_id": data.get("enrollment_id"),
    }


def _staff_invitation(look: Lookup, data: Mapping[str, Any]) -> dict[str, Any]:
    email, link = look.staff_invitation(data.get("staff_id"))
    return {"link": link, "invitee": {"email": email, "role": data.get("role") or ""}}


def _refunded(look: Lookup, data: Mapping[str, Any]) -> dict[str, Any]:
    """``order.refunded``: what was refunded so far (``refunded_amount``, in all) of what
    was paid (the order's amount, or more when a payment of another amount was given
    back)."""
    currency = data.get("paid_currency") or data.get("currency")
    paid = data.get("paid_amount", data.get("amount"))
    refunded = data.get("refunded_amount")
    if isinstance(paid, int) and isinstance(refunded, int) and refunded > paid:
        paid = refunded  # a payment of another amount than the order's, all given back
    return {
        **_order(look, data),
        "paid_amount": format_money(paid, currency),
        "paid_amount_minor": paid,
        "refunded_amount": format_money(refunded, currency),
        "refunded_amount_minor": refunded,
        "full": isinstance(refunded, int) and isinstance(paid, int) and refunded >= paid,
    }


def _later_installment(data: Mapping[str, Any]) -> bool:
    """An installment after the first (the first one's receipt is the order's)."""
    installment = data.get("installment")
    return isinstance(installment, int) and installment >= 2


def _plan(look: Lookup, data: Mapping[str, Any]) -> dict[str, Any]:
    """A payment plan's event (``payment_plan.*`` of the installments plugin)."""
    currency = data.get("currency")
    balance = data.get("balance")
    amount = data.get("amount")
    after = balance - amount if isinstance(balance, int) and isinstance(amount, int) else None
    return {
        "course": look.course(course_id=data.get("course_id")),
        "plan_id": data.get("plan_id"),
        "order_id": data.get("order_id"),
        "enrollment_id": data.get("enrollment_id"),
        "installment": data.get("installment"),
        "count": data.get("count"),
        "amount": format_money(amount, currency),
        "amount_minor": amount,
        "currency": currency,
        "due_date": when(data.get("due_at")),
        "due_day": when(data.get("due_at"))[:10],
        "balance": format_money(balance, currency),
        "balance_minor": balance,
        "balance_after": format_money(max(after, 0), currency) if after is not None else "",
        "grace_ends_at": when(data.get("grace_ends_at")),
        "final_deadline_at": when(data.get("final_deadline_at")),
    }


@dataclass(frozen=True)
class Mail:
    """A mail the plugin sends for one event type."""

    template: str
    #: Marketing mail respects the student's opt-out; transactional mail always goes.
    marketing: bool
    variables: Callable[[Lookup, Mapping[str, Any]], dict[str, Any]]
    #: Sent only with a live one-time ``link`` (else recorded as ``no_recipient``).
    needs_link: bool = False
    #: Sent only for events whose data this accepts (None: every event of its type).
    applies: Callable[[Mapping[str, Any]], bool] | None = None

    def wanted(self, data: Mapping[str, Any]) -> bool:
        return self.applies is None or self.applies(data)


#: Event type → the mail it sends.
MAILS: dict[str, Mail] = {
    "enrollment.activated": Mail("enrollment_confirmation", False, _confirmation),
    "order.paid": Mail("payment_receipt", False, _order),
    "order.failed": Mail("payment_failed", False, _order),
    "order.refund_scheduled": Mail("refund_notice", False, _refund),
    "waitlist.offered": Mail("waitlist_offer", False, _waitlist),
    "order.refunded": Mail("refund_completed", False, _refunded),
    "payment_plan.installment_paid": Mail(
        "installment_receipt", False, _plan, applies=_later_installment
    ),
    "payment_plan.installment_upcoming": Mail("installment_reminder", False, _plan),
    "payment_plan.installment_failed": Mail("installment_failed", False, _plan),
    "payment_plan.overdue": Mail("payment_plan_overdue", False, _plan),
    "payment_plan.restored": Mail("payment_plan_restored", False, _plan),
    "checkout.abandoned": Mail("checkout_reminder", True, _reminder),
    "next_course.offered": Mail("next_course_offer", True, _next_course),
    "student.email_verification_requested": Mail(
        "email_verification", False, _verification, needs_link=True
    ),
    "student.password_reset_requested": Mail("password_reset", False, _reset, needs_link=True),
    "student.invited": Mail("invitation", False, _invitation, needs_link=True),
    "staff.invitation_requested": Mail(
        "staff_invitation", False, _staff_invitation, needs_link=True
    ),
}
