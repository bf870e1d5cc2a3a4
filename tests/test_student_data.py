"""The student's data: export (inline and as a job with a signed link) and erasure across
core and every plugin that stores personal data; retention of unconverted sign-ups."""

from __future__ import annotations

import gzip
import json
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import LargeBinary, select

from tuition.db import utcnow
from tuition.models import Base
from tuition.services.sweep import sweep
from tuition.testing.api import OPERATOR_TOKEN
from tuition.testing.tenants import sync_tenant_files
from tuition_cohorts.testing import add_cohort
from tuition_email_notifications.testing import SmtpServer, mail_settings
from tuition_outbound_webhooks.testing import Receiver

EMAIL = "Ada.Lovelace@Example.com"
STORED = EMAIL.lower()
PRICE = {"amount": 90000, "currency": "EUR"}
OFFER = {"message": "Next: the bootcamp.", "price": {"amount": 80000, "currency": "EUR"}}
#: Plugins whose tables hold something about a student.
WITH_DATA = (
    "abandoned_checkout",
    "cohorts",
    "dummy_provider",
    "email_notifications",
    "next_course",
    "outbound_webhooks",
)


def site(api: Any, smtp: SmtpServer, receiver: Receiver) -> Any:
    """A site with every plugin that keeps a student's data; a free mini course offering
    a paid cohort bootcamp next."""
    tenant = api.create_tenant(
        {
            "free_enrollment": {},
            "dummy_provider": {},
            "cohorts": {},
            "next_course": {},
            "abandoned_checkout": {"settings": {"after_minutes": 60}},
            "email_notifications": {"settings": mail_settings(smtp.port)},
            "outbound_webhooks": {},
        }
    )
    api.create_course(tenant, "bootcamp", pricing_model="one_time", price=PRICE)
    api.create_course(tenant, "extra", pricing_model="one_time", price=OFFER["price"])
    add_cohort(api, tenant, "bootcamp", "spring", 5)
    api.create_course(
        tenant,
        "mini",
        next_courses=["bootcamp"],
        attributes={"next_course": {"offers": {"bootcamp": OFFER}}},
    )
    api.call(
        "POST",
        "/v1/admin/webhook-endpoints",
        headers=tenant.admin,
        expect=201,
        json={"url": receiver.url(), "events": ["order.paid", "enrollment.activated"]},
    )
    return tenant


def a_customer(api: Any, tenant: Any, email: str = EMAIL) -> tuple[Any, str]:
    """A student who viewed and took the mini course, got the offer, bought a seat in the
    bootcamp's spring cohort, and left a checkout unpaid (and was reminded); returns the
    student and the bootcamp's order id."""
    ada = api.signup(tenant, email)
    api.call("POST", "/v1/courses/mini/views", headers=ada.headers, expect=202)
    mini = api.enroll(tenant, ada, "mini").get_json()
    api.call("POST", f"/v1/me/enrollments/{mini['id']}/complete", headers=ada.headers, expect=200)
    checkout = api.call(
        "POST",
        "/v1/enrollments",
        json={"course": "bootcamp", "cohort": "spring"},
        headers=ada.headers,
        expect=202,
    ).get_json()["checkout"]
    api.call(
        "POST",
        f"/v1/dummy/checkout/{tenant.slug}/{checkout['order_id']}",
        json={"outcome": "pay"},
        expect=200,
    )
    api.enroll(tenant, ada, "extra", expect=202)
    sweep(runtime_of(api), utcnow() + timedelta(minutes=61))  # the reminder goes out
    return ada, checkout["order_id"]


def runtime_of(api: Any) -> Any:
    return api.client.application.extensions["tuition"]


def rows_mentioning(runtime: Any, needle: str) -> dict[str, int]:
    """Every table's rows whose text (any column but binary ones) holds ``needle``."""
    found: dict[str, int] = {}
    with runtime.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if not isinstance(c.type, LargeBinary)]
            for row in connection.execute(select(*columns)):
                if needle.lower() in json.dumps([str(v) for v in row]).lower():
                    found[table.name] = found.get(table.name, 0) + 1
    return found


