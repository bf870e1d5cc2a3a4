"""The ``tuition`` command."""

from __future__ import annotations

import json
import os
import secrets
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from sqlalchemy.orm import Session

from tuition import __version__, logs, migrate, rls
from tuition.app import create_app
from tuition.builtin import BUILTIN_PLUGINS
from tuition.config import Settings, SettingsError
from tuition.db import across_tenants, utcnow
from tuition.jobs import run_worker
from tuition.models import ApiKey, EnrollmentImport, StaffMember, Tenant
from tuition.plugin_api import TuitionError
from tuition.plugin_api.cli import HOST_FACTORY_KEY
from tuition.plugins import PluginRegistry
from tuition.runtime import Tuition
from tuition.services import audit, enrollment_imports, staff
from tuition.services.keys import PREFIXES, create_key, revoke_key, rotate_key, status
from tuition.services.payment_events import reconcile
from tuition.services.sweep import sweep
from tuition.services.tenant_files import TenantFilesFailed, sync_directory
from tuition.services.tenants import enter_by_slug

#: Exit status of a command stopped before it began: a bad ``TUITION_*`` setting, or a
#: database that is unreachable or not migrated.
EXIT_NOT_READY = 2


class NotReady(click.ClickException):
    """A command cannot start: one line on stderr (``tuition: …``), no traceback."""

    exit_code = EXIT_NOT_READY

    def show(self, file: Any = None) -> None:
        click.echo(f"tuition: {self.message}", err=True)


def _runtime(*, schema: bool = True) -> Tuition:
    """The runtime of a command; with ``schema`` (commands that read or write tables) the
    database must be reachable and migrated, else :class:`NotReady`."""
    rt = Tuition(Settings.from_env())
    if schema:
        _require_schema(rt)
    return rt


def _require_schema(rt: Tuition) -> None:
    problem = migrate.schema_problem(rt.engine, rt.plugins.migration_dirs())
    if problem:
        rt.close()
        raise NotReady(problem)


def _stop(message: str) -> NoReturn:
    NotReady(message).show()
    sys.exit(EXIT_NOT_READY)


