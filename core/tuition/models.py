"""SQLAlchemy models of the core domain. Every row but ``Tenant`` carries ``tenant_id``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tuition.db import Base, JSONType, TenantScoped, new_id, utcnow
from tuition.plugin_api.records import (
    LIVE_ENROLLMENT_STATUSES,
    OWNED_ENROLLMENT_STATUSES,
    EnrollmentStatus,
)
from tuition.plugin_api.values import REDACTED


class CourseStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class PaymentEventStatus(StrEnum):
    RECEIVED = "received"
    PROCESSED = "processed"
    FAILED = "failed"


class JobStatus(StrEnum):
    PENDING = "pending"
    ENQUEUED = "enqueued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


def one_of(column: str, values: Iterable[str]) -> str:
    """The SQL of a CHECK that ``column`` holds one of ``values`` (a status enum): the
    database and the code share one list."""
    return f"{column} IN ({', '.join(repr(str(value)) for value in values)})"


ENROLLMENT_STATUSES: tuple[str, ...] = tuple(EnrollmentStatus)
_LIVE_SQL = one_of("status", LIVE_ENROLLMENT_STATUSES)
__all__ = ["LIVE_ENROLLMENT_STATUSES", "OWNED_ENROLLMENT_STATUSES", "EnrollmentStatus"]
#: What responses and log lines show instead of a secret; never a stored value.
REDACTION_MARKER = REDACTED


class Tenant(Base):
    """A site selling or giving away courses, with the plugins it enabled."""

    __tablename__ = "tenants"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("ten"))
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    identity_provider: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    payment_provider: Mapped[str | None] = mapped_column(String(64), default=None)
    config_version: Mapped[int] = mapped_column(Integer, default=1)
    #: How long personal data is kept (``{"unconverted_signups_months": 6}``: students who
    #: signed up and never enrolled are erased that long after signing up, by the sweep);
    #: None keeps it until erased on request.
    retention: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Set while the operator suspended the site: its keys and staff tokens answer 403
    #: ``tenant_suspended`` (provider webhooks and hosted pages keep working).
    suspended_at: Mapped[datetime | None] = mapped_column(default=None)

    plugins: Mapped[list[TenantPlugin]] = relationship(
        back_populates="tenant", cascade="all, delete-orphan", lazy="selectin"
    )

    def enabled_plugins(self) -> frozenset[str]:
        return frozenset(p.plugin for p in self.plugins if p.enabled)

    def plugin_settings(self) -> dict[str, dict[str, Any]]:
        return {p.plugin: dict(p.settings or {}) for p in self.plugins if p.enabled}


class TenantPlugin(TenantScoped, Base):
    """One plugin's switch and settings for one tenant."""

    __tablename__ = "tenant_plugins"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    plugin: Mapped[str] = mapped_column(String(64))
    enabled: Mapped[bool] = mapped_column(default=True)
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    tenant: Mapped[Tenant] = relationship(back_populates="plugins")

    __table_args__ = (UniqueConstraint("tenant_id", "plugin"),)