def test_export_holds_core_and_every_plugins_data(
    api: Any, runtime: Any, smtp: SmtpServer, receiver: Receiver
) -> None:
    tenant = site(api, smtp, receiver)
    ada, order_id = a_customer(api, tenant)
    other = api.signup(tenant, "someone.else@example.com")

    mine = api.call("GET", "/v1/me/export", headers=ada.headers, expect=200).get_json()
    assert mine["profile"]["email"] == STORED and mine["profile"]["id"] == ada.id
    assert sorted(e["course"] for e in mine["enrollments"]) == ["bootcamp", "extra", "mini"]
    order = next(o for o in mine["orders"] if o["id"] == order_id)
    assert (order["id"], order["amount"], order["customer_email"]) == (order_id, 80000, STORED)
    assert order["transitions"] and mine["payment_events"]
    assert [f["kind"] for f in mine["funnel_events"]].count("view") == 1
    assert {a["object_id"] for a in mine["audit_entries"]} >= {order_id}
    assert {e["type"] for e in mine["live_events"]} >= {"order.paid"}
    plugins = mine["plugins"]
    assert set(plugins) == set(WITH_DATA)
    assert [(s["cohort"], s["status"]) for s in plugins["cohorts"]["seats"]] == [
        ("spring", "taken")
    ]
    mails = plugins["email_notifications"]["mails"]
    assert {m["template"] for m in mails} >= {"enrollment_confirmation", "payment_receipt"}
    assert {m["recipient"] for m in mails} == {STORED}
    assert [r["course_id"] for r in plugins["abandoned_checkout"]["reminders"]]
    assert plugins["email_notifications"]["consent"] == {"marketing": True, "updated_at": None}
    assert [o["course_id"] for o in plugins["next_course"]["offers"]]
    assert [p["order_id"] for p in plugins["dummy_provider"]["payments"]] == [order_id]
    assert {d["event_type"] for d in plugins["outbound_webhooks"]["deliveries"]} >= {"order.paid"}
    assert "someone.else" not in json.dumps(mine)

    by_admin = api.call(
        "GET", f"/v1/admin/students/{ada.id}/export", headers=tenant.admin, expect=200
    ).get_json()
    assert by_admin["profile"] == mine["profile"] and by_admin["orders"] == mine["orders"]
    theirs = api.call("GET", "/v1/me/export", headers=other.headers, expect=200).get_json()
    assert theirs["orders"] == [] and theirs["plugins"].get("cohorts") is None

    elsewhere = api.create_tenant()
    api.call("GET", f"/v1/admin/students/{ada.id}/export", headers=elsewhere.admin, expect=404)


def test_erasure_leaves_the_email_nowhere_keeps_amounts_and_refuses_login(
    api: Any, runtime: Any, smtp: SmtpServer, receiver: Receiver
) -> None:
    tenant = site(api, smtp, receiver)
    ada, order_id = a_customer(api, tenant)
    bob, _ = a_customer(api, tenant, "bob@example.com")
    assert rows_mentioning(runtime, STORED)  # core's and the plugins' tables hold it

    report = api.call("POST", "/v1/me/erasure", headers=ada.headers, json={}, expect=200).get_json()

    assert rows_mentioning(runtime, STORED) == {}
    assert report["already_erased"] is False
    assert report["pseudonym"] == f"erased-{ada.id}@erased.invalid"
    assert report["erased"]["students"] == 1 and report["erased"]["orders"] == 2
    assert report["erased"]["refresh_tokens"] >= 1
    assert "orders" in report["kept"]
    assert set(report["plugins"]) >= set(WITH_DATA)
    assert report["plugins"]["email_notifications"]["erased"]["mails"] >= 2
    assert report["plugins"]["next_course"]["erased"]["offers"] >= 1
    assert "payments" in report["plugins"]["dummy_provider"]["kept"]

    # the law's part stays: the order's amounts, under the pseudonym
    order = api.call("GET", f"/v1/admin/orders/{order_id}", headers=tenant.admin, expect=200)
    kept = order.get_json()
    assert (kept["amount"], kept["currency"], kept["status"]) == (80000, "EUR", "paid")
    assert kept["customer_email"] == report["pseudonym"]
    # the student is gone: token, password and refresh token refused
    api.call("GET", "/v1/me", headers=ada.headers, expect=401)
    api.call(
        "POST",
        "/v1/auth/login",
        json={"email": EMAIL, "password": "correct horse battery"},
        headers=tenant.storefront,
        expect=401,
    )
    # another student's data is untouched
    assert rows_mentioning(runtime, "bob@example.com")
    api.call("GET", "/v1/me", headers=bob.headers, expect=200)

    again = api.call(
        "POST", f"/v1/admin/students/{ada.id}/erasure", headers=tenant.admin, expect=200
    ).get_json()
    assert again["already_erased"] is True and again["erased"] == {}
    assert again["erased_at"] == report["erased_at"]
    # and the admin's export shows only the pseudonym
    export = api.call(
        "GET", f"/v1/admin/students/{ada.id}/export", headers=tenant.admin, expect=200
    ).get_json()
    assert STORED not in json.dumps(export).lower()
    assert sorted(o["amount"] for o in export["orders"]) == [80000, 80000]


