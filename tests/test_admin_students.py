"""The site's students for the console: a searchable list, and their enrollments and orders
by student id."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from tuition.models import Student


def page(api: Any, tenant: Any, path: str, **query: Any) -> dict[str, Any]:
    found: dict[str, Any] = api.call(
        "GET", path, headers=tenant.admin, query_string=query, expect=200
    ).get_json()
    assert found["total"] == len(found["items"])
    return found


def named(runtime: Any, tenant: Any, student_id: str, name: str) -> None:
    with runtime.session(tenant.id) as session:
        session.execute(update(Student).where(Student.id == student_id).values(name=name))
        session.commit()


def test_students_are_listed_newest_first_and_searched_by_email_or_name(api, tenant, runtime):
    ada = api.signup(tenant, "ada@example.com")
    named(runtime, tenant, ada.id, "Ada Lovelace")
    bob = api.signup(tenant, "bob_b@example.com")
    other = api.create_tenant({"free_enrollment": {}})
    named(runtime, other, api.signup(other, "ada@elsewhere.example").id, "Ada Lovelace")

    listed = page(api, tenant, "/v1/admin/students")
    assert [s["id"] for s in listed["items"]] == [bob.id, ada.id]  # not the other site's
    assert listed["items"][1]["name"] == "Ada Lovelace"

    def found(q: str) -> list[str]:
        return [s["email"] for s in page(api, tenant, "/v1/admin/students", q=q)["items"]]

    assert found("LOVELACE") == ["ada@example.com"]  # the name, any case
    assert found("bob") == ["bob_b@example.com"]  # the email
    assert found("_") == ["bob_b@example.com"]  # literally, not a wildcard
    assert found("nobody") == []


def test_enrollments_and_orders_are_filtered_by_student(api):
    tenant = api.create_tenant({"free_enrollment": {}, "dummy_provider": {}})
    api.create_course(tenant, "free")
    api.create_course(
        tenant, "pro", pricing_model="one_time", price={"amount": 4900, "currency": "EUR"}
    )
    ada, bob = api.signup(tenant), api.signup(tenant)
    api.enroll(tenant, ada, "free")
    api.enroll(tenant, ada, "pro", expect=202)
    api.enroll(tenant, bob, "pro", expect=202)

    enrollments = page(api, tenant, "/v1/admin/enrollments", student=ada.id)["items"]
    assert sorted(e["course"] for e in enrollments) == ["free", "pro"]
    assert {e["student_id"] for e in enrollments} == {ada.id}
    orders = page(api, tenant, "/v1/admin/orders", student=bob.id)["items"]
    assert [(o["course"], o["amount"]) for o in orders] == [("pro", 4900)]
    assert page(api, tenant, "/v1/admin/orders", student="stu_unknown")["items"] == []
    assert page(api, tenant, "/v1/admin/orders")["total"] == 2
