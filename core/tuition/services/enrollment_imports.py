"""Bulk enrollment by the site owner from a CSV file (``POST
/v1/admin/enrollments:import``, ``tuition enrollments import``).

The file's lines are parsed and stored with the import when it is created; a job (or the
CLI, in its own process) then enrolls them one by one through
:func:`tuition.services.manual_enrollment.enroll`, each line in a transaction of its own
that also moves the import's progress on with a conditional update: a line is enrolled
together with its count or not at all, never half, and a crashed or repeated run resumes
after the last line that committed. A line whose student is enrolled in the course already
is *skipped* (one whose student is still paying for the course fails with
``already_enrolled``), so running the same file again enrolls nobody twice (and invites
nobody twice: the students it made exist by then).
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from marshmallow import Schema, ValidationError, fields, validate
from sqlalchemy import CursorResult, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from tuition.db import utcnow
from tuition.models import EnrollmentImport, ImportStatus, Tenant
from tuition.plugin_api import NotFound, TuitionError, ValidationFailed
from tuition.services import audit, manual_enrollment

if TYPE_CHECKING:
    from tuition.runtime import Tuition

log = logging.getLogger(__name__)

#: The job that runs an import (its name is stored in the outbox: keep it).
IMPORT_JOB = "enrollment_import"
COLUMNS = ("email", "name", "course", "cohort", "external_reference")
REQUIRED = ("email", "course")
MAX_LINES = 10_000
#: What a line's outcome counts as (``skipped``: enrolled already).
ENROLLED, INVITED, SKIPPED, FAILED = "enrolled", "invited", "skipped", "failed"


class ImportLine(Schema):
    """One line of the file; empty cells count as missing."""

    email = fields.Email(required=True, validate=validate.Length(max=320))
    course = fields.String(required=True, validate=validate.Length(min=1, max=64))
    name = fields.String(validate=validate.Length(min=1, max=200))
    cohort = fields.String(validate=validate.Length(min=1, max=64))
    external_reference = fields.String(validate=validate.Length(min=1, max=255))


def parse(content: bytes | str) -> list[dict[str, Any]]:
    """The file's lines as ``{"line", "email", "name", "course", …}`` (the header is line 1;
    blank lines are left out). 422 ``validation_error`` (field ``file``) for a file that is
    not UTF-8 CSV, has no ``email`` and ``course`` columns, an unknown column, no line or
    more than :data:`MAX_LINES`."""
    try:
        text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    except UnicodeDecodeError as exc:
        raise _bad_file("The file is not UTF-8 text.") from exc
    if "\x00" in text:
        raise _bad_file("The file must not contain NUL characters.")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [cell.strip().lower() for cell in next(reader, [])]
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            raise _bad_file(
                "The first line must name the columns: email, course (and optionally "
                "name, cohort, external_reference); missing: " + ", ".join(missing) + "."
            )
        unknown = sorted(set(header) - set(COLUMNS))
        if unknown:
            raise _bad_file(f"Unknown columns: {', '.join(unknown)} (known: {', '.join(COLUMNS)}).")
        rows: list[dict[str, Any]] = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            values = {name: cell.strip() for name, cell in zip(header, cells, strict=False)}
            rows.append({"line": reader.line_num, **{n: values.get(n) or None for n in COLUMNS}})
            if len(rows) > MAX_LINES:
                raise _bad_file(f"At most {MAX_LINES} lines per import.")
    except csv.Error as exc:
        raise _bad_file(f"The file is not valid CSV: {exc}.") from exc
    if not rows:
        raise _bad_file("The file has no line to import.")
    return rows


def _bad_file(message: str) -> ValidationFailed:
    return ValidationFailed({"file": [message]}, "The file cannot be imported.")


def create(
    session: Session, tenant: Tenant, content: bytes | str, *, filename: str | None
) -> EnrollmentImport:
    """A queued import of the file in ``session``'s transaction (the caller commits, then
    runs it: :func:`queue` or :func:`run_in_own_transactions`)."""
    rows = parse(content)
    found = EnrollmentImport(
        tenant_id=tenant.id,
        actor=audit.actor_of(session),
        filename=(filename or None) and filename[:255],
        rows=rows,
        total=len(rows),
        status=ImportStatus.QUEUED.value,
        created_at=utcnow(),
    )
    session.add(found)
    session.flush()
    audit.record(
        session,
        tenant.id,
        "enrollment_import",
        found.id,
        "created",
        None,
        {"total": found.total, "filename": found.filename},
    )
    return found


def queue(tuition: Tuition, session: Session, found: EnrollmentImport) -> None:
    """Run the import as a job once ``session``'s transaction commits."""
    tuition.jobs.defer(session, IMPORT_JOB, {"import_id": found.id}, found.tenant_id)


def get(session: Session, import_id: str) -> EnrollmentImport:
    found = session.get(EnrollmentImport, import_id)
    if found is None:
        raise NotFound(f"No enrollment import {import_id!r}.")
    return found


@dataclass(frozen=True)
class LineResult:
    """What became of one line: ``enrolled``, ``invited`` (enrolled, student invited),
    ``skipped`` (enrolled already) or ``failed`` (with the problem's code and detail)."""

    line: int
    outcome: str
    code: str | None = None
    detail: str | None = None


