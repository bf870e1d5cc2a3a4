"""The optional online look-up of a VAT ID in VIES, the European Commission's VAT
Information Exchange System, through its REST API: ``POST <base>/check-vat-number`` with
``{"countryCode": "FR", "vatNumber": "40303265045"}``, answered with ``valid`` (true or
false), ``requestDate`` and ``requestIdentifier``; or, when a member state's service or
VIES itself is down or busy, ``{"actionSucceed": false, "errorWrappers": [{"error":
"MS_UNAVAILABLE", …}]}`` (with HTTP 200 or an error status).

Selling never waits on it: a timeout, a refused connection, an error answer or anything
unreadable is "unverified" and the sale goes on. Definite answers are kept per tenant for
the cache period (:class:`~tuition_taxes.models.VatCheck`), so the same ID is not asked
again meanwhile. The look-up runs before the enrollment's transaction
(``tuition_before_enrollment``) and for quotes, never while a row lock is held.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import requests
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tuition.plugin_api import Host, TenantRecord, outbound, utcnow

from .models import VatCheck

log = logging.getLogger(__name__)

DEFAULT_URL = "https://ec.europa.eu/taxation_customs/vies/rest-api"
DEFAULT_TIMEOUT_SECONDS = 3.0
DEFAULT_CACHE_HOURS = 24
#: The most of an answer read (VIES's are a few hundred bytes).
MAX_ANSWER_BYTES = 64_000


@dataclass(frozen=True)
class Verdict:
    """What VIES said: ``valid`` True (registered) or False, or None (unverified)."""

    valid: bool | None
    checked_at: datetime | None = None
    request_identifier: str | None = None
    reason: str | None = None

    def as_billing(self) -> dict[str, Any]:
        """The ``vat_id_check`` recorded in the order's billing."""
        return {
            "source": "vies",
            "status": "unverified"
            if self.valid is None
            else ("valid" if self.valid else "invalid"),
            "checked_at": self.checked_at.isoformat() if self.checked_at else None,
            "request_identifier": self.request_identifier,
        }


def enabled(settings: Mapping[str, Any]) -> bool:
    return bool(settings.get("vies_check"))


def cache_period(settings: Mapping[str, Any]) -> timedelta:
    return timedelta(hours=int(settings.get("vies_cache_hours") or DEFAULT_CACHE_HOURS))


def cached(session: Session, vat_id: str, settings: Mapping[str, Any], now: datetime) -> Verdict:
    """VIES's answer about ``vat_id`` kept within the cache period (unverified if none);
    reads only."""
    found = session.scalar(select(VatCheck).where(VatCheck.vat_id == vat_id))
    if found is None or found.checked_at < now - cache_period(settings):
        return Verdict(valid=None, reason="not checked")
    return Verdict(found.valid, found.checked_at, found.request_identifier)


def ask(base_url: str, vat_id: str, timeout: float) -> Verdict:
    """Ask VIES about ``vat_id`` (compact, with its country prefix: ``EL…`` for Greece,
    ``XI…`` for Northern Ireland) under core's outbound policy; unverified on any failure."""
    url = base_url.rstrip("/") + "/check-vat-number"
    problems = outbound.url_problems(url, check_dns=False)
    if problems:
        return Verdict(valid=None, reason=f"URL refused: {problems[0]}")
    body = {"countryCode": vat_id[:2], "vatNumber": vat_id[2:]}
    try:
        with outbound.guarded_session() as http:
            response = http.post(
                url,
                json=body,
                timeout=timeout,
                allow_redirects=False,
                stream=True,
                headers={"Accept": "application/json"},
            )
            try:
                raw = response.raw.read(MAX_ANSWER_BYTES + 1, decode_content=True) or b""
                status = response.status_code
            finally:
                response.close()
    except (requests.RequestException, outbound.AddressRefused, OSError) as exc:
        return Verdict(valid=None, reason=f"no answer: {exc.__class__.__name__}")
    try:
        answer = json.loads(raw) if len(raw) <= MAX_ANSWER_BYTES else None
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        return Verdict(valid=None, reason=f"HTTP {status}, not a VIES answer")
    errors = [str(w.get("error")) for w in answer.get("errorWrappers") or [] if isinstance(w, dict)]
    valid = answer.get("valid")
    if (
        status != 200
        or errors
        or answer.get("actionSucceed") is False
        or not isinstance(valid, bool)
    ):
        return Verdict(valid=None, reason=f"HTTP {status} {' '.join(errors)}".strip())
    identifier = answer.get("requestIdentifier")
    return Verdict(
        valid=valid,
        checked_at=utcnow(),
        request_identifier=str(identifier)[:64] if identifier else None,
    )


def _remember(session: Session, tenant_id: str, vat_id: str, verdict: Verdict) -> None:
    found = session.scalar(select(VatCheck).where(VatCheck.vat_id == vat_id))
    if found is None:
        session.add(
            VatCheck(
                tenant_id=tenant_id,
                vat_id=vat_id,
                valid=bool(verdict.valid),
                checked_at=verdict.checked_at or utcnow(),
                request_identifier=verdict.request_identifier,
            )
        )
    else:
        found.valid = bool(verdict.valid)
        found.checked_at = verdict.checked_at or utcnow()
        found.request_identifier = verdict.request_identifier
    session.flush()


def check(host: Host, tenant: TenantRecord, vat_id: str, settings: Mapping[str, Any]) -> Verdict:
    """VIES's answer about ``vat_id``: kept from within the cache period, else asked now
    (no transaction open while asking) and, when definite, kept in a short transaction of
    its own. Unverified when VIES does not answer in time."""
    now = utcnow()
    with host.session(tenant.id) as session:
        known = cached(session, vat_id, settings, now)
    if known.valid is not None:
        return known
    verdict = ask(
        str(settings.get("vies_url") or DEFAULT_URL),
        vat_id,
        float(settings.get("vies_timeout_seconds") or DEFAULT_TIMEOUT_SECONDS),
    )
    if verdict.valid is None:
        log.warning("VIES did not verify VAT ID %s: %s", vat_id, verdict.reason)
        return verdict
    try:
        with host.transaction(tenant.id) as session:
            _remember(session, tenant.id, vat_id, verdict)
    except IntegrityError:  # a concurrent sale kept the same answer first
        pass
    return verdict
