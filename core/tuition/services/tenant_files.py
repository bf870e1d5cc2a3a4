"""Tenants declared in TOML files (``tenants/*.toml``), applied idempotently.

All or nothing: every file is read and checked, then every site is rehearsed in a
transaction that is rolled back (so the services' own checks run too); only when no file
has an error is each site applied, each in one transaction. Errors name the file and the
field (``tenants/site.toml:courses.1.pricing_model``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from marshmallow import Schema, ValidationError, fields
from sqlalchemy import event, select
from sqlalchemy.orm import Session, selectinload

from tuition.models import Course, Tenant
from tuition.plugin_api import TuitionError, ValidationFailed
from tuition.services import audit, courses, plans, tenants
from tuition.services.inputs import CourseWrite, TenantCreate

if TYPE_CHECKING:
    from tuition.runtime import Tuition


def _file_schema() -> type[Schema]:
    return Schema.from_dict(
        {
            **TenantCreate().fields,
            "publishable_key": fields.String(load_default=None),
            "courses": fields.List(fields.Nested(CourseWrite), load_default=list),
            "plugin_data": fields.Dict(
                keys=fields.String(), values=fields.Dict(), load_default=dict
            ),
        },
        name="TenantFile",
    )


@dataclass
class SyncReport:
    """What a sync did to one tenant; ``secret_key`` only when the tenant was created."""

    slug: str
    created: bool = False
    publishable_key: str | None = None
    secret_key: str | None = None
    changes: list[str] = field(default_factory=list)


class TenantFilesFailed(ValidationFailed):
    """Tenant files that were not (all) applied. ``errors`` maps ``file`` or
    ``file:field`` to messages; ``applied`` holds the reports of the sites written before
    the failure (their new keys are shown nowhere else); ``causes`` the errors raised."""

    def __init__(
        self,
        errors: Mapping[str, list[str]],
        *,
        applied: Iterable[SyncReport] = (),
        causes: Iterable[TuitionError] = (),
    ) -> None:
        super().__init__(
            errors,
            detail=(
                "Tenant files have errors; nothing was written."
                if not applied
                else "A tenant file failed; the sites before it were written."
            ),
        )
        self.applied = list(applied)
        self.causes = list(causes)


def tenant_files(path: Path) -> list[Path]:
    """``path`` itself if it is a file, else the ``*.toml`` files of the directory."""
    if not path.is_dir():
        return [path]
    files = sorted(path.glob("*.toml"))
    if not files:
        raise TenantFilesFailed({str(path): ["No tenant files (*.toml) here."]})
    return files


def load_file(path: Path) -> dict[str, Any]:
    """The checked content of one tenant file; ValidationFailed keyed ``file:field``."""
    try:
        raw = tomllib.loads(path.read_text())
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ValidationFailed({str(path): [str(exc)]}) from exc
    try:
        data: dict[str, Any] = _file_schema()().load(raw)
    except ValidationError as exc:
        raise ValidationFailed(_in_file(path, _flat(exc.messages))) from exc
    return data


def sync_directory(tuition: Tuition, path: Path) -> list[SyncReport]:
    """Apply the tenant file ``path``, or every ``*.toml`` in the directory ``path``;
    running it twice changes nothing. Raises :class:`TenantFilesFailed` (nothing written
    when any file has an error)."""
    files = tenant_files(path)
    declared: list[tuple[Path, dict[str, Any]]] = []
    errors: dict[str, list[str]] = {}
    causes: list[TuitionError] = []
    for file in files:
        try:
            declared.append((file, load_file(file)))
        except ValidationFailed as exc:
            errors.update(exc.extra["errors"])
            causes.append(exc)
    errors.update(_clashes(declared))
    if not errors:
        for file, data in declared:  # rehearsal: every service check, nothing kept
            try:
                rehearse_in_side_transaction(tuition.session, tuition, data)
            except TuitionError as exc:
                errors.update(_errors_of(file, exc))
                causes.append(exc)
    if errors:
        raise TenantFilesFailed(errors, causes=causes)
    reports: list[SyncReport] = []
    for file, data in declared:
        try:
            reports.append(apply_in_own_transaction(tuition.session, tuition, data))
        except TuitionError as exc:  # changed since the rehearsal (a concurrent writer)
            raise TenantFilesFailed(_errors_of(file, exc), applied=reports, causes=[exc]) from exc
    return reports


def rehearse_in_side_transaction(
    sessions: Callable[[], Session], tuition: Tuition, data: dict[str, Any]
) -> SyncReport:
    """Apply one site in a transaction of its own on a session from ``sessions``, then
    roll it back: every service check runs, nothing is kept."""
    with sessions() as session:  # closing the session rolls back
        return apply_site(tuition, session, data)


def apply_in_own_transaction(
    sessions: Callable[[], Session], tuition: Tuition, data: dict[str, Any]
) -> SyncReport:
    """Apply one site in a transaction of its own on a session from ``sessions``, and
    commit it: each site of a directory is written on its own, so the keys of the sites
    written before a failure can still be shown (:class:`TenantFilesFailed` ``applied``)."""
    with sessions() as session:  # closing the session rolls back what did not commit
        report = apply_site(tuition, session, data)
        session.commit()
        return report


def apply_site(tuition: Tuition, session: Session, data: dict[str, Any]) -> SyncReport:
    """Apply one site in ``session``'s transaction, which nothing commits meanwhile (the
    caller commits, or rolls back for a rehearsal); the session ends up scoped to it."""
    report = SyncReport(slug=data["slug"])
    with _commits_refused(session):
        audit.set_actor(session, "tenant-file")
        tenant = session.scalar(select(Tenant).where(Tenant.slug == data["slug"]))
        # The file is checked as a whole: the state it produces against the one before.
        before = plans.baseline(tuition, session, tenant) if tenant else plans.Baseline()
        if tenant is None:
            tenant, issued = tenants.create_tenant(
                tuition,
                session,
                slug=data["slug"],
                name=data["name"],
                plugins=data["plugins"],
                identity_provider=data["identity_provider"],
                publishable_key=data["publishable_key"],
                retention=data["retention"],
            )
            report.created = True
            report.publishable_key, report.secret_key = issued.publishable, issued.secret
            report.changes.append("created tenant")
        else:
            report.publishable_key = data["publishable_key"]
            _update_tenant(tuition, session, tenant, data, report)
        session.info["tenant_id"] = tenant.id
        _sync_courses(tuition, session, tenant, data["courses"], report)
        _sync_plugin_data(tuition, session, tenant, data["plugin_data"], report)
        plans.check(tuition, session, tenant, before)
    return report


@contextmanager
def _commits_refused(session: Session) -> Iterator[None]:
    """Nothing commits while a site is applied (services never commit; plugins'
    ``tuition_tenant_data`` must not): one transaction per site."""

    def refuse(_session: Session) -> None:
        raise RuntimeError(
            "a tenant file's site is applied in one transaction; "
            "nothing may commit before it is complete"
        )

    event.listen(session, "before_commit", refuse)
    try:
        yield
    finally:
        event.remove(session, "before_commit", refuse)


@contextmanager
def _under(where: str) -> Iterator[None]:
    """Prefix the field paths of a ValidationFailed raised inside with ``where``."""
    try:
        yield
    except ValidationFailed as exc:
        raise ValidationFailed(
            {f"{where}.{key}": value for key, value in exc.extra.get("errors", {}).items()},
            detail=exc.detail,
        ) from exc


def _flat(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages as ``{"courses.1.slug": [...]}``."""
    if isinstance(messages, Mapping):
        flat: dict[str, list[str]] = {}
        for key, value in messages.items():
            flat.update(_flat(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    items = messages if isinstance(messages, list) else [messages]
    if any(isinstance(item, Mapping) for item in items):
        flat = {}
        for item in items:
            flat.update(_flat(item, prefix))
        return flat
    return {prefix: [str(item) for item in items]}


def _in_file(path: Path, errors: Mapping[str, Any]) -> dict[str, list[str]]:
    return {
        f"{path}:{where}" if where else str(path): messages
        for where, messages in _flat(dict(errors)).items()
    }


def _errors_of(path: Path, exc: TuitionError) -> dict[str, list[str]]:
    if isinstance(exc, ValidationFailed):
        return _in_file(path, exc.extra.get("errors", {}))
    return {str(path): [exc.detail]}


def _clashes(declared: list[tuple[Path, dict[str, Any]]]) -> dict[str, list[str]]:
    """Two files may not declare the same site or publishable key."""
    errors: dict[str, list[str]] = {}
    seen: dict[tuple[str, str], Path] = {}
    for path, data in declared:
        for name in ("slug", "publishable_key"):
            value = data.get(name)
            if value is None:
                continue
            first = seen.setdefault((name, value), path)
            if first != path:
                errors[f"{path}:{name}"] = [f"{value!r} is declared in {first} already."]
    return errors


def _sync_plugin_data(
    tuition: Tuition,
    session: Any,
    tenant: Tenant,
    declared: dict[str, dict[str, Any]],
    report: SyncReport,
) -> None:
    """Hand each ``[plugin_data.<plugin>]`` table to its (enabled) plugin."""
    enabled = tuition.hooks(tenant).enabled
    for plugin, data in declared.items():
        where = f"plugin_data.{plugin}"
        if plugin not in enabled:
            raise ValidationFailed({where: [f"Plugin {plugin!r} is not enabled here."]})
        if not any(
            impl.plugin_name == plugin
            for impl in tuition.plugins.pm.hook.tuition_tenant_data.get_hookimpls()
        ):
            raise ValidationFailed({where: [f"Plugin {plugin!r} takes no tenant data."]})
        changes = tuition.plugins.call_one(
            "tuition_tenant_data",
            plugin,
            tuition=tuition,
            session=session,
            tenant=tenant,
            data=data,
        )
        report.changes.extend(f"{plugin}: {change}" for change in changes or [])


def _update_tenant(
    tuition: Tuition, session: Any, tenant: Tenant, data: dict[str, Any], report: SyncReport
) -> None:
    if tenant.name != data["name"]:
        tenant.name = data["name"]
        report.changes.append("renamed")
    if tenant.identity_provider != data["identity_provider"]:
        tenant.identity_provider = data["identity_provider"]
        report.changes.append("identity provider")
    if (tenant.retention or None) != (data["retention"] or None):
        tenant.retention = data["retention"]
        report.changes.append("retention")
    version = tenant.config_version
    wanted = data["plugins"]
    for name, config in wanted.items():
        tenants.configure_plugin(
            tuition,
            session,
            tenant,
            name,
            enabled=config["enabled"],
            settings=config["settings"],
            field=f"plugins.{name}.settings",
        )
    for row in tenant.plugins:
        if row.plugin not in wanted and row.enabled:
            row.enabled = False
            tenant.config_version += 1
    if tenant.config_version != version:
        report.changes.append("plugins")
    session.flush()


def _sync_courses(
    tuition: Tuition,
    session: Any,
    tenant: Tenant,
    declared: list[dict[str, Any]],
    report: SyncReport,
) -> None:
    links = ("prerequisites", "next_courses")
    existing = {
        c.slug: c
        for c in session.scalars(
            select(Course).options(
                selectinload(Course.prerequisite_links), selectinload(Course.next_links)
            )
        )
    }
    for index, item in enumerate(declared):  # first pass: the courses themselves
        fields_only = {k: v for k, v in item.items() if k not in links}
        course = existing.get(item["slug"])
        with _under(f"courses.{index}"):
            if course is None:
                existing[item["slug"]] = courses.create_course(
                    tuition, session, tenant, fields_only
                )
                report.changes.append(f"course {item['slug']} created")
                continue
            current = _current(course)
            changed = {k: v for k, v in fields_only.items() if current.get(k) != v}
            if changed:
                courses.update_course(tuition, session, tenant, item["slug"], changed)
                report.changes.append(f"course {item['slug']} updated")
    for index, item in enumerate(declared):  # second pass: links between courses
        course = existing[item["slug"]]
        current = _current(course)
        changed = {k: item[k] for k in links if k in item and current.get(k) != item[k]}
        if changed:
            with _under(f"courses.{index}"):
                courses.update_course(tuition, session, tenant, item["slug"], changed)
            report.changes.append(f"course {item['slug']} links")


def _current(course: Course) -> dict[str, Any]:
    return {
        "slug": course.slug,
        "title": course.title,
        "summary": course.summary,
        "status": course.status,
        "pricing_model": course.pricing_model,
        "price": (
            {"amount": course.price_amount, "currency": course.price_currency}
            if course.price_amount is not None
            else None
        ),
        "capacity": course.capacity,
        "registration_deadline": course.registration_deadline,
        "unlisted": bool(course.unlisted),
        "attributes": course.attributes or {},
        "prerequisites": [link.required_course.slug for link in course.prerequisite_links],
        "next_courses": [link.next_course.slug for link in course.next_links],
    }
