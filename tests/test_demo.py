"""``tuition run --demo``: the operator token the README's tour reads."""

from __future__ import annotations

import re
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask

from tuition.app import create_app
from tuition.cli import main
from tuition.services import staff
from tuition.services.tenants import enter_by_slug


@pytest.fixture
def demo(tmp_path, monkeypatch):
    """Runs ``tuition run --demo`` in an empty directory, without serving."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TUITION_DATABASE_URL", f"sqlite:///{tmp_path / 'demo.db'}")
    monkeypatch.setenv("TUITION_PASSWORD_HASHING", "fast")
    monkeypatch.setattr(Flask, "run", lambda *args, **kwargs: None)

    def run() -> str:
        monkeypatch.delenv("TUITION_OPERATOR_TOKEN", raising=False)
        result = CliRunner().invoke(main, ["run", "--demo"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    return run


def test_the_demo_keeps_its_operator_token_in_an_owner_only_file(demo, tmp_path):
    first = demo()
    kept = tmp_path / ".demo-operator-token"
    token = kept.read_text().strip()
    assert token.startswith("op_") and len(token) > 30
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert f"operator token: {token} (kept in .demo-operator-token)" in first
    assert f"operator token: {token} " in demo()  # the next demo uses the same one


def test_an_operator_token_from_the_environment_is_kept_nowhere(demo, tmp_path, monkeypatch):
    monkeypatch.setenv("TUITION_OPERATOR_TOKEN", "op_mine")
    output = CliRunner().invoke(main, ["run", "--demo"], catch_exceptions=False).output
    assert "operator token: op_mine\n" in output
    assert not (tmp_path / ".demo-operator-token").exists()


def test_the_demo_prints_an_owner_account_per_site_that_signs_in(demo, tmp_path):
    shutil.copytree(Path(__file__).parent.parent / "tenants", tmp_path / "tenants")
    output = demo()
    accounts = re.findall(r"demo owner of (\S+): (\S+) / (\S+)", output)
    assert {slug for slug, _, _ in accounts} >= {"web-bootcamp", "data-school"}
    # Each with a link to the console that picks the site (its publishable key).
    assert "console: http://127.0.0.1:8000/admin/?key=pk_demo_data_school" in output
    assert "console: http://127.0.0.1:8000/admin/ (sign in as a demo owner above)" in output
    again = dict(
        (slug, password)
        for slug, _, password in re.findall(r"demo owner of (\S+): (\S+) / (\S+)", demo())
    )
    app = create_app(database_url=f"sqlite:///{tmp_path / 'demo.db'}", password_hashing="fast")
    rt = app.extensions["tuition"]
    try:
        with rt.session() as session:
            for slug, email, _first in accounts:
                tenant = enter_by_slug(session, slug)
                assert tenant is not None
                member, _row, token = staff.sign_in(
                    rt, session, tenant, email=email, password=again[slug]
                )
                assert member.role == "owner" and token.startswith("st_")
    finally:
        rt.close()
