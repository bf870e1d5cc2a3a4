"""Gapless numbers per tenant and series, taken in the transaction that issues the document.

The counter row is bumped with one ``UPDATE … SET last_number = last_number + 1``: on
PostgreSQL the row stays locked until the issuing transaction ends (concurrent issuers of
the same series queue behind it), on SQLite the write locks the database. Either way the
number and the document commit together or not at all: a rollback gives the number back.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tuition.plugin_api import rowcount

from .models import InvoiceCounter


def series_for(prefix: str, when: datetime) -> str:
    """The series a prefix names at ``when``: ``{year}`` becomes the year (``INV-{year}-``
    numbers from 1 again every year)."""
    return prefix.replace("{year}", f"{when.year:04d}")


def format_number(series: str, sequence: int, digits: int) -> str:
    return f"{series}{sequence:0{digits}d}"


def take(session: Session, tenant_id: str, series: str) -> int:
    """The next number of ``series`` at ``tenant_id``, counted in ``session``'s transaction."""
    for _ in range(3):
        bumped = session.execute(
            update(InvoiceCounter)
            .where(InvoiceCounter.tenant_id == tenant_id, InvoiceCounter.series == series)
            .values(last_number=InvoiceCounter.last_number + 1)
            .execution_options(synchronize_session=False)
        )
        if rowcount(bumped):
            number = session.scalar(
                select(InvoiceCounter.last_number).where(
                    InvoiceCounter.tenant_id == tenant_id, InvoiceCounter.series == series
                )
            )
            assert number is not None
            return number
        # The series' first number: whoever inserts the counter first has 1; a concurrent
        # first issuer's insert fails on the unique key and goes round to the UPDATE.
        try:
            with session.begin_nested():
                session.add(InvoiceCounter(tenant_id=tenant_id, series=series, last_number=1))
                session.flush()
            return 1
        except IntegrityError:
            continue
    raise RuntimeError(f"could not number series {series!r}")
