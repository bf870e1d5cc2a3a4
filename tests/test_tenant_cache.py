"""The tenant of a publishable key is cached per process and checked on every request:
a change made through any process is seen on the next request in every process, with and
without Redis; a lost notification is bounded by TUITION_TENANT_CACHE_SECONDS."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, text

from tuition.testing.api import Api
from tuition.testing.apps import close_app, make_app
from tuition.testing.databases import app_url
from tuition.testing.queues import RqQueue

PLUGINS = {"free_enrollment": {}, "dummy_provider": {}}
PRICE = {"amount": 4900, "currency": "EUR"}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["database", "redis"])
def notify(request: pytest.FixtureRequest) -> RqQueue | None:
    """How processes learn of a change: the database check, or Redis's epoch (on a queue
    of the test's own, dropped with its counter afterwards)."""
    if request.param == "database":
        return None
    queue: RqQueue = request.getfixturevalue("rq_queue")
    return queue


@pytest.fixture
def processes(db_url: str, notify: RqQueue | None) -> Iterator[tuple[Api, Api]]:
    """Two apps on one database, as two processes would be: each with its own cache."""
    extra: dict[str, Any] = {}
    if notify is not None:
        extra = {"redis_url": notify.redis_url, "job_queue": notify.name}
    apps = [make_app(app_url(db_url), **extra) for _ in range(2)]
    for app in apps:
        app.extensions["tuition"].tenants.clock = Clock()
    try:
        yield Api(apps[0].test_client()), Api(apps[1].test_client())
    finally:
        for app in apps:
            close_app(app)


def catalogue(api: Api, tenant: Any, expect: int = 200) -> Any:
    return api.call("GET", "/v1/courses", headers=tenant.storefront, expect=expect)


def tenant_loads(api: Api, marker: str = "FROM tenants JOIN api_keys") -> list[str]:
    """Record the statements that load a tenant with its plugins (the cache's misses),
    by key unless ``marker`` says otherwise."""
    loads: list[str] = []
    engine = api.client.application.extensions["tuition"].engine

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if marker in statement and "tenant_plugins" in statement:
            loads.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    return loads


def test_a_key_is_looked_up_once_per_process(processes):
    first, second = processes
    tenant = first.create_tenant(PLUGINS)
    loads = tenant_loads(second)
    for _ in range(3):
        catalogue(second, tenant)
    assert len(loads) == 1


def test_a_plugin_change_is_seen_by_every_process_on_its_next_request(processes):
    """Both processes cached the tenant without a payment provider; one enables it, and a
    paid course is sellable (``available``) at once in both: a stale copy would still say
    ``not_available``."""
    first, _ = processes
    tenant = first.create_tenant({"free_enrollment": {}})
    first.create_course(tenant, "paid", pricing_model="one_time", price=PRICE, status="draft")
    student = first.signup(tenant)
    for api in processes:
        assert api.call("GET", "/v1/courses", headers=student.headers).get_json()["items"] == []

    first.call(
        "PUT",
        "/v1/admin/plugins/dummy_provider",
        json={"enabled": True, "settings": {}},
        headers=tenant.admin,
        expect=200,
    )
    first.call(
        "PATCH",
        "/v1/admin/courses/paid",
        json={"status": "published"},
        headers=tenant.admin,
        expect=200,
    )
    for api in processes:
        items = api.call("GET", "/v1/courses", headers=student.headers, expect=200).get_json()
        assert [c["enroll_state"] for c in items["items"]] == ["available"]


def test_a_revoked_key_stops_at_once_in_every_process(processes):
    first, second = processes
    tenant = first.create_tenant(PLUGINS)
    catalogue(first, tenant)
    catalogue(second, tenant)
    [key] = [
        k
        for k in first.call("GET", "/v1/admin/keys", headers=tenant.admin, expect=200).get_json()[
            "items"
        ]
        if k["kind"] == "publishable"
    ]
    first.call("DELETE", f"/v1/admin/keys/{key['id']}", headers=tenant.admin, expect=204)
    catalogue(first, tenant, expect=401)
    catalogue(second, tenant, expect=401)


def test_a_lost_notification_lasts_at_most_the_cache_time(processes, notify, backend):
    """A key revoked behind Tuition's back (SQL by hand, or the committing process died
    before it told the others) works on in a process that cached it, for at most
    TUITION_TENANT_CACHE_SECONDS; the database check (no Redis) sees it at once."""
    first, second = processes
    tenant = first.create_tenant(PLUGINS)
    catalogue(second, tenant)
    runtime = second.client.application.extensions["tuition"]
    with runtime.engine.begin() as connection:
        if backend == "postgresql":
            connection.execute(text("SELECT set_config('app.tenant_id', '*', true)"))
        connection.execute(
            text(
                "UPDATE api_keys SET revoked_at = CURRENT_TIMESTAMP "
                "WHERE tenant_id = :tenant AND kind = 'publishable'"
            ),
            {"tenant": tenant.id},
        )
    if notify is None:
        catalogue(second, tenant, expect=401)
        return
    catalogue(second, tenant, expect=200)  # nobody told this process
    runtime.tenants.clock.now += runtime.settings.tenant_cache_seconds - 1
    catalogue(second, tenant, expect=200)
    runtime.tenants.clock.now += 1
    catalogue(second, tenant, expect=401)


