"""The staff console's build is served at ``/admin/`` (core/tuition/api/console.py)."""

from __future__ import annotations

import pytest

from tuition.app import create_app
from tuition.testing.apps import close_app


@pytest.fixture
def tuition_settings(tuition_settings, tmp_path):
    build = tmp_path / "dist"
    (build / "assets").mkdir(parents=True)
    (build / "index.html").write_text('<div id="root"></div>')
    (build / "assets" / "index-3f2a.js").write_text("console.log('console')")
    (build / "favicon.svg").write_text("<svg/>")
    tuition_settings.console_dir = str(build)
    return tuition_settings


def test_the_app_page_answers_every_deep_link_and_is_never_cached(client):
    for path in ("/admin/", "/admin/courses", "/admin/courses/intro/edit", "/admin/sign-in"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert page.get_data(as_text=True) == '<div id="root"></div>'
        assert page.headers["Cache-Control"] == "no-cache"
    assert client.get("/admin").status_code in (301, 308)


def test_fingerprinted_assets_are_cached_for_good_and_missing_ones_are_404(client):
    script = client.get("/admin/assets/index-3f2a.js")
    assert script.status_code == 200 and "javascript" in script.content_type
    assert script.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client.get("/admin/assets/index-0000.js").status_code == 404
    assert client.get("/admin/robots.txt").status_code == 404
    assert client.get("/admin/favicon.svg").status_code == 200
    assert client.get("/admin/../pyproject.toml").status_code == 404


def test_without_a_build_the_console_says_how_to_make_one(db_url, tmp_path):
    app = create_app(database_url=db_url, secret_key="k", testing=True, console_dir=str(tmp_path))
    try:
        for path in ("/admin/", "/admin/courses"):
            page = app.test_client().get(path)
            assert page.status_code == 503 and page.mimetype == "text/html"
            assert "console/build" in page.get_data(as_text=True)
            assert page.headers["Cache-Control"] == "no-store"
    finally:
        close_app(app)