def holds_redaction_marker(value: Any) -> bool:
    """Whether :data:`REDACTION_MARKER` is ``value`` or stands anywhere inside it."""
    if isinstance(value, dict):
        return any(holds_redaction_marker(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(holds_redaction_marker(item) for item in value)
    return isinstance(value, str) and value == REDACTION_MARKER


@event.listens_for(TenantPlugin, "before_insert")
@event.listens_for(TenantPlugin, "before_update")
def _never_store_the_redaction_marker(_mapper: Any, _connection: Any, row: TenantPlugin) -> None:
    """The last guard: settings holding the marker in place of a secret are never written
    (the services keep the stored secret or refuse the input before this)."""
    if holds_redaction_marker(row.settings):
        raise ValueError(
            f"Refusing to store the redaction marker {REDACTION_MARKER!r} in the "
            f"settings of plugin {row.plugin!r}."
        )


class ApiKey(TenantScoped, Base):
    """A tenant key. Only the SHA-256 of the key is stored; publishable keys keep a copy.

    A key is live until ``revoked_at`` is set or ``expires_at`` (set by a rotation with a
    grace period) has passed.
    """

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("key"))
    kind: Mapped[str] = mapped_column(String(16))  # publishable | secret
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hint: Mapped[str] = mapped_column(String(16))
    public_value: Mapped[str | None] = mapped_column(String(128), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)

    __table_args__ = (CheckConstraint("kind IN ('publishable', 'secret')", name="key_kind"),)


STAFF_ROLE_VALUES: tuple[str, ...] = ("support", "manager", "owner")


class StaffMember(TenantScoped, Base):
    """A person who runs a tenant through the admin API with a role (``owner``,
    ``manager``, ``support``). Invited by email (``accepted_at`` None until the invitation is
    accepted with a password, or with a token of the tenant's identity provider, whose
    subject ``external_subject`` then names the member); an optional TOTP second factor is
    required at password sign-in once confirmed (``totp_enabled``)."""

    __tablename__ = "staff_members"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("stf"))
    email: Mapped[str] = mapped_column(String(320))
    name: Mapped[str | None] = mapped_column(String(200), default=None)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str | None] = mapped_column(String(255), default=None)
    # The identity provider's ``sub`` of the member who accepted with its token: their
    # later tokens of the provider act as this member.
    external_subject: Mapped[str | None] = mapped_column(String(255), default=None)
    # The TOTP secret, sealed (Fernet, a key derived from the application's secret key):
    # pending (enrolled, not confirmed) while ``totp_enabled`` is false.
    totp_secret: Mapped[str | None] = mapped_column(String(255), default=None)
    totp_enabled: Mapped[bool] = mapped_column(default=False)
    # The last 30-second step a code was accepted for: a code works once.
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger, default=None)
    invited_by: Mapped[str | None] = mapped_column(String(100), default=None)
    invited_at: Mapped[datetime] = mapped_column(default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("tenant_id", "email"),
        UniqueConstraint("tenant_id", "external_subject"),
        CheckConstraint(one_of("role", STAFF_ROLE_VALUES), name="staff_role"),
    )


class StaffSession(TenantScoped, Base):
    """A staff member's sign-in: its bearer token is stored as its SHA-256 only; revoked
    (by the member, or when they are removed) it stops working at once."""

    __tablename__ = "staff_sessions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("sss"))
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff_members.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_agent: Mapped[str | None] = mapped_column(String(255), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(default=None)
    expires_at: Mapped[datetime] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)

    __table_args__ = (Index("ix_staff_sessions_staff", "staff_id"),)


class InstanceSecret(Base):
    """A secret of the installation, not of a tenant (the key that signs student tokens
    when ``TUITION_SECRET_KEY`` is not set): written once by the first process, read by
    every other."""

    __tablename__ = "instance_secrets"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Course(TenantScoped, Base):
    """A course offered by a tenant; ``seats_taken`` counts live enrollments."""

    __tablename__ = "courses"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("crs"))
    slug: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="draft")
    pricing_model: Mapped[str] = mapped_column(String(64))
    price_amount: Mapped[int | None] = mapped_column(default=None)
    price_currency: Mapped[str | None] = mapped_column(String(3), default=None)
    capacity: Mapped[int | None] = mapped_column(default=None)
    seats_taken: Mapped[int] = mapped_column(default=0)
    registration_deadline: Mapped[datetime | None] = mapped_column(default=None)
    #: Left out of the catalogue list (``GET /v1/courses``) and the dashboard's suggestions;
    #: still reachable by its slug (a private course shared by link, often with an access
    #: code).
    unlisted: Mapped[bool] = mapped_column(default=False)
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    # Loaded when asked for: most loads of a course (with an order or an enrollment, in
    # jobs) never look at its links; lists that show them ask with ``selectinload``.
    prerequisite_links: Mapped[list[CoursePrerequisite]] = relationship(
        foreign_keys="CoursePrerequisite.course_id",
        cascade="all, delete-orphan",
        lazy="select",
    )
    next_links: Mapped[list[CourseNext]] = relationship(
        foreign_keys="CourseNext.course_id",
        cascade="all, delete-orphan",
        order_by="CourseNext.position",
        lazy="select",
    )

    __table_args__ = (
        UniqueConstraint("tenant_id", "slug"),
        CheckConstraint(one_of("status", CourseStatus), name="course_status"),
        CheckConstraint("seats_taken >= 0", name="seats_not_negative"),
        CheckConstraint(
            "capacity IS NULL OR seats_taken <= capacity", name="seats_within_capacity"
        ),
        CheckConstraint("price_amount IS NULL OR price_amount >= 0", name="price_not_negative"),
        Index("ix_courses_tenant_status", "tenant_id", "status"),
    )