def test_the_admin_erases_a_student_of_its_own_site_only(api: Any) -> None:
    tenant = api.create_tenant()
    ada = api.signup(tenant, EMAIL)
    elsewhere = api.create_tenant()
    api.call("POST", f"/v1/admin/students/{ada.id}/erasure", headers=elsewhere.admin, expect=404)
    api.call("GET", "/v1/me", headers=ada.headers, expect=200)
    api.call("POST", f"/v1/admin/students/{ada.id}/erasure", headers=tenant.admin, expect=200)
    api.call("GET", "/v1/me", headers=ada.headers, expect=401)


class TestLargeExports:
    @pytest.fixture
    def tuition_setting_overrides(self) -> dict[str, Any]:
        return {"export_inline_max_rows": 1, "export_link_ttl_hours": 2}

    def test_a_large_export_is_a_job_with_a_signed_expiring_link(
        self, api: Any, runtime: Any, client: Any
    ) -> None:
        tenant = api.create_tenant()
        api.create_course(tenant, "one")
        api.create_course(tenant, "two")
        ada = api.signup(tenant, EMAIL)
        api.enroll(tenant, ada, "one")
        api.enroll(tenant, ada, "two")

        started = api.call("GET", "/v1/me/export", headers=ada.headers, expect=202).get_json()
        assert started["status"] == "pending" and started["download_url"] is None
        again = api.call("GET", "/v1/me/export", headers=ada.headers, expect=202).get_json()
        assert again["id"] == started["id"]  # asking again never starts a second job
        job = api.call(
            "GET", f"/v1/me/exports/{started['id']}", headers=ada.headers, expect=200
        ).get_json()
        assert job["status"] == "ready" and job["size_bytes"] > 0
        by_admin = api.call(
            "GET", f"/v1/admin/exports/{started['id']}", headers=tenant.admin, expect=200
        ).get_json()
        assert by_admin["status"] == "ready"
        other = api.signup(tenant, "other@example.com")
        api.call("GET", f"/v1/me/exports/{started['id']}", headers=other.headers, expect=404)

        url = urlsplit(job["download_url"])
        answer = client.get(f"{url.path}?{url.query}")  # no key, no token: the link is it
        assert answer.status_code == 200
        assert answer.headers["Content-Type"] == "application/gzip"
        document = json.loads(gzip.decompress(answer.data))
        assert document["profile"]["email"] == STORED
        assert sorted(e["course"] for e in document["enrollments"]) == ["one", "two"]

        query = parse_qs(url.query)
        expires, signature = query["expires"][0], query["signature"][0]
        forged = f"{url.path}?expires={int(expires) + 3600}&signature={signature}"
        assert client.get(forged).status_code == 401
        assert (
            client.get(f"{url.path}?expires={query['expires'][0]}&signature=0").status_code == 401
        )

        assert sweep(runtime)["core"]["student_exports_expired"] == 0  # type: ignore[index]
        later = utcnow() + timedelta(hours=3)
        assert sweep(runtime, later)["core"]["student_exports_expired"] == 1  # type: ignore[index]
        assert client.get(f"{url.path}?{url.query}").status_code == 401
        assert client.get(url.path).status_code == 401

    def test_erasure_drops_the_students_exports(self, api: Any, runtime: Any) -> None:
        tenant = api.create_tenant()
        api.create_course(tenant, "one")
        ada = api.signup(tenant, EMAIL)
        api.enroll(tenant, ada, "one")
        api.call("GET", "/v1/me/export", headers=ada.headers, expect=202)
        report = api.call(
            "POST", f"/v1/admin/students/{ada.id}/erasure", headers=tenant.admin, expect=200
        ).get_json()
        assert report["erased"]["student_exports"] == 1


