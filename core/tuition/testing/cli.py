"""The ``tuition`` command line, run in-process: core's commands and those plugins add
through ``tuition_cli_commands`` (``tuition <plugin> <command>``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from click.testing import CliRunner, Result

from tuition.cli import main


def run_cli(
    args: Sequence[str],
    *,
    database_url: str | None = None,
    env: Mapping[str, str | None] | None = None,
) -> Result:
    """Run ``tuition ARGS`` with click's ``CliRunner`` (output captured, exceptions kept in
    ``result.exception``) and return the result (``exit_code``, ``output``). The command
    builds its app from the ``TUITION_*`` environment, like a real one: ``database_url``
    sets ``TUITION_DATABASE_URL`` (the ``db_url`` fixture: the test's database) and
    ``env`` sets further variables, both for this run only."""
    variables = dict(env or {})
    if database_url is not None:
        variables["TUITION_DATABASE_URL"] = database_url
    return CliRunner().invoke(main, list(args), env=variables)
