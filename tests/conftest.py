"""Fixtures shared by core's system tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.pool import NullPool

from tests.running_system import Shop
from tuition.db import make_engine
from tuition.testing.queues import RqQueue
from tuition_email_notifications.testing import SmtpServer, free_port
from tuition_outbound_webhooks.testing import Receiver


@pytest.fixture
def shop(db_url: str, rq_queue: RqQueue, tmp_path: Path) -> Iterator[Shop]:
    """A database and an rq queue of this test's own, an SMTP server; the test starts
    gunicorn and the workers it needs, and every one of them is stopped afterwards."""
    smtp = SmtpServer(free_port()).start()
    engine = make_engine(db_url, poolclass=NullPool)
    shop = Shop(db_url, rq_queue, engine, smtp, tmp_path, tmp_path / "crash-point", workers=[])
    try:
        yield shop
    finally:
        for worker in shop.workers or []:
            worker.stop()
        if shop.server is not None:
            shop.server.stop()
        engine.dispose()
        smtp.stop()


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A real SMTP server (aiosmtpd) on a free port, keeping what it receives."""
    server = SmtpServer(free_port()).start()
    yield server
    server.stop()


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[Receiver]:
    """A webhook endpoint on 127.0.0.1 (which the outbound policy then allows)."""
    monkeypatch.setenv("TUITION_OUTBOUND_ALLOWED_HOSTS", "127.0.0.1")
    found = Receiver()
    yield found
    found.close()