class CoursePrerequisite(TenantScoped, Base):
    """``course`` can only be taken by students who own ``required_course``."""

    __tablename__ = "course_prerequisites"

    course_id: Mapped[str] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True
    )
    required_course_id: Mapped[str] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True
    )
    required_course: Mapped[Course] = relationship(foreign_keys=[required_course_id], lazy="joined")


class CourseNext(TenantScoped, Base):
    """A course the owner suggests taking after ``course`` (in ``position`` order)."""

    __tablename__ = "course_next"

    course_id: Mapped[str] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True
    )
    next_course_id: Mapped[str] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(default=0)
    next_course: Mapped[Course] = relationship(foreign_keys=[next_course_id], lazy="joined")


class Student(TenantScoped, Base):
    """A person who signed up with (or was first seen through the identity provider of) a tenant."""

    __tablename__ = "students"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("stu"))
    email: Mapped[str | None] = mapped_column(String(320), default=None)
    #: The name the site owner gave when enrolling or inviting the student (an import's
    #: ``name`` column); None when nobody did.
    name: Mapped[str | None] = mapped_column(String(200), default=None)
    password_hash: Mapped[str | None] = mapped_column(String(255), default=None)
    signup_method: Mapped[str] = mapped_column(String(32), default="email")
    intended_course_id: Mapped[str | None] = mapped_column(
        ForeignKey("courses.id", ondelete="SET NULL"), default=None
    )
    external_subject: Mapped[str | None] = mapped_column(String(255), default=None)
    # How the student first signed in: ``password`` (built-in signup), ``email`` (the
    # identity provider's own sign-in) or a social provider's name from the token's
    # ``identities`` (e.g. ``Google``); None when the token did not say.
    sign_in_method: Mapped[str | None] = mapped_column(String(64), default=None)
    email_verified: Mapped[bool] = mapped_column(default=False)
    #: The student's language, a BCP 47 tag in canonical case (``de``, ``fr-FR``), or None:
    #: plugins write documents and mails in it where they have it (``pick_language``).
    locale: Mapped[str | None] = mapped_column(String(35), default=None)
    # Carried in Tuition's access tokens; bumped to make every token issued before stop
    # working (log out everywhere, password reset).
    token_version: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: When the student's personal data was erased (``services/student_data.py``): the
    #: email is a pseudonym since, and no token of theirs is accepted any more.
    erased_at: Mapped[datetime | None] = mapped_column(default=None)

    # Loaded when asked for (/me, signup): every authenticated request loads the student.
    intended_course: Mapped[Course | None] = relationship(lazy="select")

    __table_args__ = (
        UniqueConstraint("tenant_id", "email"),
        UniqueConstraint("tenant_id", "external_subject"),
    )


class RefreshToken(TenantScoped, Base):
    """A refresh token, stored as its SHA-256 only. Each use rotates it: the token is marked
    used and a new one of the same ``family`` (one sign-in) is issued; a used token presented
    again revokes its whole family."""

    __tablename__ = "refresh_tokens"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("rtk"))
    student_id: Mapped[str] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"))
    family: Mapped[str] = mapped_column(String(32))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)

    __table_args__ = (Index("ix_refresh_tokens_student_family", "student_id", "family"),)


class Enrollment(TenantScoped, Base):
    """A student's place in a course. At most one live enrollment per student and course."""

    __tablename__ = "enrollments"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("enr"))
    student_id: Mapped[str] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"))
    course_id: Mapped[str] = mapped_column(ForeignKey("courses.id", ondelete="RESTRICT"))
    status: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    activated_at: Mapped[datetime | None] = mapped_column(default=None)
    completed_at: Mapped[datetime | None] = mapped_column(default=None)
    ended_at: Mapped[datetime | None] = mapped_column(default=None)
    #: False for an enrollment the site owner made beyond capacity (``take_seat: false``):
    #: it counts in no seat pool, so ending it gives no seat back.
    counts_seat: Mapped[bool] = mapped_column(default=True)
    #: What an enrollment the site owner made by hand was paid with outside Tuition (an
    #: invoice paid by bank transfer); None for complimentary ones and every other kind.
    external_reference: Mapped[str | None] = mapped_column(String(255), default=None)

    student: Mapped[Student] = relationship(lazy="joined")
    course: Mapped[Course] = relationship(lazy="joined")

    __table_args__ = (
        CheckConstraint(
            one_of("status", EnrollmentStatus),
            name="enrollment_status",
        ),
        Index(
            "uq_enrollments_live",
            "tenant_id",
            "student_id",
            "course_id",
            unique=True,
            sqlite_where=text(_LIVE_SQL),
            postgresql_where=text(_LIVE_SQL),
        ),
        Index("ix_enrollments_course_status", "tenant_id", "course_id", "status"),
        Index("ix_enrollments_student", "tenant_id", "student_id"),
    )


