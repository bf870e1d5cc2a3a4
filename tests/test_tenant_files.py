"""Tenants from tenants/*.toml: the demo sites load, and a second sync changes nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from tuition.cli import main
from tuition.models import ApiKey, Course, Tenant
from tuition.plugin_api import ValidationFailed
from tuition.services.tenant_files import TenantFilesFailed, sync_directory

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "tenants"
SCENARIOS = ROOT / "docs" / "scenarios.md"


def toml_blocks(markdown: str) -> list[str]:
    """The ```toml blocks of a Markdown page, in order."""
    return re.findall(r"^```toml\n(.*?)^```$", markdown, re.M | re.S)


def test_every_tenant_file_of_the_scenarios_page_is_checked():
    blocks = toml_blocks(SCENARIOS.read_text())
    assert len(blocks) >= 5
    quoted = [b.splitlines()[0].removeprefix("# ") for b in blocks if b.startswith("# tenants/")]
    assert sorted(quoted) == sorted(f"tenants/{f.name}" for f in DEMO.glob("*.toml"))


@pytest.mark.parametrize(
    "block", toml_blocks(SCENARIOS.read_text()), ids=lambda b: b.splitlines()[0][:40]
)
def test_the_scenarios_tenant_files_sync(runtime, tmp_path, block):
    """Each tenant file of docs/scenarios.md loads and applies as ``tuition tenants sync``
    does; one that quotes a demo file (first line ``# tenants/<name>.toml``) is that file."""
    first, _, rest = block.partition("\n")
    if first.startswith("# tenants/"):
        assert rest == (ROOT / first.removeprefix("# ")).read_text()
    site = tmp_path / "site.toml"
    site.write_text(block)
    (report,) = sync_directory(runtime, site)
    assert report.created


def test_demo_tenants_sync_idempotently(runtime, api):
    first = sync_directory(runtime, DEMO)
    assert {r.slug for r in first} == {"python-weekend", "data-school", "web-bootcamp"}
    assert all(r.created and r.secret_key.startswith("sk_") for r in first)
    with runtime.session() as session:
        versions = dict(session.execute(select(Tenant.slug, Tenant.config_version)).all())
        courses = session.scalar(select(func.count()).select_from(Course))
        updated = dict(session.execute(select(Course.slug, Course.updated_at)).all())

    second = sync_directory(runtime, DEMO)
    assert [r.changes for r in second] == [[], [], []]
    assert all(r.secret_key is None for r in second)
    with runtime.session() as session:
        assert dict(session.execute(select(Tenant.slug, Tenant.config_version)).all()) == versions
        assert session.scalar(select(func.count()).select_from(Course)) == courses
        assert dict(session.execute(select(Course.slug, Course.updated_at)).all()) == updated
        keys = session.scalars(select(ApiKey)).all()
        assert len(keys) == 6
        assert not any(k.key_hash.startswith("sk_") for k in keys)

    # The demo storefront works with the fixed publishable key.
    listed = api.call(
        "GET", "/v1/courses", headers={"X-Tenant-Key": "pk_demo_data_school"}, expect=200
    ).get_json()
    by_slug = {c["slug"]: c for c in listed["items"]}
    assert by_slug["sql-analytics"]["prerequisites"] == ["sql-basics"]
    assert by_slug["dashboards-2020"]["enroll_state"] == "registration_closed"


def test_file_changes_are_applied(runtime, tmp_path):
    site = tmp_path / "site.toml"
    site.write_text(
        'slug = "s"\nname = "S"\n[plugins.free_enrollment]\n'
        '[[courses]]\nslug = "a"\ntitle = "A"\npricing_model = "free"\n'
    )
    sync_directory(runtime, tmp_path)
    site.write_text(
        'slug = "s"\nname = "S2"\n[plugins.free_enrollment]\n'
        '[[courses]]\nslug = "a"\ntitle = "A, revised"\npricing_model = "free"\n'
        "capacity = 3\n"
    )
    (report,) = sync_directory(runtime, tmp_path)
    assert report.changes == ["renamed", "course a updated"]
    with runtime.session() as session:
        course = session.scalar(select(Course))
        assert (course.title, course.capacity) == ("A, revised", 3)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('slug = "s"\n', "name"),
        (
            'slug = "s"\nname = "S"\n[[courses]]\nslug = "A B"\ntitle = "x"\n'
            'pricing_model = "free"\n',
            "courses",
        ),
        (
            'slug = "s"\nname = "S"\n[plugins.free_enrollment.settings]\nsource_label = ""\n',
            "plugins.free_enrollment.settings.source_label",
        ),
        ('slug = "s"\nname = "S"\n[plugins.nope]\n', "plugins.nope.settings"),
        (
            'slug = "s"\nname = "S"\n[plugins.free_enrollment.settings]\n'
            'source_label = "env:TUITION_OPERATOR_TOKEN"\n',
            "plugins.free_enrollment.settings.source_label",
        ),
        ("slug = \n", "site.toml"),
    ],
)
def test_bad_files_name_the_field_and_write_nothing(runtime, tmp_path, text, field):
    (tmp_path / "site.toml").write_text(text)
    with pytest.raises(ValidationFailed) as info:
        sync_directory(runtime, tmp_path)
    assert any(field in key for key in info.value.extra["errors"]), info.value.extra
    with runtime.session() as session:
        assert session.scalar(select(func.count()).select_from(Tenant)) == 0


def test_cli_sync_prints_keys_once(tmp_path, monkeypatch):
    from tuition import migrate
    from tuition.cli import main
    from tuition.db import make_engine

    url = f"sqlite:///{tmp_path}/cli.db"
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    monkeypatch.setenv("TUITION_DATABASE_URL", url)
    first = CliRunner().invoke(main, ["tenants", "sync", str(DEMO)])
    assert first.exit_code == 0, first.output
    assert "secret key (shown once): sk_" in first.output
    second = CliRunner().invoke(main, ["tenants", "sync", str(DEMO)])
    assert "python-weekend: unchanged" in second.output and "sk_" not in second.output


def test_env_references_the_operator_does_not_allow_are_refused(runtime, tmp_path, monkeypatch):
    monkeypatch.setenv("TUITION_SECRET_KEY", "operator-only-value")
    site = tmp_path / "site.toml"
    site.write_text(
        'slug = "s"\nname = "S"\n[plugins.free_enrollment.settings]\n'
        'source_label = "env:TUITION_SECRET_LABEL"\n'
    )
    sync_directory(runtime, tmp_path)
    site.write_text(
        'slug = "s"\nname = "S"\n[plugins.free_enrollment.settings]\n'
        'source_label = "env:TUITION_SECRET_KEY"\n'
    )
    with pytest.raises(ValidationFailed) as info:
        sync_directory(runtime, tmp_path)
    assert list(info.value.extra["errors"]) == [
        f"{site}:plugins.free_enrollment.settings.source_label"
    ]
    assert "operator-only-value" not in str(info.value.to_problem())
    with runtime.session() as session:
        tenant = session.scalar(select(Tenant))
        assert tenant.plugin_settings()["free_enrollment"] == {
            "source_label": "env:TUITION_SECRET_LABEL"
        }


def test_cli_sync_refuses_env_references_to_core_variables(tmp_path, monkeypatch):
    from tuition import migrate
    from tuition.cli import main
    from tuition.db import make_engine

    url = f"sqlite:///{tmp_path}/cli.db"
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    monkeypatch.setenv("TUITION_DATABASE_URL", url)
    monkeypatch.setenv("TUITION_OPERATOR_TOKEN", "op-only-value")
    files = tmp_path / "tenants"
    files.mkdir()
    (files / "site.toml").write_text(
        'slug = "s"\nname = "S"\n[plugins.free_enrollment.settings]\n'
        'source_label = "env:TUITION_OPERATOR_TOKEN"\n'
    )
    result = CliRunner().invoke(main, ["tenants", "sync", str(files)])
    assert result.exit_code == 2
    assert "plugins.free_enrollment.settings.source_label" in result.output
    assert "op-only-value" not in result.output


# -- all or nothing --------------------------------------------------------------------------

GOOD = (
    'slug = "good"\nname = "Good"\n[plugins.free_enrollment]\n'
    '[[courses]]\nslug = "a"\ntitle = "A"\npricing_model = "free"\n'
)
#: Valid TOML and schema; only the course service can tell that "b" cannot be sold.
BAD_COURSE = (
    'slug = "bad"\nname = "Bad"\n[plugins.free_enrollment]\n'
    '[[courses]]\nslug = "a"\ntitle = "A"\npricing_model = "free"\n'
    '[[courses]]\nslug = "b"\ntitle = "B"\npricing_model = "one_time"\n'
)


def _count(runtime, model) -> int:
    with runtime.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_an_invalid_course_writes_no_site_at_all(runtime, tmp_path):
    (tmp_path / "good.toml").write_text(GOOD)
    bad = tmp_path / "bad.toml"
    bad.write_text(BAD_COURSE)
    with pytest.raises(TenantFilesFailed) as info:
        sync_directory(runtime, tmp_path)
    assert list(info.value.extra["errors"]) == [f"{bad}:courses.1.price"]
    assert info.value.applied == []
    assert (_count(runtime, Tenant), _count(runtime, Course), _count(runtime, ApiKey)) == (0, 0, 0)


def test_every_file_is_checked_before_anything_is_written(runtime, tmp_path):
    (tmp_path / "a.toml").write_text('slug = "a"\n')  # no name
    (tmp_path / "b.toml").write_text(BAD_COURSE)
    (tmp_path / "c.toml").write_text(GOOD)
    (tmp_path / "d.toml").write_text(GOOD.replace('name = "Good"', 'name = "Twin"'))
    with pytest.raises(TenantFilesFailed) as info:
        sync_directory(runtime, tmp_path)
    assert set(info.value.extra["errors"]) == {
        f"{tmp_path / 'a.toml'}:name",
        f"{tmp_path / 'd.toml'}:slug",
    }
    with pytest.raises(TenantFilesFailed) as info:  # without the clash, b's course shows
        (tmp_path / "a.toml").unlink()
        (tmp_path / "d.toml").unlink()
        sync_directory(runtime, tmp_path)
    assert set(info.value.extra["errors"]) == {f"{tmp_path / 'b.toml'}:courses.1.price"}
    assert _count(runtime, Tenant) == 0


def test_a_site_is_updated_in_one_transaction(runtime, tmp_path):
    site = tmp_path / "site.toml"
    site.write_text(GOOD)
    sync_directory(runtime, site)  # a single file is fine too
    site.write_text(
        GOOD.replace('name = "Good"', 'name = "Renamed"')
        + '[[courses]]\nslug = "b"\ntitle = "B"\npricing_model = "nope"\n'
    )
    with pytest.raises(TenantFilesFailed) as info:
        sync_directory(runtime, site)
    assert list(info.value.extra["errors"]) == [f"{site}:courses.1.pricing_model"]
    with runtime.session() as session:
        assert session.scalar(select(Tenant.name)) == "Good"
        assert session.scalars(select(Course.slug)).all() == ["a"]


def _cli(db_url, monkeypatch, *args):
    monkeypatch.setenv("TUITION_DATABASE_URL", db_url)
    return CliRunner().invoke(main, ["tenants", "sync", *map(str, args)])


def test_cli_refuses_an_invalid_course_then_prints_the_keys(db_url, tmp_path, monkeypatch):
    site = tmp_path / "bad.toml"
    site.write_text(BAD_COURSE)
    refused = _cli(db_url, monkeypatch, site)
    assert refused.exit_code == 2
    assert f"  {site}:courses.1.price: Pricing model 'one_time' needs a price." in (
        refused.stderr.splitlines()
    )
    assert refused.stdout == ""
    site.write_text(BAD_COURSE.replace('pricing_model = "one_time"', 'pricing_model = "free"'))
    created = _cli(db_url, monkeypatch, site)
    assert created.exit_code == 0, created.output
    assert "bad: created tenant" in created.stdout
    assert "  secret key (shown once): sk_" in created.stdout


def test_cli_prints_the_keys_of_sites_written_before_a_failure(db_url, tmp_path, monkeypatch):
    """A site that fails only when applied for real (changed since the rehearsal): the
    sites before it stay written and their keys are printed; exit status 2."""
    from tuition.plugin_api import Conflict
    from tuition.services import tenant_files

    (tmp_path / "a.toml").write_text(GOOD.replace('"good"', '"first"'))
    (tmp_path / "b.toml").write_text(GOOD.replace('"good"', '"second"'))
    apply = tenant_files.apply_in_own_transaction

    def changed_meanwhile(sessions, tuition, data):
        if data["slug"] == "second":
            raise Conflict("A tenant with slug 'second' exists.", code="tenant_exists")
        return apply(sessions, tuition, data)

    monkeypatch.setattr(tenant_files, "apply_in_own_transaction", changed_meanwhile)
    result = _cli(db_url, monkeypatch, tmp_path)
    assert result.exit_code == 2
    assert "first: created tenant" in result.stdout
    assert "  secret key (shown once): sk_" in result.stdout
    assert f"  {tmp_path / 'b.toml'}: A tenant with slug 'second' exists." in (
        result.stderr.splitlines()
    )


def test_cli_refuses_an_empty_directory(db_url, tmp_path, monkeypatch):
    result = _cli(db_url, monkeypatch, tmp_path)
    assert result.exit_code == 2
    assert f"  {tmp_path}: No tenant files (*.toml) here." in result.stderr.splitlines()
