"""The running app behind a :class:`~tuition.plugin_api.Host`, for the helpers of this package."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tuition.plugin_api import Host

if TYPE_CHECKING:
    from tuition.runtime import Tuition


def runtime_of(host: Host) -> Tuition:
    """``host`` as core's runtime (the ``runtime`` fixture is one), which the helpers of
    :mod:`tuition.testing` drive; a TypeError for any other host."""
    from tuition.runtime import Tuition

    if not isinstance(host, Tuition):
        raise TypeError(f"expected the app's runtime (the `runtime` fixture), not {host!r}")
    return host
