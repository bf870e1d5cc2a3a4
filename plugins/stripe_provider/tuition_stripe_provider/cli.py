"""Stripe tools for Tuition operators: ``tuition stripe sync-products``.

The plugin's ``tuition_cli_commands`` hook adds this group's commands to ``tuition`` as
``tuition stripe``, which reads the ``TUITION_*`` environment (database URL, disabled
plugins, …) and hands the commands the host (:func:`tuition.plugin_api.pass_host`).
"""

from __future__ import annotations

import sys

import click

from tuition.plugin_api import Host, pass_host
from tuition_stripe_provider.sync import CourseSync, SyncError, sync_products


@click.group()
@click.version_option(package_name="tuition-stripe-provider")
def main() -> None:
    """Stripe tools for Tuition."""


@main.command("sync-products")
@click.option("--tenant", "tenant_slug", required=True, help="The tenant's slug.")
@click.option("--dry-run", is_flag=True, help="Only look up; create and store nothing.")
@pass_host
def sync_products_command(host: Host, tenant_slug: str, dry_run: bool) -> None:
    """Create or reuse a Stripe product and one-time price for every paid course of TENANT
    and store their ids in the course's attributes.stripe_provider (idempotent)."""

    def progress(index: int, total: int, result: CourseSync) -> None:
        click.echo(f"[{index}/{total}] {result.describe()}")

    try:
        if dry_run:
            click.echo(f"dry run for {tenant_slug}: nothing is created or stored")
        results = sync_products(host, tenant_slug, dry_run=dry_run, progress=progress)
    except SyncError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    if not results:
        click.echo(f"{tenant_slug}: no paid courses to sync")
        return
    created = sum(r.product_action == "created" for r in results) + sum(
        r.price_action == "created" for r in results
    )
    planned = sum(r.product_action == "would create" for r in results) + sum(
        r.price_action == "would create" for r in results
    )
    if dry_run:
        click.echo(f"{len(results)} course(s): {planned} Stripe object(s) would be created")
    else:
        stored = sum(r.stored for r in results)
        click.echo(
            f"{len(results)} course(s): {created} Stripe object(s) created, "
            f"{stored} course(s) updated"
        )
