"""No N+1: the number of SQL statements of the catalogue, the dashboard and an enrollment
does not grow with the number of courses or enrollments, with every bundled plugin on."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from tuition.testing.queues import run_worker_burst
from tuition_dummy_provider.provider import sign

PLUGINS = {
    "free_enrollment": {},
    "dummy_provider": {},
    "cohorts": {},
    "next_course": {},
    "also_took": {},
    "abandoned_checkout": {},
    "outbound_webhooks": {},
}
PRICE = {"amount": 4900, "currency": "EUR"}


@contextmanager
def counting(runtime: Any, *, bookkeeping: bool = False) -> Iterator[list[str]]:
    """The statements ``runtime``'s engine runs in the block (with ``bookkeeping``, those
    of the job outbox's own connections too)."""
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    engines = [runtime.engine]
    if bookkeeping and runtime.bookkeeping_engine is not None:
        engines.append(runtime.bookkeeping_engine)
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)


def site(api: Any, courses: int) -> tuple[Any, list[str]]:
    """A tenant with ``courses`` courses: free and paid, with prerequisites, next courses
    and capacities, so every per-course rule has something to look at."""
    tenant = api.create_tenant(PLUGINS)
    slugs = []
    for n in range(courses):
        slug = f"c{n}"
        fields: dict[str, Any] = {"capacity": 50}
        if n % 3 == 1:
            fields.update(pricing_model="one_time", price=PRICE)
        if n and n % 4 == 0:
            fields["prerequisites"] = [slugs[-1]]
            fields["next_courses"] = [slugs[0]]
        api.create_course(tenant, slug, **fields)
        slugs.append(slug)
    return tenant, slugs


def catalogue_queries(api: Any, runtime: Any, courses: int, enrolled: int) -> int:
    tenant, slugs = site(api, courses)
    student = api.signup(tenant)
    free = [s for n, s in enumerate(slugs) if n % 3 != 1 and not (n and n % 4 == 0)]
    for slug in free[:enrolled]:
        api.enroll(tenant, student, slug, expect=201)
    api.call("GET", "/v1/courses?page_size=100", headers=student.headers, expect=200)  # warm
    with counting(runtime) as catalogue:
        items = api.call(
            "GET", "/v1/courses?page_size=100", headers=student.headers, expect=200
        ).get_json()["items"]
    assert len(items) == courses
    return len(catalogue)


def test_the_catalogue_costs_the_same_for_5_or_30_courses(api, runtime):
    assert catalogue_queries(api, runtime, 5, 1) == catalogue_queries(api, runtime, 30, 8)


def test_a_catalogue_without_links_does_not_ask_for_them(api, runtime):
    """Whether a course has prerequisites or next courses comes with the page: a tenant
    without any (4 courses: none linked) saves the one query that reads both kinds."""
    assert catalogue_queries(api, runtime, 4, 1) == catalogue_queries(api, runtime, 5, 1) - 1


def dashboard_queries(api: Any, runtime: Any, courses: int, enrolled: int) -> int:
    tenant, slugs = site(api, courses)
    student = api.signup(tenant)
    free = [s for n, s in enumerate(slugs) if n % 3 != 1 and not (n and n % 4 == 0)]
    for slug in free[:enrolled]:
        api.enroll(tenant, student, slug, expect=201)
    api.enroll(tenant, student, slugs[1], expect=202)  # one pending checkout too
    api.call("GET", "/v1/me/dashboard", headers=student.headers, expect=200)
    with counting(runtime) as dashboard:
        board = api.call("GET", "/v1/me/dashboard", headers=student.headers, expect=200).get_json()
    assert len(board["owned"]) == enrolled + 1  # the pending one is listed too
    return len(dashboard)


def test_the_dashboard_costs_the_same_for_1_or_10_enrollments(api, runtime):
    assert dashboard_queries(api, runtime, 5, 1) == dashboard_queries(api, runtime, 40, 10)


def enroll_queries(api: Any, runtime: Any, courses: int, enrolled: int) -> tuple[int, int]:
    tenant, slugs = site(api, courses)
    student = api.signup(tenant)
    free = [s for n, s in enumerate(slugs) if n % 3 != 1 and not (n and n % 4 == 0)]
    for slug in free[:enrolled]:
        api.enroll(tenant, student, slug, expect=201)
    with counting(runtime) as free_enroll:
        api.enroll(tenant, student, free[enrolled], expect=201)
    with counting(runtime) as paid_enroll:
        api.enroll(tenant, student, slugs[1], expect=202)
    return len(free_enroll), len(paid_enroll)


def test_an_enrollment_costs_the_same_whatever_the_student_owns(api, runtime):
    assert enroll_queries(api, runtime, 4, 1) == enroll_queries(api, runtime, 40, 10)


