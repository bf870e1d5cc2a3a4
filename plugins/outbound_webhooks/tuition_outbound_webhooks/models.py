"""The outbound webhooks plugin's tables: endpoints, one delivery per (endpoint, event), and
every attempt of a delivery. A delivery's state moves only through conditional UPDATEs, so
two sweeps (or a sweep and a job) never send the same attempt twice."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tuition.plugin_api import Base, JSONType, TenantScoped, new_id, utcnow

DELIVERY_STATUSES = ("pending", "sending", "succeeded", "failed")
ATTEMPT_OUTCOMES = ("succeeded", "failed")
ATTEMPT_TRIGGERS = ("automatic", "manual")


class WebhookEndpoint(TenantScoped, Base):
    """A URL of the tenant's that receives the events it subscribed to, signed with its own
    secret. The secret is kept encrypted (it must sign later, so it cannot be hashed)."""

    __tablename__ = "webhook_endpoints"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("whe"))
    url: Mapped[str] = mapped_column(String(2048))
    description: Mapped[str] = mapped_column(String(500), default="")
    #: Event types (``order.paid``, …) or ``["*"]`` for every event.
    events: Mapped[list[str]] = mapped_column(JSONType, default=list)
    enabled: Mapped[bool] = mapped_column(default=True)
    disabled_reason: Mapped[str | None] = mapped_column(String(500), default=None)
    disabled_at: Mapped[datetime | None] = mapped_column(default=None)
    secret_ciphertext: Mapped[str] = mapped_column(Text)
    secret_last4: Mapped[str] = mapped_column(String(4))
    #: After a rotation with an overlap, deliveries are signed with this secret as well
    #: until ``previous_secret_expires_at``.
    previous_secret_ciphertext: Mapped[str | None] = mapped_column(Text, default=None)
    previous_secret_expires_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (Index("ix_webhook_endpoints_tenant_created", "tenant_id", "created_at"),)


class WebhookDelivery(TenantScoped, Base):
    """One event for one endpoint: the exact body to send, its state and its schedule.

    ``pending`` waits for ``next_attempt_at``; ``sending`` is claimed by one sender until
    ``lease_until`` (a crashed sender's claim lapses then); ``succeeded`` and ``failed``
    are final until an admin redelivers.
    """

    __tablename__ = "webhook_deliveries"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("whd"))
    endpoint_id: Mapped[str] = mapped_column(ForeignKey("webhook_endpoints.id", ondelete="CASCADE"))
    event_id: Mapped[str] = mapped_column(String(64))
    event_type: Mapped[str] = mapped_column(String(100))
    #: The JSON body exactly as sent (``id``, ``type``, ``occurred_at``, ``data``), so that
    #: a retry or a redelivery sends the same bytes.
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    #: Attempts made so far (each claim counts one).
    attempt_count: Mapped[int] = mapped_column(default=0)
    #: Failed attempts in a row since the schedule (re)started: picks the next delay.
    failures: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(default=None)
    lease_until: Mapped[datetime | None] = mapped_column(default=None)
    #: No automatic retry is scheduled past this instant (3 days after the first attempt).
    give_up_at: Mapped[datetime]
    #: The next attempt was asked for by an admin (redelivery, test ping).
    manual: Mapped[bool] = mapped_column(default=False)
    last_status_code: Mapped[int | None] = mapped_column(default=None)
    last_error: Mapped[str | None] = mapped_column(String(500), default=None)
    delivered_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    endpoint: Mapped[WebhookEndpoint] = relationship(lazy="joined")

    __table_args__ = (
        UniqueConstraint("endpoint_id", "event_id"),
        CheckConstraint(
            "status IN ('pending', 'sending', 'succeeded', 'failed')", name="delivery_status"
        ),
        Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
        Index("ix_webhook_deliveries_endpoint_created", "endpoint_id", "created_at"),
    )

    def payload(self) -> dict[str, Any]:
        import json

        value: dict[str, Any] = json.loads(self.body)
        return value


class WebhookAttempt(TenantScoped, Base):
    """One HTTP request of a delivery (or the reason none could be made)."""

    __tablename__ = "webhook_attempts"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: new_id("wha"))
    delivery_id: Mapped[str] = mapped_column(
        ForeignKey("webhook_deliveries.id", ondelete="CASCADE")
    )
    number: Mapped[int]
    trigger: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime]
    duration_ms: Mapped[int] = mapped_column(default=0)
    status_code: Mapped[int | None] = mapped_column(default=None)
    outcome: Mapped[str] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(String(500), default=None)
    response_excerpt: Mapped[str | None] = mapped_column(String(1000), default=None)

    __table_args__ = (
        UniqueConstraint("delivery_id", "number"),
        CheckConstraint("outcome IN ('succeeded', 'failed')", name="attempt_outcome"),
        CheckConstraint("trigger IN ('automatic', 'manual')", name="attempt_trigger"),
    )
