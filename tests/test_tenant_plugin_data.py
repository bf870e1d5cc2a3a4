"""``[plugin_data.<plugin>]`` in tenant files: handed to the enabled plugin's
``tuition_tenant_data`` hook, refused for plugins that are off or take no data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from tuition.plugin_api import PluginInfo, ValidationFailed, hookimpl
from tuition.services.tenant_files import sync_directory


class Shelf:
    """Keeps what the tenant file declared once the site's transaction commits (the sync
    rehearses every site first); reports a change only when it differs."""

    TUITION_PLUGIN = PluginInfo(title="Shelf", category="test")

    def __init__(self) -> None:
        self.kept: dict[str, Any] = {}

    @hookimpl
    def tuition_tenant_data(self, session: Any, tenant: Any, data: dict[str, Any]) -> list[str]:
        if not isinstance(data.get("books"), list):
            raise ValidationFailed({"plugin_data.shelf.books": ["Give a list."]})
        if self.kept.get(tenant.slug) == data:
            return []
        slug = tenant.slug
        event.listen(
            session, "after_commit", lambda _session: self.kept.__setitem__(slug, data), once=True
        )
        return [f"{len(data['books'])} books"]


class Silent:
    TUITION_PLUGIN = PluginInfo(title="Silent", category="test")


class Committer:
    """Breaks the contract: commits the site's transaction half-way."""

    TUITION_PLUGIN = PluginInfo(title="Committer", category="test")

    @hookimpl
    def tuition_tenant_data(self, session: Any) -> list[str]:
        session.commit()
        return []


@pytest.fixture
def shelf() -> Shelf:
    return Shelf()


@pytest.fixture
def tuition_plugins(shelf: Shelf) -> list[tuple[str, Any]]:
    return [("shelf", shelf), ("silent", Silent()), ("committer", Committer())]


def _write(tmp_path: Path, body: str) -> Path:
    directory = tmp_path / "tenants"
    directory.mkdir(exist_ok=True)
    (directory / "site.toml").write_text('slug = "shelf-site"\nname = "Shelf"\n' + body)
    return directory


def test_plugin_data_reaches_the_plugin_and_syncs_idempotently(
    runtime: Any, tmp_path: Path, shelf: Shelf
) -> None:
    directory = _write(
        tmp_path, '[plugins.shelf]\nenabled = true\n[plugin_data.shelf]\nbooks = ["a", "b"]\n'
    )
    first = sync_directory(runtime, directory)
    assert "shelf: 2 books" in first[0].changes
    assert shelf.kept == {"shelf-site": {"books": ["a", "b"]}}
    assert sync_directory(runtime, directory)[0].changes == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[plugin_data.shelf]\nbooks = ["a"]\n', "not enabled"),
        ("[plugins.silent]\nenabled = true\n[plugin_data.silent]\nx = 1\n", "takes no tenant data"),
        ("[plugins.shelf]\nenabled = true\n[plugin_data.shelf]\nbooks = 3\n", "Give a list"),
    ],
)
def test_bad_plugin_data_is_refused_with_its_path(
    runtime: Any, tmp_path: Path, body: str, message: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        sync_directory(runtime, _write(tmp_path, body))
    assert message in str(refused.value.to_problem())
    assert "plugin_data." in str(refused.value.to_problem())


def test_a_plugin_may_not_commit_half_a_site(runtime: Any, tmp_path: Path) -> None:
    from sqlalchemy import func, select

    from tuition.models import Tenant

    with pytest.raises(RuntimeError, match="one transaction"):
        sync_directory(
            runtime,
            _write(
                tmp_path, "[plugins.committer]\nenabled = true\n[plugin_data.committer]\nx = 1\n"
            ),
        )
    with runtime.session() as session:
        assert session.scalar(select(func.count()).select_from(Tenant)) == 0