def test_every_plugin_with_tables_implements_both_hooks(runtime: Any) -> None:
    """A plugin with tables may hold a student's data: it says what (export) and erases it.
    A new plugin cannot forget."""
    missing = {
        name: [
            hook
            for hook in ("tuition_student_data", "tuition_erase_student")
            if hook not in plugin.hooks
        ]
        for name, plugin in runtime.plugins.plugins.items()
        if plugin.migrations
    }
    assert {name: hooks for name, hooks in missing.items() if hooks} == {}
    assert set(WITH_DATA) <= set(missing)  # the ones this suite knows hold data


def test_retention_erases_only_old_signups_that_never_enrolled(api: Any, runtime: Any) -> None:
    tenant = api.create_tenant({"free_enrollment": {}, "dummy_provider": {}})
    api.create_course(tenant, "free")
    api.create_course(tenant, "paid", pricing_model="one_time", price=PRICE)
    idle = api.signup(tenant, "idle@example.com")  # signed up, never enrolled
    learner = api.signup(tenant, "learner@example.com")
    api.enroll(tenant, learner, "free")
    payer = api.signup(tenant, "payer@example.com")  # a checkout still open
    api.enroll(tenant, payer, "paid", expect=202)
    quitter = api.signup(tenant, "quitter@example.com")  # a checkout that expired
    order = api.enroll(tenant, quitter, "paid", expect=202).get_json()["checkout"]["order_id"]
    api.call(
        "POST",
        f"/v1/dummy/checkout/{tenant.slug}/{order}",
        json={"outcome": "decline"},
        expect=200,
    )
    untouched = api.create_tenant()  # no retention rule
    elsewhere = api.signup(untouched, "idle@example.com")

    assert api.call("GET", "/v1/admin/tenant", headers=tenant.admin, expect=200).get_json()[
        "retention"
    ] == {"unconverted_signups_months": None}
    api.call(
        "PATCH",
        "/v1/admin/tenant",
        headers=tenant.admin,
        json={"retention": {"unconverted_signups_months": 0}},
        expect=422,
    )
    answer = api.call(
        "PATCH",
        "/v1/admin/tenant",
        headers=tenant.admin,
        json={"retention": {"unconverted_signups_months": 6}},
        expect=200,
    ).get_json()
    assert answer["retention"] == {"unconverted_signups_months": 6}

    def erased() -> int:
        return sweep(runtime, utcnow() + timedelta(days=190))["core"][  # type: ignore[index]
            "unconverted_signups_erased"
        ]

    assert sweep(runtime)["core"]["unconverted_signups_erased"] == 0  # type: ignore[index]
    assert erased() == 2  # idle and quitter, six months on
    assert erased() == 0  # once
    for gone in (idle, quitter):
        api.call("GET", "/v1/me", headers=gone.headers, expect=401)
    for kept in (learner, payer):
        api.call("GET", "/v1/me", headers=kept.headers, expect=200)
    api.call("GET", "/v1/me", headers=elsewhere.headers, expect=200)
    entries = api.call(
        "GET", "/v1/admin/audit?object_type=student", headers=tenant.admin, expect=200
    ).get_json()["items"]
    assert {(e["object_id"], e["actor"]) for e in entries if e["action"] == "erased"} == {
        (idle.id, "retention"),
        (quitter.id, "retention"),
    }


