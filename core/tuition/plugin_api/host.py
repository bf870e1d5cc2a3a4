"""What core offers plugins at run time: the host (``ctx.tuition``) and its services.

Core implements these Protocols; a plugin receives the host in every context
(``ctx.tuition``, ``job.tuition``, ``change.tuition``), in ``tuition_sweep`` and
``tuition_tenant_data``, and in views through :func:`tuition.plugin_api.web.host`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from sqlalchemy import Select
    from sqlalchemy.orm import Session

    from tuition.plugin_api.payments import OrderInfo, PaymentProvider, Schedule
    from tuition.plugin_api.records import (
        CourseRecord,
        EnrollmentRecord,
        OrderRecord,
        StudentRecord,
        TenantRecord,
    )
    from tuition.plugin_api.values import (
        DomainEvent,
        EnrollmentContext,
        MailAttachment,
        ManualEnrollment,
        OrderTax,
    )


class JobQueue(Protocol):
    """Core's job queue: jobs written in a transaction run after it commits."""

    def defer(
        self,
        session: Session,
        name: str,
        payload: dict[str, Any],
        tenant_id: str | None = None,
        *,
        run_at: datetime | None = None,
        delay: timedelta | None = None,
    ) -> Any:
        """Write job ``name`` (a handler registered through ``tuition_job_handlers``) in
        ``session``'s transaction; it runs after the commit, no earlier than ``run_at``
        (or ``delay`` from now). ``payload`` must be JSON-ready."""
        ...


class TenantPlugins(Protocol):
    """The plugins a tenant enabled (``host.hooks(tenant)``)."""

    @property
    def enabled(self) -> frozenset[str]: ...


