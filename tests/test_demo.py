"""``tuition run --demo``: the operator token the README's tour reads."""

from __future__ import annotations

import stat

import pytest
from click.testing import CliRunner
from flask import Flask

from tuition.cli import main


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
