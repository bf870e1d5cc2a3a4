"""Bulk enrollment from a CSV file: ``POST /v1/admin/enrollments:import`` runs as a job,
``GET /v1/admin/enrollments:import/<id>`` shows its progress and the errors per line, and
``tuition enrollments import FILE --tenant T`` does the same with a progress bar."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tuition.models import Enrollment, EnrollmentImport, Student
from tuition.services import enrollment_imports
from tuition.testing.api import Api, TenantHandle
from tuition.testing.cli import run_cli
from tuition.testing.queues import run_worker_burst
from tuition.testing.recorders import Recorder

IMPORT = "/v1/admin/enrollments:import"
FILE = (
    "email,name,course,cohort\n"
    "ada@example.com,Ada Lovelace,intro,\n"
    "grace@example.com,,intro,\n"
    "not-an-email,Nobody,intro,\n"
    "\n"
    "ada@example.com,Ada Lovelace,missing-course,\n"
    "linus@example.com,Linus,tiny,\n"
    "ken@example.com,Ken,tiny,\n"
)


@pytest.fixture
def tuition_plugins(recorder: Recorder) -> list[tuple[str, Any]]:
    return [("recorder", recorder)]


@pytest.fixture
def site(api: Api) -> TenantHandle:
    tenant = api.create_tenant({"free_enrollment": {}, "recorder": {}})
    api.create_course(tenant, "intro")
    api.create_course(tenant, "tiny", capacity=1)
    return tenant


def upload(api: Api, tenant: TenantHandle, content: str, expect: int = 202, **kw: Any) -> Any:
    headers = {**tenant.admin, "Content-Type": "text/csv", **kw.pop("headers", {})}
    return api.call("POST", IMPORT, data=content, headers=headers, expect=expect, **kw)


def status(api: Api, tenant: TenantHandle, import_id: str) -> dict[str, Any]:
    path = f"{IMPORT}/{import_id}"
    return api.call("GET", path, headers=tenant.admin, expect=200).get_json()


def count(runtime, tenant: TenantHandle, model: Any) -> int:
    with runtime.session(tenant.id) as session:
        return session.scalar(select(func.count()).select_from(model))


def invited(recorder: Recorder) -> list[str]:
    return [d["student_id"] for t, d in recorder.called("event") if t == "student.invited"]


def test_an_import_enrolls_good_lines_and_reports_bad_ones(api, site, runtime, recorder):
    grace = api.signup(site, "grace@example.com")
    answer = upload(api, site, FILE)
    started = answer.get_json()
    assert answer.headers["Location"].endswith(f"{IMPORT}/{started['id']}")
    assert started["total"] == 6

    done = status(api, site, started["id"])  # inline jobs ran after the commit
    assert done["status"] == "done" and done["done"] == done["total"] == 6
    assert (done["enrolled"], done["invited"], done["skipped"], done["failed"]) == (3, 2, 0, 3)
    assert [(e["line"], e["code"]) for e in done["errors"]] == [
        (4, "validation_error"),
        (6, "not_found"),
        (8, "course_full"),
    ]
    assert done["errors"][0]["email"] == "not-an-email" and "email" in done["errors"][0]["detail"]
    # Never half a line: ken's refused line made no student.
    with runtime.session(site.id) as session:
        emails = set(session.scalars(select(Student.email)))
        names = dict(session.execute(select(Student.email, Student.name)).all())
    assert emails == {"ada@example.com", "grace@example.com", "linus@example.com"}
    assert names["ada@example.com"] == "Ada Lovelace"
    mine = api.call("GET", "/v1/me/enrollments", headers=grace.headers, expect=200).get_json()
    assert [(e["course"], e["source"]) for e in mine["items"]] == [("intro", "admin")]
    assert len(invited(recorder)) == 2  # ada and linus, who had no account

    # The same file again (as a form this time): nobody enrolled or invited twice.
    form = {"file": (io.BytesIO(FILE.encode()), "students.csv")}
    again = api.call(
        "POST", IMPORT, data=form, headers=site.admin, content_type="multipart/form-data"
    )
    assert again.status_code == 202, again.get_data(as_text=True)
    second = status(api, site, again.get_json()["id"])
    assert second["filename"] == "students.csv"
    assert (second["enrolled"], second["skipped"], second["failed"]) == (0, 3, 3)
    assert count(runtime, site, Enrollment) == 3
    assert len(invited(recorder)) == 2


def test_a_file_that_cannot_be_imported_is_refused_whole(api, site, runtime):
    for content in ("name,course\nAda,intro\n", "email,course\n", "email,course,age\na@b.c,x,3\n"):
        problem = upload(api, site, content, 422).get_json()
        assert problem["code"] == "validation_error" and "file" in problem["errors"]
    wrong = api.call(
        "POST", IMPORT, json={"email": "a@example.com"}, headers=site.admin, expect=415
    )
    assert wrong.get_json()["code"] == "unsupported_media_type"
    assert count(runtime, site, EnrollmentImport) == 0
    api.call("GET", f"{IMPORT}/imp_nope", headers=site.admin, expect=404)


def test_an_interrupted_import_resumes_after_its_last_line(api, site, runtime):
    with runtime.transaction(site.id) as session:
        from tuition.models import Tenant

        found = enrollment_imports.create(
            session,
            session.get(Tenant, site.id),
            "email,course\na@example.com,intro\nb@example.com,intro\n",
            filename=None,
        )
        import_id = found.id
        found.done = 1  # as if a crash came after line 2 committed (with its count)
    lines: list[Any] = []
    enrollment_imports.run_in_own_transactions(runtime, site.id, import_id, lines.append)
    assert [(line.line, line.outcome) for line in lines] == [(3, "invited")]
    assert count(runtime, site, Enrollment) == 1
    # Run again (a repeated job): nothing more happens.
    enrollment_imports.run_in_own_transactions(runtime, site.id, import_id, lines.append)
    assert len(lines) == 1 and status(api, site, import_id)["status"] == "done"


def test_the_command_shows_progress_and_a_summary(api, site, runtime, db_url, tmp_path: Path):
    def run(path: Path, slug: str = site.slug) -> Any:
        return run_cli(["enrollments", "import", str(path), "--tenant", slug], database_url=db_url)

    path = tmp_path / "students.csv"
    path.write_text(FILE)
    result = run(path)
    assert result.exit_code == 1, result.output  # some lines failed
    output = result.output
    assert "Enrolling" in output and "6/6" in output  # the progress bar, finished
    assert "students.csv" in output
    summary = next(line for line in output.splitlines() if line.count("│") >= 5 and "6" in line)
    assert [cell.strip() for cell in summary.strip("│ ").split("│")] == ["6", "3", "3", "0", "3"]
    assert "Failed lines" in output and "course_full" in output and "not-an-email" in output
    assert count(runtime, site, Enrollment) == 3

    again = run(path)
    assert count(runtime, site, Enrollment) == 3
    with runtime.session(site.id) as session:
        actors = set(session.scalars(select(EnrollmentImport.actor)))
        skipped = session.scalars(select(EnrollmentImport.skipped)).all()
    assert actors == {"cli"} and sorted(skipped) == [0, 3]
    assert again.exit_code == 1

    bad = tmp_path / "bad.csv"
    bad.write_text("who,what\n")
    refused = run(bad)
    assert refused.exit_code == 1 and "email, course" in refused.output
    unknown = run(path, "nope")
    assert unknown.exit_code == 2 and "no tenant" in unknown.output


@pytest.mark.redis
def test_an_import_runs_on_the_rq_worker(rq_queue, api, site, runtime):
    started = upload(api, site, FILE).get_json()
    assert status(api, site, started["id"])["status"] == "queued"  # the worker has not run
    assert count(runtime, site, Enrollment) == 0
    run_worker_burst(runtime)
    done = status(api, site, started["id"])
    assert (done["status"], done["done"], done["enrolled"], done["failed"]) == ("done", 6, 3, 3)
    assert done["started_at"] is not None and done["finished_at"] is not None
    assert count(runtime, site, Enrollment) == 3


def test_a_student_still_paying_is_a_failed_line_not_a_skipped_one(api, site, runtime):
    paying, owning = api.signup(site), api.signup(site)
    api.enroll(site, paying, "intro")
    api.enroll(site, owning, "intro")
    with runtime.session(site.id) as session:
        row = session.scalar(select(Enrollment).where(Enrollment.student_id == paying.id))
        row.status = "pending"  # as a checkout that is still open leaves it
        session.commit()
    content = f"email,course\n{paying.email},intro\n{owning.email},intro\n"
    done = status(api, site, upload(api, site, content).get_json()["id"])
    assert (done["skipped"], done["failed"]) == (1, 1)
    assert [(e["line"], e["code"]) for e in done["errors"]] == [(2, "already_enrolled")]


def test_an_import_whose_job_fails_for_good_is_failed_and_listed(api, site, runtime, monkeypatch):
    line_in_own_transaction = enrollment_imports._line_in_own_transaction

    def crash_on_third_line(tuition: Any, tenant_id: str, import_id: str, index: int, *a: Any):
        if index == 2:
            raise RuntimeError("database went away")
        return line_in_own_transaction(tuition, tenant_id, import_id, index, *a)

    first = upload(api, site, "email,course\na@example.com,intro\n").get_json()
    file = "email,course\nb@example.com,intro\nc@example.com,intro\nd@example.com,intro\n"
    monkeypatch.setattr(enrollment_imports, "_line_in_own_transaction", crash_on_third_line)
    crashed = upload(api, site, file).get_json()  # inline: one attempt, then it gave up
    monkeypatch.undo()

    found = status(api, site, crashed["id"])
    assert found["status"] == "failed" and "database went away" in found["last_error"]
    assert (found["done"], found["enrolled"]) == (2, 2)  # the lines done stay done
    listed = api.call("GET", IMPORT, headers=site.admin, query_string={"page_size": 1})
    page = listed.get_json()
    assert listed.status_code == 200 and page["total"] == 2
    assert [(i["id"], i["status"]) for i in page["items"]] == [(crashed["id"], "failed")]
    assert "errors" not in page["items"][0]
    older = api.call("GET", IMPORT, headers=site.admin, query_string={"page": 2, "page_size": 1})
    assert [i["id"] for i in older.get_json()["items"]] == [first["id"]]

    again = status(api, site, upload(api, site, file).get_json()["id"])
    assert (again["status"], again["enrolled"], again["skipped"]) == ("done", 1, 2)
    assert count(runtime, site, Enrollment) == 4


def test_a_command_whose_run_crashes_leaves_the_import_failed(
    api, site, runtime, db_url, tmp_path: Path, monkeypatch
):
    def crash(*_args: Any) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(enrollment_imports, "_line_in_own_transaction", crash)
    path = tmp_path / "students.csv"
    path.write_text("email,course\na@example.com,intro\n")
    result = run_cli(
        ["enrollments", "import", str(path), "--tenant", site.slug], database_url=db_url
    )
    assert result.exit_code != 0
    with runtime.session(site.id) as session:
        (found,) = session.scalars(select(EnrollmentImport)).all()
        assert found.status == "failed" and "database went away" in found.last_error