class OrderStatus(StrEnum):
    """An order's status (``Order.status`` stores the value; its CHECK constraint is built
    from this enum)."""

    #: The seat is held and the order written; the provider's checkout is being created
    #: (no transaction is open meanwhile). Released by reconcile/the sweep if left here.
    CHECKOUT_PENDING = "checkout_pending"
    PENDING = "pending"  # the checkout is open: waiting for the buyer's payment
    PAID = "paid"
    EXPIRED = "expired"
    FAILED = "failed"
    CANCELED = "canceled"
    REFUNDED = "refunded"
    PARTIALLY_REFUNDED = "partially_refunded"


ORDER_STATUSES: tuple[str, ...] = tuple(status.value for status in OrderStatus)
#: Orders whose enrollment still holds its seat and that no payment settled yet.
OPEN_ORDER_STATUSES: tuple[str, ...] = (OrderStatus.CHECKOUT_PENDING, OrderStatus.PENDING)
_ORDER_STATUS_SQL = "status IN ({})".format(", ".join(f"'{s}'" for s in ORDER_STATUSES))


class Order(TenantScoped, Base):
    """A student's purchase of a course: integer minor units plus ISO currency."""

    __tablename__ = "orders"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("ord"))
    student_id: Mapped[str] = mapped_column(ForeignKey("students.id", ondelete="RESTRICT"))
    course_id: Mapped[str] = mapped_column(ForeignKey("courses.id", ondelete="RESTRICT"))
    enrollment_id: Mapped[str] = mapped_column(ForeignKey("enrollments.id", ondelete="RESTRICT"))
    provider: Mapped[str] = mapped_column(String(64))
    #: What is charged: the list price less ``discount_amount`` (with a tax plugin, the
    #: gross it computed from that, ``tax_amount`` included).
    amount: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3))
    #: The course's price when the order was made (None for orders older than the
    #: column); ``discount_amount`` is what a price offer took off it, and
    #: ``discount_code`` the code that offer came from (a discount code), if any.
    list_amount: Mapped[int | None] = mapped_column(default=None)
    discount_amount: Mapped[int] = mapped_column(default=0)
    discount_code: Mapped[str | None] = mapped_column(String(64), default=None)
    status: Mapped[str] = mapped_column(String(24), default=OrderStatus.PENDING.value)
    #: The tax included in ``amount`` (a tax plugin's ``OrderTax``: ``amount`` is its
    #: gross), the breakdown an invoice prints (rate, rule name, reverse charge, …) and the
    #: buyer's billing details it was computed for; 0 / None without a tax plugin.
    tax_amount: Mapped[int] = mapped_column(default=0)
    tax: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    billing: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    refunded_amount: Mapped[int] = mapped_column(default=0)
    #: The part of ``tax_amount`` given back by refunds, in proportion to
    #: ``refunded_amount`` (all of it once the order is refunded in full).
    tax_refunded_amount: Mapped[int] = mapped_column(default=0)
    #: Set while a refund is being asked of the provider (a lease: one refund at a time).
    refund_started_at: Mapped[datetime | None] = mapped_column(default=None)
    #: What the provider reported as paid (set when the order becomes paid); differs from
    #: ``amount``/``currency`` only for a mismatched payment, which is refunded in full.
    paid_amount: Mapped[int | None] = mapped_column(default=None)
    paid_currency: Mapped[str | None] = mapped_column(String(3), default=None)
    customer_email: Mapped[str | None] = mapped_column(String(320), default=None)
    provider_reference: Mapped[str | None] = mapped_column(String(255), default=None)
    provider_payment_id: Mapped[str | None] = mapped_column(String(255), default=None)
    checkout: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    #: The schedule of charges this order's checkout starts (``Schedule`` as a dict:
    #: ``count``, ``amount``, ``currency``, ``interval``, ``interval_count``), None for a
    #: one-time payment. The order itself is the first charge.
    schedule: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    expires_at: Mapped[datetime | None] = mapped_column(default=None)
    paid_at: Mapped[datetime | None] = mapped_column(default=None)
    #: When a plugin declared the checkout abandoned while it was still open (the
    #: abandoned-checkout reminder went out); the funnel counts it as abandoned from then,
    #: as it does expired, failed and canceled orders. Kept if the order is paid later.
    abandoned_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    student: Mapped[Student] = relationship(lazy="joined")
    course: Mapped[Course] = relationship(lazy="joined")
    enrollment: Mapped[Enrollment] = relationship(lazy="joined")

    __table_args__ = (
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        CheckConstraint("discount_amount >= 0", name="discount_not_negative"),
        CheckConstraint("tax_amount >= 0 AND tax_amount <= amount", name="tax_within_amount"),
        CheckConstraint(
            "refunded_amount >= 0 AND refunded_amount <= COALESCE(paid_amount, amount)",
            name="refund_within_paid",
        ),
        CheckConstraint(_ORDER_STATUS_SQL, name="order_status"),
        Index("ix_orders_tenant_status_created", "tenant_id", "status", "created_at"),
        Index("ix_orders_provider_reference", "provider", "provider_reference"),
        Index("ix_orders_enrollment", "enrollment_id", "status"),
    )


