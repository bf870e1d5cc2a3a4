"""The generated Python client (``clients/python``, package ``tuition_client``).

It must be what ``./scripts/clients`` generates from the committed ``clients/openapi.json``,
and it must drive a real server (``live_server``) through the README's tour: sign up, browse,
enroll free, buy a paid course through the dummy provider, see it on the dashboard.
"""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import func, select
from tuition_client import AuthenticatedClient, Client
from tuition_client.api.admin import get_admin_order
from tuition_client.api.storefront import list_courses, signup
from tuition_client.api.student import enroll, get_dashboard, get_order
from tuition_client.api.webhooks import dummy_pay
from tuition_client.models import (
    AdminOrderOut,
    CourseOutEnrollState,
    CoursePage,
    DashboardOut,
    DummyPayJsonBody,
    DummyPayJsonBodyOutcome,
    EnrollmentOut,
    EnrollmentOutCheckoutType0,
    EnrollmentRequest,
    OrderOut,
    OrderOutStatus,
    PayResult,
    Price,
    Problem,
    ProblemCode,
    Signup,
    TokenOut,
)
from tuition_client.types import Response

from tuition.models import Order, OrderTransition, Tenant
from tuition.runtime import Tuition
from tuition.services.tenant_files import sync_directory
from tuition.testing.live import LiveServer

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = ROOT / "clients"
TENANTS = ROOT / "tenants"
PK = "pk_demo_data_school"

# The command of ./scripts/clients, with the output path left to the caller.
GENERATE = [
    str(Path(sys.executable).with_name("openapi-python-client")),
    "generate",
    "--path",
    str(CLIENTS / "openapi.json"),
    "--config",
    str(CLIENTS / "python-config.yaml"),
    "--overwrite",
    "--meta",
    "setup",
    "--fail-on-warning",
]
# Left in the tree by `pip install -e clients/python` and by running it (its .gitignore).
IGNORED = {"__pycache__", "build", "dist"}

M = TypeVar("M")


def _tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
        and not any(
            part in IGNORED or part.endswith(".egg-info") for part in path.relative_to(root).parts
        )
    }


