"""The job seam: outbox rows dispatched after commit, inline or on rq with real Redis."""

from __future__ import annotations

import uuid

import pytest
from redis import Redis
from sqlalchemy import select

from tuition.config import Settings
from tuition.jobs import job_handler, run_worker
from tuition.models import Enrollment, Job
from tuition.runtime import Tuition
from tuition.testing.recorders import Recorder, SecondRecorder

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def recorder():
    return Recorder()


@pytest.fixture
def second():
    return SecondRecorder()


@pytest.fixture
def tuition_plugins(recorder, second):
    return [("recorder", recorder), ("second", second)]


def jobs(runtime) -> list[Job]:
    with runtime.session() as session:
        return list(session.scalars(select(Job).order_by(Job.created_at, Job.name)))


PLUGINS = {"free_enrollment": {}, "recorder": {}, "second": {}}


def test_inline_jobs_run_after_commit_one_per_plugin(api, runtime, recorder, second):
    tenant = api.create_tenant(PLUGINS)
    api.create_course(tenant, "intro")
    student = api.signup(tenant)
    enrollment = api.enroll(tenant, student, "intro").get_json()
    # The job saw the committed row from its own session.
    assert recorder.called("after_enrollment") == [("intro", "active")]
    assert second.seen == [enrollment["id"]]
    rows = jobs(runtime)
    assert {(j.payload["hook"], j.payload["plugin"]) for j in rows} == {
        ("tuition_after_enrollment", "recorder"),
        ("tuition_after_enrollment", "second"),
        ("tuition_event", "recorder"),
    }
    assert {j.status for j in rows} == {"done"}


def test_failing_action_never_undoes_the_enrollment(api, runtime, recorder, second):
    tenant = api.create_tenant(PLUGINS)
    api.create_course(tenant, "intro")
    student = api.signup(tenant)
    recorder.fail_after_enrollment = True
    body = api.enroll(tenant, student, "intro", expect=201).get_json()
    assert second.seen == [body["id"]]
    with runtime.session() as session:
        assert session.get(Enrollment, body["id"]).status == "active"
    failed = [j for j in jobs(runtime) if j.status == "failed"]
    assert len(failed) == 1 and "post-enrollment action failed" in failed[0].last_error


def test_refused_enrollment_leaves_no_jobs(api, runtime):
    tenant = api.create_tenant(PLUGINS)
    api.create_course(tenant, "full", capacity=0)
    student = api.add_students(tenant, 1)[0]  # no signup event
    api.enroll(tenant, student, "full", expect=409)
    assert jobs(runtime) == []


@pytest.fixture
def queue_name():
    name = f"tuition-test-{uuid.uuid4().hex[:8]}"
    yield name
    redis = Redis.from_url(REDIS_URL)
    for key in redis.scan_iter(f"rq:*{name}*"):
        redis.delete(key)


@pytest.fixture
def tuition_settings(tuition_settings, request, queue_name):
    if "rq" in request.node.name:
        tuition_settings.redis_url = REDIS_URL
        tuition_settings.job_queue = queue_name
    return tuition_settings


@pytest.mark.redis
def test_rq_jobs_wait_for_a_worker(api, runtime, recorder, second):
    assert runtime.jobs.mode == "rq"
    tenant = api.create_tenant(PLUGINS)
    api.create_course(tenant, "intro")
    student = api.add_students(tenant, 1)[0]  # no signup event
    api.enroll(tenant, student, "intro")
    assert recorder.called("after_enrollment") == [] and second.seen == []
    assert {j.status for j in jobs(runtime)} == {"enqueued"}
    assert runtime.jobs.queue().count == 3

    run_worker(runtime, burst=True)
    assert recorder.called("after_enrollment") == [("intro", "active")]
    assert len(second.seen) == 1
    assert {j.status for j in jobs(runtime)} == {"done"}


@pytest.mark.redis
def test_rq_outbox_keeps_jobs_while_redis_is_down(api, runtime, recorder, tuition_settings):
    tenant = api.create_tenant(PLUGINS)
    api.create_course(tenant, "intro")
    student = api.add_students(tenant, 1)[0]  # no signup event
    runtime.jobs.redis_url = "redis://127.0.0.1:1/0"  # nothing listens there
    runtime.jobs._queue = None
    api.enroll(tenant, student, "intro", expect=201)  # the API still takes enrollments
    assert {j.status for j in jobs(runtime)} == {"pending"}

    # Redis is back: a flush hands the jobs over, a worker runs each exactly once.
    back = Tuition(Settings(**{**tuition_settings.__dict__}))
    try:
        from datetime import timedelta

        assert back.jobs.flush(older_than=timedelta(0)) == 3
        run_worker(back, burst=True)
    finally:
        back.close()
    assert recorder.called("after_enrollment") == [("intro", "active")]
    assert {j.status for j in jobs(runtime)} == {"done"}
    assert runtime.jobs.run(jobs(runtime)[0].id) is False  # a done job never runs again


# -- savepoints: SQLAlchemy reports their release and rollback like a commit and rollback --

