"""Test helpers of the email notifications plugin: a real SMTP server (aiosmtpd, from the
plugin's ``test`` extra) that keeps what it receives, and one-liners for tenants, events
and the sent-mail records."""

from __future__ import annotations

import socket
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any, cast

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy import select

from tuition.plugin_api import DomainEvent, Host
from tuition.testing import outbox
from tuition.testing.api import Api, TenantHandle

from .models import SentMail

PLUGIN = "email_notifications"
FROM = "Acme Academy <hello@acme.test>"
PRICE = {"amount": 4900, "currency": "EUR"}


def free_port() -> int:
    """A port nothing listens on (yet)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def kind(self) -> str:
        return str(self.message["X-Tuition-Mail"])

    def part(self, subtype: str) -> str:
        body = self.message.get_body(preferencelist=(subtype,))
        assert body is not None, f"no text/{subtype} part"
        return str(cast(EmailMessage, body).get_content())


class Authenticator:
    """Accepts one user and password (for the tests of SMTP AUTH)."""

    def __init__(self, user: str, password: str) -> None:
        self.user, self.password = user.encode(), password.encode()

    def __call__(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            self.user,
            self.password,
        )
        return AuthResult(success=ok, handled=False)


@dataclass
class SmtpServer:
    """An aiosmtpd server on 127.0.0.1:``port`` that keeps every message it accepts, and
    refuses the next ones with the replies planned by :meth:`refuse` (``451 …``, ``550 …``)."""

    port: int
    authenticator: Authenticator | None = None
    received: list[Received] = field(default_factory=list)
    #: Messages refused with a planned reply: (reply, message).
    refused: list[tuple[str, Received]] = field(default_factory=list)
    _planned: deque[str] = field(default_factory=deque)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _controller: Controller | None = None

    def refuse(self, *replies: str) -> None:
        """Answer the next messages' DATA with these replies, e.g. ``451 4.3.0 Try again
        later`` (transient) or ``550 5.1.1 No such user`` (permanent)."""
        with self._lock:
            self._planned.extend(replies)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        got = Received(envelope.mail_from, list(envelope.rcpt_tos), cast(EmailMessage, message))
        with self._lock:
            if self._planned:
                reply = self._planned.popleft()
                self.refused.append((reply, got))
                return reply
            self.received.append(got)
        return "250 Message accepted for delivery"

    def start(self) -> SmtpServer:
        kwargs: dict[str, Any] = {}
        if self.authenticator is not None:
            kwargs = {"authenticator": self.authenticator, "auth_require_tls": False}
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port, **kwargs)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def of(self, kind: str) -> list[Received]:
        """The messages of one mail (``payment_receipt``, …)."""
        return [r for r in self.received if r.kind == kind]

    @property
    def kinds(self) -> list[str]:
        return sorted(r.kind for r in self.received)


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A real SMTP server on 127.0.0.1 (a free port), stopped after the test: import it
    into a test module or a ``conftest.py`` to use it as the fixture ``smtp``."""
    server = SmtpServer(free_port()).start()
    try:
        yield server
    finally:
        server.stop()


def mail_settings(port: int, **overrides: Any) -> dict[str, Any]:
    """The plugin's settings for the test server on ``port``. The ``email_verification``
    mail every signup sends is off unless ``templates`` switches it on, so tests of other
    mails see theirs only."""
    templates = {"email_verification": {"enabled": False}, **overrides.pop("templates", {})}
    return {
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_security": "none",
        "smtp_timeout": 5,
        "from_address": FROM,
        "templates": templates,
        **overrides,
    }


def mail_site(
    api: Api, port: int, *, extra_plugins: dict[str, Any] | None = None, **settings: Any
) -> TenantHandle:
    """A tenant with free enrollment, the dummy provider and this plugin, sending mail to
    127.0.0.1:``port``; a free course ``intro`` and a paid course ``pro`` (49.00 EUR)."""
    tenant = api.create_tenant(
        {
            "free_enrollment": {},
            "dummy_provider": {},
            PLUGIN: {"settings": mail_settings(port, **settings)},
            **(extra_plugins or {}),
        }
    )
    api.create_course(
        tenant, "intro", title="Intro to Pottery", summary="Clay, wheels and patience."
    )
    api.create_course(tenant, "pro", title="Pottery Pro", pricing_model="one_time", price=PRICE)
    return tenant


def pay(api: Api, tenant: TenantHandle, order_id: str, outcome: str = "pay") -> Any:
    return api.call(
        "POST",
        f"/v1/dummy/checkout/{tenant.slug}/{order_id}",
        json={"outcome": outcome},
        expect=200,
    ).get_json()


def sent_mails(runtime: Host, tenant: TenantHandle) -> list[SentMail]:
    with runtime.session(tenant.id) as session:
        return list(session.scalars(select(SentMail).order_by(SentMail.created_at)))


def the_mail(runtime: Host, tenant: TenantHandle, template: str) -> SentMail:
    rows = [r for r in sent_mails(runtime, tenant) if r.template == template]
    assert len(rows) == 1, rows
    return rows[0]


def emit(runtime: Host, tenant: TenantHandle, type_: str, data: dict[str, Any]) -> DomainEvent:
    """Emit a domain event as a plugin would, in a unit of work (inline jobs run once it
    commits)."""
    with runtime.transaction(tenant.id) as session:
        row = runtime.services.tenant(session, tenant.id)
        assert row is not None
        event = runtime.services.emit_event(session, row, type_, data)
    return event


def redeliver(runtime: Host, tenant: TenantHandle, event: DomainEvent) -> None:
    """Deliver ``event`` to this plugin again, as a new job (a duplicated delivery)."""
    with runtime.transaction(tenant.id) as session:
        runtime.jobs.defer(
            session,
            "hook",
            {"hook": "tuition_event", "plugin": PLUGIN, "event": asdict(event)},
            tenant.id,
        )


def mail_jobs(runtime: Host, tenant: TenantHandle) -> list[Any]:
    """The outbox's jobs of this plugin's events at ``tenant`` (``status``, …), but those
    of the verification requests every signup makes."""
    return [
        j
        for j in outbox.jobs(runtime, tenant.id)
        if j.payload.get("plugin") == PLUGIN
        and j.payload.get("event", {}).get("type") != "student.email_verification_requested"
    ]