def test_retention_is_set_at_creation_and_by_tenant_files(
    api: Any, runtime: Any, tmp_path: Any
) -> None:
    created = api.call(
        "POST",
        "/v1/tenants",
        json={"slug": "kept", "name": "Kept", "retention": {"unconverted_signups_months": 3}},
        headers={"Authorization": f"Bearer {OPERATOR_TOKEN}"},
        expect=201,
    ).get_json()
    assert created["retention"] == {"unconverted_signups_months": 3}

    site_file = tmp_path / "site.toml"
    site_file.write_text(
        'slug = "filed"\nname = "Filed"\n\n[retention]\nunconverted_signups_months = 12\n'
    )
    [report] = sync_tenant_files(runtime, site_file)
    assert report.created
    admin = {"Authorization": f"Bearer {report.secret_key}"}
    shown = api.call("GET", "/v1/admin/tenant", headers=admin, expect=200).get_json()
    assert shown["retention"] == {"unconverted_signups_months": 12}
    site_file.write_text('slug = "filed"\nname = "Filed"\n')
    [report] = sync_tenant_files(runtime, site_file)
    assert "retention" in report.changes
    shown = api.call("GET", "/v1/admin/tenant", headers=admin, expect=200).get_json()
    assert shown["retention"] == {"unconverted_signups_months": None}


def test_an_imported_student_with_a_discount_is_exported_and_erased_whole(api: Any) -> None:
    """The owner's CSV import (the name, the file's line) and a discount code's redemption
    are the student's data too: exported, and the name and the line erased."""
    tenant = api.create_tenant({"free_enrollment": {}, "dummy_provider": {}, "discounts": {}})
    api.create_course(tenant, "intro")
    api.create_course(tenant, "pro", pricing_model="one_time", price=PRICE)
    api.call(
        "POST",
        "/v1/admin/discounts/codes",
        headers=tenant.admin,
        expect=201,
        json={"code": "launch", "percent_off": 20},
    )
    imported = api.call(
        "POST",
        "/v1/admin/enrollments:import",
        headers={**tenant.admin, "Content-Type": "text/csv"},
        data=f"email,name,course\n{EMAIL},Augusta Ada King,intro\n",
        expect=202,
    ).get_json()
    status = api.call(
        "GET", f"/v1/admin/enrollments:import/{imported['id']}", headers=tenant.admin, expect=200
    ).get_json()
    assert status["enrolled"] == 1, status
    runtime = runtime_of(api)
    [student] = api.call(
        "GET", "/v1/admin/enrollments", headers=tenant.admin, expect=200
    ).get_json()["items"]
    with runtime.session(tenant.id) as session:
        token = runtime.services.student_link_token(session, student["student_id"], "set_password")
    assert token is not None
    signed = api.call(
        "POST",
        "/v1/auth/invitation:accept",
        json={"token": token, "password": "correct horse battery"},
        headers=tenant.storefront,
        expect=200,
    ).get_json()
    headers = tenant.as_student(signed["token"])
    api.call(
        "POST",
        "/v1/enrollments",
        json={"course": "pro", "code": "LAUNCH"},
        headers=headers,
        expect=202,
    )

    mine = api.call("GET", "/v1/me/export", headers=headers, expect=200).get_json()
    assert mine["profile"]["name"] == "Augusta Ada King"
    [used] = mine["plugins"]["discounts"]["redemptions"]
    assert (used["code"], used["discount_amount"]) == ("LAUNCH", PRICE["amount"] // 5)
    assert rows_mentioning(runtime, "Augusta Ada King")

    report = api.call("POST", "/v1/me/erasure", headers=headers, json={}, expect=200).get_json()
    assert report["erased"]["enrollment_imports"] == 1
    assert "redemptions" in report["plugins"]["discounts"]["kept"]
    assert rows_mentioning(runtime, "Augusta Ada King") == {}
    assert rows_mentioning(runtime, STORED) == {}