def run_in_own_transactions(
    tuition: Tuition,
    tenant_id: str,
    import_id: str,
    on_line: Callable[[LineResult], None] | None = None,
) -> None:
    """Enroll the import's lines not done yet, each in a transaction of its own (a side
    transaction per line, deliberately: the job's or command's own session stays unused),
    calling ``on_line`` after each. The import is ``done`` at the end."""
    with tuition.transaction(tenant_id) as session:
        found = get(session, import_id)
        if found.status == ImportStatus.DONE:
            return
        found.status = ImportStatus.RUNNING.value
        found.last_error = None
        found.started_at = found.started_at or utcnow()
        rows, start, actor = list(found.rows), found.done, found.actor
    for index, row in enumerate(rows[start:], start=start):
        result = _line_in_own_transaction(tuition, tenant_id, import_id, index, row, actor)
        if result is not None and on_line is not None:
            on_line(result)
    with tuition.transaction(tenant_id) as session:
        session.execute(
            update(EnrollmentImport)
            .where(EnrollmentImport.id == import_id)
            .values(status=ImportStatus.DONE.value, finished_at=utcnow())
        )


def mark_failed_in_own_transaction(
    tuition: Tuition, tenant_id: str, import_id: str, error: str
) -> None:
    """Record that the import's run failed for good: ``failed`` with ``last_error`` (the
    lines done so far stay done; running the import again resumes after them)."""
    with tuition.transaction(tenant_id) as session:
        session.execute(
            update(EnrollmentImport)
            .where(
                EnrollmentImport.id == import_id,
                EnrollmentImport.status != ImportStatus.DONE.value,
            )
            .values(status=ImportStatus.FAILED.value, last_error=error[:500])
        )


def _line_in_own_transaction(
    tuition: Tuition, tenant_id: str, import_id: str, index: int, row: Mapping[str, Any], actor: str
) -> LineResult | None:
    """Enroll line ``index`` and count it in one transaction; a refused line is counted (and
    its problem kept) in another, after the first rolled back. None when another run of the
    import did the line already."""
    try:
        with tuition.transaction(tenant_id) as session:
            audit.set_actor(session, actor)
            if not _claim(session, import_id, index):
                return None
            outcome = _enroll_line(tuition, session, tenant_id, row)
            _count(session, import_id, outcome)
            return LineResult(row["line"], outcome)
    except TuitionError as refused:
        result = LineResult(
            row["line"],
            SKIPPED if _owns_already(refused) else FAILED,
            refused.code,
            _detail(refused),
        )
    except SQLAlchemyError:  # a concurrent change won (the student enrolled meanwhile)
        log.warning("import %s: line %s refused by the database", import_id, row["line"])
        result = LineResult(
            row["line"], FAILED, "conflict", "A concurrent change won; import the line again."
        )
    with tuition.transaction(tenant_id) as session:
        if not _claim(session, import_id, index):
            return None
        _count(session, import_id, result.outcome, _error(row, result))
    return result


def _owns_already(refused: TuitionError) -> bool:
    """Whether the line's student owns the course already (skipped). One still paying for
    it (a pending enrollment) is a failed line: the owner decides what to do."""
    return refused.code == "already_enrolled" and refused.extra.get("enrollment_status") in (
        "active",
        "completed",
    )


def _enroll_line(tuition: Tuition, session: Session, tenant_id: str, row: Mapping[str, Any]) -> str:
    try:
        line = ImportLine().load({k: v for k, v in row.items() if k != "line" and v is not None})
    except ValidationError as err:
        raise ValidationFailed(cast(dict[str, Any], err.messages)) from err
    tenant = session.get(Tenant, tenant_id)
    assert tenant is not None
    extra = {"cohort": line["cohort"]} if "cohort" in line else {}
    made = manual_enrollment.enroll(
        tuition,
        session,
        tenant,
        course=line["course"],
        email=line["email"],
        name=line.get("name"),
        fields=manual_enrollment.plugin_fields(tuition, tenant, extra),
        external_reference=line.get("external_reference"),
    )
    return INVITED if made.invited else ENROLLED


def _claim(session: Session, import_id: str, index: int) -> bool:
    """Take line ``index`` (the next one): one conditional update, so of two runs of one
    import only one does each line (and holds the import's row until it commits)."""
    claimed = cast(
        CursorResult[Any],
        session.execute(
            update(EnrollmentImport)
            .where(EnrollmentImport.id == import_id, EnrollmentImport.done == index)
            .values(done=EnrollmentImport.done + 1)
            .execution_options(synchronize_session=False)
        ),
    ).rowcount
    return bool(claimed)


def _count(
    session: Session, import_id: str, outcome: str, error: dict[str, Any] | None = None
) -> None:
    counter = {
        ENROLLED: EnrollmentImport.enrolled,
        INVITED: EnrollmentImport.enrolled,
        SKIPPED: EnrollmentImport.skipped,
        FAILED: EnrollmentImport.failed,
    }[outcome]
    values: dict[Any, Any] = {counter: counter + 1}
    if outcome == INVITED:
        values[EnrollmentImport.invited] = EnrollmentImport.invited + 1
    session.execute(
        update(EnrollmentImport)
        .where(EnrollmentImport.id == import_id)
        .values(values)
        .execution_options(synchronize_session=False)
    )
    if error is not None:  # the claim holds the row: nobody else appends meanwhile
        found = session.get(EnrollmentImport, import_id)
        assert found is not None
        session.refresh(found, ["errors"])
        found.errors = [*found.errors, error]


def _error(row: Mapping[str, Any], result: LineResult) -> dict[str, Any] | None:
    if result.outcome != FAILED:
        return None
    return {
        "line": row["line"],
        "email": row.get("email"),
        "course": row.get("course"),
        "code": result.code,
        "detail": result.detail,
    }


def _detail(error: TuitionError) -> str:
    """The problem's detail, with the fields a validation error names."""
    errors = error.extra.get("errors")
    if not isinstance(errors, Mapping) or not errors:
        return error.detail
    return "; ".join(
        f"{name}: {' '.join(str(m) for m in messages) if isinstance(messages, list) else messages}"
        for name, messages in errors.items()
    )
