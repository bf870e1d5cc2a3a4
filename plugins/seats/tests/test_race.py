"""200 students at once redeem the link of a purchase of 11 seats (the buyer's and 10 to
redeem): exactly 10 enrollments, every other student refused with ``seats_exhausted`` and
nothing written for them, on both databases."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from flask import Flask

from tuition.testing.api import Api
from tuition_seats.testing import Team

REDEEMERS = 200
SEATS = 10
#: Requests in flight at once (PostgreSQL serves every test of the machine).
AT_ONCE = 16


def test_two_hundred_redeemers_ten_seats(app: Flask, api: Api) -> None:
    team = Team(api, capacity=SEATS + 1)
    bought = team.bought(team.student(), SEATS + 1)
    students = api.add_students(team.tenant, REDEEMERS)

    def redeem(headers: dict[str, str]) -> tuple[int, Any]:
        response = app.test_client().post(
            "/v1/seats/redeem", json={"code": bought["link_code"]}, headers=headers
        )
        return response.status_code, response.get_json()

    with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:
        answers = list(pool.map(redeem, [s.headers for s in students]))

    won = [body for status, body in answers if status == 200]
    refused = [body["code"] for status, body in answers if status != 200]
    assert len(won) == SEATS
    assert refused == ["seats_exhausted"] * (REDEEMERS - SEATS)
    seen = team.admin("GET", f"/purchases/{bought['id']}")
    assert (seen["redeemed"], seen["remaining"]) == (SEATS, 0)
    assert sorted(c["enrollment_id"] for c in seen["codes"]) == sorted(
        body["enrollment_id"] for body in won
    )
    assert team.course()["seats_taken"] == SEATS + 1
    enrolled = api.call(
        "GET", "/v1/admin/enrollments?course=pro&page_size=100", headers=team.tenant.admin
    ).get_json()
    assert enrolled["total"] == SEATS + 1
