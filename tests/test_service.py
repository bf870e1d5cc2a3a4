"""Probes, the OpenAPI document and the worker command."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from openapi_spec_validator import validate
from redis import Redis
from sqlalchemy import select

from tuition.models import Job


def test_health_and_readiness(api, runtime):
    assert api.call("GET", "/healthz", expect=200).get_json()["status"] == "ok"
    ready = api.call("GET", "/readyz", expect=200).get_json()
    assert ready == {"status": "ok", "checks": {"database": "ok", "jobs": "inline"}}


def test_readiness_reports_a_dead_database(api, runtime):
    from tuition.db import make_engine, make_sessionmaker

    runtime.sessions = make_sessionmaker(make_engine("postgresql+psycopg://nobody@127.0.0.1:1/x"))
    body = api.call("GET", "/readyz", expect=503).get_json()
    assert body["checks"]["database"] == "unreachable"


def test_openapi_document_is_valid_and_complete(api):
    spec = api.call("GET", "/openapi.json", expect=200).get_json()
    validate(spec)
    operations = [
        (path, method, op)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]
    assert len(operations) >= 20
    ids = [op["operationId"] for _, _, op in operations]
    assert len(ids) == len(set(ids))
    for path, method, op in operations:
        assert op.get("summary"), (path, method)
        assert "security" in op, (path, method)
    assert api.call("GET", "/docs", expect=200).mimetype == "text/html"


@pytest.fixture
def tuition_plugins():
    import tuition.testing.marker_plugin

    return [("marker", tuition.testing.marker_plugin)]


@pytest.mark.redis
def test_worker_command_runs_enqueued_jobs(tuition_settings, api, runtime, tmp_path, monkeypatch):
    """`tuition worker --burst` in its own process runs what the API enqueued."""
    queue = f"tuition-cli-{uuid.uuid4().hex[:8]}"
    marker = tmp_path / "marker.txt"
    monkeypatch.setenv("TUITION_TEST_MARKER_FILE", str(marker))
    runtime.jobs.redis_url = "redis://127.0.0.1:6379/0"
    runtime.settings.job_queue = queue
    tenant = api.create_tenant({"free_enrollment": {}, "marker": {}})
    student = api.signup(tenant)
    api.create_course(tenant, "intro")
    enrollment = api.enroll(tenant, student, "intro").get_json()
    with runtime.session() as session:
        assert set(session.scalars(select(Job.status))) == {"enqueued"}
    assert not marker.exists()
    env = {
        **os.environ,
        "TUITION_DATABASE_URL": tuition_settings.database_url,
        "TUITION_REDIS_URL": "redis://127.0.0.1:6379/0",
        "TUITION_JOB_QUEUE": queue,
        "TUITION_EXTRA_PLUGINS": "marker=tuition.testing.marker_plugin",
    }
    tuition = Path(sys.executable).with_name("tuition")
    try:
        done = subprocess.run(
            [str(tuition), "worker", "--burst"], env=env, timeout=60, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    finally:
        redis = Redis.from_url("redis://127.0.0.1:6379/0")
        for key in redis.scan_iter(f"rq:*{queue}*"):
            redis.delete(key)
    with runtime.session() as session:
        assert set(session.scalars(select(Job.status))) == {"done"}
    (line,) = marker.read_text().splitlines()
    enrollment_id, pid = line.split()
    assert enrollment_id == enrollment["id"] and int(pid) != os.getpid()
