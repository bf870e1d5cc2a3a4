"""Key lifecycle: list, create, rotate (with a grace period) and revoke a site's keys through
the admin API, the operator API and the CLI; revoked and expired keys are refused."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import update

from tuition.db import utcnow
from tuition.models import ApiKey
from tuition.runtime import Tuition
from tuition.testing.api import OPERATOR_TOKEN, Api, TenantHandle

OPERATOR = {"Authorization": f"Bearer {OPERATOR_TOKEN}"}


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def listed(api: Api, key: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = api.call(
        "GET", "/v1/admin/keys", headers=bearer(key), expect=200
    ).get_json()["items"]
    return items


def key_id(api: Api, tenant: TenantHandle, raw: str, admin: str | None = None) -> str:
    return next(
        k["id"]
        for k in listed(api, admin or tenant.secret_key)
        if k["last4"] == raw[-4:] and raw.startswith(k["prefix"])
    )


def admin_works(api: Api, key: str) -> int:
    return int(api.call("GET", "/v1/admin/tenant", headers=bearer(key)).status_code)


def key_audit(api: Api, tenant_key: str) -> list[dict[str, Any]]:
    items = api.call(
        "GET",
        "/v1/admin/audit",
        headers=bearer(tenant_key),
        query_string={"object_type": "api_key"},
        expect=200,
    ).get_json()["items"]
    return list(reversed(items))


def test_list_shows_both_keys_but_never_a_secret(api: Api, tenant: TenantHandle) -> None:
    response = api.call("GET", "/v1/admin/keys", headers=tenant.admin, expect=200)
    assert tenant.secret_key not in response.get_data(as_text=True)
    keys = {k["kind"]: k for k in response.get_json()["items"]}
    assert keys["secret"]["prefix"] == "sk_" and keys["secret"]["value"] is None
    assert keys["secret"]["last4"] == tenant.secret_key[-4:]
    assert keys["publishable"]["value"] == tenant.publishable_key
    assert {k["status"] for k in keys.values()} == {"active"}
    assert all(k["expires_at"] is None and k["revoked_at"] is None for k in keys.values())


@pytest.mark.parametrize("kind", ["secret", "publishable"])
def test_a_new_key_is_shown_once_works_and_is_audited(
    api: Api, tenant: TenantHandle, kind: str
) -> None:
    made = api.call(
        "POST", "/v1/admin/keys", json={"kind": kind}, headers=tenant.admin, expect=201
    ).get_json()
    assert made["kind"] == kind and made["key"].startswith(made["prefix"])
    if kind == "secret":
        assert admin_works(api, made["key"]) == 200
    else:
        api.call("GET", "/v1/courses", headers={"X-Tenant-Key": made["key"]}, expect=200)
    assert len(listed(api, tenant.secret_key)) == 3
    entry = key_audit(api, tenant.secret_key)[-1]
    assert (entry["actor"], entry["object_id"], entry["action"]) == ("admin", made["id"], "created")
    assert made["key"] not in str(entry)


def test_rotating_stops_the_old_key_at_once_by_default(api: Api, tenant: TenantHandle) -> None:
    old_id = key_id(api, tenant, tenant.secret_key)
    new = api.call(
        "POST", f"/v1/admin/keys/{old_id}/rotate", headers=tenant.admin, expect=201
    ).get_json()
    assert new["kind"] == "secret" and new["id"] != old_id
    assert admin_works(api, tenant.secret_key) == 401
    assert admin_works(api, new["key"]) == 200
    old = next(k for k in listed(api, new["key"]) if k["id"] == old_id)
    assert old["status"] == "expired"
    assert [e["action"] for e in key_audit(api, new["key"])] == ["rotated", "created"]


def test_a_rotated_key_works_through_its_grace_period(
    api: Api, tenant: TenantHandle, runtime: Tuition
) -> None:
    old_id = key_id(api, tenant, tenant.secret_key)
    before = utcnow()
    new = api.call(
        "POST",
        f"/v1/admin/keys/{old_id}/rotate",
        json={"grace_seconds": 3600},
        headers=tenant.admin,
        expect=201,
    ).get_json()
    assert admin_works(api, tenant.secret_key) == 200
    assert admin_works(api, new["key"]) == 200
    old = next(k for k in listed(api, new["key"]) if k["id"] == old_id)
    expires = datetime.fromisoformat(old["expires_at"])
    assert old["status"] == "expiring"
    assert before + timedelta(seconds=3590) < expires <= utcnow() + timedelta(seconds=3600)
    with runtime.session() as session:  # the hour has passed
        session.execute(
            update(ApiKey)
            .where(ApiKey.id == old_id)
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
        session.commit()
    assert admin_works(api, tenant.secret_key) == 401
    assert admin_works(api, new["key"]) == 200


def test_a_grace_period_is_at_most_seven_days(api: Api, tenant: TenantHandle) -> None:
    old_id = key_id(api, tenant, tenant.secret_key)
    for grace in (-1, 7 * 24 * 3600 + 1, "1h"):
        problem = api.call(
            "POST",
            f"/v1/admin/keys/{old_id}/rotate",
            headers=tenant.admin,
            json={"grace_seconds": grace},
            expect=422,
        ).get_json()
        assert problem["code"] == "validation_error" and "grace_seconds" in problem["errors"]
    assert admin_works(api, tenant.secret_key) == 200


def test_a_revoked_key_is_refused_at_once(api: Api, tenant: TenantHandle) -> None:
    second = api.call(
        "POST", "/v1/admin/keys", json={"kind": "secret"}, headers=tenant.admin, expect=201
    ).get_json()
    api.call("DELETE", f"/v1/admin/keys/{second['id']}", headers=tenant.admin, expect=204)
    assert admin_works(api, second["key"]) == 401
    api.call("DELETE", f"/v1/admin/keys/{second['id']}", headers=tenant.admin, expect=204)
    revoked = next(k for k in listed(api, tenant.secret_key) if k["id"] == second["id"])
    assert revoked["status"] == "revoked" and revoked["revoked_at"]
    assert [
        e["action"] for e in key_audit(api, tenant.secret_key) if e["object_id"] == second["id"]
    ] == ["created", "revoked"]
    problem = api.call(
        "POST", f"/v1/admin/keys/{second['id']}/rotate", headers=tenant.admin, expect=409
    ).get_json()
    assert problem["code"] == "key_not_live"


def test_a_revoked_publishable_key_is_refused(api: Api, tenant: TenantHandle) -> None:
    pk_id = key_id(api, tenant, tenant.publishable_key)
    api.call("DELETE", f"/v1/admin/keys/{pk_id}", headers=tenant.admin, expect=204)
    api.call("GET", "/v1/courses", headers=tenant.storefront, expect=401)


def test_an_owner_cannot_revoke_the_last_secret_key_they_use(
    api: Api, tenant: TenantHandle
) -> None:
    own = key_id(api, tenant, tenant.secret_key)
    problem = api.call(
        "DELETE", f"/v1/admin/keys/{own}", headers=tenant.admin, expect=409
    ).get_json()
    assert problem["code"] == "last_secret_key"
    assert admin_works(api, tenant.secret_key) == 200
    # A replacement that is itself expiring does not count either.
    spare = api.call(
        "POST", "/v1/admin/keys", json={"kind": "secret"}, headers=tenant.admin, expect=201
    ).get_json()
    api.call(
        "POST",
        f"/v1/admin/keys/{spare['id']}/rotate",
        json={"grace_seconds": 60},
        headers=tenant.admin,
        expect=201,
    )
    spare_status = next(k for k in listed(api, tenant.secret_key) if k["id"] == spare["id"])
    assert spare_status["status"] == "expiring"
    # The rotation's new key is permanent: now the owner may revoke the one they use.
    api.call("DELETE", f"/v1/admin/keys/{own}", headers=tenant.admin, expect=204)
    assert admin_works(api, tenant.secret_key) == 401


def test_a_lone_expiring_spare_does_not_unlock_revocation(api: Api, tenant: TenantHandle) -> None:
    own = key_id(api, tenant, tenant.secret_key)
    spare = api.call(
        "POST", "/v1/admin/keys", json={"kind": "secret"}, headers=tenant.admin, expect=201
    ).get_json()
    renewed = api.call(
        "POST",
        f"/v1/admin/keys/{spare['id']}/rotate",
        json={"grace_seconds": 600},
        headers=tenant.admin,
        expect=201,
    ).get_json()
    api.call("DELETE", f"/v1/admin/keys/{renewed['id']}", headers=tenant.admin, expect=204)
    problem = api.call(
        "DELETE", f"/v1/admin/keys/{own}", headers=tenant.admin, expect=409
    ).get_json()
    assert problem["code"] == "last_secret_key"


def test_a_site_never_reaches_another_sites_keys(api: Api, tenant: TenantHandle) -> None:
    other = api.create_tenant()
    theirs = key_id(api, other, other.secret_key)
    assert theirs not in {k["id"] for k in listed(api, tenant.secret_key)}
    api.call("DELETE", f"/v1/admin/keys/{theirs}", headers=tenant.admin, expect=404)
    api.call("POST", f"/v1/admin/keys/{theirs}/rotate", headers=tenant.admin, expect=404)
    assert admin_works(api, other.secret_key) == 200
    api.call("GET", "/v1/admin/keys", headers=tenant.storefront, expect=401)


def test_the_operator_issues_a_site_a_new_secret_key(api: Api, tenant: TenantHandle) -> None:
    made = api.call(
        "POST", f"/v1/tenants/{tenant.slug}/secret-keys", headers=OPERATOR, expect=201
    ).get_json()
    assert made["kind"] == "secret" and made["key"].startswith("sk_")
    assert admin_works(api, made["key"]) == 200
    assert admin_works(api, tenant.secret_key) == 200  # the old key is left as it was
    entry = key_audit(api, made["key"])[-1]
    assert (entry["actor"], entry["object_id"], entry["action"]) == (
        "operator",
        made["id"],
        "created",
    )
    api.call("POST", "/v1/tenants/no-such-site/secret-keys", headers=OPERATOR, expect=404)
    api.call("POST", f"/v1/tenants/{tenant.slug}/secret-keys", headers=tenant.admin, expect=401)


def test_the_cli_lists_creates_rotates_and_revokes(
    api: Api, tenant: TenantHandle, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tuition.cli import main

    monkeypatch.setenv("TUITION_DATABASE_URL", db_url)
    runner = CliRunner()
    shown = runner.invoke(main, ["keys", "list", "--tenant", tenant.slug])
    assert shown.exit_code == 0, shown.output
    assert tenant.publishable_key in shown.output and tenant.secret_key not in shown.output
    assert f"sk_…{tenant.secret_key[-4:]}" in shown.output

    created = runner.invoke(main, ["keys", "create", "--tenant", tenant.slug])
    assert created.exit_code == 0, created.output
    made_id, made = created.output.split()[0], created.output.split()[-1]
    assert admin_works(api, made) == 200

    old_id = key_id(api, tenant, tenant.secret_key)
    rotated = runner.invoke(
        main, ["keys", "rotate", old_id, "--tenant", tenant.slug, "--grace", "600"]
    )
    assert rotated.exit_code == 0, rotated.output
    assert admin_works(api, rotated.output.split("\n")[0].split()[-1]) == 200
    assert admin_works(api, tenant.secret_key) == 200  # in its grace period

    revoked = runner.invoke(main, ["keys", "revoke", made_id, "--tenant", tenant.slug])
    assert revoked.exit_code == 0, revoked.output
    assert admin_works(api, made) == 401
    assert [(e["actor"], e["action"]) for e in key_audit(api, tenant.secret_key)] == [
        ("cli", "created"),
        ("cli", "rotated"),
        ("cli", "created"),
        ("cli", "revoked"),
    ]

    unknown = runner.invoke(main, ["keys", "list", "--tenant", "no-such-site"])
    assert unknown.exit_code != 0 and "no tenant" in unknown.output
    other = api.create_tenant()
    foreign = runner.invoke(
        main, ["keys", "revoke", key_id(api, other, other.secret_key), "--tenant", tenant.slug]
    )
    assert foreign.exit_code != 0 and admin_works(api, other.secret_key) == 200
