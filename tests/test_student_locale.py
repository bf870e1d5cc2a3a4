"""The student's language (``locale``): set at signup, changed with ``PATCH /v1/me``, taken
from the identity provider's ``locale`` claim, in the profile and the export, erased."""

from __future__ import annotations

from typing import Any

import pytest

from tuition.testing.api import Api


def problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body: dict[str, Any] = response.get_json()
    assert body["code"] == code
    return body


def test_signup_records_the_locale_in_its_canonical_case(api: Api, tenant: Any) -> None:
    ada = api.signup(tenant, "ada@example.com", locale="fr-fr")
    me = api.call("GET", "/v1/me", headers=ada.headers, expect=200).get_json()
    assert me["locale"] == "fr-FR"
    bob = api.signup(tenant, "bob@example.com")
    assert api.call("GET", "/v1/me", headers=bob.headers, expect=200).get_json()["locale"] is None


@pytest.mark.parametrize("locale", ["french", "fr FR", "f", "de-", 7])
def test_a_tag_that_is_not_bcp_47_is_refused(api: Api, tenant: Any, locale: Any) -> None:
    body = {"email": "ada@example.com", "password": "correct horse battery", "locale": locale}
    response = api.call("POST", "/v1/auth/signup", json=body, headers=tenant.storefront)
    assert "locale" in str(problem(response, 422, "validation_error")["errors"])


def test_the_student_changes_their_locale_and_it_is_audited(api: Api, tenant: Any) -> None:
    ada = api.signup(tenant, "ada@example.com")
    changed = api.call(
        "PATCH", "/v1/me", json={"locale": "de"}, headers=ada.headers, expect=200
    ).get_json()
    assert changed["locale"] == "de"
    assert changed["email"] == "ada@example.com"
    # Nothing sent, nothing changed; the same value again is no change either.
    assert api.call("PATCH", "/v1/me", json={}, headers=ada.headers, expect=200).get_json() == (
        changed
    )
    api.call("PATCH", "/v1/me", json={"locale": "de"}, headers=ada.headers, expect=200)
    refused = api.call("PATCH", "/v1/me", json={"locale": "xx_1"}, headers=ada.headers)
    problem(refused, 422, "validation_error")
    cleared = api.call("PATCH", "/v1/me", json={"locale": None}, headers=ada.headers, expect=200)
    assert cleared.get_json()["locale"] is None

    entries = api.call(
        "GET", f"/v1/admin/audit?object_id={ada.id}", headers=tenant.admin, expect=200
    ).get_json()["items"]
    updates = [e for e in entries if e["action"] == "profile_updated"]
    assert sorted((e["before"]["locale"] or "", e["after"]["locale"] or "") for e in updates) == [
        ("", "de"),
        ("de", ""),
    ]
    assert {e["actor"] for e in updates} == {f"student:{ada.id}"}
    # The admin's list of students shows it too.
    students = api.call("GET", "/v1/admin/students", headers=tenant.admin, expect=200)
    assert [s["locale"] for s in students.get_json()["items"]] == [None]


def test_patching_the_profile_needs_a_student_token(api: Api, tenant: Any) -> None:
    response = api.call("PATCH", "/v1/me", json={"locale": "de"}, headers=tenant.storefront)
    assert response.status_code == 401


def test_the_locale_is_exported_and_erased(api: Api, tenant: Any) -> None:
    ada = api.signup(tenant, "ada@example.com", locale="de-AT")
    api.call("PATCH", "/v1/me", json={"locale": "fr"}, headers=ada.headers, expect=200)
    export = api.call("GET", "/v1/me/export", headers=ada.headers, expect=200).get_json()
    assert export["profile"]["locale"] == "fr"
    [change] = [e for e in export["audit_entries"] if e["action"] == "profile_updated"]
    assert (change["before"], change["after"]) == ({"locale": "de-AT"}, {"locale": "fr"})
    api.call("POST", f"/v1/admin/students/{ada.id}/erasure", headers=tenant.admin, expect=200)
    after = api.call(
        "GET", f"/v1/admin/students/{ada.id}/export", headers=tenant.admin, expect=200
    ).get_json()
    assert after["profile"]["locale"] is None
    [change] = [e for e in after["audit_entries"] if e["action"] == "profile_updated"]
    alias = f"erased-{ada.id}@erased.invalid"  # personal values in audit entries
    assert (change["before"], change["after"]) == ({"locale": alias}, {"locale": alias})
