"""``tuition cohorts sweep``: give back seats of overdue holds and offers (for cron)."""

from __future__ import annotations

import click


@click.group("cohorts")
def cohorts() -> None:
    """Cohort chores."""


@cohorts.command("sweep")
def sweep_command() -> None:
    """Lapse holds past their checkout and waitlist offers past their window; each freed
    seat is offered to the next student waiting. Run it from cron every few minutes."""
    from tuition.plugin_api import cli

    from .waitlist import sweep

    with cli.host() as tuition:
        result = sweep(tuition)
    click.echo(f"freed {result['freed']} seat(s)")