def test_the_committed_client_is_current(tmp_path: Path) -> None:
    out = tmp_path / "python"
    run = subprocess.run(
        [*GENERATE, "--output-path", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, f"generator failed:\n{run.stdout}\n{run.stderr}"
    fresh, committed = _tree(out), _tree(CLIENTS / "python")
    stale = sorted(
        name for name in fresh.keys() | committed.keys() if fresh.get(name) != committed.get(name)
    )
    assert not stale, f"clients/python is stale ({', '.join(stale[:10])}): run ./scripts/clients"


def _parsed(response: Response[Any], status: int, model: type[M]) -> M:
    """The typed body of ``response``, which must have ``status``."""
    assert response.status_code == status, (response.status_code, response.content)
    assert isinstance(response.parsed, model), response.parsed
    return response.parsed


def test_the_tour_through_the_generated_client(live_server: LiveServer, runtime: Tuition) -> None:
    reports = {report.slug: report for report in sync_directory(runtime, TENANTS)}
    secret_key = reports["data-school"].secret_key
    assert secret_key is not None

    # The publishable key is the storefront's credential: the generator asks for an
    # AuthenticatedClient wherever the document names a security scheme.
    storefront = AuthenticatedClient(
        base_url=live_server.url, token=PK, prefix="", auth_header_name="X-Tenant-Key"
    )
    with storefront:
        token_out = _parsed(
            signup.sync_detailed(
                client=storefront,
                body=Signup(
                    email="ada@example.com",
                    password="correct horse battery",
                    signup_method="email",
                    intended_course="sql-basics",
                ),
            ),
            201,
            TokenOut,
        )
    assert token_out.student.email == "ada@example.com"

    student = AuthenticatedClient(
        base_url=live_server.url, token=token_out.token, headers={"X-Tenant-Key": PK}
    )
    with student:
        # The catalogue, with each course's enroll state for this student
        page = _parsed(list_courses.sync_detailed(client=student), 200, CoursePage)
        courses = {course.slug: course for course in page.items}
        assert {slug: course.enroll_state for slug, course in courses.items()} == {
            "sql-basics": CourseOutEnrollState.AVAILABLE,
            "sql-analytics": CourseOutEnrollState.NOT_AVAILABLE,
            "spreadsheets-101": CourseOutEnrollState.AVAILABLE,
            "dashboards-2020": CourseOutEnrollState.REGISTRATION_CLOSED,
            "sql-masterclass": CourseOutEnrollState.NOT_AVAILABLE,
        }
        masterclass = courses["sql-masterclass"]
        assert masterclass.missing_prerequisites == ["sql-basics"]
        price = masterclass.price
        assert isinstance(price, Price)
        assert (price.amount, price.currency) == (4900, "EUR")

        # A free course: 201, active; the same Idempotency-Key replays it, a new try is a 409
        free = _parsed(
            enroll.sync_detailed(
                client=student,
                body=EnrollmentRequest(course="sql-basics"),
                idempotency_key="tour-1",
            ),
            201,
            EnrollmentOut,
        )
        assert (free.course, free.status, free.checkout) == ("sql-basics", "active", None)
        replay = enroll.sync_detailed(
            client=student, body=EnrollmentRequest(course="sql-basics"), idempotency_key="tour-1"
        )
        assert replay.headers.get("Idempotent-Replayed") == "true"
        assert _parsed(replay, 201, EnrollmentOut).id == free.id
        again = enroll.sync_detailed(client=student, body=EnrollmentRequest(course="sql-basics"))
        problem = _parsed(again, 409, Problem)
        assert (problem.code, problem.status) == (ProblemCode.ALREADY_ENROLLED, 409)
        assert again.headers["content-type"] == "application/problem+json"

        # A paid course, now that its prerequisite is met: 202 with the checkout
        pending = _parsed(
            enroll.sync_detailed(client=student, body=EnrollmentRequest(course="sql-masterclass")),
            202,
            EnrollmentOut,
        )
        assert pending.status == "pending"
        checkout = pending.checkout
        assert isinstance(checkout, EnrollmentOutCheckoutType0)
        assert (checkout.provider, checkout.amount, checkout.currency) == ("dummy", 4900, "EUR")
        assert checkout.pay_url == f"/v1/dummy/checkout/data-school/{checkout.order_id}"
        order_id = checkout.order_id

        # "Press Pay" on the dummy's hosted page (no credentials; it sends the signed webhook)
        with Client(base_url=live_server.url) as anyone:
            paid = _parsed(
                dummy_pay.sync_detailed(
                    "data-school",
                    order_id,
                    client=anyone,
                    body=DummyPayJsonBody(outcome=DummyPayJsonBodyOutcome.PAY),
                ),
                200,
                PayResult,
            )
        assert (paid.order_id, paid.webhooks_sent) == (order_id, 1)

        # The return page polls the order until the webhook is processed
        deadline = time.monotonic() + 10
        while True:
            order = _parsed(get_order.sync_detailed(order_id, client=student), 200, OrderOut)
            if order.status == OrderOutStatus.PAID or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert order.status == OrderOutStatus.PAID
        assert (order.course, order.amount, order.currency, order.provider) == (
            "sql-masterclass",
            4900,
            "EUR",
            "dummy",
        )
        assert order.enrollment_status == "active"
        assert isinstance(order.paid_at, datetime)

        dashboard = _parsed(get_dashboard.sync_detailed(client=student), 200, DashboardOut)
    owned = {item.course.slug: item for item in dashboard.owned}
    assert set(owned) == {"sql-basics", "sql-masterclass"}
    for item in owned.values():
        assert item.course.enroll_state == CourseOutEnrollState.ENROLLED
        assert item.enrollment.status == "active"
    assert owned["sql-masterclass"].enrollment.id == pending.id

    # The site's admin sees one order, paid once: the server did the work
    with AuthenticatedClient(base_url=live_server.url, token=secret_key) as admin:
        admin_order = _parsed(
            get_admin_order.sync_detailed(order_id, client=admin), 200, AdminOrderOut
        )
    assert [t.to_status for t in admin_order.transitions].count("paid") == 1
    with runtime.session() as session:
        tenant_id = session.scalar(select(Tenant.id).where(Tenant.slug == "data-school"))
        orders = session.scalars(select(Order).where(Order.tenant_id == tenant_id)).all()
        assert [(o.id, o.status, o.amount, o.currency) for o in orders] == [
            (order_id, "paid", 4900, "EUR")
        ]
        assert (
            session.scalar(
                select(func.count())
                .select_from(OrderTransition)
                .where(OrderTransition.order_id == order_id, OrderTransition.to_status == "paid")
            )
            == 1
        )
