"""The docs keep up with the code: every hook is documented."""

from __future__ import annotations

from pathlib import Path

from tuition.hookspecs import documented_hooks

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_every_hook_is_documented():
    text = (DOCS / "hooks.md").read_text()
    missing = [name for name in documented_hooks() if f"### `{name}(" not in text]
    assert missing == []


def test_every_hookspec_has_a_docstring():
    for name, spec in documented_hooks().items():
        assert spec.__doc__ and len(spec.__doc__.split()) > 10, name
