"""Recommendations: merged from plugins, owned courses dropped, best score first."""

from __future__ import annotations

import pytest

from tuition.plugin_api import Recommendation, hookimpl
from tuition.testing.recorders import Recorder


class Booster:
    @hookimpl
    def tuition_recommendations(self, ctx, limit):
        return [Recommendation(c.id, "popular", score=10.0) for c in ctx.courses if c.slug == "b"]


@pytest.fixture
def recorder():
    return Recorder()


@pytest.fixture
def tuition_plugins(recorder):
    return [("recorder", recorder), ("booster", Booster())]


def test_dashboard_merges_ranks_and_drops_owned(api, recorder):
    tenant = api.create_tenant({"free_enrollment": {}, "recorder": {}, "booster": {}})
    for slug in ("a", "b", "c"):
        api.create_course(tenant, slug)
    student = api.signup(tenant)
    api.enroll(tenant, student, "a")
    recorder.recommend = ["a", "b", "c"]  # scores 0, 1, 2; booster gives b 10
    board = api.call("GET", "/v1/me/dashboard", headers=student.headers, expect=200).get_json()
    got = [(r["course"]["slug"], r["reason"], r["score"]) for r in board["recommendations"]]
    assert got == [("b", "popular", 10.0), ("c", "because c", 2.0)]


def test_recommendations_stay_silent_when_plugins_are_off(api, recorder):
    tenant = api.create_tenant({"free_enrollment": {}})
    api.create_course(tenant, "a")
    recorder.recommend = ["a"]
    student = api.signup(tenant)
    board = api.call("GET", "/v1/me/dashboard", headers=student.headers, expect=200).get_json()
    assert board["recommendations"] == [] and recorder.calls == []
