"""Discount and access codes declared in a tenant file (``[[plugin_data.discounts.codes]]``):
created, updated to what the file says, unchanged by a second sync, refused whole when
wrong; the quote and the enrollment use them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tuition.plugin_api import Host, ValidationFailed
from tuition.testing.tenants import sync_tenant_files

SITE = """
slug = "launch-site"
name = "Launch site"
publishable_key = "pk_launch_site_declared_codes"

[plugins.free_enrollment]
enabled = true

[plugins.dummy_provider]
enabled = true

[plugins.discounts]
enabled = true

[[courses]]
slug = "masterclass"
title = "Masterclass"
status = "published"
pricing_model = "one_time"
price = {{ amount = 10000, currency = "EUR" }}

[[courses]]
slug = "private-course"
title = "Private course"
status = "published"
pricing_model = "free"
attributes = {{ discounts = {{ code_required = true }} }}

{codes}
"""
LAUNCH = """
[[plugin_data.discounts.codes]]
code = "launch"
description = "Launch week"
percent_off = {percent}
courses = ["masterclass"]
valid_until = 2999-01-01T00:00:00Z
max_redemptions = 100
"""
ACCESS = """
[[plugin_data.discounts.codes]]
code = "INSIDER"
percent_off = 0
courses = ["private-course"]
"""
STOREFRONT = {"X-Tenant-Key": "pk_launch_site_declared_codes"}


def write(tmp_path: Path, codes: str) -> Path:
    path = tmp_path / "launch-site.toml"
    path.write_text(SITE.format(codes=codes))
    return path


def quote(api: Any, code: str) -> dict[str, Any]:
    answer = api.call(
        "GET", f"/v1/courses/masterclass/quote?code={code}", headers=STOREFRONT, expect=200
    )
    found: dict[str, Any] = answer.get_json()
    return found


def admin_codes(api: Any, secret_key: str) -> dict[str, dict[str, Any]]:
    answer = api.call(
        "GET",
        "/v1/admin/discounts/codes",
        headers={"Authorization": f"Bearer {secret_key}"},
        expect=200,
    ).get_json()
    return {item["code"]: item for item in answer["items"]}


def test_codes_declared_in_a_tenant_file(api: Any, runtime: Host, tmp_path: Path) -> None:
    path = write(tmp_path, LAUNCH.format(percent=20) + ACCESS)
    [report] = sync_tenant_files(runtime, path)
    assert "discounts: code LAUNCH created" in report.changes
    assert "discounts: code INSIDER created" in report.changes
    assert report.secret_key
    codes = admin_codes(api, report.secret_key)
    assert set(codes) == {"LAUNCH", "INSIDER"}
    assert codes["LAUNCH"]["percent_off"] == 20
    assert codes["LAUNCH"]["max_redemptions"] == 100
    assert codes["LAUNCH"]["per_student_limit"] == 1  # the default
    assert codes["LAUNCH"]["valid_until"].startswith("2999-01-01T00:00:00")
    assert quote(api, "launch")["total"] == 8000

    # A second sync changes nothing; a changed file updates the code in place.
    [again] = sync_tenant_files(runtime, path)
    assert not [c for c in again.changes if c.startswith("discounts:")]
    write(tmp_path, LAUNCH.format(percent=50))
    [changed] = sync_tenant_files(runtime, path)
    assert [c for c in changed.changes if c.startswith("discounts:")] == [
        "discounts: code LAUNCH updated"
    ]
    assert quote(api, "LAUNCH")["total"] == 5000
    codes = admin_codes(api, report.secret_key)
    assert codes["LAUNCH"]["id"] != "" and set(codes) == {"LAUNCH", "INSIDER"}  # kept

    # The access code unlocks the private course.
    signed = api.call(
        "POST",
        "/v1/auth/signup",
        headers=STOREFRONT,
        expect=201,
        json={"email": "ada@example.com", "password": "correct horse battery"},
    ).get_json()
    student = {**STOREFRONT, "Authorization": f"Bearer {signed['token']}"}
    api.call(
        "POST",
        "/v1/enrollments",
        headers=student,
        json={"course": "private-course", "code": "insider"},
        expect=201,
    )


@pytest.mark.parametrize(
    ("codes", "field"),
    [
        ('[[plugin_data.discounts.codes]]\ncode = "x"\npercent_off = 10\n', "codes.0.code"),
        (
            '[[plugin_data.discounts.codes]]\ncode = "HALF"\npercent_off = 150\n',
            "codes.0.percent_off",
        ),
        ('[[plugin_data.discounts.codes]]\ncode = "NONE"\n', "codes.0.percent_off"),
        (
            '[[plugin_data.discounts.codes]]\ncode = "TWICE"\npercent_off = 10\n'
            '[[plugin_data.discounts.codes]]\ncode = "twice"\npercent_off = 20\n',
            "codes.1.code",
        ),
    ],
)
def test_wrong_codes_refuse_the_whole_file(
    api: Any, runtime: Host, tmp_path: Path, codes: str, field: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        sync_tenant_files(runtime, write(tmp_path, codes))
    errors = refused.value.extra["errors"]
    assert [key for key in errors if key.endswith(f"plugin_data.discounts.{field}")], errors
    # Nothing was written: the site does not exist.
    api.call("GET", "/v1/courses/masterclass", headers=STOREFRONT, expect=401)
