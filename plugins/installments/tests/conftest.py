"""Core's ``recorder`` is registered for every test here; a tenant enables it as
``"recorder"``."""

from __future__ import annotations

from typing import Any

import pytest

from tuition.testing.recorders import Recorder
from tuition_email_notifications.testing import smtp  # noqa: F401 - the fixture


@pytest.fixture
def tuition_plugins(recorder: Recorder) -> list[tuple[str, Any]]:
    return [("recorder", recorder)]
