"""Fixtures of the invoices plugin's tests (core's ``api``, ``app`` … come from core's
pytest plugin)."""

from __future__ import annotations

import pytest

from tuition.testing.api import Api
from tuition_email_notifications.testing import smtp  # noqa: F401 - the fixture
from tuition_invoices.testing import Shop


@pytest.fixture
def shop(api: Api) -> Shop:
    return Shop(api)
