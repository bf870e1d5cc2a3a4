"""Fixtures of the taxes plugin's tests (core's ``api``, ``recorder`` … come from core's
pytest plugin)."""

from __future__ import annotations

from typing import Any

import pytest

from tuition.testing.api import Api
from tuition.testing.recorders import Recorder
from tuition_taxes.testing import Shop


@pytest.fixture
def tuition_plugins(recorder: Recorder) -> list[tuple[str, Any]]:
    return [("recorder", recorder)]


@pytest.fixture
def shop(api: Api) -> Shop:
    return Shop(api)
