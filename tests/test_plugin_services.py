"""``host.services`` (core's :class:`~tuition.services.plugin_services.PluginServices`): what
plugins read and change of core's rows through the caller's session."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select, update

from tuition.models import Enrollment, Order
from tuition.plugin_api import (
    LIVE_ENROLLMENT_STATUSES,
    OWNED_ENROLLMENT_STATUSES,
    REDACTED,
    CoreServices,
)
from tuition.plugin_api.tables import utcnow
from tuition.testing.api import Api, StudentHandle, TenantHandle

PRICE = {"amount": 4900, "currency": "EUR"}


def services(runtime: Any) -> CoreServices:
    found: CoreServices = runtime.services
    return found


def test_the_redaction_marker_is_the_one_core_shows(api: Api, runtime: Any) -> None:
    from tuition.models import REDACTION_MARKER
    from tuition.services.redaction import REDACTED as CORE_REDACTED

    assert REDACTED == REDACTION_MARKER == CORE_REDACTED == "[redacted]"


# -- tenants ------------------------------------------------------------------------------


def test_tenant_reads_a_tenant_with_its_settings(api: Api, runtime: Any) -> None:
    site = api.create_tenant(
        {"free_enrollment": {}, "abandoned_checkout": {"settings": {"after_minutes": 5}}}
    )
    with runtime.session(site.id) as session:
        tenant = services(runtime).tenant(session, site.id)
        assert services(runtime).tenant(session, "ten_nope") is None
    assert tenant is not None  # readable after the session ended
    assert (tenant.id, tenant.slug) == (site.id, site.slug)
    assert tenant.plugin_settings()["abandoned_checkout"] == {"after_minutes": 5}
    assert "abandoned_checkout" in tenant.enabled_plugins()


def test_tenants_enabling_lists_only_tenants_with_the_plugin_on(api: Api, runtime: Any) -> None:
    first = api.create_tenant({"free_enrollment": {}, "also_took": {}})
    api.create_tenant({"free_enrollment": {}})
    off = api.create_tenant({"free_enrollment": {}, "also_took": {}})
    api.call(
        "PATCH",
        "/v1/admin/plugins/also_took",
        json={"enabled": False},
        headers=off.admin,
        expect=200,
    )
    found = services(runtime).tenants_enabling("also_took")
    assert [t.id for t in found] == [first.id]
    assert "also_took" in found[0].enabled_plugins()  # loaded: the session is gone
    assert services(runtime).tenants_enabling("no_such_plugin") == []


# -- students, courses, enrollments ---------------------------------------------------------


def site_with_courses(api: Api) -> TenantHandle:
    tenant = api.create_tenant({"free_enrollment": {}})
    for slug in ("intro", "sql", "python", "stats"):
        api.create_course(tenant, slug, title=slug.title())
    api.call(
        "PATCH",
        "/v1/admin/courses/intro",
        json={"next_courses": ["python", "sql"]},
        headers=tenant.admin,
        expect=200,
    )
    return tenant


def test_student_and_course_lookups(api: Api, runtime: Any) -> None:
    tenant, other = site_with_courses(api), site_with_courses(api)
    student = api.signup(tenant)
    with runtime.session(tenant.id) as session:
        found = services(runtime).student(session, student.id)
        assert found is not None and found.email == student.email
        assert services(runtime).student(session, "stu_nope") is None
        by_slug = services(runtime).course(session, slug="sql")
        assert by_slug is not None and by_slug.title == "Sql"
        by_id = services(runtime).course(session, id=by_slug.id)
        assert by_id is not None and by_id.slug == "sql"
        # an unknown id falls back to the slug; neither known: None
        assert services(runtime).course(session, id="crs_nope", slug="sql") is not None
        assert services(runtime).course(session, id="crs_nope") is None
        assert services(runtime).course(session) is None
    with runtime.session(other.id) as session:  # another tenant's rows are not seen
        assert services(runtime).student(session, student.id) is None
        assert services(runtime).course(session, id=by_slug.id) is None


def test_courses_by_ids_in_one_query(api: Api, runtime: Any) -> None:
    tenant, other = site_with_courses(api), site_with_courses(api)
    with runtime.session(tenant.id) as session:
        svc = services(runtime)
        sql, intro = svc.course(session, slug="sql"), svc.course(session, slug="intro")
        assert sql is not None and intro is not None
        found = svc.courses(session, [sql.id, intro.id, "crs_nope", sql.id])
        assert [c.slug for c in found] == ["intro", "sql"]  # by creation, unknown left out
        assert svc.courses(session, []) == []
    with runtime.session(other.id) as session:
        assert services(runtime).courses(session, [sql.id]) == []


def test_next_courses_in_the_owners_order(api: Api, runtime: Any) -> None:
    tenant = site_with_courses(api)
    with runtime.session(tenant.id) as session:
        intro = services(runtime).course(session, slug="intro")
        sql = services(runtime).course(session, slug="sql")
        assert intro is not None and sql is not None
        assert [c.slug for c in services(runtime).next_courses(session, intro)] == ["python", "sql"]
        assert services(runtime).next_courses(session, sql) == []


def enrolled(api: Api, tenant: TenantHandle, student: StudentHandle, slug: str) -> str:
    return str(api.enroll(tenant, student, slug).get_json()["id"])


def test_enrollment_and_enrollments_filters(api: Api, runtime: Any) -> None:
    tenant = site_with_courses(api)
    me, peer = api.signup(tenant), api.signup(tenant)
    intro, sql = enrolled(api, tenant, me, "intro"), enrolled(api, tenant, me, "sql")
    theirs = enrolled(api, tenant, peer, "intro")
    with runtime.session(tenant.id) as session:
        session.execute(update(Enrollment).where(Enrollment.id == sql).values(status="canceled"))
        session.commit()
    with runtime.session(tenant.id) as session:
        svc = services(runtime)
        one = svc.enrollment(session, intro)
        assert one is not None and (one.student_id, one.course.slug) == (me.id, "intro")
        assert svc.enrollment(session, "enr_nope") is None
        assert [e.id for e in svc.enrollments(session, student_id=me.id)] == [intro, sql]
        assert [
            e.id
            for e in svc.enrollments(session, student_id=me.id, statuses=LIVE_ENROLLMENT_STATUSES)
        ] == [intro]
        assert [e.id for e in svc.enrollments(session, course_ids=[one.course_id])] == [
            intro,
            theirs,
        ]
        assert svc.enrollments(session, course_ids=[]) == []
        assert len(svc.enrollments(session)) == 3


def test_courses_taken_next_ranks_what_peers_took_afterwards(api: Api, runtime: Any) -> None:
    tenant = site_with_courses(api)
    api.create_course(tenant, "draft-one", status="draft")
    for later in (["sql", "python"], ["sql"], ["stats"]):
        peer = api.signup(tenant)
        enrolled(api, tenant, peer, "intro")
        for slug in later:
            enrolled(api, tenant, peer, slug)
    early = api.signup(tenant)  # took stats BEFORE intro: not "next"
    enrolled(api, tenant, early, "stats")
    enrolled(api, tenant, early, "intro")
    me = api.signup(tenant)
    with runtime.session(tenant.id) as session:
        svc = services(runtime)
        assert svc.courses_taken_next(session, me.id, limit=10) == []  # owns nothing
    enrolled(api, tenant, me, "intro")
    with runtime.session(tenant.id) as session:
        ids: dict[str, str] = {}
        svc = services(runtime)
        for slug in ("sql", "python", "stats"):
            course = svc.course(session, slug=slug)
            assert course is not None
            ids[course.id] = slug
        found = [(ids[c], n) for c, n in svc.courses_taken_next(session, me.id, limit=10)]
        assert found[0] == ("sql", 2)
        assert sorted(found[1:]) == [("python", 1), ("stats", 1)]
        assert len(svc.courses_taken_next(session, me.id, limit=1)) == 1
        # a sample of no peers finds nothing
        assert svc.courses_taken_next(session, me.id, limit=10, peers=0) == []
    assert OWNED_ENROLLMENT_STATUSES == ("active", "completed")


# -- orders ---------------------------------------------------------------------------------


def shop(api: Api) -> TenantHandle:
    tenant = api.create_tenant({"dummy_provider": {}})
    api.create_course(tenant, "pro", pricing_model="one_time", price=PRICE)
    api.create_course(tenant, "max", pricing_model="one_time", price=PRICE)
    return tenant


def checkout(api: Api, tenant: TenantHandle, student: StudentHandle, slug: str = "pro") -> str:
    return str(api.enroll(tenant, student, slug, expect=202).get_json()["checkout"]["order_id"])


def test_unpaid_orders_in_a_window_not_bought_since(api: Api, runtime: Any) -> None:
    tenant = shop(api)
    a, b, c = api.signup(tenant), api.signup(tenant), api.signup(tenant)
    open_order = checkout(api, tenant, a)
    paid = checkout(api, tenant, b)
    api.call(
        "POST", f"/v1/dummy/checkout/{tenant.slug}/{paid}", json={"outcome": "pay"}, expect=200
    )
    given_up = checkout(api, tenant, c)
    with runtime.session(tenant.id) as session:  # c's checkout expired; c bought it again
        order = session.get(Order, given_up)
        assert order is not None
        order.status = "expired"
        order.enrollment.status = "expired"
        session.commit()
    again = checkout(api, tenant, c)
    other_course = checkout(api, tenant, c, "max")
    now = utcnow()
    before, after = now - timedelta(hours=1), now + timedelta(minutes=1)
    with runtime.session(tenant.id) as session:
        svc = services(runtime)
        found = svc.unpaid_orders(session, created_after=before, created_before=after)
        assert [o.id for o in found] == [open_order, again, other_course]
        assert found[0].checkout is not None and found[0].course.slug == "pro"
        assert (
            svc.unpaid_orders(
                session, created_after=after, created_before=after + timedelta(hours=1)
            )
            == []
        )
        skip = select(Order.id).where(Order.id.in_([open_order, other_course]))
        assert [
            o.id
            for o in svc.unpaid_orders(
                session, created_after=before, created_before=after, exclude_ids=skip
            )
        ] == [again]
        assert (
            len(svc.unpaid_orders(session, created_after=before, created_before=after, limit=2))
            == 2
        )


def test_order_reads_an_order_of_the_sessions_tenant(api: Api, runtime: Any) -> None:
    tenant, other = shop(api), shop(api)
    student = api.signup(tenant)
    order_id = checkout(api, tenant, student)
    with runtime.session(tenant.id) as session:
        order = services(runtime).order(session, order_id)
        assert order is not None
        assert (
            order.student_id,
            order.course.slug,
            order.amount,
            order.currency,
            order.status,
        ) == (student.id, "pro", 4900, "EUR", "pending")
        assert order.enrollment.status == "pending"
        assert services(runtime).order(session, "ord_nope") is None
        services(runtime).mark_checkout_abandoned(order, utcnow())  # written through it
        session.commit()
    with runtime.session(tenant.id) as session:
        again = services(runtime).order(session, order_id)
        assert again is not None and again.abandoned_at is not None
    with runtime.session(other.id) as session:
        assert services(runtime).order(session, order_id) is None


def test_enroll_enrolls_as_the_owner_does_by_hand(api: Api, runtime: Any) -> None:
    from tuition.plugin_api import EnrollmentRefused, ManualEnrollment

    tenant = shop(api)
    student = api.signup(tenant)
    with runtime.transaction(tenant.id) as session:
        site = services(runtime).tenant(session, tenant.id)
        found = services(runtime).student(session, student.id)
        course = services(runtime).course(session, slug="pro")
        assert site is not None and found is not None and course is not None
        manual = ManualEnrollment(actor="seats", external_reference="seats:sp_1")
        made = services(runtime).enroll(session, site, found, course, manual)
        assert (made.status, made.external_reference) == ("active", "seats:sp_1")
    with runtime.session(tenant.id) as session:
        again = services(runtime).enrollment(session, made.id)
        assert again is not None and again.status == "active"
        assert again.course.seats_taken == 1
        site = services(runtime).tenant(session, tenant.id)
        course = services(runtime).course(session, slug="pro")
        assert site is not None and course is not None
        try:
            services(runtime).enroll(
                session, site, again.student, course, ManualEnrollment(actor="x")
            )
        except EnrollmentRefused as refused:
            assert refused.problem.code == "already_enrolled"
        else:
            raise AssertionError("a second live enrollment was made")


# -- catalogue --------------------------------------------------------------------------------


def test_event_types_are_cores_and_the_plugins(runtime: Any) -> None:
    types = services(runtime).event_types()
    assert "order.paid" in types and "enrollment.activated" in types
    assert "checkout.abandoned" in types  # declared by the abandoned_checkout plugin
    assert all(isinstance(meaning, str) and meaning for meaning in types.values())
