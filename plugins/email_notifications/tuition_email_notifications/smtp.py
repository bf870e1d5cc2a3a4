"""Building and sending one message over the tenant's SMTP server (stdlib ``smtplib``).

Credentials are resolved per send from the tenant's settings (``env:`` references through
core's ``host.secret``) and never kept, logged or stored: a
failure is reported as :class:`SendFailed` whose message names the error class and the
server's answer, with the password taken out should a server echo it, and which says
whether the server refused for good (a 5xx reply) or a retry may succeed (a 4xx reply, a
connection that failed or broke, a timeout).
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Callable, Sequence
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Any

from tuition.plugin_api import REDACTED, MailAttachment, outbound

from .rendering import Rendered
from .settings import MailSettings

MAX_ERROR = 500


class _GuardedSMTP(smtplib.SMTP):
    """SMTP to a checked address of a tenant-chosen host (core's outbound policy)."""

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        return outbound.connect(host, port, timeout)


class _GuardedSMTPSSL(smtplib.SMTP_SSL, _GuardedSMTP):
    """SMTP over TLS from the start; the TLS wraps :class:`_GuardedSMTP`'s socket."""


class SendFailed(Exception):
    """The message was not accepted; the text is safe to store and log. ``permanent``: the
    server refused it for good (a 5xx reply), so trying again is pointless."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


def is_permanent(exc: BaseException) -> bool:
    """Whether the server's reply refuses the message for good (RFC 5321: 5yz, a permanent
    negative completion), for the message or every recipient. A 4yz reply (transient),
    a connection refused, broken or timed out, and anything without a reply may pass on
    a later try."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return bool(codes) and all(500 <= code <= 599 for code in codes)
    if isinstance(exc, smtplib.SMTPResponseException):
        return 500 <= exc.smtp_code <= 599
    return False


def new_message_id(settings: MailSettings) -> str:
    """A Message-ID in the sender's domain, fixed when a mail is first claimed so that a
    retry carries the same one."""
    domain = parseaddr(settings.from_address)[1].rpartition("@")[2] or "tuition.invalid"
    return make_msgid(domain=domain)


def build_message(
    settings: MailSettings,
    *,
    recipient: str,
    rendered: Rendered,
    message_id: str,
    template: str,
    marketing: bool,
    attachments: Sequence[MailAttachment] = (),
) -> EmailMessage:
    """A multipart/alternative message (plain text, then HTML) marked as automatic; with
    ``attachments``, multipart/mixed with the files after it."""
    message = EmailMessage()
    message["Subject"] = rendered.subject
    message["From"] = settings.from_address
    message["To"] = recipient
    if settings.reply_to:
        message["Reply-To"] = settings.reply_to
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = message_id
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies
    message["X-Tuition-Mail"] = template
    if marketing and settings.preferences_url:
        message["List-Unsubscribe"] = f"<{settings.preferences_url}>"
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    for file in attachments:
        maintype, _, subtype = file.content_type.partition("/")
        message.add_attachment(
            file.content,
            maintype=maintype,
            subtype=subtype or "octet-stream",
            filename=file.filename,
        )
    return message


def _describe(exc: BaseException, secrets: list[str]) -> str:
    text = f"{exc.__class__.__name__}: {exc}"
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return text[:MAX_ERROR]


def send(settings: MailSettings, message: EmailMessage, *, secret: Callable[[Any], Any]) -> None:
    """Deliver ``message`` to the tenant's SMTP server or raise :class:`SendFailed`;
    ``secret`` resolves the credentials' ``env:`` references (``host.secret``)."""
    password: str | None = None
    try:
        username = secret(settings.username)
        password = secret(settings.password)
        tls = ssl.create_default_context()
        client: smtplib.SMTP
        guarded = settings.host_chosen
        if settings.security == "ssl":
            ssl_class = _GuardedSMTPSSL if guarded else smtplib.SMTP_SSL
            client = ssl_class(settings.host, settings.port, timeout=settings.timeout, context=tls)
        else:
            plain_class = _GuardedSMTP if guarded else smtplib.SMTP
            client = plain_class(settings.host, settings.port, timeout=settings.timeout)
        with client:
            client.ehlo()
            if settings.security == "starttls":
                client.starttls(context=tls)
                client.ehlo()
            if username:
                client.login(str(username), str(password or ""))
            client.send_message(message)
    except Exception as exc:
        # ``from None``: the chained exception could carry more than we checked.
        raise SendFailed(
            _describe(exc, [str(password or "")]), permanent=is_permanent(exc)
        ) from None
