"""Plugins' commands (``tuition_cli_commands``): the host a command works with.

Core runs a plugin's click commands as ``tuition <group> <command>``; a command that needs
the installation (its database, services, settings' secrets) asks for it with
:func:`pass_host` instead of building one from core's settings.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

import click

if TYPE_CHECKING:
    from tuition.plugin_api.host import Host

#: ``click.Context.meta`` key under which core's ``tuition`` command puts a callable that
#: opens the host of a command (a context manager yielding a :class:`Host`).
HOST_FACTORY_KEY = "tuition.plugin_api.cli.host"

P = ParamSpec("P")
R = TypeVar("R")


def pass_host(command: Callable[Concatenate[Host, P], R]) -> Callable[P, R]:
    """Call a click command's function with the running :class:`Host` as first argument.

    Core builds the host from the ``TUITION_*`` environment when the command runs, stops
    the command with one line when the database is unreachable or not migrated, and closes
    the host when the command returns. Outside ``tuition`` (no host to give) the command
    ends with a usage error. Change rows with ``host.transaction(tenant_id)``.
    """

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        factory: Callable[[], AbstractContextManager[Host]] | None = (
            click.get_current_context().meta.get(HOST_FACTORY_KEY)
        )
        if factory is None:
            raise click.UsageError("Run this command through `tuition`.")
        with factory() as host:
            return command(host, *args, **kwargs)

    return run
