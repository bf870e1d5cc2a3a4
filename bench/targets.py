"""The four measured routes and the requests each one is sent."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from loadgen import Exhausted, RequestFactory, http_request
from tuition_seed import COURSE_COUNT, TuitionFixture, api


@dataclass(frozen=True)
class Target:
    """A route under load; ``baseline`` names the target its figures are divided by."""

    name: str
    port: int
    factory: RequestFactory
    baseline: str | None = None


def constant(request: bytes) -> RequestFactory:
    """The same request every time."""
    return lambda: request


def rotating(requests: list[bytes]) -> RequestFactory:
    """The given requests in turn, forever."""
    cycle = itertools.cycle(requests)
    return lambda: next(cycle)


class FreshEnrollments:
    """``POST /v1/enrollments`` for a (student, course) pair never used before.

    Pairs go student by student, each through all courses, so requests in flight at once
    are for different courses and never wait on each other's seat-counter row lock.
    """

    def __init__(self, port: int, fixture: TuitionFixture) -> None:
        self.port = port
        self.tenant_key = fixture.publishable_key
        self.pairs: Iterator[tuple[str, str]] = itertools.product(
            fixture.student_tokens, fixture.course_slugs)

    def __call__(self) -> bytes:
        try:
            token, slug = next(self.pairs)
        except StopIteration:
            raise Exhausted("no fresh (student, course) pair left; raise --students") from None
        return http_request("POST", "/v1/enrollments", self.port,
                            {"X-Tenant-Key": self.tenant_key,
                             "Authorization": f"Bearer {token}"}, {"course": slug})


def build(baseline_port: int, tuition_port: int, fixture: TuitionFixture) -> list[Target]:
    """The baseline/Tuition pairs, each baseline right before its Tuition route."""
    slugs = fixture.course_slugs
    courses = http_request("GET", "/v1/courses?page_size=50", tuition_port,
                           {"X-Tenant-Key": fixture.publishable_key,
                            "Authorization": f"Bearer {fixture.reader_token}"})
    inserts = [http_request("POST", "/insert", baseline_port, body={"course": s})
               for s in slugs]
    return [
        Target("baseline GET /select50", baseline_port,
               constant(http_request("GET", "/select50", baseline_port))),
        Target("tuition GET /v1/courses", tuition_port, constant(courses),
               baseline="baseline GET /select50"),
        Target("baseline POST /insert", baseline_port, rotating(inserts)),
        Target("tuition POST /v1/enrollments", tuition_port,
               FreshEnrollments(tuition_port, fixture), baseline="baseline POST /insert"),
    ]


def verify(baseline_port: int, tuition_port: int, fixture: TuitionFixture) -> None:
    """Both list routes answer the 50 courses (so the figures compare like with like)."""
    listed = {
        "baseline": api(baseline_port, "GET", "/select50")["items"],
        "tuition": api(tuition_port, "GET", "/v1/courses?page_size=50", headers={
            "X-Tenant-Key": fixture.publishable_key,
            "Authorization": f"Bearer {fixture.reader_token}"})["items"],
    }
    for app, items in listed.items():
        if len(items) != COURSE_COUNT:
            raise RuntimeError(f"{app} lists {len(items)} courses, not {COURSE_COUNT}")
