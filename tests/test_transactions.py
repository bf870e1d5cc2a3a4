"""The entry point owns the transaction (docs/architecture.md, "Transactions").

A request commits once, at the boundary, when it answers a success, and rolls back when it
answers an error or raises, before the answer is stored for ``Idempotency-Key`` replays or
sent. A commit that fails answers a problem, never a success. Jobs deferred in the request
run after that commit. Services and views do not commit.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, Response
from flask.testing import FlaskClient
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from tuition.jobs import job_handler
from tuition.models import AuditEntry, Course, Job, Tenant
from tuition.plugin_api import Conflict, JobContext, hookimpl
from tuition.runtime import Tuition
from tuition.testing.api import Api, TenantHandle

CORE = Path(__file__).resolve().parents[1] / "core" / "tuition"

#: The request's boundary itself (the job runner and the CLI live outside these folders).
ENTRY_POINTS = {"api/transaction.py": {"commit"}}
#: Functions of core/tuition/services and core/tuition/api that may commit: deliberate side
#: transactions, which take a session factory and say so in their names.
SIDE_TRANSACTIONS = {
    "services/checkout.py": {
        "enroll_in_three_transactions",
        "_count_refused_click_in_own_transaction",
    },
    "services/tenant_files.py": {"apply_in_own_transaction"},
    "services/auth_tokens.py": {"_revoke_family_in_own_transaction"},
}
#: Pending: none left (the checkout's modules use the boundary too).
PENDING: dict[str, set[str]] = {}

#: What the probe's job saw, by probe id.
JOB_SAW: dict[str, str | None] = {}


@job_handler("transaction_probe")
def _probe_job(ctx: JobContext, payload: dict[str, Any]) -> None:
    JOB_SAW[payload["probe"]] = ctx.session.scalar(
        select(Course.title).where(Course.slug == payload["course"])
    )


class ProbePlugin:
    """Views that write through the request's session and never commit."""

    __version__ = "0.0.1"

    @hookimpl
    def tuition_api_blueprints(self) -> list[Blueprint]:
        from tuition.api.context import admin_tenant, db, tuition
        from tuition.services import courses

        blp = Blueprint("transaction_probe", __name__, url_prefix="/v1/transaction-probe")

        def retitle(slug: str) -> Course:
            admin_tenant()
            course = courses.get_course(db(), slug)
            course.title = "Changed"
            db().flush()
            return course

        @blp.route("/<string:slug>/<string:how>")
        class Probe(MethodView):
            def post(self, slug: str, how: str) -> Any:
                course = retitle(slug)
                if how == "ok":
                    return {"title": course.title}
                if how == "redirect":
                    return Response(status=303, headers={"Location": "/"})
                if how == "raise":
                    raise Conflict("Refused after writing.", code="probe_refused")
                if how == "crash":
                    raise RuntimeError("crashed after writing")
                if how == "error_answer":  # an error answered without raising
                    return {"error": "no"}, 422
                if how == "violate_at_commit":  # only the commit's flush meets the constraint
                    course.seats_taken = -1
                    return {"title": course.title}
                if how == "commit_breaks":
                    event.listen(db(), "before_commit", _break_once, once=True)
                    return {"title": course.title}
                if how == "defer":
                    tuition().jobs.defer(
                        db(), "transaction_probe", {"probe": slug, "course": slug}, course.tenant_id
                    )
                    return {"title": course.title}, 201
                if how == "defer_then_raise":
                    tuition().jobs.defer(
                        db(), "transaction_probe", {"probe": slug, "course": slug}, course.tenant_id
                    )
                    raise Conflict("Refused after deferring.", code="probe_refused")
                raise AssertionError(how)

        return [blp]


#: Commits the ``commit_breaks`` probe still breaks (one per test: a retry succeeds).
COMMITS_TO_BREAK: list[int] = []


def _break_once(_session: Session) -> None:
    if COMMITS_TO_BREAK:
        COMMITS_TO_BREAK.pop()
        raise RuntimeError("the database went away at commit")


@pytest.fixture
def tuition_plugins() -> list[tuple[str, Any]]:
    return [("transaction_probe", ProbePlugin())]


@pytest.fixture
def seen_before_answer(app: Flask, runtime: Tuition) -> list[tuple[str, str | None]]:
    """(course title, tenant name) as a fresh session sees them once each request has been
    handled, before its answer is stored or sent: an ``after_request`` registered last
    runs first."""
    seen: list[tuple[str, str | None]] = []

    def look(response: Response) -> Response:
        with runtime.session() as session:
            seen.append(
                (
                    str(session.scalar(select(Course.title).where(Course.slug == "c"))),
                    session.scalar(select(Tenant.name).where(Tenant.slug == "tx")),
                )
            )
        return response

    app.after_request(look)
    return seen


@pytest.fixture
def site(seen_before_answer: Any, api: Api) -> TenantHandle:
    tenant = api.create_tenant(slug="tx")
    api.create_course(tenant, "c", title="Original")
    return tenant


def _title(runtime: Tuition, slug: str = "c") -> str | None:
    with runtime.session() as session:
        return session.scalar(select(Course.title).where(Course.slug == slug))


def _post(
    client: FlaskClient, site: TenantHandle, how: str, slug: str = "c", **headers: str
) -> Any:
    return client.post(f"/v1/transaction-probe/{slug}/{how}", headers={**site.admin, **headers})


