"""Endpoint and delivery rules for the admin API (no Flask here): register, change, rotate
the secret, redeliver, send a test ping. Changes go through the caller's session, never
committed here: the request that calls them owns the transaction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session

from tuition.plugin_api import (
    Conflict,
    Host,
    NotFound,
    TenantRecord,
    ValidationFailed,
    new_id,
    utcnow,
)
from tuition.plugin_api.outbound import url_problems

from . import delivery, signing
from .events import ALL_EVENTS, PING
from .models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from .settings import MAX_ENDPOINTS

PROBLEM_CODES = {
    "too_many_endpoints": f"a tenant may register at most {MAX_ENDPOINTS} webhook endpoints",
    "endpoint_disabled": "the webhook endpoint is disabled: enable it before redelivering",
    "delivery_in_progress": "the delivery is being sent right now; try again shortly",
}


@dataclass
class WithSecret:
    """An endpoint with its signing secret in clear (only after create and rotate)."""

    endpoint: WebhookEndpoint
    secret: str


def _check_url(url: str) -> None:
    problems = url_problems(url)
    if problems:
        raise ValidationFailed({"url": problems})


def _events(events: list[str]) -> list[str]:
    unique = sorted(set(events))
    return [ALL_EVENTS] if ALL_EVENTS in unique else unique


def _set_secret(tuition: Host, endpoint: WebhookEndpoint, secret: str) -> None:
    endpoint.secret_ciphertext = signing.encrypt(tuition.secret_key, secret)
    endpoint.secret_last4 = secret[-4:]


def list_endpoints() -> Select[Any]:
    return select(WebhookEndpoint)


def get_endpoint(session: Session, endpoint_id: str) -> WebhookEndpoint:
    endpoint = session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        raise NotFound(f"No webhook endpoint {endpoint_id!r}.")
    return endpoint


def create_endpoint(
    tuition: Host, session: Session, tenant: TenantRecord, data: Mapping[str, Any]
) -> WithSecret:
    """Register an endpoint with a new secret (shown this once)."""
    count = session.scalar(select(func.count()).select_from(WebhookEndpoint)) or 0
    if count >= MAX_ENDPOINTS:
        raise Conflict(
            f"This site has {count} webhook endpoints, the most it may have.",
            code="too_many_endpoints",
        )
    _check_url(data["url"])
    secret = signing.new_secret()
    now = utcnow()
    endpoint = WebhookEndpoint(
        id=new_id("whe"),
        tenant_id=tenant.id,
        url=data["url"],
        description=data.get("description", ""),
        events=_events(data["events"]),
        enabled=data.get("enabled", True),
        created_at=now,
        updated_at=now,
    )
    _set_secret(tuition, endpoint, secret)
    session.add(endpoint)
    session.flush()
    return WithSecret(endpoint, secret)


def update_endpoint(session: Session, endpoint_id: str, data: Mapping[str, Any]) -> WebhookEndpoint:
    """Change url, events, description or ``enabled`` (enabling clears the reason it was
    disabled; disabling by hand records none)."""
    endpoint = get_endpoint(session, endpoint_id)
    if "url" in data:
        _check_url(data["url"])
        endpoint.url = data["url"]
    if "events" in data:
        endpoint.events = _events(data["events"])
    if "description" in data:
        endpoint.description = data["description"]
    if "enabled" in data and data["enabled"] != endpoint.enabled:
        endpoint.enabled = data["enabled"]
        endpoint.disabled_at = None if data["enabled"] else utcnow()
        endpoint.disabled_reason = None if data["enabled"] else "Disabled by an admin."
    endpoint.updated_at = utcnow()
    session.flush()
    return endpoint


def delete_endpoint(session: Session, endpoint_id: str) -> None:
    """Delete an endpoint with its deliveries and their attempts."""
    endpoint = get_endpoint(session, endpoint_id)
    session.delete(endpoint)
    session.flush()


def rotate_secret(
    tuition: Host, session: Session, endpoint_id: str, keep_previous_minutes: int = 0
) -> WithSecret:
    """A new secret signs from now on; with ``keep_previous_minutes`` the previous one
    signs too (a second ``v1``) for that long, so receivers can switch without a gap."""
    endpoint = get_endpoint(session, endpoint_id)
    now = utcnow()
    if keep_previous_minutes > 0:
        endpoint.previous_secret_ciphertext = endpoint.secret_ciphertext
        endpoint.previous_secret_expires_at = now + timedelta(minutes=keep_previous_minutes)
    else:
        endpoint.previous_secret_ciphertext = None
        endpoint.previous_secret_expires_at = None
    secret = signing.new_secret()
    _set_secret(tuition, endpoint, secret)
    endpoint.updated_at = now
    session.flush()
    return WithSecret(endpoint, secret)


# -- deliveries ---------------------------------------------------------------------------


def deliveries_of(session: Session, endpoint_id: str, status: str | None) -> Select[Any]:
    get_endpoint(session, endpoint_id)
    stmt = select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint_id)
    if status is not None:
        stmt = stmt.where(WebhookDelivery.status == status)
    return stmt


def get_delivery(session: Session, delivery_id: str) -> WebhookDelivery:
    found = session.get(WebhookDelivery, delivery_id, populate_existing=True)
    if found is None:
        raise NotFound(f"No webhook delivery {delivery_id!r}.")
    return found


def attempts_of(session: Session, delivery_id: str) -> list[WebhookAttempt]:
    return list(
        session.scalars(
            select(WebhookAttempt)
            .where(WebhookAttempt.delivery_id == delivery_id)
            .order_by(WebhookAttempt.number)
        )
    )


def redeliver(tuition: Host, session: Session, delivery_id: str) -> None:
    """Send the same body again now, whatever the delivery's state (a succeeded one too);
    if that attempt fails the retry schedule starts over. The attempt is a job that runs
    once the caller's transaction commits."""
    found = get_delivery(session, delivery_id)
    if not found.endpoint.enabled and found.event_type != PING:
        raise Conflict("The endpoint is disabled; enable it first.", code="endpoint_disabled")
    now = utcnow()
    give_up_at = now if found.event_type == PING else now + delivery.RETRY_WINDOW
    changed = session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id, WebhookDelivery.status != "sending")
        .values(
            status="pending",
            next_attempt_at=now,
            give_up_at=give_up_at,
            failures=0,
            manual=True,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if not delivery._rowcount(changed):
        raise Conflict(
            "The delivery is being sent right now; try again shortly.", code="delivery_in_progress"
        )
    delivery.schedule(tuition, session, delivery_id, found.tenant_id)


def send_test(tuition: Host, session: Session, endpoint_id: str) -> str:
    """A ``ping`` delivery to the endpoint (disabled ones too), attempted once in a job
    that runs once the caller's transaction commits; returns the delivery's id."""
    endpoint = get_endpoint(session, endpoint_id)
    now = utcnow()
    event_id = new_id("evt")
    body = delivery.render_body(
        event_id,
        PING,
        now.isoformat(),
        {"endpoint_id": endpoint.id, "message": "Test delivery from Tuition."},
    )
    found = delivery.new_delivery(
        session,
        endpoint,
        event_id=event_id,
        event_type=PING,
        body=body,
        now=now,
        manual=True,
        retry=False,
    )
    delivery_id = found.id
    session.flush()
    delivery.schedule(tuition, session, delivery_id, endpoint.tenant_id)
    return delivery_id
