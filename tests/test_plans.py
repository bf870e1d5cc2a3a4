"""Validated plugin plans: no change may leave a published course unsellable."""

from __future__ import annotations

import pytest

from tuition import hookimpl
from tuition.extension import PluginInfo

PRICE = {"amount": 2500, "currency": "EUR"}


class NeedsDummy:
    TUITION_PLUGIN = PluginInfo(title="Needs the dummy", requires=("dummy_provider",))

    @hookimpl
    def tuition_enrollment_checks(self, ctx):
        return []


@pytest.fixture
def tuition_plugins():
    return [("needs_dummy", NeedsDummy())]


@pytest.fixture
def shop(api):
    tenant = api.create_tenant({"free_enrollment": {}, "dummy_provider": {}})
    api.create_course(tenant, "free-one")
    api.create_course(tenant, "paid-one", pricing_model="one_time", price=PRICE)
    api.create_course(tenant, "paid-draft", pricing_model="one_time", price=PRICE,
                      status="draft")
    return tenant


def test_preview_names_the_courses_a_change_breaks(api, shop):
    plan = api.call("GET", "/v1/admin/plugins/plan?plugin=dummy_provider&enabled=false",
                    headers=shop.admin, expect=200).get_json()
    assert plan["allowed"] is False
    assert plan["changes"] == [{"course": "paid-one", "before": "available",
                                "after": "not_available",
                                "reason": "no enabled payment provider takes EUR"}]
    assert "dummy_provider" not in plan["enabled"]
    harmless = api.call("GET", "/v1/admin/plugins/plan?plugin=needs_dummy&enabled=true",
                        headers=shop.admin, expect=200).get_json()
    assert harmless == {"enabled": ["dummy_provider", "free_enrollment", "needs_dummy"],
                        "changes": [], "missing_requirements": {}, "allowed": True}


def test_breaking_changes_are_refused_with_the_course_and_the_missing_piece(api, shop):
    problem = api.call("PUT", "/v1/admin/plugins/dummy_provider", json={"enabled": False},
                       headers=shop.admin, expect=409).get_json()
    assert problem["code"] == "plugin_plan_rejected"
    assert problem["courses"] == [{"course": "paid-one",
                                   "missing": "no enabled payment provider takes EUR"}]
    problem = api.call("PUT", "/v1/admin/plugins/free_enrollment", json={"enabled": False},
                       headers=shop.admin, expect=409).get_json()
    assert "pricing model 'free' needs plugin 'free_enrollment' enabled" in problem["detail"]
    plugins = api.call("GET", "/v1/admin/plugins", headers=shop.admin).get_json()
    assert {p["name"] for p in plugins if p["enabled"]} == {"free_enrollment",
                                                           "dummy_provider"}


def test_archiving_first_makes_the_change_possible(api, shop):
    api.call("PATCH", "/v1/admin/courses/paid-one", json={"status": "archived"},
             headers=shop.admin, expect=200)
    api.call("PUT", "/v1/admin/plugins/dummy_provider", json={"enabled": False},
             headers=shop.admin, expect=200)


def test_required_plugins(api, shop):
    api.call("PUT", "/v1/admin/plugins/needs_dummy", json={"enabled": True},
             headers=shop.admin, expect=200)
    api.call("PATCH", "/v1/admin/courses/paid-one", json={"status": "archived"},
             headers=shop.admin, expect=200)
    problem = api.call("PUT", "/v1/admin/plugins/dummy_provider", json={"enabled": False},
                       headers=shop.admin, expect=409).get_json()
    assert problem["missing_requirements"] == {"needs_dummy": ["dummy_provider"]}


def test_tenant_files_are_checked_too(runtime, tmp_path):
    from tuition.services.tenant_files import TenantFilesFailed, sync_directory

    site = tmp_path / "site.toml"
    site.write_text('slug = "s"\nname = "S"\n[plugins.free_enrollment]\n'
                    '[plugins.dummy_provider]\n[[courses]]\nslug = "p"\ntitle = "P"\n'
                    'pricing_model = "one_time"\nstatus = "published"\n'
                    'price = { amount = 100, currency = "EUR" }\n')
    sync_directory(runtime, tmp_path)
    site.write_text(site.read_text().replace("[plugins.dummy_provider]\n", ""))
    with pytest.raises(TenantFilesFailed) as info:
        sync_directory(runtime, tmp_path)
    (conflict,) = info.value.causes
    assert conflict.code == "plugin_plan_rejected"
    assert conflict.extra["courses"][0]["course"] == "p"
    assert "course 'p'" in info.value.extra["errors"][str(site)][0]
