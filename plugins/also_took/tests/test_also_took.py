"""What other students of the same courses took next, ranked by how many did."""

from __future__ import annotations

from typing import Any


def recommendations(api: Any, student: Any) -> list[tuple[str, str, float]]:
    items = api.call(
        "GET", "/v1/me/recommendations", headers=student.headers, expect=200
    ).get_json()["items"]
    return [(i["course"]["slug"], i["reason"], i["score"]) for i in items]


def site(api: Any, *plugins: str) -> Any:
    tenant = api.create_tenant({"free_enrollment": {}, **{p: {} for p in plugins}})
    for slug in ("intro", "sql", "python", "stats", "older"):
        api.create_course(tenant, slug)
    return tenant


def test_ranks_what_peers_took_after_the_same_course(api: Any) -> None:
    tenant = site(api, "also_took")
    for later in (["sql", "python"], ["sql"], ["stats"]):
        peer = api.signup(tenant)
        api.enroll(tenant, peer, "intro")
        for slug in later:
            api.enroll(tenant, peer, slug)
    early = api.signup(tenant)  # took "older" BEFORE intro: not "next"
    api.enroll(tenant, early, "older")
    api.enroll(tenant, early, "intro")

    me = api.signup(tenant)
    api.enroll(tenant, me, "intro")
    found = recommendations(api, me)
    assert found[0] == ("sql", "2 students of your courses took this next", 2.0)
    assert sorted(found[1:]) == [  # a tie: ranked by course id
        ("python", "1 student of your courses took this next", 1.0),
        ("stats", "1 student of your courses took this next", 1.0),
    ]
    api.enroll(tenant, me, "sql")  # owned courses never come back
    assert "sql" not in [slug for slug, _, _ in recommendations(api, me)]


def test_silent_without_courses_or_when_turned_off(api: Any) -> None:
    tenant, off = site(api, "also_took"), site(api)
    for where in (tenant, off):
        peer = api.signup(where)
        api.enroll(where, peer, "intro")
        api.enroll(where, peer, "sql")
    assert recommendations(api, api.signup(tenant)) == []  # owns nothing yet
    me = api.signup(off)
    api.enroll(off, me, "intro")
    assert recommendations(api, me) == []
