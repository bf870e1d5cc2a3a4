"""Plugins' ``tuition`` commands (``tuition_cli_commands``): the installation they work on.

Core's ``tuition`` command registers how to open it; outside a ``tuition`` command
:func:`host` raises ``RuntimeError``.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from tuition.plugin_api.host import Host

#: ``click.Context.meta`` key of the factory core registers (opens the installation).
META_KEY = "tuition.plugin_api.cli.host"

#: What core registers under :data:`META_KEY`.
HostFactory = Callable[[], AbstractContextManager["Host"]]


def host() -> AbstractContextManager[Host]:
    """The installation a ``tuition`` command works on, for a ``with`` block::

        with cli.host() as tuition:
            with tuition.transaction(tenant_id) as session:
                ...

    Configured from the ``TUITION_*`` environment like core's commands: an unreachable or
    unmigrated database ends the command with one line on stderr and exit status 2. The
    installation is closed when the block ends.
    """
    ctx = click.get_current_context(silent=True)
    factory: HostFactory | None = ctx.meta.get(META_KEY) if ctx is not None else None
    if factory is None:
        raise RuntimeError("tuition.plugin_api.cli.host() works inside a `tuition` command")
    return factory()
