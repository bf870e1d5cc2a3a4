"""Course administration rules."""

from __future__ import annotations

import pytest
from marshmallow import Schema, fields

from tuition.plugin_api import hookimpl


class Tagger:
    class Attributes(Schema):
        colour = fields.String(required=True)

    @hookimpl
    def tuition_course_attributes(self):
        return self.Attributes


@pytest.fixture
def tuition_plugins():
    return [("tagger", Tagger())]


def test_create_read_update_delete(api, tenant):
    created = api.create_course(
        tenant,
        "intro",
        status="draft",
        capacity=10,
        price={"amount": 0, "currency": "EUR"},
        summary="Hello",
        registration_deadline="2030-01-01T10:00:00+02:00",
    )
    assert created["seats_taken"] == 0 and created["status"] == "draft"
    assert created["registration_deadline"].startswith("2030-01-01T08:00:00")
    got = api.call("GET", "/v1/admin/courses/intro", headers=tenant.admin, expect=200).get_json()
    assert got == created
    patched = api.call(
        "PATCH",
        "/v1/admin/courses/intro",
        json={"title": "Intro 2", "status": "published"},
        headers=tenant.admin,
        expect=200,
    ).get_json()
    assert (patched["title"], patched["status"], patched["capacity"]) == (
        "Intro 2",
        "published",
        10,
    )
    listed = api.call("GET", "/v1/admin/courses", headers=tenant.admin).get_json()
    assert listed["total"] == 1
    api.call("DELETE", "/v1/admin/courses/intro", headers=tenant.admin, expect=204)
    api.call("GET", "/v1/admin/courses/intro", headers=tenant.admin, expect=404)


def test_links_between_courses(api, tenant):
    api.create_course(tenant, "basics")
    api.create_course(tenant, "advanced", prerequisites=["basics"])
    api.call(
        "PATCH",
        "/v1/admin/courses/basics",
        json={"next_courses": ["advanced"]},
        headers=tenant.admin,
        expect=200,
    )
    for body, field in [
        ({"prerequisites": ["nope"]}, "prerequisites"),
        ({"prerequisites": ["advanced"]}, "prerequisites"),
        ({"next_courses": ["basics", "basics"]}, "next_courses"),
    ]:
        problem = api.call(
            "PATCH", "/v1/admin/courses/advanced", json=body, headers=tenant.admin, expect=422
        ).get_json()
        assert field in problem["errors"]
    course = api.call("GET", "/v1/admin/courses/advanced", headers=tenant.admin).get_json()
    assert course["prerequisites"] == ["basics"]


def test_rules(api, tenant, student):
    api.create_course(tenant, "intro", capacity=2)
    problem = api.call(
        "POST",
        "/v1/admin/courses",
        json={"slug": "intro", "title": "Again", "pricing_model": "free"},
        headers=tenant.admin,
        expect=409,
    ).get_json()
    assert problem["code"] == "course_exists"
    problem = api.call(
        "POST",
        "/v1/admin/courses",
        json={"slug": "odd", "title": "Odd", "pricing_model": "barter"},
        headers=tenant.admin,
        expect=422,
    ).get_json()
    assert "pricing_model" in problem["errors"]
    problem = api.call(
        "POST",
        "/v1/admin/courses",
        json={"slug": "paid", "title": "Paid", "pricing_model": "one_time"},
        headers=tenant.admin,
        expect=422,
    ).get_json()
    assert "price" in problem["errors"]
    api.enroll(tenant, student, "intro")
    api.enroll(tenant, api.signup(tenant), "intro")
    problem = api.call(
        "PATCH", "/v1/admin/courses/intro", json={"capacity": 1}, headers=tenant.admin, expect=422
    ).get_json()
    assert "capacity" in problem["errors"]
    api.call(
        "PATCH",
        "/v1/admin/courses/intro",
        json={"slug": "renamed"},
        headers=tenant.admin,
        expect=422,
    )
    problem = api.call(
        "DELETE", "/v1/admin/courses/intro", headers=tenant.admin, expect=409
    ).get_json()
    assert problem["code"] == "course_has_enrollments"
    api.call(
        "PATCH",
        "/v1/admin/courses/intro",
        json={"status": "archived"},
        headers=tenant.admin,
        expect=200,
    )
    assert api.call("GET", "/v1/courses", headers=student.headers).get_json()["total"] == 0


