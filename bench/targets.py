"""The measured routes and the requests each one is sent.

:func:`build` gives the catalogue, free enrollment and dashboard pairs;
:func:`build_payments` adds paid enrollment and webhook intake, each after its own run of
the insert baseline.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from loadgen import Exhausted, RequestFactory, http_request, json_body, send
from tuition_seed import (
    COURSE_COUNT,
    OWNED_COURSES,
    PendingOrder,
    ShopFixture,
    TuitionFixture,
    api,
)

from tuition_dummy_provider.provider import SIGNATURE_HEADER, sign


@dataclass(frozen=True)
class Target:
    """A route under load; ``baseline`` names the target its figures are divided by;
    ``expect`` are the statuses it is designed to answer (anything else counts against
    the "no unexpected status" goal)."""

    name: str
    port: int
    factory: RequestFactory
    baseline: str | None = None
    expect: frozenset[int] = field(default_factory=lambda: frozenset({200, 201}))


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
            fixture.student_tokens, fixture.course_slugs
        )

    def __call__(self) -> bytes:
        try:
            token, slug = next(self.pairs)
        except StopIteration:
            raise Exhausted("no fresh (student, course) pair left; raise --students") from None
        return http_request(
            "POST",
            "/v1/enrollments",
            self.port,
            {"X-Tenant-Key": self.tenant_key, "Authorization": f"Bearer {token}"},
            {"course": slug},
        )


def pair(baseline: Target, tuition: Target) -> list[Target]:
    """``baseline`` then ``tuition``, whose figures are divided by the baseline's."""
    return [baseline, replace(tuition, baseline=baseline.name)]


def signed_in(publishable_key: str, token: str) -> dict[str, str]:
    """The headers of a storefront request by a signed-in student."""
    return {"X-Tenant-Key": publishable_key, "Authorization": f"Bearer {token}"}


def build(baseline_port: int, tuition_port: int, fixture: TuitionFixture) -> list[Target]:
    """The baseline/Tuition pairs, each baseline right before its Tuition route."""
    slugs = fixture.course_slugs
    reader = signed_in(fixture.publishable_key, fixture.reader_token)
    courses = http_request("GET", "/v1/courses?page_size=50", tuition_port, reader)
    owner = signed_in(fixture.publishable_key, fixture.owner_token)
    dashboard = http_request("GET", "/v1/me/dashboard", tuition_port, owner)
    select50 = http_request("GET", "/select50", baseline_port)
    inserts = [http_request("POST", "/insert", baseline_port, body={"course": s}) for s in slugs]
    return [
        *pair(
            Target("baseline GET /select50", baseline_port, constant(select50)),
            Target("tuition GET /v1/courses", tuition_port, constant(courses)),
        ),
        *pair(
            Target("baseline POST /insert", baseline_port, rotating(inserts)),
            Target(
                "tuition POST /v1/enrollments",
                tuition_port,
                FreshEnrollments(tuition_port, fixture),
            ),
        ),
        *pair(
            Target("baseline GET /select50 #2", baseline_port, constant(select50)),
            Target("tuition GET /v1/me/dashboard", tuition_port, constant(dashboard)),
        ),
    ]


class Webhooks:
    """Signed ``payment.succeeded`` webhooks of the dummy provider, one per pending order,
    each order once (as the provider sends them after a payment); ``delivered`` keeps
    what was sent, for :class:`DuplicateWebhooks`."""

    def __init__(self, port: int, shop: ShopFixture, orders: list[PendingOrder]) -> None:
        self.port, self.shop = port, shop
        self.orders: Iterator[PendingOrder] = iter(orders)
        self.delivered: list[PendingOrder] = []

    def event(self, order: PendingOrder) -> dict[str, object]:
        """The event the dummy provider sends (``DummyProvider._event``)."""
        payment_id = f"dpay_{order.id}"
        return {
            "id": f"dev_{payment_id}_payment.succeeded",
            "type": "payment.succeeded",
            "tenant_id": self.shop.tenant_id,
            "order_id": order.id,
            "amount": order.amount,
            "currency": order.currency,
            "payment_id": payment_id,
        }

    def request(self, order: PendingOrder) -> bytes:
        body = json_body(self.event(order))  # signed now: the timestamp is checked (300 s)
        return http_request(
            "POST",
            f"/v1/webhooks/dummy/{self.shop.slug}",
            self.port,
            {SIGNATURE_HEADER: sign(self.shop.webhook_secret, body)},
            body,
        )

    def __call__(self) -> bytes:
        try:
            order = next(self.orders)
        except StopIteration:
            raise Exhausted("no pending order left; raise --orders") from None
        self.delivered.append(order)
        return self.request(order)


