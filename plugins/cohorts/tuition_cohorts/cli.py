"""``tuition cohorts sweep``: give back seats of overdue holds and offers (for cron)."""

from __future__ import annotations

import click

from tuition.plugin_api import Host
from tuition.plugin_api.cli import pass_host

from .waitlist import sweep


@click.group("cohorts")
def cohorts() -> None:
    """Cohort chores."""


@cohorts.command("sweep")
@pass_host
def sweep_command(tuition: Host) -> None:
    """Lapse holds past their checkout and waitlist offers past their window; each freed
    seat is offered to the next student waiting. Run it from cron every few minutes."""
    result = sweep(tuition)
    click.echo(f"freed {result['freed']} seat(s)")
