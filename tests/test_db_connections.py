"""Pooled PostgreSQL connections the server closed are replaced without a round trip per
checkout (no pre-ping): a request after the server dropped every connection succeeds."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import create_engine, event, text

from tuition.testing.databases import APP_ROLE, backends

pytestmark = pytest.mark.parametrize(
    "db_url", [b for b in backends() if b == "postgresql"], indirect=True
)


def test_a_request_after_the_server_closed_the_pool_succeeds(api, runtime, db_url):
    tenant = api.create_tenant()
    api.create_course(tenant, "intro")
    for _ in range(3):  # the pool now holds idle connections
        api.call("GET", "/v1/courses", headers=tenant.storefront, expect=200)
    assert runtime.engine.pool.checkedin() >= 1

    admin = create_engine(db_url)
    with admin.connect() as connection:
        killed = connection.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE usename = :role AND datname = current_database()"
            ),
            {"role": APP_ROLE},
        ).scalar()
    admin.dispose()
    assert killed >= 1

    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(runtime.engine, "before_cursor_execute", record)
    body = api.call("GET", "/v1/courses", headers=tenant.storefront, expect=200).get_json()
    assert [c["slug"] for c in body["items"]] == ["intro"]
    assert not [s for s in statements if s.strip().upper() == "SELECT 1"]  # no pre-ping