class TuitionCLI(click.Group):
    """The ``tuition`` group, with the commands of installed plugins added on first use."""

    _plugins_loaded = False

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run a command; a bad setting, or a database error on a database that is not
        migrated (a plugin's command), ends it with one line instead of a traceback."""
        from sqlalchemy.exc import DBAPIError

        try:
            return super().main(*args, **kwargs)
        except SettingsError as exc:
            _stop(str(exc))
        except DBAPIError:
            problem = _schema_problem()
            if problem is None:
                raise
            _stop(problem)

    def _load_plugin_commands(self) -> None:
        if self._plugins_loaded:
            return

        settings = Settings.from_env()  # a SettingsError leaves them to load next time
        registry = PluginRegistry(
            core_version=__version__,
            builtins=BUILTIN_PLUGINS,
            extra=settings.extra_plugins,
            blocked=settings.disabled_plugins,
        )
        self._plugins_loaded = True
        for plugin in registry.plugins:
            for command in registry.call_one("tuition_cli_commands", plugin) or []:
                if command.name in self.commands:
                    click.echo(
                        f"warning: plugin {plugin} command {command.name!r} clashes "
                        "with an existing command; skipped",
                        err=True,
                    )
                    continue
                self.add_command(command)

    def invoke(self, ctx: click.Context) -> Any:
        # Plugins' commands ask for the host with tuition.plugin_api.pass_host.
        ctx.meta.setdefault(HOST_FACTORY_KEY, _command_host)
        return super().invoke(ctx)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load_plugin_commands()
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            self._load_plugin_commands()
        return super().get_command(ctx, cmd_name)


@contextmanager
def _command_host() -> Iterator[Tuition]:
    """The host of a plugin's command: migrated database required, closed afterwards."""
    rt = _runtime()
    try:
        yield rt
    finally:
        rt.close()


def _schema_problem() -> str | None:
    """What keeps the configured database from serving this version (None: nothing)."""
    rt = Tuition(Settings.from_env())
    try:
        return migrate.schema_problem(rt.engine, rt.plugins.migration_dirs())
    finally:
        rt.close()


def configure_logging(settings: Settings | None = None) -> None:
    """JSON log lines on stderr (``TUITION_LOG_FORMAT=console`` for text), at
    ``TUITION_LOG_LEVEL`` (default INFO)."""

    settings = settings or Settings.from_env()
    logs.configure(settings.log_format, settings.log_level)


#: The reference storefront, served by ``tuition run --demo`` from a checkout.
DEMO_STOREFRONT = Path("examples/storefront")
#: Where ``tuition run --demo`` keeps the operator token it made (owner-only, git-ignored).
DEMO_OPERATOR_TOKEN_FILE = Path(".demo-operator-token")


def demo_operator_token(path: Path = DEMO_OPERATOR_TOKEN_FILE) -> tuple[str, Path | None]:
    """The demo's operator token and the file it is kept in: ``TUITION_OPERATOR_TOKEN`` when
    set (kept nowhere), else the token an earlier demo wrote to ``path``, else a new random
    one written there, readable by its owner only."""
    if os.environ.get("TUITION_OPERATOR_TOKEN"):
        return os.environ["TUITION_OPERATOR_TOKEN"], None
    if path.is_file() and (kept := path.read_text().strip()):
        return kept, path
    token = "op_" + secrets.token_urlsafe(24)
    path.unlink(missing_ok=True)
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as file:
        file.write(token + "\n")
    return token, path


@click.group(cls=TuitionCLI)
@click.version_option(package_name="tuition")
def main() -> None:
    """Tuition: headless, multi-tenant course commerce.

    Every command first checks the ``TUITION_*`` settings; those that use the database
    also check that it is migrated. Either problem ends the command with one line on
    stderr and exit status 2.
    """
    configure_logging(Settings.from_env())


@main.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@click.option("--revision", default="heads", show_default=True)
def db_upgrade(revision: str) -> None:
    """Apply migrations up to REVISION."""
    rt = _runtime(schema=False)
    migrate.upgrade(rt.engine, revision, rt.plugins.migration_dirs())
    click.echo(f"database at {revision}: {rt.engine.url.render_as_string(hide_password=True)}")


@db.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Revert migrations down to REVISION (``base`` for an empty database)."""
    migrate.downgrade(_runtime(schema=False).engine, revision)
    click.echo(f"database at {revision}")


@db.command("grant")
@click.argument("role")
def db_grant(role: str) -> None:
    """Let ROLE read and write every table (PostgreSQL): run the API and workers as ROLE,
    neither owner nor superuser, so row-level security applies to them."""

    rt = _runtime()
    if rt.engine.dialect.name != "postgresql":
        raise click.UsageError("row-level security and grants are for PostgreSQL")
    with rt.engine.begin() as connection:
        rls.grant(connection, role)
    click.echo(f"granted table access to {role}")


@main.group()
def tenants() -> None:
    """Tenants (sites)."""


@tenants.command("sync")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
def tenants_sync(path: Path) -> None:
    """Create or update the tenants declared in PATH: one TOML file, or every *.toml of a
    directory (idempotent). Every file is checked before anything is written; each site
    is applied in one transaction; new keys are printed once. Exit status 2 on any error."""
    _sync(_runtime(), path)


def _sync(rt: Tuition, path: Path) -> None:
    try:
        reports = sync_directory(rt, path)
    except TuitionError as exc:
        applied = exc.applied if isinstance(exc, TenantFilesFailed) else []
        _print_reports(applied)
        click.echo(f"error: {exc.detail}", err=True)
        for where, messages in exc.extra.get("errors", {}).items():
            for message in messages if isinstance(messages, list) else [messages]:
                click.echo(f"  {where}: {message}", err=True)
        sys.exit(2)
    _print_reports(reports)


def _print_reports(reports: Any) -> None:
    for report in reports:
        what = ", ".join(report.changes) or "unchanged"
        click.echo(f"{report.slug}: {what}")
        if report.publishable_key:
            click.echo(f"  publishable key: {report.publishable_key}")
        if report.secret_key:
            click.echo(f"  secret key (shown once): {report.secret_key}")


@main.group()
def keys() -> None:
    """A tenant's publishable and secret keys (audited as actor ``cli``)."""


@contextmanager
def _tenant_session(slug: str) -> Iterator[tuple[Session, Tenant]]:
    """A session scoped to tenant SLUG, acting as ``cli``: the command's one transaction,
    committed when the block ends (services never commit), rolled back if it raises."""
    with _tenant_transaction(slug) as (_rt, session, tenant):
        yield session, tenant


@contextmanager
def _tenant_transaction(slug: str) -> Iterator[tuple[Tuition, Session, Tenant]]:
    """:func:`_tenant_session` with the runtime, for services that need it."""
    rt = _runtime()
    try:
        with rt.session() as session:
            tenant = enter_by_slug(session, slug)
            if tenant is None:
                raise click.UsageError(f"no tenant {slug!r}")
            audit.set_actor(session, "cli")
            yield rt, session, tenant
            session.commit()
    finally:
        rt.close()


def _print_key(key: ApiKey) -> None:
    shown = key.public_value or f"{PREFIXES[key.kind]}…{key.hint}"
    expires = f"  expires {key.expires_at:%Y-%m-%d %H:%M:%S}Z" if key.expires_at else ""
    click.echo(
        f"{key.id}  {key.kind:<11}  {shown}  {status(key)}"
        f"  created {key.created_at:%Y-%m-%d %H:%M:%S}Z{expires}"
    )


@keys.command("list")
@click.option("--tenant", "slug", required=True, help="The tenant's slug.")
def keys_list(slug: str) -> None:
    """Show the tenant's keys, newest first (secret keys by their last four characters)."""
    from sqlalchemy import select

    with _tenant_session(slug) as (session, _tenant):
        for key in session.scalars(select(ApiKey).order_by(ApiKey.created_at.desc(), ApiKey.id)):
            _print_key(key)


@keys.command("create")
@click.option("--tenant", "slug", required=True, help="The tenant's slug.")
@click.option(
    "--kind", type=click.Choice(["secret", "publishable"]), default="secret", show_default=True
)
def keys_create(slug: str, kind: str) -> None:
    """Make a new key and print it (a secret key is shown this once)."""
    with _tenant_session(slug) as (session, tenant):
        new = create_key(session, tenant, kind)
    click.echo(f"{new.key.id}  {kind} key (shown once): {new.raw}")


@keys.command("rotate")
@click.argument("key_id")
@click.option("--tenant", "slug", required=True, help="The tenant's slug.")
@click.option(
    "--grace",
    "grace_seconds",
    default=0,
    show_default=True,
    type=click.IntRange(0, 7 * 24 * 3600),
    help="Seconds the old key keeps working (at most 7 days).",
)
def keys_rotate(key_id: str, slug: str, grace_seconds: int) -> None:
    """Replace KEY_ID with a new key of its kind and print it."""
    from datetime import timedelta

    try:
        with _tenant_session(slug) as (session, tenant):
            new = rotate_key(session, tenant, key_id, grace=timedelta(seconds=grace_seconds))
    except TuitionError as exc:
        raise click.ClickException(exc.detail) from exc
    click.echo(f"{new.key.id}  {new.key.kind} key (shown once): {new.raw}")
    when = "now" if not grace_seconds else f"in {grace_seconds} s"
    click.echo(f"{key_id} stops working {when}")


@keys.command("revoke")
@click.argument("key_id")
@click.option("--tenant", "slug", required=True, help="The tenant's slug.")
def keys_revoke(key_id: str, slug: str) -> None:
    """Stop KEY_ID at once."""
    try:
        with _tenant_session(slug) as (session, tenant):
            revoke_key(session, tenant, key_id)
    except TuitionError as exc:
        raise click.ClickException(exc.detail) from exc
    click.echo(f"{key_id} revoked")


@main.group("staff")
def staff_group() -> None:
    """A tenant's staff accounts (audited as actor ``cli``)."""


@staff_group.command("create-owner")
@click.option("--tenant", "slug", required=True, help="The tenant's slug.")
@click.option("--email", required=True, help="The owner's email (their sign-in).")
@click.option(
    "--password",
    "with_password",
    is_flag=True,
    help="Set a password now (asked for, not echoed) instead of printing an invitation.",
)
def staff_create_owner(slug: str, email: str, with_password: bool) -> None:
    """Make the first owner of a site: print a one-time invitation token to accept with
    POST /v1/staff/invitations:accept, or with --password set one from a prompt."""
    password = (
        click.prompt("Password", hide_input=True, confirmation_prompt=True)
        if with_password
        else None
    )
    if password is not None and len(password) < 8:
        raise click.ClickException("the password needs 8 characters or more")
    with _tenant_transaction(slug) as (rt, session, tenant):
        try:
            member = staff.invite(rt, session, tenant, email=email, role="owner", mail=False)
        except TuitionError as exc:
            raise click.ClickException(exc.detail) from exc
        token = None
        if password is not None:
            staff.set_password(rt, member, password)
            member.accepted_at = utcnow()
        else:
            token = staff.invitation_token(rt, member)
        shown = f"{member.id}  owner  {member.email}  at {slug}"
    click.echo(shown)
    if token:
        click.echo(
            "invitation (one use; send it with a password and the site's publishable key "
            f"to POST /v1/staff/invitations:accept): {token}"
        )


def _demo_owners(rt: Tuition, console_url: str) -> None:
    """Give every demo site an owner with a fresh password (printed): the console's demo
    account, with the console's address for the site (its publishable key in the link)."""
    from sqlalchemy import select

    with rt.session() as session:
        audit.set_actor(session, "cli")
        with across_tenants(session):
            sites = list(session.scalars(select(Tenant).order_by(Tenant.slug)))
        for site in sites:
            session.info["tenant_id"] = site.id
            email = f"owner@{site.slug}.demo"
            member = session.scalar(select(StaffMember).where(StaffMember.email == email))
            if member is None:
                member = staff.invite(rt, session, site, email=email, role="owner", mail=False)
            password = secrets.token_urlsafe(12)
            staff.set_password(rt, member, password)
            member.accepted_at = member.accepted_at or utcnow()
            key = session.scalar(
                select(ApiKey.public_value)
                .where(ApiKey.kind == "publishable", ApiKey.revoked_at.is_(None))
                .order_by(ApiKey.created_at)
                .limit(1)
            )
            session.commit()
            click.echo(f"demo owner of {site.slug}: {email} / {password}")
            if key:
                click.echo(f"  console: {console_url}?key={key}")


@main.group()
def plugins() -> None:
    """Installed plugins."""


@plugins.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def plugins_list(as_json: bool) -> None:
    """Show every plugin: version, hooks, settings, and why a plugin was not loaded."""
    rows = _runtime(schema=False).plugins.describe()
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        if row["status"] != "loaded":
            click.echo(f"{row['name']} {row['version']}  NOT LOADED: {row['reason']}")
            continue
        kind = "built-in" if row["builtin"] else row["category"]
        click.echo(f"{row['name']} {row['version']}  [{kind}] {row['title']}")
        click.echo(f"    hooks: {', '.join(row['hooks']) or '-'}")
        click.echo(f"    settings: {', '.join(row['settings']) or '-'}")
        if row["pricing_models"]:
            click.echo(f"    pricing models: {', '.join(row['pricing_models'])}")


@main.command()
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker(burst: bool) -> None:
    """Run an rq worker with rq's scheduler for delayed jobs (needs TUITION_REDIS_URL)."""
    rt = _runtime(schema=False)
    if rt.jobs.mode != "rq":
        raise click.UsageError("set TUITION_REDIS_URL to run a worker; jobs run inline without")
    _require_schema(rt)
    _warn_if_ephemeral_key(rt)
    run_worker(rt, burst=burst)


def _warn_if_ephemeral_key(rt: Tuition) -> None:
    """Workers and sweeps must share the API's secret key (student tokens, stored webhook
    secrets): without TUITION_SECRET_KEY they read the one stored in the database; say so
    when that cannot be read."""
    if not rt.ensure_secret_key():
        click.echo(
            "warning: TUITION_SECRET_KEY is not set and the database holds no key "
            "yet (run 'tuition db upgrade'); this process made up its own key, so "
            "what the API encrypted or signed cannot be read here",
            err=True,
        )


@main.group()
def jobs() -> None:
    """The job outbox."""


@jobs.command("flush")
def jobs_flush() -> None:
    """Dispatch jobs left pending (e.g. while Redis was down)."""
    count = _runtime().jobs.flush()
    click.echo(f"dispatched {count} job(s)")


@jobs.command("sweep")
def jobs_sweep() -> None:
    """Run every plugin's periodic chores that are due (reminders, retries, lapsed holds).
    Run it from cron every minute; it is idempotent."""

    rt = _runtime()
    _warn_if_ephemeral_key(rt)
    try:
        results = sweep(rt)
    finally:
        rt.close()
    failed = False
    for plugin, result in sorted(results.items()):
        if isinstance(result, str):
            failed = True
            click.echo(f"{plugin}: {result}")
        else:
            shown = ", ".join(f"{key}={value}" for key, value in sorted(result.items()))
            click.echo(f"{plugin}: {shown or 'nothing due'}")
    if failed:
        raise SystemExit(1)


@main.group()
def enrollments() -> None:
    """Enrollments the site owner makes (audited as actor ``cli``)."""


@enrollments.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--tenant", "slug", required=True, help="The tenant's slug.")
def enrollments_import(file: Path, slug: str) -> None:
    """Enroll the students of a CSV FILE (columns email, course, and optionally name, cohort,
    external_reference) with a progress bar, then print a summary and the lines that
    failed; exits 1 if any did. Each line is its own transaction; people without an
    account are invited by mail; lines enrolled already are skipped, so running the same
    file again enrolls nobody twice."""
    with _tenant_session(slug) as (session, tenant):
        try:
            found = enrollment_imports.create(
                session, tenant, file.read_bytes(), filename=file.name
            )
        except TuitionError as exc:
            raise click.ClickException(_problem_text(exc)) from exc
        import_id, tenant_id, total = found.id, tenant.id, found.total
    rt = _runtime()
    console = Console(highlight=False)
    try:
        with Progress(
            TextColumn("[bold]Enrolling"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        ) as progress:
            task = progress.add_task("enrolling", total=total)
            try:
                enrollment_imports.run_in_own_transactions(
                    rt, tenant_id, import_id, on_line=lambda _line: progress.advance(task)
                )
            except Exception as exc:  # recorded on the import, then the command fails
                error = "".join(traceback.format_exception_only(exc)).strip()
                enrollment_imports.mark_failed_in_own_transaction(rt, tenant_id, import_id, error)
                raise
        with rt.session(tenant_id) as session:
            done = enrollment_imports.get(session, import_id)
            summary, errors = present_import(done)
    finally:
        rt.close()
    console.print(summary)
    if errors is not None:
        console.print(errors)
        raise SystemExit(1)


def present_import(found: EnrollmentImport) -> tuple[Table, Table | None]:
    """The summary table of an import, and the table of its failed lines (None: none)."""
    title = f"Import {found.id}" + (f" of {found.filename}" if found.filename else "")
    summary = Table(title=title)
    for column in ("lines", "enrolled", "invited", "skipped", "failed"):
        summary.add_column(column, justify="right")
    summary.add_row(
        *(str(n) for n in (found.total, found.enrolled, found.invited, found.skipped, found.failed))
    )
    if not found.errors:
        return summary, None
    errors = Table(title="Failed lines")
    for column in ("line", "email", "course", "code", "detail"):
        errors.add_column(column, overflow="fold")
    for error in found.errors:
        errors.add_row(
            str(error["line"]),
            error.get("email") or "",
            error.get("course") or "",
            error.get("code") or "",
            error.get("detail") or "",
        )
    return summary, errors


def _problem_text(exc: TuitionError) -> str:
    errors = exc.extra.get("errors")
    if isinstance(errors, dict):
        return " ".join(" ".join(map(str, messages)) for messages in errors.values())
    return exc.detail


@main.group()
def payments() -> None:
    """Orders and payment providers."""


@payments.command("reconcile")
@click.option(
    "--older-than",
    "minutes",
    default=10,
    show_default=True,
    type=int,
    help="Only pending orders created at least this many minutes ago.",
)
@click.option(
    "--late-minutes",
    default=120,
    show_default=True,
    type=click.IntRange(min=0),
    help="Also ask about unpaid orders whose checkout closed this recently.",
)
def payments_reconcile(minutes: int, late_minutes: int) -> None:
    """Ask providers about pending orders whose webhook never came; expire stale ones.

    Orders that expired, failed or were canceled within ``--late-minutes`` are asked about
    too: money taken for one anyway pays it (or is refunded when its seat is gone)."""
    from datetime import timedelta

    counts = reconcile(
        _runtime(),
        utcnow() - timedelta(minutes=minutes),
        late_window=timedelta(minutes=late_minutes),
    )
    if not counts:
        click.echo("nothing to reconcile")
    for outcome, count in sorted(counts.items()):
        click.echo(f"{outcome}: {count}")


@main.command()
def openapi() -> None:
    """Print the OpenAPI document."""
    app = create_app()
    with app.app_context():
        document = app.extensions["tuition_api"].spec.to_dict()
    click.echo(json.dumps(document, indent=2, sort_keys=True))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--demo", is_flag=True, help="Migrate, load tenants/ and print their keys.")
@click.option(
    "--tenants-dir",
    default="tenants",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
)
@click.option(
    "--storefront",
    "storefront_dir",
    default=None,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Serve this static storefront at /storefront/ "
    "(with --demo: examples/storefront when it exists).",
)
def run(host: str, port: int, demo: bool, tenants_dir: Path, storefront_dir: Path | None) -> None:
    """Serve the API (development server; use gunicorn 'tuition.wsgi:app' in production)."""
    token_file = None
    if demo:
        os.environ["TUITION_OPERATOR_TOKEN"], token_file = demo_operator_token()
    if storefront_dir is None and demo and DEMO_STOREFRONT.is_dir():
        storefront_dir = DEMO_STOREFRONT
    app = create_app(storefront_dir=str(storefront_dir) if storefront_dir else None)
    rt = app.extensions["tuition"]
    if demo:
        migrate.upgrade(rt.engine, plugin_dirs=rt.plugins.migration_dirs())
        rt.ensure_secret_key()  # kept in the database: sign-ins survive a restart
        if tenants_dir.is_dir() and any(tenants_dir.glob("*.toml")):
            _sync(rt, tenants_dir)
        _demo_owners(rt, f"http://{host}:{port}/admin/")
        kept = f" (kept in {token_file})" if token_file else ""
        click.echo(f"operator token: {os.environ['TUITION_OPERATOR_TOKEN']}{kept}")
        click.echo(f"API docs: http://{host}:{port}/docs")
        click.echo(f"console: http://{host}:{port}/admin/ (sign in as a demo owner above)")
    else:
        _require_schema(rt)
    if storefront_dir:
        click.echo(
            f"storefront: http://{host}:{port}/storefront/ (?key=<publishable key> picks the site)"
        )
    app.run(host=host, port=port, threaded=True, use_reloader=False)


if __name__ == "__main__":
    main()