class OrderTransition(TenantScoped, Base):
    """One status change of an order, with when and why."""

    __tablename__ = "order_transitions"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str] = mapped_column(String(24))
    cause: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class PaymentEvent(TenantScoped, Base):
    """A verified provider event, stored once (inbox) before the webhook is acknowledged."""

    __tablename__ = "payment_events"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("pev"))
    provider: Mapped[str] = mapped_column(String(64))
    event_id: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(32))
    raw_type: Mapped[str] = mapped_column(String(100))
    order_id: Mapped[str | None] = mapped_column(String(32), default=None, index=True)
    amount: Mapped[int | None] = mapped_column(default=None)
    currency: Mapped[str | None] = mapped_column(String(3), default=None)
    payment_id: Mapped[str | None] = mapped_column(String(255), default=None)
    #: Which charge of a schedule an ``installment.*`` event is about (1 = the first).
    installment: Mapped[int | None] = mapped_column(default=None)
    #: The tax the provider computed on a ``payment.succeeded`` (``ProviderEvent.tax``:
    #: ``net``, ``tax``, ``gross``, ``breakdown``, ``billing``), or None.
    tax: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(16), default="received")
    outcome: Mapped[str | None] = mapped_column(Text, default=None)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(default=None)

    __table_args__ = (
        UniqueConstraint("tenant_id", "provider", "event_id"),
        CheckConstraint(one_of("status", PaymentEventStatus), name="payment_event_status"),
    )


class IdempotencyKey(Base):
    """The first answer to an unsafe request sent with an ``Idempotency-Key``, per credential.

    Not tenant-scoped: the operator's requests have no tenant, and the credential (a hash of
    the caller's key or token) already separates callers. ``body`` is encrypted (it may hold
    a key shown only once); rows live for the idempotency window, then the sweep drops them.
    """

    __tablename__ = "idempotency_keys"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    credential: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(255))
    request_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[int | None] = mapped_column(default=None)
    headers: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    body: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    __table_args__ = (UniqueConstraint("credential", "key"),)


class Job(Base):
    """An outbox row: work to run after the transaction that wrote it commits."""

    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("job"))
    tenant_id: Mapped[str | None] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), index=True, default=None
    )
    name: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    #: The request that caused the job (its logs carry the same ``request_id``).
    request_id: Mapped[str | None] = mapped_column(String(128), default=None)
    #: Not before this time (a retry on a schedule): rq's scheduler holds the job until
    #: then; without Redis, ``tuition jobs sweep`` runs it once it is due. None: at once.
    run_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (
        CheckConstraint(one_of("status", JobStatus), name="job_status"),
        Index("ix_jobs_status_created", "status", "created_at"),
    )


