"""``clients/openapi.json`` is what the server publishes: the clients are generated from it."""

from __future__ import annotations

import json
from pathlib import Path

from tuition.app import create_app

COMMITTED = Path(__file__).resolve().parents[1] / "openapi.json"


def test_the_committed_document_is_current(db_url):
    app = create_app(
        database_url=db_url, secret_key="k", testing=True, disabled_plugins=("example_provider",)
    )
    try:
        served = app.test_client().get("/openapi.json").get_json()
    finally:
        app.extensions["tuition"].close()
    committed = json.loads(COMMITTED.read_text())
    assert served == committed, "clients/openapi.json is stale: run ./scripts/clients"