class CoreServices(Protocol):
    """The changes of core's rows a plugin may ask for. Each writes through the session it
    is given and never commits: the entry point that owns the transaction does."""

    def reserve_seat(self, session: Session, course: CourseRecord) -> bool:
        """Set one seat of ``course`` aside for someone a plugin's pool keeps it for (a
        waitlist offer): it counts against the course until given back. False when the
        course is full. See :class:`tuition.plugin_api.Capacity` for handing it over."""
        ...

    def release_seat(self, session: Session, course: CourseRecord) -> None:
        """Give back a seat of ``course`` set aside with :meth:`reserve_seat`."""
        ...

    def add_enrollment(
        self, ctx: EnrollmentContext, *, status: str, source: str
    ) -> EnrollmentRecord:
        """Add the attempt's enrollment (``active`` or ``pending``) to its transaction."""
        ...

    def enroll(
        self,
        session: Session,
        tenant: TenantRecord,
        student: StudentRecord,
        course: CourseRecord,
        manual: ManualEnrollment,
        fields: Mapping[str, Any] | None = None,
    ) -> EnrollmentRecord:
        """Enroll ``student`` in ``course`` as the site owner does by hand
        (``POST /v1/admin/enrollments``), active at once, in ``session``'s transaction: the
        tenant's checks (``already_enrolled``, a plugin's problem: ``EnrollmentRefused``),
        every seat pool's ``hold`` (``course_full`` unless ``manual.take_seat`` is False),
        ``tuition_enrollment_created``, ``enrollment.activated`` and the after-enrollment
        jobs. ``fields`` are plugins' enrollment fields (``cohort``). For a plugin that
        grants courses from something bought (a bundle's member courses)."""
        ...

    def end_enrollment(
        self,
        session: Session,
        tenant: TenantRecord,
        enrollment: EnrollmentRecord,
        reason: str | None = None,
    ) -> bool:
        """End an ``active`` or ``completed`` enrollment as the site owner does
        (``POST /v1/admin/enrollments/<id>/end``): it becomes ``canceled``, every seat pool
        gives its seat back, ``tuition_enrollment_changed`` runs and ``enrollment.ended``
        is emitted. False when it had ended already (nothing changes); 409
        ``enrollment_not_active`` for a pending one."""
        ...

    def add_order(
        self,
        ctx: EnrollmentContext,
        enrollment: EnrollmentRecord,
        *,
        provider: str,
        amount: int,
        currency: str,
        schedule: Schedule | None = None,
        tax: OrderTax | None = None,
    ) -> OrderRecord:
        """Add the ``checkout_pending`` order of a pending ``enrollment`` (from
        :meth:`add_enrollment`) to the attempt's transaction: ``amount`` of ``currency``
        through payment ``provider``, held until the default checkout time. With
        ``schedule`` it is the first charge of that schedule (``amount`` must equal
        ``schedule.first_charge``) and core asks the provider for a recurring checkout.
        With ``tax`` (from :meth:`order_tax`; ``amount`` must equal ``tax.gross``) the
        order records it as for a one-time order (``tax_amount``, ``tax``, ``billing``).
        Return it as ``Outcome.order``: core makes the checkout after the commit."""
        ...

    def order_tax(self, ctx: EnrollmentContext, amount: int, currency: str) -> OrderTax | None:
        """The tax the tenant's tax plugin (``tuition_order_tax``) computes on one charge
        of ``amount`` (minor units of ``currency``, as the tenant entered the price) for
        the billing details of ``ctx.request``; None when no plugin taxes it. For pricing
        models that charge other amounts than the course's price (each charge of a
        schedule: charge the returned gross). Raises what the tax plugin raises (refused
        billing details: 422). No network call."""
        ...

    def choose_payment_provider(
        self,
        tenant: TenantRecord,
        currency: str | None,
        *,
        recurring: bool = False,
        enabled: frozenset[str] | None = None,
        trials: bool = False,
    ) -> str | None:
        """The name of the provider ``tenant`` sells ``currency`` through (its default
        provider if set, else the first enabled one by name), among those that charge on a
        schedule when ``recurring`` (and start one with a free trial when ``trials``:
        ``Capabilities.trials``); None when there is none. ``enabled``: the plugin set to
        judge by (a plan preview), default the tenant's. No I/O."""
        ...

    def mark_checkout_abandoned(self, order: OrderRecord, at: datetime) -> None:
        """Count ``order``'s checkout as abandoned from ``at`` on (the funnel report's
        ``abandoned``), though it may yet be paid: e.g. when a reminder went out. Written
        through ``order``'s session; the first time is kept."""
        ...

    def mail_attachments(
        self, session: Session, tenant: TenantRecord, event: DomainEvent
    ) -> list[MailAttachment]:
        """The files ``tenant``'s enabled plugins attach to the mail for ``event``
        (``tuition_mail_attachments``), for a mail plugin composing it in ``session``'s
        transaction."""
        ...

    def audit(
        self,
        session: Session,
        tenant: TenantRecord,
        object_type: str,
        object_id: str,
        action: str,
        before: Mapping[str, Any] | None = None,
        after: Mapping[str, Any] | None = None,
    ) -> None:
        """Add an entry to ``tenant``'s audit log (``GET /v1/admin/audit``) in
        ``session``'s transaction: ``action`` (e.g. ``resent``) on ``object_type``
        ``object_id``, with what changed (JSON-ready, never a secret). Its actor is whoever
        acts through the session: the staff member (``staff:<id>``), ``admin`` for a secret
        key, ``job:<name>`` in a job, ``system`` otherwise."""
        ...

    def emit_event(
        self, session: Session, tenant: TenantRecord, type_: str, data: Mapping[str, Any]
    ) -> DomainEvent:
        """Emit domain event ``type_``; every enabled plugin implementing
        ``tuition_event`` receives it in a job after ``session`` commits."""
        ...

    # -- reads: records through the caller's (tenant-scoped) session, never changed ------

    def tenant(
        self, session: Session, tenant_id: str | None = None, *, slug: str | None = None
    ) -> TenantRecord | None:
        """The tenant with id ``tenant_id`` (or called ``slug``) with its plugins and
        settings loaded (usable after the session ends), or None when there is none, or when
        ``session`` is scoped to another tenant. Does not scope ``session``."""
        ...

    def tenants_enabling(self, plugin: str) -> list[TenantRecord]:
        """Every tenant that enabled ``plugin`` (``plugin in host.hooks(t).enabled``),
        oldest first, read in a short session of its own: the records stay readable (ids,
        settings) for a sweep that then opens ``host.transaction(tenant.id)`` per tenant."""
        ...

    def student(self, session: Session, student_id: str) -> StudentRecord | None:
        """Student ``student_id`` of the session's tenant, or None."""
        ...

    def student_link_token(self, session: Session, student_id: str, purpose: str) -> str | None:
        """A fresh one-time token for the link of a built-in auth mail, ``purpose``
        ``verify_email`` (for ``student.email_verification_requested``),
        ``reset_password`` (for ``student.password_reset_requested``) or ``set_password``
        (for ``student.invited``): the storefront sends it back to ``POST
        /v1/auth/verify-email``, ``/v1/auth/password-reset:confirm`` or
        ``/v1/auth/invitation:accept``. Mint it when sending, never store or log it. None
        when the student of the session's tenant is gone, or there is nothing to do (email
        verified already, no password to reset, a password chosen already). It works once,
        until ``TUITION_VERIFY_TOKEN_TTL_SECONDS`` / ``TUITION_RESET_TOKEN_TTL_SECONDS`` /
        ``TUITION_INVITE_TOKEN_TTL_SECONDS`` pass."""
        ...

    def staff_invitation(self, session: Session, staff_id: str) -> tuple[str, str] | None:
        """The invitee's email and a fresh one-time invitation token for the mail of
        ``staff.invitation_requested`` (its ``staff_id``): the console sends the token back
        to ``POST /v1/staff/invitations:accept`` with a password. Mint it when sending, never
        store or log it. None when the invitation of the session's tenant is gone or was
        accepted. It works once, until ``TUITION_STAFF_INVITATION_TTL_SECONDS`` pass."""
        ...

    def course(
        self, session: Session, *, id: str | None = None, slug: str | None = None
    ) -> CourseRecord | None:
        """The session's tenant's course with this ``id`` (else, when given, this
        ``slug``), or None. Its values are read from the database, also when ``session``
        loaded the course before (e.g. its ``seats_taken`` after a concurrent enrollment)."""
        ...

    def courses(
        self,
        session: Session,
        ids: Collection[str] | None = None,
        *,
        pricing_model: str | None = None,
    ) -> list[CourseRecord]:
        """The session's tenant's courses, by slug, in one query: only those among ``ids``
        (unknown ids left out) and with ``pricing_model``, when given."""
        ...

    def next_courses(self, session: Session, course: CourseRecord) -> list[CourseRecord]:
        """The courses the site owner suggests taking after ``course`` (its
        ``next_courses``), in their order, whatever their status."""
        ...

    def enrollment(self, session: Session, enrollment_id: str) -> EnrollmentRecord | None:
        """Enrollment ``enrollment_id`` (with its ``student`` and ``course``), or None. Its
        values are read from the database, also when ``session`` loaded it before (e.g. its
        ``status`` after waiting for a lock)."""
        ...

    def enrollments(
        self,
        session: Session,
        *,
        ids: Collection[str] | None = None,
        student_id: str | None = None,
        course_ids: Collection[str] | None = None,
        statuses: Collection[str] | None = None,
    ) -> list[EnrollmentRecord]:
        """The enrollments matching every filter given (all of the tenant's without any),
        oldest first. ``statuses``: e.g. ``LIVE_ENROLLMENT_STATUSES``."""
        ...

    def unpaid_orders(
        self,
        session: Session,
        *,
        created_after: datetime,
        created_before: datetime,
        exclude_ids: Select[Any] | None = None,
        limit: int = 500,
    ) -> list[OrderRecord]:
        """Orders whose checkout was left unpaid: ``pending`` or ``expired``, created
        strictly between ``created_after`` and ``created_before``, whose student holds no
        other live enrollment in the course (did not get it another way since); oldest
        first, at most ``limit``. ``exclude_ids`` selects order ids to leave out in the same
        query (those a plugin handled already: ``select(MyTable.order_id)``)."""
        ...

    def courses_taken_next(
        self,
        session: Session,
        student_id: str,
        *,
        limit: int,
        seed_courses: int = 20,
        peers: int = 2000,
    ) -> list[tuple[str, int]]:
        """What other students of ``student_id``'s courses went on to take: ``(course id,
        how many of them)`` for each published course they came to own after owning one
        of those, the student's own courses left out, most taken first (ties by course id),
        at most ``limit``. One query, bounded for large tenants: the student's
        ``seed_courses`` most recent owned courses and a random sample of at most
        ``peers`` owners of them (enrollment ids are random)."""
        ...

    def event_types(self) -> dict[str, str]:
        """Every domain event type with its meaning: core's and those the installed
        plugins declare (``tuition_event_types``)."""
        ...

    def set_course_attributes(
        self, session: Session, course: CourseRecord, plugin: str, values: Mapping[str, Any]
    ) -> bool:
        """Replace ``course``'s ``attributes.<plugin>`` with ``values``, validated by the
        schema ``plugin`` returns from ``tuition_course_attributes`` (``ValidationFailed``
        with ``attributes.<plugin>.<field>`` paths otherwise) and audited like an admin's
        change of the course. False, and nothing written, when they are already stored."""
        ...

    def order(self, session: Session, order_id: str) -> OrderRecord | None:
        """The order ``order_id`` of ``session``'s tenant, or None."""
        ...

    def student_orders(self, session: Session, student_id: str) -> list[OrderRecord]:
        """Every order of student ``student_id`` of the session's tenant, oldest first
        (for a plugin's part of the student's export, ``tuition_student_data``)."""
        ...

    def order_info(self, order: OrderRecord, tenant: TenantRecord) -> OrderInfo:
        """``order`` as core hands it to payment providers (plain values)."""
        ...

    def payment_provider(self, tenant: TenantRecord, name: str) -> PaymentProvider:
        """Payment provider ``name`` as core calls it for ``tenant``: an instance with the
        tenant's settings of the registering plugin, ``env:`` references resolved.
        ``NotFound`` when ``tenant`` did not enable that plugin."""
        ...


