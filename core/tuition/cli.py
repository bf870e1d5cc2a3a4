"""The ``tuition`` command."""

from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path

import click

from tuition.config import Settings
from tuition.runtime import Tuition


def _runtime() -> Tuition:
    from tuition.runtime import Tuition

    return Tuition(Settings.from_env())


class TuitionCLI(click.Group):
    """The ``tuition`` group, with the commands of installed plugins added on first use."""

    _plugins_loaded = False

    def _load_plugin_commands(self) -> None:
        if self._plugins_loaded:
            return
        self._plugins_loaded = True
        from tuition import __version__
        from tuition.builtin import BUILTIN_PLUGINS
        from tuition.plugins import PluginRegistry

        settings = Settings.from_env()
        registry = PluginRegistry(core_version=__version__, builtins=BUILTIN_PLUGINS,
                                  extra=settings.extra_plugins,
                                  blocked=settings.disabled_plugins)
        for plugin in registry.plugins:
            for command in registry.call_one("tuition_cli_commands", plugin) or []:
                if command.name in self.commands:
                    click.echo(f"warning: plugin {plugin} command {command.name!r} clashes "
                               "with an existing command; skipped", err=True)
                    continue
                self.add_command(command)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load_plugin_commands()
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            self._load_plugin_commands()
        return super().get_command(ctx, cmd_name)


def configure_logging() -> None:
    """JSON log lines on stderr (``TUITION_LOG_FORMAT=console`` for text), at
    ``TUITION_LOG_LEVEL`` (default INFO)."""
    from tuition import logs

    logs.configure(os.environ.get("TUITION_LOG_FORMAT", "json"),
                   os.environ.get("TUITION_LOG_LEVEL", "INFO"))


#: The reference storefront, served by ``tuition run --demo`` from a checkout.
DEMO_STOREFRONT = Path("examples/storefront")


@click.group(cls=TuitionCLI)
@click.version_option(package_name="tuition")
def main() -> None:
    """Tuition: headless, multi-tenant course commerce."""
    configure_logging()


@main.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@click.option("--revision", default="heads", show_default=True)
def db_upgrade(revision: str) -> None:
    """Apply migrations up to REVISION."""
    from tuition import migrate

    rt = _runtime()
    migrate.upgrade(rt.engine, revision, rt.plugins.migration_dirs())
    click.echo(f"database at {revision}: {rt.engine.url.render_as_string(hide_password=True)}")


