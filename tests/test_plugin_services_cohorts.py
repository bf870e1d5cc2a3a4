"""``host.services`` (:class:`tuition.plugin_api.CoreServices`): what plugins read and
change of core's rows, through the session they give."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from tuition.models import Course, Enrollment
from tuition.testing.api import Api, TenantHandle


def _enrolled(api: Api, tenant: TenantHandle, course: str) -> tuple[Any, str]:
    student = api.signup(tenant)
    enrollment = api.enroll(tenant, student, course).get_json()
    return student, enrollment["id"]


# -- reads: tenant, course(s), enrollment(s) -------------------------------------------------


def test_tenant_is_read_by_id(api: Api, runtime: Any) -> None:
    site = api.create_tenant()
    with runtime.session(site.id) as session:
        tenant = runtime.services.tenant(session, site.id)
        assert tenant is not None and (tenant.id, tenant.slug) == (site.id, site.slug)
        assert runtime.services.tenant(session, "ten_missing") is None


def test_course_by_id_or_slug_within_the_sessions_tenant(api: Api, runtime: Any) -> None:
    first, second = api.create_tenant(), api.create_tenant()
    mine = api.create_course(first, "shared-slug")
    theirs = api.create_course(second, "shared-slug")
    with runtime.session(first.id) as session:
        by_slug = runtime.services.course(session, slug="shared-slug")
        assert by_slug is not None and by_slug.id == mine["id"]
        assert runtime.services.course(session, id=mine["id"]) is by_slug
        assert runtime.services.course(session, id=theirs["id"]) is None
        assert runtime.services.course(session, slug="nope") is None
        assert runtime.services.course(session) is None
        # with both, the id decides and the slug is the fallback
        assert runtime.services.course(session, id=mine["id"], slug="nope") is by_slug
        assert runtime.services.course(session, id="crs_none", slug="shared-slug") is by_slug


def test_course_is_read_again_though_the_session_holds_it(api: Api, runtime: Any) -> None:
    site = api.create_tenant()
    course = api.create_course(site, capacity=5)
    with runtime.session(site.id) as session:
        loaded = runtime.services.course(session, id=course["id"])
        assert loaded is not None and loaded.seats_taken == 0
        with runtime.session(site.id) as other:  # a concurrent enrollment
            other.execute(update(Course).where(Course.id == course["id"]).values(seats_taken=3))
            other.commit()
        assert loaded.seats_taken == 0  # what the session loaded before
        again = runtime.services.course(session, id=course["id"])
        assert again is loaded and again.seats_taken == 3


def test_courses_by_ids_or_all_of_the_tenant_by_slug(api: Api, runtime: Any) -> None:
    site, other = api.create_tenant(), api.create_tenant()
    b = api.create_course(site, "b-course")
    a = api.create_course(site, "a-course")
    api.create_course(site, "c-course")
    api.create_course(other, "a-course")
    with runtime.session(site.id) as session:
        assert [c.slug for c in runtime.services.courses(session)] == [
            "a-course",
            "b-course",
            "c-course",
        ]
        assert [c.id for c in runtime.services.courses(session, ids={b["id"], a["id"]})] == [
            a["id"],
            b["id"],
        ]
        assert runtime.services.courses(session, ids=[]) == []


def test_enrollment_is_read_again_with_its_student_and_course(api: Api, runtime: Any) -> None:
    site = api.create_tenant()
    api.create_course(site, "intro")
    student, enrollment_id = _enrolled(api, site, "intro")
    with runtime.session(site.id) as session:
        found = runtime.services.enrollment(session, enrollment_id)
        assert found is not None and found.status == "active"
        assert (found.student.id, found.course.slug) == (student.id, "intro")
        with runtime.session(site.id) as other:
            other.execute(
                update(Enrollment).where(Enrollment.id == enrollment_id).values(status="completed")
            )
            other.commit()
        again = runtime.services.enrollment(session, enrollment_id)
        assert again is found and again.status == "completed"
        assert runtime.services.enrollment(session, "enr_missing") is None
    with runtime.session(api.create_tenant().id) as session:  # another tenant's
        assert runtime.services.enrollment(session, enrollment_id) is None


def test_enrollments_match_every_filter_given(api: Api, runtime: Any) -> None:
    site = api.create_tenant()
    intro, advanced = api.create_course(site, "intro"), api.create_course(site, "advanced")
    ann, ann_intro = _enrolled(api, site, "intro")
    ann_advanced = api.enroll(site, ann, "advanced").get_json()["id"]
    bob, bob_intro = _enrolled(api, site, "intro")
    with runtime.session(site.id) as session:
        session.execute(
            update(Enrollment).where(Enrollment.id == ann_advanced).values(status="canceled")
        )
        session.commit()
        services = runtime.services

        def ids(**filters: Any) -> list[str]:
            return [e.id for e in services.enrollments(session, **filters)]

        assert ids() == [ann_intro, ann_advanced, bob_intro]  # oldest first
        assert ids(student_id=ann.id) == [ann_intro, ann_advanced]
        assert ids(course_ids=[intro["id"]]) == [ann_intro, bob_intro]
        assert (
            ids(student_id=ann.id, course_ids=[advanced["id"]], statuses=("pending", "active"))
            == []
        )
        assert ids(statuses=["canceled"]) == [ann_advanced]
        assert ids(ids=[bob_intro, ann_intro]) == [ann_intro, bob_intro]
        assert ids(ids=[]) == []
        first = services.enrollments(session, student_id=bob.id)[0]
        assert (first.student.email, first.course.slug) == (bob.email, "intro")
