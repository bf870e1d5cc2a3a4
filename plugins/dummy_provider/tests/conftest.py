"""Core's ``recorder`` (a :class:`~tuition.testing.recorders.Recorder`) is registered for
every test here; a tenant enables it as ``"recorder"``. Jobs go to Redis in the tests that
ask for core's ``rq_queue``."""

from __future__ import annotations

from typing import Any

import pytest

from tuition.testing.recorders import Recorder


@pytest.fixture
def tuition_plugins(recorder: Recorder) -> list[tuple[str, Any]]:
    return [("recorder", recorder)]
