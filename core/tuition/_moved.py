"""Old import paths of the plugin API, kept for one release so that plugins written
against them still load; each access warns (``DeprecationWarning``) and names the new
home. Core imports none of these."""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable, Mapping
from typing import Any

#: Names that left without a direct replacement, with what to use instead.
GONE: Mapping[str, str] = {
    "reserve_course_seat": "host.services.reserve_seat(session, course)",
    "release_course_seat": "host.services.release_seat(session, course)",
    "mark_checkout_abandoned": "host.services.mark_checkout_abandoned(order, at)",
    "emit_event": "host.services.emit_event(session, tenant, type_, data) or ctx.emit",
}


def forward(old: str, new: str) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``old`` that serves names from module ``new``."""

    def __getattr__(name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        if name in GONE:
            raise AttributeError(
                f"{old}.{name} is gone: use {GONE[name]} (see the CHANGELOG's Plugin API section)"
            )
        value = getattr(importlib.import_module(new), name)
        warnings.warn(
            f"{old}.{name} moved to {new}.{name}; import it from there "
            f"({old} is removed in tuition 0.3)",
            DeprecationWarning,
            stacklevel=2,
        )
        return value

    return __getattr__