SAVEPOINT_CALLS: list[str] = []


@job_handler("savepoint_probe")
def _savepoint_probe(ctx, payload):
    SAVEPOINT_CALLS.append(payload["n"])


def statuses(runtime) -> list[str]:
    with runtime.session() as session:
        return sorted(session.scalars(select(Job.status)))


def test_a_released_savepoint_dispatches_nothing_before_the_commit(runtime):
    SAVEPOINT_CALLS.clear()
    with runtime.session() as session:
        runtime.jobs.defer(session, "savepoint_probe", {"n": "one"})
        with session.begin_nested():
            runtime.jobs.defer(session, "savepoint_probe", {"n": "two"})
        assert SAVEPOINT_CALLS == []  # not committed yet
        session.commit()
    assert sorted(SAVEPOINT_CALLS) == ["one", "two"]
    assert statuses(runtime) == ["done", "done"]


def test_a_rolled_back_savepoint_forgets_only_its_own_jobs(runtime):
    SAVEPOINT_CALLS.clear()
    with runtime.session() as session:
        runtime.jobs.defer(session, "savepoint_probe", {"n": "one"})
        with pytest.raises(ValueError), session.begin_nested():
            runtime.jobs.defer(session, "savepoint_probe", {"n": "gone"})
            raise ValueError("e.g. a duplicate row")
        session.commit()
    assert SAVEPOINT_CALLS == ["one"]
    assert statuses(runtime) == ["done"]


def test_a_rolled_back_transaction_forgets_its_jobs(runtime):
    SAVEPOINT_CALLS.clear()
    with runtime.session() as session:
        runtime.jobs.defer(session, "savepoint_probe", {"n": "one"})
        session.rollback()
        runtime.jobs.defer(session, "savepoint_probe", {"n": "two"})
        session.commit()
    assert SAVEPOINT_CALLS == ["two"]
    assert statuses(runtime) == ["done"]


# -- a job starts with no transaction open ---------------------------------------------------

OPEN_AT_START: list[bool] = []


@job_handler("job_start_probe")
def _transaction_probe(ctx, payload):
    OPEN_AT_START.append(ctx.session.in_transaction())
    assert ctx.tenant is not None and ctx.tenant.slug  # loaded before, still readable
    assert "free_enrollment" in ctx.settings


def test_a_job_handler_starts_with_no_transaction_open(api, runtime):
    """So that a job calling out over the network (mail, webhooks) can hold none across
    the call: it writes through ``host.transaction`` units before and after."""
    tenant = api.create_tenant({"free_enrollment": {}})
    OPEN_AT_START.clear()
    with runtime.transaction(tenant.id) as session:
        runtime.jobs.defer(session, "job_start_probe", {}, tenant.id)
    assert OPEN_AT_START == [False]
    with runtime.session() as session:
        assert list(session.scalars(select(Job.status).where(Job.name == "job_start_probe"))) == [
            "done"
        ]


# -- drains: batched jobs of a tenant share one rq job ------------------------------------

DRAINED: list[int] = []
FAIL_ONCE: set[int] = set()


@job_handler("drain_probe")
def _drain_probe(ctx, payload):
    if payload["n"] in FAIL_ONCE:
        FAIL_ONCE.discard(payload["n"])
        raise RuntimeError("not this time")
    DRAINED.append(payload["n"])


def probes(runtime) -> list[tuple[int, str, bool]]:
    """(n, status, has a retry time) of each drain_probe job, by n."""
    return sorted(
        (job.payload["n"], job.status, job.run_at is not None)
        for job in jobs(runtime)
        if job.name == "drain_probe"
    )


@pytest.mark.redis
def test_rq_batched_jobs_of_a_tenant_share_one_drain(api, runtime):
    """Five batched jobs committed one by one queue one drain (a drain not started yet
    takes the later ones too); the worker runs them oldest first, each on its own; one
    that fails goes back to the outbox with its retry time and is retried on its own."""
    from tuition.testing.queues import make_scheduled_jobs_due

    DRAINED.clear()
    FAIL_ONCE.clear()
    FAIL_ONCE.add(2)
    runtime.jobs.batched = frozenset({"drain_probe"})
    tenant = api.create_tenant(PLUGINS)
    for n in range(5):
        with runtime.transaction(tenant.id) as session:
            runtime.jobs.defer(session, "drain_probe", {"n": n}, tenant.id)
    assert runtime.jobs.queue().count == 1
    assert probes(runtime) == [(n, "pending", False) for n in range(5)]

    run_worker(runtime, burst=True)
    assert DRAINED == [0, 1, 3, 4]
    assert probes(runtime) == [
        (0, "done", False),
        (1, "done", False),
        (2, "enqueued", True),  # its retry waits in rq's scheduler
        (3, "done", False),
        (4, "done", False),
    ]
    assert make_scheduled_jobs_due(runtime) == 1
    run_worker(runtime, burst=True)
    assert DRAINED == [0, 1, 3, 4, 2]
    assert {status for _, status, _ in probes(runtime)} == {"done"}