class AuditEntry(TenantScoped, Base):
    """One state change: who (``actor``) changed which object, from what to what, when.

    Written in the same transaction as the change, so a change that rolls back leaves no
    entry and a committed change always has one.
    """

    __tablename__ = "audit_log"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("aud"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    before: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    after: Mapped[dict[str, Any] | None] = mapped_column(default=None)

    __table_args__ = (
        Index("ix_audit_log_tenant_at", "tenant_id", "at"),
        Index("ix_audit_log_object", "tenant_id", "object_type", "object_id"),
    )


class FunnelEvent(TenantScoped, Base):
    """A storefront signal the report counts: a course view (reported by the frontend)
    or an enroll click (every enrollment attempt, refused ones included)."""

    __tablename__ = "funnel_events"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))  # view | enroll_click
    course_id: Mapped[str] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    student_id: Mapped[str | None] = mapped_column(String(32), default=None)
    at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        CheckConstraint("kind IN ('view', 'enroll_click')", name="funnel_event_kind"),
        Index("ix_funnel_events_tenant_at", "tenant_id", "at"),
    )


class LiveEvent(TenantScoped, Base):
    """One event of a student's live stream (``GET /v1/me/events``; an order's
    ``/events`` shows those of the order or of its enrollment): a domain event naming the
    student, written in the transaction that caused it; ``id`` is the stream's
    ``Last-Event-ID``. The sweep drops old rows."""

    __tablename__ = "live_events"

    #: BIGINT (a log that only grows); SQLite's rowid is 64-bit already.
    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    student_id: Mapped[str] = mapped_column(String(32))
    order_id: Mapped[str | None] = mapped_column(String(32), default=None)
    enrollment_id: Mapped[str | None] = mapped_column(String(32), default=None)
    type: Mapped[str] = mapped_column(String(100))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    __table_args__ = (Index("ix_live_events_student", "tenant_id", "student_id", "id"),)


class ImportStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    #: The job failed for good (``last_error`` says why); running it again resumes it.
    FAILED = "failed"


class EnrollmentImport(TenantScoped, Base):
    """A bulk enrollment from a CSV file (``POST /v1/admin/enrollments:import``), run as a
    job line by line, each line in a transaction of its own that also moves the progress
    on (``done``), so a crash resumes after the last line that committed."""

    __tablename__ = "enrollment_imports"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("imp"))
    status: Mapped[str] = mapped_column(String(16), default=ImportStatus.QUEUED.value)
    actor: Mapped[str] = mapped_column(String(100))
    filename: Mapped[str | None] = mapped_column(String(255), default=None)
    #: The file's lines as parsed: ``[{"line", "email", "name", "course", "cohort",
    #: "external_reference"}]`` (the header is line 1).
    rows: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    total: Mapped[int] = mapped_column(default=0)
    done: Mapped[int] = mapped_column(default=0)
    enrolled: Mapped[int] = mapped_column(default=0)
    skipped: Mapped[int] = mapped_column(default=0)
    failed: Mapped[int] = mapped_column(default=0)
    invited: Mapped[int] = mapped_column(default=0)
    #: ``[{"line", "email", "course", "code", "detail"}]``, one per failed line.
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    #: Why the import's job failed for good (status ``failed``), else None.
    last_error: Mapped[str | None] = mapped_column(String(500), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)

    __table_args__ = (
        CheckConstraint(one_of("status", ImportStatus), name="enrollment_import_status"),
        CheckConstraint("done <= total", name="import_done_within_total"),
        Index("ix_enrollment_imports_tenant_created", "tenant_id", "created_at"),
    )


class ExportStatus(StrEnum):
    PENDING = "pending"
    READY = "ready"
    FAILED = "failed"


class StudentExport(TenantScoped, Base):
    """A large export of a student's data, built by a job: the gzipped JSON document,
    downloadable through a signed link until ``expires_at`` (the sweep then drops it)."""

    __tablename__ = "student_exports"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("exp"))
    student_id: Mapped[str] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"))
    requested_by: Mapped[str] = mapped_column(String(16))  # student | admin
    status: Mapped[str] = mapped_column(String(16), default=ExportStatus.PENDING.value)
    content: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    size_bytes: Mapped[int | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    ready_at: Mapped[datetime | None] = mapped_column(default=None)
    expires_at: Mapped[datetime] = mapped_column(index=True)

    __table_args__ = (
        CheckConstraint(one_of("status", ExportStatus), name="export_status"),
        CheckConstraint("requested_by IN ('student', 'admin')", name="export_requester"),
        Index("ix_student_exports_student", "tenant_id", "student_id"),
    )