class DuplicateWebhooks:
    """Webhooks delivered again (providers retry and duplicate): already stored, so each
    is verified, recognised by its event id and acknowledged without new work."""

    def __init__(self, fresh: Webhooks, window: int = 1000) -> None:
        self.fresh, self.window, self.n = fresh, window, 0

    def __call__(self) -> bytes:
        seen = self.fresh.delivered[: self.window]
        if not seen:
            raise Exhausted("no webhook delivered yet to repeat")
        self.n += 1
        return self.fresh.request(seen[self.n % len(seen)])


def build_payments(
    baseline_port: int, tuition_port: int, shop: ShopFixture, *, duplicates: bool = True
) -> list[Target]:
    """Paid enrollment and webhook intake (fresh, then duplicate deliveries), each right
    after its own run of the insert baseline."""
    inserts = [
        http_request("POST", "/insert", baseline_port, body={"course": s})
        for s in shop.course_slugs
    ]
    paid = FreshEnrollments(
        tuition_port,
        TuitionFixture(shop.publishable_key, shop.course_slugs, "", shop.student_tokens),
    )
    webhooks = Webhooks(tuition_port, shop, shop.orders)
    ok, accepted = frozenset({200}), frozenset({202})
    routes = [
        *pair(
            Target("baseline POST /insert #2", baseline_port, rotating(inserts)),
            Target("tuition POST /v1/enrollments paid", tuition_port, paid, expect=accepted),
        ),
        *pair(
            Target("baseline POST /insert #3", baseline_port, rotating(inserts)),
            Target("tuition POST /v1/webhooks/dummy", tuition_port, webhooks, expect=ok),
        ),
    ]
    if duplicates:
        routes += pair(
            Target("baseline POST /insert #4", baseline_port, rotating(inserts)),
            Target(
                "tuition POST /v1/webhooks dup",
                tuition_port,
                DuplicateWebhooks(webhooks),
                expect=ok,
            ),
        )
    return routes


def verify_payments(tuition_port: int, shop: ShopFixture) -> None:
    """One paid enrollment answers 202 with a checkout, one webhook is received and its
    repeat is recognised as a duplicate (uses the last payer and the last order)."""
    token, order = shop.student_tokens.pop(), shop.orders.pop()
    status, body = send(
        tuition_port,
        http_request(
            "POST",
            "/v1/enrollments",
            tuition_port,
            {"X-Tenant-Key": shop.publishable_key, "Authorization": f"Bearer {token}"},
            {"course": shop.course_slugs[0]},
        ),
    )
    if status != 202 or b'"checkout"' not in body:
        raise RuntimeError(f"paid enrollment answered {status}: {body[:300]!r}")
    webhooks = Webhooks(tuition_port, shop, [order])
    for expected in (b'"received":1', b'"duplicates":1'):
        status, body = send(tuition_port, webhooks.request(order))
        if status != 200 or expected not in body.replace(b" ", b""):
            raise RuntimeError(f"webhook answered {status}: {body[:300]!r}")


def verify(baseline_port: int, tuition_port: int, fixture: TuitionFixture) -> None:
    """Both list routes answer the 50 courses (so the figures compare like with like), and
    the dashboard shows its student's :data:`OWNED_COURSES` courses."""
    listed = {
        "baseline": api(baseline_port, "GET", "/select50")["items"],
        "tuition": api(
            tuition_port,
            "GET",
            "/v1/courses?page_size=50",
            headers=signed_in(fixture.publishable_key, fixture.reader_token),
        )["items"],
    }
    for app, items in listed.items():
        if len(items) != COURSE_COUNT:
            raise RuntimeError(f"{app} lists {len(items)} courses, not {COURSE_COUNT}")
    owner = signed_in(fixture.publishable_key, fixture.owner_token)
    board = api(tuition_port, "GET", "/v1/me/dashboard", headers=owner)
    if len(board["owned"]) != OWNED_COURSES:
        raise RuntimeError(f"the dashboard shows {len(board['owned'])} owned courses")
