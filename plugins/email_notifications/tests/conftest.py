"""Fixtures of the email notifications tests (core's ``api``, ``runtime``, ``rq_queue`` …
come from core's pytest plugin; helpers live in ``tuition_email_notifications.testing``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tuition_email_notifications.testing import SmtpServer, free_port


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A real SMTP server on 127.0.0.1 (a free port), stopped after the test."""
    server = SmtpServer(free_port()).start()
    try:
        yield server
    finally:
        server.stop()