def test_while_redis_is_unreachable_every_request_reads_the_database(processes, db_url):
    first, _ = processes
    tenant = first.create_tenant(PLUGINS)
    app = make_app(app_url(db_url), redis_url="redis://127.0.0.1:1/0", job_queue="unreachable")
    try:
        cut_off = Api(app.test_client())
        loads = tenant_loads(cut_off)
        for _ in range(3):
            catalogue(cut_off, tenant)
        assert len(loads) == 3
    finally:
        close_app(app)


def test_webhooks_find_their_tenant_in_the_cache_and_see_changes(processes):
    """Provider webhooks name their tenant by slug: cached like keys, checked alike. An
    unsigned delivery is refused by an enabled provider (400) and not found once the
    provider is off (404), in every process at once."""
    first, second = processes
    tenant = first.create_tenant(PLUGINS)
    path = f"/v1/webhooks/dummy/{tenant.slug}"
    loads = tenant_loads(second, "FROM tenants LEFT OUTER JOIN tenant_plugins")
    for api in processes:
        for _ in range(2):
            api.call("POST", path, data=b"{}", content_type="application/json", expect=400)
    assert len(loads) == 1
    first.call(
        "PATCH",
        "/v1/admin/plugins/dummy_provider",
        json={"enabled": False},
        headers=tenant.admin,
        expect=200,
    )
    for api in processes:
        api.call("POST", path, data=b"{}", content_type="application/json", expect=404)
    second.call("POST", "/v1/webhooks/dummy/no-such-site", data=b"{}", expect=404)


def test_jobs_read_their_tenant_from_the_cache_and_see_changes(processes):
    """Jobs name their tenant by id: cached alike, and a plugin switched off in another
    process is off for the next job here."""
    first, second = processes
    tenant = first.create_tenant(PLUGINS)
    runtime = second.client.application.extensions["tuition"]

    def enabled() -> frozenset[str]:
        with runtime.session(tenant.id) as session:
            found = runtime.tenants.by_id(session, tenant.id)
            assert found is not None
            return found.enabled_plugins()

    assert "dummy_provider" in enabled()
    loads = tenant_loads(second, "FROM tenants LEFT OUTER JOIN tenant_plugins")
    assert "dummy_provider" in enabled() and loads == []  # from the cache
    first.call(
        "PATCH",
        "/v1/admin/plugins/dummy_provider",
        json={"enabled": False},
        headers=tenant.admin,
        expect=200,
    )
    assert "dummy_provider" not in enabled()
    with runtime.session("ten_gone") as session:
        assert runtime.tenants.by_id(session, "ten_gone") is None


def student_loads(api: Api) -> list[str]:
    """Record the statements that load a student row by id (the student cache's misses)."""
    loads: list[str] = []
    engine = api.client.application.extensions["tuition"].engine

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().startswith("SELECT students.id") and "WHERE students.id" in (
            statement
        ):
            loads.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    return loads


def test_with_redis_a_student_is_loaded_once_per_process(processes, notify):
    """With Redis the row behind a student token is kept; without, every request reads it
    (a version check would cost the same round trip)."""
    first, second = processes
    tenant = first.create_tenant(PLUGINS)
    student = first.signup(tenant)
    loads = student_loads(second)
    for _ in range(3):
        second.call("GET", "/v1/me/enrollments", headers=student.headers, expect=200)
    assert len(loads) == (1 if notify is not None else 3)


def test_a_request_reads_the_epoch_once(processes, notify):
    """The tenant and the student of a request are checked against one read of Redis's
    epoch (none without Redis)."""
    first, second = processes
    tenant = first.create_tenant(PLUGINS)
    student = first.signup(tenant)
    cache = second.client.application.extensions["tuition"].tenants
    reads = []
    if cache.epoch is not None:
        read = cache.epoch.read
        cache.epoch.read = lambda: reads.append(1) or read()
    for _ in range(3):
        second.call("GET", "/v1/courses", headers=student.headers, expect=200)
    assert len(reads) == (3 if notify is not None else 0)


def test_log_out_everywhere_is_seen_by_every_process_on_its_next_request(processes):
    first, _second = processes
    tenant = first.create_tenant(PLUGINS)
    first.create_course(tenant, "intro")
    student = first.signup(tenant)
    for api in processes:
        api.call("GET", "/v1/me/enrollments", headers=student.headers, expect=200)
    first.call(
        "POST", "/v1/auth/logout", json={"everywhere": True}, headers=student.headers, expect=204
    )
    for api in processes:
        answer = api.call("GET", "/v1/me/enrollments", headers=student.headers, expect=401)
        assert answer.get_json()["code"] == "invalid_token"
        answer = api.call(
            "POST", "/v1/enrollments", json={"course": "intro"}, headers=student.headers
        )
        assert answer.status_code == 401


def test_a_cached_student_enrolls_like_a_loaded_one(processes):
    """The copy a request gets is its own: enrolling through it writes the enrollment
    once, and another request of the same student still sees a clean row."""
    first, second = processes
    tenant = first.create_tenant(PLUGINS)
    for slug in ("one", "two"):
        first.create_course(tenant, slug)
    student = first.signup(tenant)
    second.call("GET", "/v1/me/enrollments", headers=student.headers, expect=200)
    for slug in ("one", "two"):
        second.call(
            "POST", "/v1/enrollments", json={"course": slug}, headers=student.headers, expect=201
        )
    items = second.call("GET", "/v1/me/enrollments", headers=student.headers, expect=200)
    assert sorted(e["course"] for e in items.get_json()["items"]) == ["one", "two"]