def test_the_hot_routes_cost_no_more_statements_than_they_must(api, runtime, backend):
    """The catalogue, a free enrollment and the dashboard of a plain site, statement by
    statement. The tenant comes from the process's cache (checked by one small query without
    Redis); on PostgreSQL row-level security is set twice: across tenants for that check,
    then to the tenant (with Redis, the check is a GET and the first setting goes)."""
    tenant = api.create_tenant({"free_enrollment": {}})
    for slug in ("a", "b", "c"):
        api.create_course(tenant, slug)
    student = api.signup(tenant)
    api.call("GET", "/v1/courses", headers=student.headers, expect=200)  # the tenant cached
    with counting(runtime) as catalogue:
        api.call("GET", "/v1/courses", headers=student.headers, expect=200)
    with counting(runtime) as enroll:
        api.enroll(tenant, student, "a", expect=201)
    with counting(runtime) as board:
        api.call("GET", "/v1/me/dashboard", headers=student.headers, expect=200)
    rls = 2 if backend == "postgresql" else 0
    # tenant check, student, the page with its total and the student's enrollments
    assert len(catalogue) == rls + 3
    # tenant check, student, course (+ whether it has prerequisites and the student's live
    # enrollment of it), insert, seat counter, then the audit entry, the live event and the
    # funnel's click: one statement on PostgreSQL, one per table on SQLite
    assert len(enroll) == (rls + 6 if backend == "postgresql" else 8)
    # tenant check, student, the student's live enrollments, the published courses (no
    # links: no link query; nothing pending: no open-order query)
    assert len(board) == rls + 4


def admin_list_queries(api: Any, runtime: Any, courses: int) -> int:
    tenant, _ = site(api, courses)
    api.call("GET", "/v1/admin/courses?page_size=100", headers=tenant.admin, expect=200)
    with counting(runtime) as listing:
        items = api.call(
            "GET", "/v1/admin/courses?page_size=100", headers=tenant.admin, expect=200
        ).get_json()["items"]
    assert len(items) == courses and any(c["prerequisites"] for c in items)
    return len(listing)


def test_the_admin_course_list_costs_the_same_for_5_or_30_courses(api, runtime):
    """Course links load when asked for; the admin list asks for all of a page at once."""
    assert admin_list_queries(api, runtime, 5) == admin_list_queries(api, runtime, 30)


def paid_webhook(tenant: Any, order_id: str, event_id: str) -> bytes:
    event = {
        "id": event_id,
        "type": "payment.succeeded",
        "tenant_id": tenant.id,
        "order_id": order_id,
        "amount": PRICE["amount"],
        "currency": PRICE["currency"],
        "payment_id": f"dpay_{order_id}",
    }
    return json.dumps(event).encode()


@pytest.mark.redis
def test_a_webhook_and_its_job_cost_no_more_statements_than_they_must(
    rq_queue, api, runtime, backend
):
    """A webhook's intake (jobs on rq) stores the event and its job, nothing more: no
    ``enqueued`` mark, the job waits ``pending`` for its tenant's drain; a duplicate is one
    insert that inserts nothing. The worker then applies it: the outbox flush it starts
    with, the drain's claim, the tenant (this worker's first sight of it), the event with
    its order in one statement, the order's and the enrollment's change with their audit,
    the live events, the job's ``done`` and the event's outcome, and the drain's last claim,
    which finds nothing. ``set_config`` (row-level security, PostgreSQL) is left out: it is
    skipped when the connection is set to the tenant already."""
    tenant = api.create_tenant({"dummy_provider": {}})
    api.create_course(tenant, "pro", pricing_model="one_time", price=PRICE)
    student = api.signup(tenant)
    order_id = api.enroll(tenant, student, "pro", expect=202).get_json()["checkout"]["order_id"]
    raw = paid_webhook(tenant, order_id, "evt-count-1")
    headers = {"Dummy-Signature": sign("dummy-webhook-secret", raw)}
    path = f"/v1/webhooks/dummy/{tenant.slug}"
    api.call("POST", path, data=b"{}", headers={"Dummy-Signature": "t=1,v1=00"}, expect=400)
    with counting(runtime, bookkeeping=True) as intake:
        answer = api.call("POST", path, data=raw, headers=headers, expect=200).get_json()
    assert answer["received"] == 1
    with counting(runtime, bookkeeping=True) as duplicate:
        answer = api.call("POST", path, data=raw, headers=headers, expect=200).get_json()
    assert answer["duplicates"] == 1
    with counting(runtime, bookkeeping=True) as applied:
        run_worker_burst(runtime)
    order = api.call("GET", f"/v1/orders/{order_id}", headers=student.headers).get_json()
    assert (order["status"], order["enrollment_status"]) == ("paid", "active")

    def counted(statements: list[str]) -> list[str]:
        return [
            s.split()[0] + " " + s.split()[2 if s.startswith("INSERT") else 1]
            for s in statements
            if "set_config" not in s
        ]

    assert counted(intake) == ["INSERT payment_events", "INSERT jobs"]
    assert counted(duplicate) == ["INSERT payment_events"]
    # Log rows (audit, order transitions, live events) go in one statement per table on
    # SQLite, in one for all tables on PostgreSQL, before a savepoint and at the commit.
    if backend == "postgresql":
        before_savepoint, at_commit = ["WITH append_0"], ["WITH append_0"]
    else:
        before_savepoint = ["INSERT order_transitions", "INSERT audit_log"]
        at_commit = ["INSERT live_events"]  # both events, one executemany
    assert counted(applied) == [
        "UPDATE jobs",  # the flush: jobs left running
        "SELECT jobs.id,",  # the flush: jobs left pending
        "UPDATE jobs",  # the drain's claim
        "SELECT tenants.id,",
        "SELECT payment_events.id,",
        "UPDATE orders",
        *before_savepoint,
        "SAVEPOINT sa_savepoint_1",
        "SELECT enrollments.status",
        "UPDATE enrollments",
        "SELECT enrollments.id,",
        "INSERT audit_log",  # the activation's, written as its savepoint is released
        "RELEASE SAVEPOINT",
        "UPDATE jobs",  # done, in the payment's transaction
        "UPDATE payment_events",
        *at_commit,
        "UPDATE jobs",  # the drain's next claim: nothing left
    ]
