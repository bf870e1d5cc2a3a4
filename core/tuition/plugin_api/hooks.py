# mypy: disable-error-code="empty-body"
"""Every Tuition hook: the whole extension contract, one docstring per hook.

Two kinds of hook:

* **Registration** hooks are called on the global plugin manager, once per plugin, when the
  application starts. Their results are tied to the plugin that returned them, so a tenant
  only sees what its enabled plugins registered.
* **Dispatch** hooks are called through a tenant's hook caller, which holds only the plugins
  that tenant enabled (plus core's built-in plugins).

Call hooks with keyword arguments only; implementations may accept fewer arguments than
the spec lists (pluggy passes only the ones they name).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

    import click
    from flask_smorest import Blueprint
    from marshmallow import Schema, fields
    from sqlalchemy.orm import Session

    from tuition.plugin_api.capacity import Capacity
    from tuition.plugin_api.host import Host
    from tuition.plugin_api.jobs import JobHandler
    from tuition.plugin_api.payments import PaymentProvider
    from tuition.plugin_api.personal import ErasureReport
    from tuition.plugin_api.records import EnrollmentRecord, StudentRecord, TenantRecord
    from tuition.plugin_api.secrets import SecretResolver
    from tuition.plugin_api.values import (
        CatalogContext,
        DomainEvent,
        EnrollmentChange,
        EnrollmentContext,
        EnrollStateInfo,
        JobContext,
        MailAttachment,
        OrderTax,
        Outcome,
        PriceOffer,
        PricingModel,
        Problem,
        QuoteContext,
        Recommendation,
        RecurringEvent,
    )

PROJECT = "tuition"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


# ---------------------------------------------------------------------------------------
# Registration hooks: called on the global manager, once per plugin (most at start-up).
# ---------------------------------------------------------------------------------------


@hookspec
def tuition_pricing_models() -> list[PricingModel]:
    """Register pricing models (``free``, ``one_time``, …).

    Called once per plugin when the application starts. Return a list of
    :class:`tuition.plugin_api.PricingModel` instances. Two plugins registering the same model
    name stop the start-up with an error naming both. Raising stops the start-up.
    """


@hookspec
def tuition_payment_providers() -> list[type[PaymentProvider]]:
    """Register payment-provider classes (:class:`tuition.plugin_api.PaymentProvider`).

    Called once per plugin at start-up. A tenant can pay through a provider only while the
    registering plugin is enabled; core instantiates the class per call with that plugin's
    tenant settings (``env:`` references resolved). Two plugins registering the same
    provider name stop the start-up with an error naming both.
    """


@hookspec
def tuition_cli_commands() -> list[click.Command]:
    """Return click commands (or groups) to add to the ``tuition`` command.

    Called once per plugin when the command starts; a payment plugin may add a group
    ``tuition <provider> …`` for its own chores. A name already taken by core or another plugin
    is skipped with a warning. Raising stops the command. A command opens the installation
    with ``tuition.plugin_api.cli.host()`` and changes rows in ``host.transaction(...)``.
    """


@hookspec
def tuition_job_handlers() -> dict[str, JobHandler] | None:
    """Register this plugin's job handlers, by job name.

    Called once per plugin at start-up. A handler runs a job deferred with
    ``host.jobs.defer(session, name, payload, tenant_id)`` after that transaction commits,
    with a :class:`tuition.plugin_api.JobContext` whose session commits when it returns;
    raising fails the job, which core retries. Name jobs ``<plugin>.<what>``; a name core
    or another plugin registered stops the start-up with an error naming both.
    """


@hookspec
def tuition_migrations() -> str | None:
    """Return the directory of this plugin's Alembic migrations, if it has tables.

    Called once per plugin at start-up; ``tuition db upgrade`` applies every plugin's
    migrations after core's. The plugin's first revision sets ``branch_labels`` to the
    plugin name and ``depends_on`` core's revision it builds on.
    """


@hookspec
def tuition_plugin_settings() -> type[Schema] | None:
    """Return the marshmallow schema of this plugin's per-tenant settings.

    Called once per plugin at start-up. The schema validates the ``settings`` object of
    ``PUT /v1/admin/plugins/<name>`` and of tenant files; unknown keys are refused. Mark a
    field ``metadata={"secret": True}`` to have it redacted from every response (values may
    be ``env:NAME`` references, resolved only when used). Return ``None`` for no settings.
    """


@hookspec
def tuition_secret_resolvers() -> list[SecretResolver] | None:
    """Register secret stores (:class:`tuition.plugin_api.SecretResolver`), by scheme.

    Called once per plugin at start-up. A setting ``<scheme>:<name>[#<json key>]`` then
    resolves through the resolver of that scheme, at every tenant (a store is the
    operator's choice: installing the plugin is enough, and the resolver's ``refused``
    keeps tenants to the secrets the operator allows). Core caches the values, fetches
    them anew on a refused credential and shows the reference, never the value, in
    responses. ``env`` and ``aws-sm`` are core's; a scheme registered twice stops the
    start-up with an error naming both.
    """


@hookspec
def tuition_course_attributes() -> type[Schema] | None:
    """Return the marshmallow schema of the attributes this plugin keeps on a course.

    Called once per plugin at start-up. A course's ``attributes.<plugin name>`` object is
    validated with it on every admin write; attributes of plugins that declare no schema
    are refused.
    """


@hookspec
def tuition_enrollment_fields() -> dict[str, fields.Field[Any]] | None:
    """Return extra fields this plugin accepts in ``POST /v1/enrollments`` (``cohort``, …).

    Called once per plugin at start-up. The fields appear in the ``EnrollmentRequest``
    schema of the OpenAPI document; a request may use them only at tenants that enabled
    the plugin (elsewhere they are unknown fields, 422). Their loaded values reach checks,
    pricing models and ``tuition_enrollment_created`` in ``ctx.request``. Two plugins
    declaring the same field stop the start-up with an error naming both.
    """


@hookspec
def tuition_event_types() -> dict[str, str] | None:
    """Return the domain event types this plugin emits, each with its meaning.

    Called once per plugin at start-up. Together with core's own types they form the
    catalogue other plugins offer (e.g. the event types a webhook endpoint subscribes to:
    ``tuition.plugins.PluginRegistry.event_types``).
    """


@hookspec
def tuition_problem_codes() -> dict[str, str] | None:
    """Return the problem ``code``s this plugin's errors may carry, each with its meaning.

    Called once per plugin at start-up; the codes join the ``code`` enum of the OpenAPI
    ``Problem`` schema, so generated clients know them.
    """


@hookspec
def tuition_enroll_states() -> list[EnrollStateInfo] | None:
    """Declare the enroll states this plugin's ``tuition_enroll_state`` may set.

    Called once per plugin at start-up. Each ``EnrollStateInfo(name, description,
    actionable)`` joins the ``enroll_state`` enum of the OpenAPI document; ``actionable``
    states (the student can buy or join the course, e.g. ``choose_cohort``) put the course
    in the dashboard's ``available`` list, like core's ``available``. A name core or
    another plugin already declared stops the start-up with an error naming both. A state
    set without being declared is shown but never counts as actionable.
    """


@hookspec
def tuition_tenant_data(
    tuition: Host, session: Session, tenant: TenantRecord, data: dict[str, Any]
) -> list[str] | None:
    """Apply this plugin's part of a tenant file (``[plugin_data.<plugin name>]``).

    Called by ``tuition tenants sync`` after the tenant's plugins and courses are applied,
    only for plugins the tenant enabled, with the table as loaded from TOML. Upsert
    idempotently (a second sync changes nothing) through ``session`` (tenant-scoped);
    never commit: the sync applies each site in one transaction (and first rehearses it
    in one it rolls back), so a commit raises ``RuntimeError``. Return short descriptions
    of what changed. Raise ``tuition.plugin_api.ValidationFailed`` with field paths for bad
    data: the site is then not written at all.
    """


@hookspec
def tuition_sweep(tuition: Host, now: datetime) -> dict[str, int] | None:
    """Do this plugin's periodic chores that are due at ``now`` (reminders, delivery
    retries, lapsed holds), for every tenant that enabled the plugin.

    Called once per plugin (not per tenant) by ``tuition jobs sweep``, which operators run
    from cron every minute or so. Open tenant sessions with ``tuition.session(tenant_id)``
    and skip tenants where ``tuition.hooks(tenant).enabled`` lacks the plugin. Must be
    idempotent and safe to run concurrently with itself. Return counts to print
    (``{"reminders_sent": 2}``). A raising sweep is logged and the others still run.
    """


@hookspec
def tuition_student_data(
    tuition: Host, session: Session, tenant: TenantRecord, student: StudentRecord
) -> dict[str, Any] | None:
    """Return everything this plugin holds about ``student``, for the student's export.

    Called once per plugin that implements it, enabled at ``tenant`` or not (a plugin
    switched off still holds its rows), by ``GET /v1/me/export``, the admin's export and
    the export job, with the export's tenant-scoped ``session`` (read only: write
    nothing). Return a JSON-ready mapping of section name to data (``{"bookings": [...]}``),
    or ``None`` when the plugin holds nothing; core puts it under ``plugins.<plugin name>``.
    Raising fails the export (500); nothing is written.
    """


@hookspec
def tuition_erase_student(
    tuition: Host,
    session: Session,
    tenant: TenantRecord,
    student: StudentRecord,
    pseudonym: str,
) -> ErasureReport | None:
    """Erase this plugin's personal data about ``student`` (a right-to-erasure request or
    the tenant's retention rule).

    Called once per plugin that implements it, enabled at ``tenant`` or not, inside the
    erasure's transaction and before core anonymises its own rows: ``student.email`` is
    still the address to find and replace. Delete or anonymise through ``session``
    (replace the email and names with ``pseudonym``, which is stable per student;
    :func:`tuition.plugin_api.scrub` does it inside stored JSON and text), keep what the
    law or the books require, and return a
    :class:`tuition.plugin_api.ErasureReport` saying what was erased and what was kept.
    Make no network call and never commit. Must be idempotent: an erased student may be
    erased again (a retried request). Raising rolls back the whole erasure.
    """


@hookspec
def tuition_api_blueprints() -> list[Blueprint]:
    """Return extra flask-smorest blueprints (webhooks, booking API, …).

    Called once per plugin when the application is created; the blueprints are registered
    on the API and appear in the OpenAPI document. Views must check that the calling tenant
    enabled the plugin and answer 404 otherwise: :class:`tuition.plugin_api.PluginBlueprint`
    does it.
    Operations documented with ``security=STUDENT`` are signed in by core before any
    ``before_request`` of the blueprint: without a student token they answer 401 at every
    tenant.
    """


# ---------------------------------------------------------------------------------------
# Dispatch hooks: called through the tenant's hook caller (enabled plugins only).
# ---------------------------------------------------------------------------------------


@hookspec
def tuition_before_enrollment(
    tuition: Host,
    tenant: TenantRecord,
    student: StudentRecord,
    course_slug: str,
    request: Mapping[str, Any],
) -> None:
    """Prepare a student's enrollment attempt (``POST /v1/enrollments``) before its
    transaction writes or locks anything: the one place of the attempt where a plugin may
    make a network call (a VAT ID looked up online), bounded by a short timeout.

    ``request`` is the validated request (``course`` and the plugins' enrollment fields).
    Whatever the plugin wants the attempt to see later (in ``tuition_order_tax``, …) it
    writes in a side transaction of its own (``tuition.transaction(tenant.id)``, committed
    whatever becomes of the attempt) and reads back there. Raise a ``TuitionError`` to
    refuse the attempt (answered as that problem; core writes nothing); any other
    exception is a 500. Not called for enrollments the site owner makes by hand.
    """


@hookspec
def tuition_enrollment_checks(ctx: EnrollmentContext) -> list[Problem] | None:
    """Return the problems that forbid this enrollment (course closed, full, …).

    Called for every enrollment attempt, inside its transaction, before the pricing model
    runs; all results are collected and the first problem is returned to the caller (core's
    own checks run first). Return ``None`` or ``[]`` when nothing forbids it. Raising aborts
    the attempt with a 500 and writes nothing. ``ctx.manual`` is set when the site owner
    enrolls the student by hand: refuse then only what makes the enrollment impossible, and
    nothing as full when ``ctx.beyond_capacity``.
    """


@hookspec
def tuition_capacities() -> list[Capacity] | None:
    """Return the seat pools this plugin counts (see :class:`tuition.plugin_api.Capacity`).

    Core drives every pool of the tenant's enabled plugins through each enrollment's life:
    ``hold`` when it is created (the plugins' pools first, the course's own seats last),
    ``confirm`` when it activates, ``release`` when it ends (the course's seats first) and
    ``lapse`` from ``tuition jobs sweep``. Return ``None`` or ``[]`` when the plugin counts
    no seats.
    """


@hookspec(
    warn_on_impl=DeprecationWarning(
        "tuition_seat_reserved is deprecated since 0.2 and goes in 0.3: a pool that sets "
        "course seats aside implements tuition_capacities (see tuition.plugin_api.Capacity)"
    )
)
def tuition_seat_reserved(ctx: EnrollmentContext) -> bool | None:
    """Deprecated: implement ``tuition_capacities`` instead.

    Say whether this plugin holds one of the course's seats for ``ctx.student``. If any
    plugin answers True, ``ctx.reserved_seat`` is set and the course's pool takes no seat
    for the enrollment (the plugin counted it when it reserved it).
    """


@hookspec
def tuition_price_offers(ctx: EnrollmentContext) -> list[PriceOffer] | None:
    """Offer ``ctx.student`` a lower price for ``ctx.course`` (no coupon needed).

    Called by the ``one_time`` pricing model inside the enrollment's transaction. The
    lowest offer in the course's currency that is below the course's price is charged
    (never more than the price, never below 0); the order records its reason. Return
    ``None`` or ``[]`` for no offer.
    """


@hookspec
def tuition_price_quote(ctx: QuoteContext) -> list[PriceOffer | Problem] | None:
    """Price ``ctx.course`` for a quote before checkout (``GET /v1/courses/<slug>/quote``).

    Called once per quote, for the signed-in ``ctx.student`` or for nobody, with the query's
    values in ``ctx.request`` (``code``). Return the ``PriceOffer``s the enrollment would
    get (as ``tuition_price_offers`` would return them) and the ``Problem``s it would be
    refused with (a refused code: ``code_expired``, …); core quotes the lowest offer below
    the list price and the first problem. Write nothing: the quote's transaction is rolled
    back. Return ``None`` or ``[]`` when the plugin has nothing to say. Raising fails the
    request.
    """


@hookspec
def tuition_mail_attachments(
    tuition: Host, session: Session, tenant: TenantRecord, event: DomainEvent
) -> list[MailAttachment] | None:
    """Files to attach to the mail a mail plugin sends for ``event`` (e.g. the invoice
    PDF on the ``order.paid`` receipt), asked through ``CoreServices.mail_attachments``
    while the mail is composed, in ``session``'s transaction (no network call). Every
    enabled plugin's files are attached, in hook order. Return None (or nothing) for an
    event the plugin adds nothing to. Whatever the plugin writes (an invoice issued on the
    spot) commits with the mail's claim; it must be safe to repeat, as the same event may
    be composed again (a retried mail, its own job for that event)."""


@hookspec(firstresult=True)
def tuition_order_tax(
    ctx: EnrollmentContext | QuoteContext, amount: int, currency: str
) -> OrderTax | None:
    """Compute the tax on ``amount`` (minor units of ``currency``: the course's price less
    the best offer's discount, as the tenant entered it, gross or net) for one order line.

    Called by the ``one_time`` pricing model inside the enrollment's transaction (``ctx``
    an ``EnrollmentContext``; the buyer's billing details are in ``ctx.request`` as the
    plugin's enrollment fields) and by the price quote (``ctx`` a ``QuoteContext``; the
    query's ``country``, ``region``, ``vat_id``, ``company_name`` in ``ctx.request``), and
    by pricing models that charge on a schedule through ``CoreServices.order_tax``, once
    per charge amount (``amount`` one installment, a renewal, a first charge with a setup
    fee). Stops at the first non-None result. The returned ``OrderTax.gross`` is charged (it
    becomes the order's ``amount``: above ``amount`` when prices are net); the order
    records ``tax_amount``, ``tax`` (the breakdown) and ``billing``. Return ``None`` to
    leave the price untaxed. Raise a ``TuitionError`` (e.g. ``ValidationFailed`` or a 422
    with a code of its own) for billing details that cannot be taxed: the request answers
    that problem and nothing is written. Make no network call while ``ctx`` is an
    ``EnrollmentContext``: the transaction holds the seat. A quote holds no lock: a
    provider's tax service may be asked then (a tax calculation API).
    """


@hookspec
def tuition_enrollment_created(ctx: EnrollmentContext, outcome: Outcome) -> None:
    """Follow a new enrollment inside its transaction (seats are ``tuition_capacities``').

    Called inside the enrollment's transaction right after the pricing model added the
    enrollment and every seat pool held its seat (``outcome.enrollment``, ``active`` or
    ``pending``; for a pending one ``outcome.hold_until`` is when its hold ends, the default
    checkout time: the provider's checkout is made after this transaction commits,
    ``outcome.order`` is ``checkout_pending`` meanwhile). Write through ``ctx.session``
    with atomic conditional updates; raise ``tuition.plugin_api.EnrollmentRefused`` to
    refuse, which rolls back the whole enrollment and order. Make no network call: the
    transaction holds the seat.
    """


@hookspec
def tuition_enrollment_changed(change: EnrollmentChange) -> list[Problem] | None:
    """Follow an enrollment's status change inside the transaction that makes it.

    Called for every change after creation (see :class:`tuition.plugin_api.EnrollmentChange`),
    after the seat pools (``tuition_capacities``) confirmed or released their seats:
    release what else the enrollment held when it ends (booked sessions, …). When
    ``change.activating``, returning problems vetoes the activation just as a pool's
    ``confirm`` does: core rolls back the pools' and plugins' writes, ends the enrollment,
    refunds the order through its provider and emits ``order.refund_scheduled`` naming the
    problem. Problems returned for other changes are
    ignored. Raising fails the transition (the webhook job is retried).
    """


@hookspec(firstresult=True)
def tuition_recurring_event(event: RecurringEvent) -> str | None:
    """Apply a provider event of a schedule (``installment.paid``, ``installment.failed``,
    ``schedule.canceled``) to whatever the plugin keeps for ``event.order``.

    Called in the job of the stored event, inside its transaction, for the plugins the
    tenant enabled; stops at the first non-None result, which core records as the event's
    outcome (``no_action`` when no plugin answers). Return None for orders the plugin did
    not sell. Apply idempotently per ``event.installment`` (the same charge may arrive
    twice under different event ids, a stale failure after the payment). Make no network
    call. Raising fails the job, which is retried.
    """


@hookspec
def tuition_course_extensions(ctx: CatalogContext) -> dict[str, dict[str, Any]] | None:
    """Add plugin data to listed courses (e.g. ``cohorts`` with seats left and state).

    Called once per storefront request with every listed course (never once per course).
    Return a mapping of course id to ``{key: value}``; the keys are merged into the course's
    ``extensions`` object, the first plugin to use a key wins. Values must be JSON-ready.
    Raising fails the request.
    """


@hookspec
def tuition_enroll_state(ctx: CatalogContext) -> dict[str, str] | None:
    """Override the enroll state of listed courses, e.g. "choose a cohort".

    Called once per storefront request with every listed course at once (never once per
    course). Return a mapping of course id to state for the courses to override, or
    ``None``. Overrides are merged in hook order: the first plugin to name a course wins,
    exactly as if the hook stopped at the first non-None result for that course. Raising
    fails the request.
    """


@hookspec
def tuition_after_enrollment(enrollment: EnrollmentRecord, job: JobContext) -> None:
    """Act after an enrollment became active (confirmation mail, upsell offer, …).

    Each plugin's implementation runs as its own job after the enrollment's transaction
    committed, with the enrollment loaded in the job's own session (``job.session``, which
    commits when the implementation returns). A raising
    implementation marks only its own job failed; it never undoes the enrollment or stops
    another plugin's action.
    """


@hookspec
def tuition_recommendations(ctx: CatalogContext, limit: int) -> list[Recommendation] | None:
    """Suggest up to ``limit`` courses for ``ctx.student``, each with a reason.

    Called for the dashboard and recommendation endpoints. All results are merged, courses
    the student already owns are dropped, duplicates keep their best score, and the list is
    ranked by score. Raising fails the request.
    """


@hookspec
def tuition_event(event: DomainEvent, job: JobContext) -> None:
    """Receive a domain event (``enrollment.activated``, ``order.paid``, …).

    Called as one job per enabled plugin after the transaction that produced the event
    committed. A raising implementation fails only its own job.
    """


def documented_hooks() -> dict[str, Any]:
    """Every hook spec by name (used by docs and their test)."""
    return {name: obj for name, obj in globals().items() if name.startswith("tuition_")}
