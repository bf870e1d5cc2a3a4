"""What plugins see of core's rows: read-only Protocols, and the statuses they carry.

Core hands its rows to hooks typed as these Protocols. A plugin reads the attributes listed
here and changes nothing through them: it asks core's services
(:class:`tuition.plugin_api.CoreServices`) to change a course, a seat or an enrollment.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol


class EnrollmentStatus(StrEnum):
    """Where an enrollment stands; the database's CHECK constraint lists the same values."""

    PENDING = "pending"
    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELED = "canceled"
    EXPIRED = "expired"
    REFUNDED = "refunded"


#: Statuses of an enrollment that counts (at most one per student and course).
LIVE_ENROLLMENT_STATUSES: tuple[str, ...] = (
    EnrollmentStatus.PENDING,
    EnrollmentStatus.ACTIVE,
    EnrollmentStatus.COMPLETED,
)
#: Statuses in which the student owns the course.
OWNED_ENROLLMENT_STATUSES: tuple[str, ...] = (EnrollmentStatus.ACTIVE, EnrollmentStatus.COMPLETED)


class TenantRecord(Protocol):
    """A site."""

    @property
    def id(self) -> str: ...
    @property
    def slug(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def payment_provider(self) -> str | None: ...
    @property
    def config_version(self) -> int: ...

    def enabled_plugins(self) -> frozenset[str]:
        """The plugins the site enabled."""
        ...

    def plugin_settings(self) -> dict[str, dict[str, Any]]:
        """Every enabled plugin's settings, ``env:`` references unresolved."""
        ...


class CourseRecord(Protocol):
    """A course of the site."""

    @property
    def id(self) -> str: ...
    @property
    def tenant_id(self) -> str: ...
    @property
    def slug(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def summary(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def pricing_model(self) -> str: ...
    @property
    def price_amount(self) -> int | None: ...
    @property
    def price_currency(self) -> str | None: ...
    @property
    def capacity(self) -> int | None: ...
    @property
    def seats_taken(self) -> int: ...
    @property
    def registration_deadline(self) -> datetime | None: ...
    @property
    def unlisted(self) -> bool:
        """Left out of the catalogue list; reachable by its slug."""
        ...

    @property
    def attributes(self) -> Mapping[str, Any]: ...
    @property
    def created_at(self) -> datetime: ...


class StudentRecord(Protocol):
    """A student of the site."""

    @property
    def id(self) -> str: ...
    @property
    def tenant_id(self) -> str: ...
    @property
    def email(self) -> str | None: ...
    @property
    def name(self) -> str | None:
        """The name the site owner gave (enrolling or inviting the student), or None."""
        ...

    @property
    def locale(self) -> str | None:
        """The student's language, a BCP 47 tag in canonical case (``de``, ``fr-FR``), or
        None when they gave none: render in it with :func:`pick_language`."""
        ...

    @property
    def signup_method(self) -> str: ...
    @property
    def intended_course_id(self) -> str | None: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def erased_at(self) -> datetime | None:
        """When the student's personal data was erased (``email`` is a pseudonym since:
        send them nothing), or None."""
        ...


class EnrollmentRecord(Protocol):
    """A student's enrollment in a course."""

    @property
    def id(self) -> str: ...
    @property
    def tenant_id(self) -> str: ...
    @property
    def student_id(self) -> str: ...
    @property
    def course_id(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def activated_at(self) -> datetime | None: ...
    @property
    def completed_at(self) -> datetime | None: ...
    @property
    def ended_at(self) -> datetime | None: ...
    @property
    def counts_seat(self) -> bool:
        """False when the site owner enrolled the student beyond capacity (no seat)."""
        ...

    @property
    def external_reference(self) -> str | None:
        """What an enrollment made by hand was paid with outside Tuition, or None."""
        ...

    @property
    def student(self) -> StudentRecord: ...
    @property
    def course(self) -> CourseRecord: ...


class OrderRecord(Protocol):
    """A purchase of a course through a payment provider."""

    @property
    def id(self) -> str: ...
    @property
    def tenant_id(self) -> str: ...
    @property
    def student_id(self) -> str: ...
    @property
    def course_id(self) -> str: ...
    @property
    def enrollment_id(self) -> str: ...
    @property
    def provider(self) -> str: ...
    @property
    def amount(self) -> int:
        """What is charged: ``list_amount`` less ``discount_amount`` (with a tax plugin,
        the gross it computed from that: ``OrderTax.gross``, ``tax_amount`` included)."""
        ...

    @property
    def currency(self) -> str: ...
    @property
    def list_amount(self) -> int | None:
        """The course's price when the order was made (None on orders older than 0.1's
        discount columns)."""
        ...

    @property
    def discount_amount(self) -> int:
        """What a price offer took off the list price (0 without one)."""
        ...

    @property
    def discount_code(self) -> str | None:
        """The code of the offer that was applied (``PriceOffer.code``), if any."""
        ...

    @property
    def tax_amount(self) -> int:
        """The tax included in ``amount`` (0 without a tax plugin)."""
        ...

    @property
    def tax(self) -> Mapping[str, Any] | None:
        """The tax breakdown a tax plugin recorded (``OrderTax.breakdown``), if any."""
        ...

    @property
    def billing(self) -> Mapping[str, Any] | None:
        """The buyer's billing details the tax was computed for (``OrderTax.billing``)."""
        ...

    @property
    def tax_refunded_amount(self) -> int:
        """The part of ``tax_amount`` refunds gave back (proportional to ``refunded_amount``)."""
        ...

    @property
    def status(self) -> str: ...
    @property
    def refunded_amount(self) -> int: ...
    @property
    def customer_email(self) -> str | None: ...
    @property
    def provider_reference(self) -> str | None: ...
    @property
    def checkout(self) -> Mapping[str, Any] | None:
        """What the provider's checkout gave the frontend (``url``, …) while it is open."""
        ...

    @property
    def schedule(self) -> Mapping[str, Any] | None:
        """The schedule of charges the order's checkout starts (the fields of
        ``Schedule``), None for a one-time payment; the order is its first charge."""
        ...

    @property
    def expires_at(self) -> datetime | None: ...
    @property
    def paid_at(self) -> datetime | None: ...
    @property
    def abandoned_at(self) -> datetime | None: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def student(self) -> StudentRecord: ...
    @property
    def course(self) -> CourseRecord: ...
    @property
    def enrollment(self) -> EnrollmentRecord: ...
