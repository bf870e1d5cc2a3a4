"""Fixtures of the bundles plugin's tests (core's ``api``, ``runtime`` … come from core's
pytest plugin)."""

from __future__ import annotations

from typing import Any

import pytest

from tuition.testing.api import Api
from tuition.testing.recorders import Recorder
from tuition_bundles.testing import BundleShop


@pytest.fixture
def tuition_plugins(recorder: Recorder) -> list[tuple[str, Any]]:
    return [("recorder", recorder)]


@pytest.fixture
def shop(api: Api) -> BundleShop:
    return BundleShop(api)
