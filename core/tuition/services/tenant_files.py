"""Tenants declared in TOML files (``tenants/*.toml``), applied idempotently."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from marshmallow import Schema, ValidationError, fields
from sqlalchemy import select

from tuition.errors import ValidationFailed
from tuition.models import Course, Tenant
from tuition.services import audit, courses, plans, tenants

if TYPE_CHECKING:
    from tuition.runtime import Tuition


def _file_schema() -> type[Schema]:
    from tuition.api.schemas import CourseWrite, TenantCreate

    return Schema.from_dict({
        **TenantCreate().fields,
        "publishable_key": fields.String(load_default=None),
        "courses": fields.List(fields.Nested(CourseWrite), load_default=list),
        "plugin_data": fields.Dict(keys=fields.String(), values=fields.Dict(),
                                   load_default=dict),
    }, name="TenantFile")


@dataclass
class SyncReport:
    """What a sync did to one tenant; ``secret_key`` only when the tenant was created."""

    slug: str
    created: bool = False
    publishable_key: str | None = None
    secret_key: str | None = None
    changes: list[str] = field(default_factory=list)


def load_file(path: Path) -> dict[str, Any]:
    try:
        raw = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise ValidationFailed({str(path): [str(exc)]}) from exc
    try:
        data: dict[str, Any] = _file_schema()().load(raw)
    except ValidationError as exc:
        raise ValidationFailed({f"{path.name}:{k}": v for k, v in
                                dict(exc.messages).items()}) from exc  # type: ignore[arg-type]
    return data


def sync_directory(tuition: Tuition, directory: Path) -> list[SyncReport]:
    """Apply every ``*.toml`` in ``directory``; running it twice changes nothing."""
    files = sorted(directory.glob("*.toml"))
    declared = [(path, load_file(path)) for path in files]
    return [sync_tenant(tuition, data) for _path, data in declared]


def sync_tenant(tuition: Tuition, data: dict[str, Any]) -> SyncReport:
    report = SyncReport(slug=data["slug"])
    with tuition.session() as session:
        audit.set_actor(session, "tenant-file")
        tenant = session.scalar(select(Tenant).where(Tenant.slug == data["slug"]))
        # The file is checked as a whole: the state it produces against the one before.
        before = plans.baseline(tuition, session, tenant) if tenant else plans.Baseline()
        if tenant is None:
            tenant, issued = tenants.create_tenant(
                tuition, session, slug=data["slug"], name=data["name"],
                plugins=data["plugins"], identity_provider=data["identity_provider"],
                publishable_key=data["publishable_key"],
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


def _sync_plugin_data(tuition: Tuition, session: Any, tenant: Tenant,
                      declared: dict[str, dict[str, Any]], report: SyncReport) -> None:
    """Hand each ``[plugin_data.<plugin>]`` table to its (enabled) plugin."""
    enabled = tuition.hooks(tenant).enabled
    for plugin, data in declared.items():
        where = f"plugin_data.{plugin}"
        if plugin not in enabled:
            raise ValidationFailed({where: [f"Plugin {plugin!r} is not enabled here."]})
        if not any(impl.plugin_name == plugin
                   for impl in tuition.plugins.pm.hook.tuition_tenant_data.get_hookimpls()):
            raise ValidationFailed({where: [f"Plugin {plugin!r} takes no tenant data."]})
        changes = tuition.plugins.call_one("tuition_tenant_data", plugin, tuition=tuition,
                                           session=session, tenant=tenant, data=data)
        session.commit()
        report.changes.extend(f"{plugin}: {change}" for change in changes or [])


def _update_tenant(tuition: Tuition, session: Any, tenant: Tenant, data: dict[str, Any],
                   report: SyncReport) -> None:
    if tenant.name != data["name"]:
        tenant.name = data["name"]
        report.changes.append("renamed")
    if tenant.identity_provider != data["identity_provider"]:
        tenant.identity_provider = data["identity_provider"]
        report.changes.append("identity provider")
    version = tenant.config_version
    wanted = data["plugins"]
    for name, config in wanted.items():
        tenants.configure_plugin(tuition, session, tenant, name,
                                 enabled=config["enabled"], settings=config["settings"],
                                 field=f"plugins.{name}.settings")
    for row in tenant.plugins:
        if row.plugin not in wanted and row.enabled:
            row.enabled = False
            tenant.config_version += 1
    if tenant.config_version != version:
        report.changes.append("plugins")
    session.commit()


def _sync_courses(tuition: Tuition, session: Any, tenant: Tenant,
                  declared: list[dict[str, Any]], report: SyncReport) -> None:
    links = ("prerequisites", "next_courses")
    existing = {c.slug: c for c in session.scalars(select(Course))}
    for item in declared:  # first pass: the courses themselves
        fields_only = {k: v for k, v in item.items() if k not in links}
        course = existing.get(item["slug"])
        if course is None:
            existing[item["slug"]] = courses.create_course(tuition, session, tenant,
                                                           fields_only)
            report.changes.append(f"course {item['slug']} created")
            continue
        current = _current(course)
        changed = {k: v for k, v in fields_only.items() if current.get(k) != v}
        if changed:
            courses.update_course(tuition, session, tenant, item["slug"], changed)
            report.changes.append(f"course {item['slug']} updated")
    for item in declared:  # second pass: links between courses
        course = existing[item["slug"]]
        current = _current(course)
        changed = {k: item[k] for k in links if k in item and current.get(k) != item[k]}
        if changed:
            courses.update_course(tuition, session, tenant, item["slug"], changed)
            report.changes.append(f"course {item['slug']} links")


def _current(course: Course) -> dict[str, Any]:
    return {
        "slug": course.slug, "title": course.title, "summary": course.summary,
        "status": course.status, "pricing_model": course.pricing_model,
        "price": ({"amount": course.price_amount, "currency": course.price_currency}
                  if course.price_amount is not None else None),
        "capacity": course.capacity, "registration_deadline": course.registration_deadline,
        "attributes": course.attributes or {},
        "prerequisites": [link.required_course.slug for link in course.prerequisite_links],
        "next_courses": [link.next_course.slug for link in course.next_links],
    }
