"""Prometheus metrics: HTTP traffic counted in-process, business state read at scrape time.

Under gunicorn, set ``PROMETHEUS_MULTIPROC_DIR`` (an empty directory per deployment) so the
counters of every worker are added up; otherwise each process reports its own.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, or_, select

from tuition.db import utcnow
from tuition.models import Enrollment, Job, Order, PaymentEvent

if TYPE_CHECKING:
    from tuition.runtime import Tuition

#: Requests answered, by route template, method and status.
REQUESTS = Counter(
    "tuition_http_requests", "HTTP requests answered.", ["route", "method", "status"], registry=None
)
#: Time to answer, by route template and method.
LATENCY = Histogram(
    "tuition_http_request_duration_seconds",
    "Time to answer a request.",
    ["route", "method"],
    registry=None,
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
#: Time from a provider's webhook arriving to its event being applied.
WEBHOOK_LAG = Histogram(
    "tuition_webhook_processing_lag_seconds",
    "Time from a payment event's arrival to its processing.",
    ["provider"],
    registry=None,
    buckets=(0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600),
)


def observe_request(route: str, method: str, status: int, seconds: float) -> None:
    REQUESTS.labels(route, method, str(status)).inc()
    LATENCY.labels(route, method).observe(seconds)


class StateCollector(Collector):
    """Enrollments, orders, jobs and unprocessed webhooks, counted in the database."""

    def __init__(self, tuition: Tuition) -> None:
        self.tuition = tuition

    def collect(self) -> Iterator[Metric]:
        with self.tuition.session() as session:
            yield _by_status(
                "tuition_enrollments",
                "Enrollments by status.",
                session.execute(
                    select(Enrollment.status, func.count()).group_by(Enrollment.status)
                ),
            )
            yield _by_status(
                "tuition_orders",
                "Orders by status.",
                session.execute(select(Order.status, func.count()).group_by(Order.status)),
            )
            yield _by_status(
                "tuition_jobs",
                "Outbox jobs by status.",
                session.execute(
                    select(Job.status, func.count())
                    .where(Job.status != "done")
                    .group_by(Job.status)
                ),
            )
            oldest = session.scalar(
                select(func.min(PaymentEvent.received_at)).where(PaymentEvent.status == "received")
            )
            waiting = (
                session.scalar(
                    select(func.count())
                    .select_from(Job)
                    .where(
                        Job.status.in_(("pending", "enqueued")),
                        or_(Job.run_at.is_(None), Job.run_at <= utcnow()),
                    )
                )
                or 0
            )
        depth = GaugeMetricFamily(
            "tuition_job_queue_depth",
            "Jobs due to run (outbox rows pending or queued; a "
            "delayed job counts once its time has come).",
        )
        depth.add_metric([], float(waiting))
        yield depth
        lag = GaugeMetricFamily(
            "tuition_webhook_backlog_age_seconds",
            "Age of the oldest payment event not yet processed.",
        )
        lag.add_metric([], (utcnow() - oldest).total_seconds() if oldest else 0.0)
        yield lag


def _by_status(name: str, documentation: str, rows: object) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, documentation, labels=["status"])
    for status, count in rows:  # type: ignore[attr-defined]
        family.add_metric([status], count)
    return family


def render(tuition: Tuition) -> bytes:
    """The text exposition of every metric, for ``GET /metrics``."""
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        for metric in (REQUESTS, LATENCY, WEBHOOK_LAG):
            registry.register(metric)
    registry.register(StateCollector(tuition))
    return generate_latest(registry)