@db.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Revert migrations down to REVISION (``base`` for an empty database)."""
    from tuition import migrate

    migrate.downgrade(_runtime().engine, revision)
    click.echo(f"database at {revision}")


@db.command("grant")
@click.argument("role")
def db_grant(role: str) -> None:
    """Let ROLE read and write every table (PostgreSQL): run the API and workers as ROLE,
    neither owner nor superuser, so row-level security applies to them."""
    from tuition import rls

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
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
def tenants_sync(directory: Path) -> None:
    """Create or update the tenants declared in DIRECTORY/*.toml (idempotent)."""
    _sync(_runtime(), directory)


def _sync(rt: Tuition, directory: Path) -> None:
    from tuition.errors import TuitionError
    from tuition.services.tenant_files import sync_directory

    try:
        reports = sync_directory(rt, directory)
    except TuitionError as exc:
        click.echo(f"error: {exc.detail}", err=True)
        for path, messages in exc.extra.get("errors", {}).items():
            click.echo(f"  {path}: {messages}", err=True)
        sys.exit(2)
    for report in reports:
        what = ", ".join(report.changes) or "unchanged"
        click.echo(f"{report.slug}: {what}")
        if report.publishable_key:
            click.echo(f"  publishable key: {report.publishable_key}")
        if report.secret_key:
            click.echo(f"  secret key (shown once): {report.secret_key}")


@main.group()
def plugins() -> None:
    """Installed plugins."""


@plugins.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def plugins_list(as_json: bool) -> None:
    """Show every plugin: version, hooks, settings, and why a plugin was not loaded."""
    rows = _runtime().plugins.describe()
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
    from tuition.jobs import run_worker

    rt = _runtime()
    if rt.jobs.mode != "rq":
        raise click.UsageError("set TUITION_REDIS_URL to run a worker; jobs run inline without")
    _warn_if_ephemeral_key(rt)
    run_worker(rt, burst=burst)


def _warn_if_ephemeral_key(rt: Tuition) -> None:
    """Workers and sweeps must share the API's secret key (student tokens, stored webhook
    secrets): say so when none is set."""
    if rt.settings.ephemeral_secret_key:
        click.echo("warning: TUITION_SECRET_KEY is not set; this process made up its own "
                   "key, so what the API encrypted or signed with its key cannot be read "
                   "here (set the same TUITION_SECRET_KEY everywhere)", err=True)


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
    from tuition.services.sweep import sweep

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
def payments() -> None:
    """Orders and payment providers."""


@payments.command("reconcile")
@click.option("--older-than", "minutes", default=10, show_default=True, type=int,
              help="Only pending orders created at least this many minutes ago.")
@click.option("--late-minutes", default=120, show_default=True, type=click.IntRange(min=0),
              help="Also ask about unpaid orders whose checkout closed this recently.")
def payments_reconcile(minutes: int, late_minutes: int) -> None:
    """Ask providers about pending orders whose webhook never came; expire stale ones.

    Orders that expired, failed or were canceled within ``--late-minutes`` are asked about
    too: money taken for one anyway pays it (or is refunded when its seat is gone)."""
    from datetime import timedelta

    from tuition.db import utcnow
    from tuition.services.payment_events import reconcile

    counts = reconcile(_runtime(), utcnow() - timedelta(minutes=minutes),
                       late_window=timedelta(minutes=late_minutes))
    if not counts:
        click.echo("nothing to reconcile")
    for outcome, count in sorted(counts.items()):
        click.echo(f"{outcome}: {count}")


@main.command()
def openapi() -> None:
    """Print the OpenAPI document."""
    from tuition.app import create_app

    app = create_app()
    with app.app_context():
        document = app.extensions["tuition_api"].spec.to_dict()
    click.echo(json.dumps(document, indent=2, sort_keys=True))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--demo", is_flag=True, help="Migrate, load tenants/ and print their keys.")
@click.option("--tenants-dir", default="tenants", show_default=True,
              type=click.Path(file_okay=False, path_type=Path))
@click.option("--storefront", "storefront_dir", default=None,
              type=click.Path(file_okay=False, path_type=Path),
              help="Serve this static storefront at /storefront/ "
                   "(with --demo: examples/storefront when it exists).")
def run(host: str, port: int, demo: bool, tenants_dir: Path,
        storefront_dir: Path | None) -> None:
    """Serve the API (development server; use gunicorn 'tuition.wsgi:app' in production)."""
    from tuition import migrate
    from tuition.app import create_app

    if demo and not os.environ.get("TUITION_OPERATOR_TOKEN"):
        os.environ["TUITION_OPERATOR_TOKEN"] = "op_" + secrets.token_urlsafe(18)
    if storefront_dir is None and demo and DEMO_STOREFRONT.is_dir():
        storefront_dir = DEMO_STOREFRONT
    app = create_app(storefront_dir=str(storefront_dir) if storefront_dir else None)
    rt = app.extensions["tuition"]
    if demo:
        migrate.upgrade(rt.engine, plugin_dirs=rt.plugins.migration_dirs())
        if tenants_dir.is_dir():
            _sync(rt, tenants_dir)
        click.echo(f"operator token: {os.environ['TUITION_OPERATOR_TOKEN']}")
        click.echo(f"API docs: http://{host}:{port}/docs")
    if storefront_dir:
        click.echo(f"storefront: http://{host}:{port}/storefront/ "
                   "(?key=<publishable key> picks the site)")
    app.run(host=host, port=port, threaded=True, use_reloader=False)


if __name__ == "__main__":
    main()
