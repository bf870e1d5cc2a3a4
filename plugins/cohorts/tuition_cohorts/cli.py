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
    from tuition.config import Settings
    from tuition.runtime import Tuition

    from .waitlist import sweep

    runtime = Tuition(Settings.from_env())
    try:
        result = sweep(runtime)
    finally:
        runtime.close()
    click.echo(f"freed {result['freed']} seat(s)")
