"""Plugin discovery, compatibility, registration conflicts and per-tenant dispatch."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tuition.config import Settings
from tuition.plugin_api import (
    ConfigurationError,
    EnrollStateInfo,
    PluginInfo,
    PricingModel,
    hookimpl,
)
from tuition.runtime import Tuition
from tuition.testing.recorders import Recorder


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def tuition_plugins(recorder):
    return [("recorder", recorder)]


def test_entry_point_plugins_are_discovered(runtime):
    plugin = runtime.plugins.plugins["free_enrollment"]
    assert not plugin.builtin
    assert plugin.version == "0.1.0"
    assert [m.name for m in plugin.pricing_models] == ["free"]
    assert "core" in runtime.plugins.plugins and runtime.plugins.plugins["core"].builtin


def test_cli_lists_plugins_with_hooks_and_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("TUITION_DATABASE_URL", f"sqlite:///{tmp_path}/x.db")
    from tuition.cli import main

    result = CliRunner().invoke(main, ["plugins", "list", "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in json.loads(result.output)}
    assert rows["free_enrollment"]["hooks"] == ["tuition_plugin_settings", "tuition_pricing_models"]
    assert rows["free_enrollment"]["settings"] == ["source_label"]
    text = CliRunner().invoke(main, ["plugins", "list"]).output
    assert "free_enrollment 0.1.0" in text and "pricing models: free" in text


class Incompatible:
    TUITION_PLUGIN = PluginInfo(title="From the future", requires_core=">=99")

    @hookimpl
    def tuition_enrollment_checks(self, ctx):  # pragma: no cover - must never run
        raise AssertionError("an incompatible plugin was called")


class BadSpecifier:
    TUITION_PLUGIN = PluginInfo(title="Bad", requires_core="not a version")


class WrongHook:
    @hookimpl
    def tuition_enrollment_checks(self, ctx, unknown_argument):  # pragma: no cover
        return []


def test_incompatible_plugins_are_reported_not_loaded(tmp_path):
    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/x.db",
        extra_plugins=(("future", Incompatible()), ("bad", BadSpecifier()), ("wrong", WrongHook())),
    )
    rt = Tuition(settings)
    assert set(rt.plugins.rejected) == {"future", "bad", "wrong"}
    assert "requires tuition >=99, this is 0.1.0" in rt.plugins.rejected["future"].reason
    assert "invalid requires_core" in rt.plugins.rejected["bad"].reason
    assert "invalid hooks" in rt.plugins.rejected["wrong"].reason
    rows = {row["name"]: row for row in rt.plugins.describe()}
    assert rows["future"]["status"] == "rejected"
    assert "future" not in rt.plugins.optional


class OtherFree:
    class Model(PricingModel):
        name = "free"

        def enroll(self, ctx):  # pragma: no cover
            raise AssertionError

    @hookimpl
    def tuition_pricing_models(self):
        return [self.Model()]


def test_duplicate_pricing_model_names_both_plugins(tmp_path):
    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/x.db", extra_plugins=(("other_free", OtherFree()),)
    )
    with pytest.raises(ConfigurationError) as info:
        Tuition(settings)
    message = str(info.value)
    assert "'free'" in message and "'other_free'" in message and "'free_enrollment'" in message


def test_blocked_plugins_are_not_loaded(tmp_path):
    rt = Tuition(
        Settings(database_url=f"sqlite:///{tmp_path}/x.db", disabled_plugins=("free_enrollment",))
    )
    assert "free_enrollment" not in rt.plugins.plugins
    assert rt.plugins.rejected["free_enrollment"].reason == "blocked"


def test_disabled_plugin_hooks_never_run_for_that_tenant(api, recorder):
    on = api.create_tenant({"free_enrollment": {}, "recorder": {}})
    off = api.create_tenant({"free_enrollment": {}})
    for tenant in (on, off):
        api.create_course(tenant, "intro")
    student_on, student_off = api.signup(on), api.signup(off)
    recorder.calls.clear()  # the signup at ``on`` told the recorder (a verification mail)

    api.call("GET", "/v1/courses", headers=student_off.headers, expect=200)
    api.enroll(off, student_off, "intro")
    assert recorder.calls == []

    api.call("GET", "/v1/courses", headers=student_on.headers, expect=200)
    api.enroll(on, student_on, "intro")
    assert recorder.called("enroll_state") == [["intro"]]
    assert recorder.called("checks") == ["intro"]
    assert recorder.called("after_enrollment") == [("intro", "active")]
    (event,) = recorder.called("event")
    assert event[0] == "enrollment.activated" and event[1]["course"] == "intro"


def test_hook_cache_follows_config_changes(api, recorder):
    tenant = api.create_tenant({"free_enrollment": {}, "recorder": {}})
    api.create_course(tenant, "intro")
    student = api.signup(tenant)
    api.call("GET", "/v1/courses", headers=student.headers, expect=200)
    assert len(recorder.called("enroll_state")) == 1

    api.call(
        "PUT",
        "/v1/admin/plugins/recorder",
        json={"enabled": False},
        headers=tenant.admin,
        expect=200,
    )
    api.call("GET", "/v1/courses", headers=student.headers, expect=200)
    assert len(recorder.called("enroll_state")) == 1

    api.call(
        "PUT",
        "/v1/admin/plugins/recorder",
        json={"enabled": True},
        headers=tenant.admin,
        expect=200,
    )
    api.call("GET", "/v1/courses", headers=student.headers, expect=200)
    assert len(recorder.called("enroll_state")) == 2


def test_enroll_state_hook_is_called_once_per_request_with_all_courses(api, recorder):
    tenant = api.create_tenant({"free_enrollment": {}, "recorder": {}})
    for i in range(5):
        api.create_course(tenant, f"c{i}")
    recorder.state_override = {"c3": "choose_cohort"}
    body = api.call("GET", "/v1/courses", headers=tenant.storefront, expect=200).get_json()
    assert len(recorder.called("enroll_state")) == 1
    assert sorted(recorder.called("enroll_state")[0]) == [f"c{i}" for i in range(5)]
    states = {c["slug"]: c["enroll_state"] for c in body["items"]}
    assert states["c3"] == "choose_cohort" and states["c0"] == "login_required"


def test_plugin_checks_refuse_enrollment(api, recorder):
    tenant = api.create_tenant({"free_enrollment": {}, "recorder": {}})
    api.create_course(tenant, "closed-by-plugin")
    recorder.refuse = {"closed-by-plugin"}
    student = api.signup(tenant)
    problem = api.enroll(tenant, student, "closed-by-plugin", expect=409).get_json()
    assert problem["code"] == "recorder_says_no"
    assert api.call("GET", "/v1/me/enrollments", headers=student.headers).get_json()["total"] == 0


class StatefulPlugin:
    """Declares two enroll states of its own and sets them on courses by slug."""

    __version__ = "0.0.1"

    @hookimpl
    def tuition_enroll_states(self):
        return [
            EnrollStateInfo("book_a_call", "book a call, then enroll", actionable=True),
            EnrollStateInfo("invite_only", "ask the school for an invitation"),
        ]

    @hookimpl
    def tuition_enroll_state(self, ctx):
        wanted = {"call": "book_a_call", "invited": "invite_only", "rogue": "undeclared"}
        return {c.id: wanted[c.slug] for c in ctx.courses if c.slug in wanted}


class TestPluginEnrollStates:
    @pytest.fixture
    def tuition_plugins(self):
        return [("stateful", StatefulPlugin())]

    def test_actionable_plugin_states_are_available_on_the_dashboard(self, api):
        tenant = api.create_tenant({"free_enrollment": {}, "stateful": {}})
        for slug in ("plain", "call", "invited", "rogue"):
            api.create_course(tenant, slug)
        student = api.signup(tenant)
        board = api.call("GET", "/v1/me/dashboard", headers=student.headers, expect=200).get_json()
        # Declared actionable → offered; informative or undeclared states → not.
        assert sorted((c["slug"], c["enroll_state"]) for c in board["available"]) == [
            ("call", "book_a_call"),
            ("plain", "available"),
        ]

    def test_declared_states_are_documented(self, client):
        schemas = client.get("/openapi.json").get_json()["components"]["schemas"]
        state = schemas["CourseOut"]["properties"]["enroll_state"]
        assert {"book_a_call", "invite_only"} <= set(state["enum"])
        assert "undeclared" not in state["enum"]
        assert "book a call, then enroll" in state["description"]


def test_a_plugin_cannot_redeclare_an_enroll_state(tmp_path):
    class Clash:
        __version__ = "0.0.1"

        @hookimpl
        def tuition_enroll_states(self):
            return [EnrollStateInfo("choose_cohort", "mine too", actionable=True)]

    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/x.db", extra_plugins=(("clash", Clash()),)
    )
    with pytest.raises(ConfigurationError) as info:
        Tuition(settings)
    assert "'choose_cohort'" in str(info.value) and "'cohorts'" in str(info.value)

    class CoreClash(Clash):
        @hookimpl
        def tuition_enroll_states(self):
            return [EnrollStateInfo("full", "mine")]

    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/y.db", extra_plugins=(("core_clash", CoreClash()),)
    )
    with pytest.raises(ConfigurationError, match="core's enroll state 'full'"):
        Tuition(settings)