def test_plugin_attributes_are_validated_by_their_plugin(api, tenant):
    api.create_course(tenant, "intro", attributes={"tagger": {"colour": "red"}})
    course = api.call("GET", "/v1/admin/courses/intro", headers=tenant.admin).get_json()
    assert course["attributes"] == {"tagger": {"colour": "red"}}
    for attributes, field in [
        ({"tagger": {}}, "attributes.tagger.colour"),
        ({"tagger": {"colour": "red", "x": 1}}, "attributes.tagger.x"),
        ({"unknown": {"a": 1}}, "attributes.unknown"),
    ]:
        problem = api.call(
            "PATCH",
            "/v1/admin/courses/intro",
            json={"attributes": attributes},
            headers=tenant.admin,
            expect=422,
        ).get_json()
        assert field in problem["errors"], problem
    course = api.call("GET", "/v1/admin/courses/intro", headers=tenant.admin).get_json()
    assert course["attributes"] == {"tagger": {"colour": "red"}}
    listed = api.call("GET", "/v1/courses/intro", headers=tenant.storefront).get_json()
    assert "attributes" not in listed


def test_the_catalogue_lists_published_courses_oldest_first(api, tenant):
    slugs = [api.create_course(tenant)["slug"] for _ in range(3)]
    api.create_course(tenant, status="draft")
    pages = [
        api.call(
            "GET", f"/v1/courses?page={n}&page_size=2", headers=tenant.storefront, expect=200
        ).get_json()
        for n in (1, 2)
    ]
    assert [course["slug"] for page in pages for course in page["items"]] == slugs
    assert [page["total"] for page in pages] == [3, 3]


@pytest.mark.parametrize(
    "links",
    [
        {"prerequisites": ["basics"]},
        {"next_courses": ["basics"]},
        {"prerequisites": [], "next_courses": ["basics"]},
    ],
)
def test_capacity_below_seats_taken_with_links_is_refused_and_changes_nothing(
    api, tenant, student, links
):
    api.create_course(tenant, "basics")
    api.create_course(tenant, "extra")
    api.create_course(tenant, "intro", capacity=2)
    api.enroll(tenant, student, "intro")
    api.enroll(tenant, api.signup(tenant), "intro")
    api.call(
        "PATCH",
        "/v1/admin/courses/intro",
        headers=tenant.admin,
        expect=200,
        json={"prerequisites": ["extra"], "next_courses": ["extra"]},
    )
    before = api.call("GET", "/v1/admin/courses/intro", headers=tenant.admin).get_json()
    problem = api.call(
        "PATCH",
        "/v1/admin/courses/intro",
        json={"capacity": 1, "title": "Renamed", **links},
        headers=tenant.admin,
        expect=422,
    ).get_json()
    assert problem["code"] == "validation_error"
    assert list(problem["errors"]) == ["capacity"]
    after = api.call("GET", "/v1/admin/courses/intro", headers=tenant.admin).get_json()
    assert after == before
    assert (after["prerequisites"], after["next_courses"]) == (["extra"], ["extra"])


def test_the_admin_list_searches_title_and_slug_on_the_server(api, tenant):
    api.create_course(tenant, "python-basics", title="Python Basics")
    api.create_course(tenant, "data-100", title="Data 100% Pure")
    api.create_course(tenant, "snakes", title="snake_case Tips")

    def found(q: str) -> set[str]:
        answer = api.call(
            "GET", "/v1/admin/courses", query_string={"q": q}, headers=tenant.admin, expect=200
        ).get_json()
        assert answer["total"] == len(answer["items"])
        return {course["slug"] for course in answer["items"]}

    assert found("PYTHON") == {"python-basics"}  # any case, in the title or slug
    assert found("basics") == {"python-basics"}
    assert found("100%") == {"data-100"}  # % and _ are letters, not wildcards
    assert found("_") == {"snakes"}
    assert found("nothing") == set()
    problem = api.call(
        "GET", "/v1/admin/courses", query_string={"q": ""}, headers=tenant.admin, expect=422
    ).get_json()
    assert "query.q" in problem["errors"]
