"""Core's ``recorder`` is registered for every test here; a tenant enables it as
``"recorder"``. Helpers are in :mod:`tuition_memberships.testing`."""

from __future__ import annotations

from typing import Any

import pytest

from tuition.testing.recorders import Recorder


@pytest.fixture
def tuition_plugins(recorder: Recorder) -> list[tuple[str, Any]]:
    return [("recorder", recorder)]