@pytest.mark.parametrize(("how", "status"), [("ok", 200), ("redirect", 303)])
def test_a_success_commits_before_the_answer(
    client, runtime, site, seen_before_answer, how, status
):
    """The view never commits: the request does, before its answer is stored or sent."""
    assert _post(client, site, how).status_code == status
    assert seen_before_answer[-1][0] == "Changed"
    assert _title(runtime) == "Changed"


def test_an_admin_change_is_visible_before_the_answer(api, site, seen_before_answer):
    api.call("PATCH", "/v1/admin/tenant", json={"name": "Renamed"}, headers=site.admin, expect=200)
    assert seen_before_answer[-1][1] == "Renamed"


@pytest.mark.parametrize(
    ("how", "status", "code"),
    [
        ("raise", 409, "probe_refused"),
        ("crash", 500, "internal_error"),
        ("error_answer", 422, None),
    ],
)
def test_an_error_leaves_nothing_written(client, runtime, site, how, status, code):
    answer = _post(client, site, how)
    assert answer.status_code == status
    if code is not None:
        assert answer.get_json()["code"] == code
    assert _title(runtime) == "Original"


def test_a_plan_refused_after_writing_is_rolled_back(api, runtime, site):
    """A service that raises after a partial write (plans check the state the change
    produced) relies on the boundary's rollback."""

    def state() -> tuple[frozenset[str], int, list[str]]:
        with runtime.session() as session:
            tenant = session.scalar(select(Tenant).where(Tenant.slug == "tx"))
            assert tenant is not None
            return (
                tenant.enabled_plugins(),
                tenant.config_version,
                list(session.scalars(select(AuditEntry.id))),
            )

    before = state()
    refused = api.call(
        "PUT",
        "/v1/admin/plugins/free_enrollment",
        json={"enabled": False},
        headers=site.admin,
        expect=409,
    )
    assert refused.get_json()["code"] == "plugin_plan_rejected"
    assert state() == before


def test_a_refused_commit_answers_409_and_frees_the_idempotency_key(client, runtime, site):
    key = {"Idempotency-Key": "violate"}
    for _ in range(2):  # the refusal is not kept for replays: the retry runs again
        answer = _post(client, site, "violate_at_commit", **key)
        assert answer.status_code == 409
        assert answer.mimetype == "application/problem+json"
        assert answer.get_json()["code"] == "conflict"
        assert "Idempotent-Replayed" not in answer.headers
    assert _title(runtime) == "Original"


def test_a_failed_commit_answers_500_never_a_success(client, runtime, site):
    COMMITS_TO_BREAK[:] = [1]
    key = {"Idempotency-Key": "breaks"}
    answer = _post(client, site, "commit_breaks", **key)
    assert answer.status_code == 500
    assert answer.get_json()["code"] == "internal_error"
    assert _title(runtime) == "Original"
    again = _post(client, site, "commit_breaks", **key)  # the same request runs again
    assert again.status_code == 200 and "Idempotent-Replayed" not in again.headers
    assert _title(runtime) == "Changed"


@pytest.fixture
def job_saw() -> Iterator[dict[str, str | None]]:
    JOB_SAW.clear()
    yield JOB_SAW
    JOB_SAW.clear()


def test_jobs_deferred_in_a_request_run_after_its_commit(client, runtime, site, job_saw):
    assert _post(client, site, "defer").status_code == 201
    assert job_saw == {"c": "Changed"}  # ran inline, after the commit, in its own session
    with runtime.session() as session:
        assert session.scalars(select(Job.status).where(Job.name == "transaction_probe")).all() == [
            "done"
        ]


def test_jobs_deferred_in_a_failed_request_are_forgotten(client, runtime, site, job_saw):
    assert _post(client, site, "defer_then_raise").status_code == 409
    assert job_saw == {}
    with runtime.session() as session:
        assert session.scalars(select(Job).where(Job.name == "transaction_probe")).all() == []


def _commits(path: Path) -> list[tuple[str, int]]:
    """(qualified name of the enclosing function, line) of every ``….commit()`` call."""
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST, scope: tuple[str, ...]) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                visit(child, (*scope, child.name))
                continue
            if (
                isinstance(child, ast.Call)
                and isinstance(child.func, ast.Attribute)
                and child.func.attr == "commit"
            ):
                found.append((".".join(scope) or "<module>", child.lineno))
            visit(child, scope)

    visit(ast.parse(path.read_text()), ())
    return found


def _allowed(relative: str, qualname: str) -> bool:
    names = (
        ENTRY_POINTS.get(relative, set())
        | SIDE_TRANSACTIONS.get(relative, set())
        | PENDING.get(relative, set())
    )
    return "*" in names or qualname.split(".")[0] in names


def test_services_and_views_do_not_commit():
    """Only the entry points commit; core's services and views never do, apart from the
    side transactions listed here (and the modules pending the checkout rework)."""
    offenders = [
        f"core/tuition/{relative}:{line} in {qualname}"
        for folder in ("services", "api")
        for path in sorted((CORE / folder).rglob("*.py"))
        for relative in [path.relative_to(CORE).as_posix()]
        for qualname, line in _commits(path)
        if not _allowed(relative, qualname)
    ]
    assert offenders == [], "commit at the entry point instead (docs/architecture.md)"
    for relative, names in SIDE_TRANSACTIONS.items():  # the list stays true
        committing = {qualname.split(".")[0] for qualname, _ in _commits(CORE / relative)}
        assert names <= committing, f"{relative}: {names - committing} no longer commit"
        assert all("transaction" in name for name in names)


def test_the_commit_check_sees_a_commit(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f(s):\n    def g():\n        s.commit()\n    db().commit()\n")
    assert _commits(module) == [("f.g", 3), ("f", 4)]