class Host(Protocol):
    """The running Tuition installation, as plugins see it."""

    @property
    def services(self) -> CoreServices: ...
    @property
    def jobs(self) -> JobQueue: ...
    @property
    def secret_key(self) -> str:
        """The installation's signing key (derive plugin keys from it, never log it)."""
        ...

    def session(self, tenant_id: str | None = None) -> Session:
        """A new session for reading; with ``tenant_id`` it only sees that tenant's rows.
        To change rows outside a request or job, use :meth:`transaction`."""
        ...

    def transaction(self, tenant_id: str | None = None) -> AbstractContextManager[Session]:
        """A unit of work core commits: ``with host.transaction(tenant.id) as session:``
        commits when the block ends normally and rolls back when it raises. For work a
        plugin starts itself (a sweep's chores, a CLI command, one of a batch that must not
        share the others' fate); requests and jobs already run in one."""
        ...

    def hooks(self, tenant: TenantRecord) -> TenantPlugins:
        """What ``tenant`` enabled (``.enabled``)."""
        ...

    def secret(self, value: Any, *, refresh: bool = False) -> Any:
        """Resolve a setting's secret reference: ``env:NAME`` to the variable's value,
        ``aws-sm:<name or ARN>[#<json key>]`` (or another store's scheme) to the secret
        (or its field), cached for ``TUITION_SECRETS_CACHE_SECONDS``; other values pass
        through. 503 ``secret_unavailable`` when it cannot be had,
        ``secret_reference_refused`` when the operator does not allow it.

        ``refresh=True`` skips the cache and fetches a store's secret anew (the cache keeps
        the new value): call it once after the service the secret is for refused it as a
        credential, which is what a rotation looks like from here, then retry once."""
        ...
