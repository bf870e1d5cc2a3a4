"""No N+1: the number of SQL statements of the catalogue, the dashboard and an enrollment
does not grow with the number of courses or enrollments, with every bundled plugin on."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

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
def counting(runtime: Any) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(runtime.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(runtime.engine, "before_cursor_execute", record)


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
