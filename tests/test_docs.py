"""The docs keep up with the code: every hook is documented, in the right place; the files
they name exist; the README's tour sets each variable before it uses it."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

import tuition.plugin_api.hooks
from tuition.plugin_api.hooks import documented_hooks

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
#: Every Markdown page a reader of the repository meets.
PAGES = sorted(
    {
        ROOT / "README.md",
        *DOCS.glob("*.md"),
        *ROOT.glob("plugins/*/README.md"),
        *ROOT.glob("examples/*/README.md"),
        *ROOT.glob("clients/README.md"),
        *ROOT.glob("bench/README.md"),
    }
)
#: Where a path named in backticks may start.
TOP_LEVEL = (
    "core/",
    "tests/",
    "plugins/",
    "examples/",
    "docs/",
    "scripts/",
    "clients/",
    "bench/",
    "tenants/",
)


def hook_kinds() -> dict[str, str]:
    """``registration`` or ``dispatch`` for every hook, from the banners of hookspecs.py."""
    source = inspect.getsource(tuition.plugin_api.hooks).splitlines()
    dispatch_from = next(i for i, line in enumerate(source, 1) if line.startswith("# Dispatch"))
    return {
        name: "dispatch" if inspect.getsourcelines(spec)[1] > dispatch_from else "registration"
        for name, spec in documented_hooks().items()
    }


def section(text: str, title: str) -> str:
    """The body of the ``## title`` section of a Markdown page."""
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def test_every_hook_is_documented():
    text = (DOCS / "hooks.md").read_text()
    missing = [name for name in documented_hooks() if f"### `{name}(" not in text]
    assert missing == []


def test_every_hookspec_has_a_docstring():
    for name, spec in documented_hooks().items():
        assert spec.__doc__ and len(spec.__doc__.split()) > 10, name


def test_hooks_md_files_each_hook_under_its_kind():
    text = (DOCS / "hooks.md").read_text()
    for name, kind in hook_kinds().items():
        heading = text[: text.index(f"### `{name}(")].rsplit("\n## ", 1)[1].splitlines()[0]
        assert kind in heading.lower(), (name, heading)


def test_the_plugin_guide_lists_every_hook_by_kind():
    hooks = section((DOCS / "plugins.md").read_text(), "Hooks")
    registration = hooks[hooks.index("**Registration hooks**") : hooks.index("**Dispatch hooks**")]
    dispatch = hooks[hooks.index("**Dispatch hooks**") :]
    listed = {
        name: kind
        for kind, text in (("registration", registration), ("dispatch", dispatch))
        for name in re.findall(r"`(tuition_\w+)`", text)
        if name in documented_hooks()
    }
    assert listed == hook_kinds()


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_files_a_page_names_exist(page):
    text = page.read_text()
    named = [m for m in re.findall(r"`([^`\s]+)`", text) if m.startswith(TOP_LEVEL)]
    named += [
        link.split("#")[0]
        for link in re.findall(r"\]\(([^)\s]+)\)", text)
        if "://" not in link and not link.startswith(("#", "mailto:"))
    ]
    missing = []
    for name in named:
        if any(mark in name for mark in "<>*…{"):  # a pattern, not a file
            continue
        # relative to the page (links; a plugin's own paths) or to the repository
        if not any((base / name).exists() for base in (page.parent, ROOT)):
            missing.append(name)
    assert missing == []


def test_the_readme_tour_sets_each_variable_before_using_it():
    tour = section((ROOT / "README.md").read_text(), "A 5-minute tour")
    script = tour[tour.index("```bash\n") : tour.index("\n```", tour.index("```bash\n"))]
    defined: set[str] = set()
    unset = []
    for line in script.splitlines():
        if line.lstrip().startswith("#"):
            continue
        used = set(re.findall(r"\$\{?([A-Z][A-Z0-9_]*)", line))
        unset += sorted(used - defined)
        defined |= set(re.findall(r"^\s*([A-Z][A-Z0-9_]*)=", line))
    assert unset == []


def test_hooks_md_headings_carry_each_hooks_exact_arguments():
    """A renamed or added hook argument shows in docs/hooks.md, where authors look it up."""
    text = (DOCS / "hooks.md").read_text()
    wrong = {}
    for name, spec in documented_hooks().items():
        documented = re.search(rf"^### `{name}\(([^)]*)\)`", text, re.M)
        expected = ", ".join(inspect.signature(spec).parameters)
        if documented is None or documented.group(1) != expected:
            wrong[name] = (documented.group(1) if documented else None, expected)
    assert wrong == {}


def test_the_plugin_guide_names_every_name_of_the_plugin_api():
    import tuition.plugin_api

    reference = section((DOCS / "plugins.md").read_text(), "The plugin API")
    missing = [name for name in tuition.plugin_api.__all__ if f"`{name}" not in reference]
    assert missing == []


# -- docs/scenarios.md: what it names is what the code has ------------------------------------

SCENARIOS = DOCS / "scenarios.md"


def heading_anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = re.sub(r"^```.*?^```$", "", page.read_text(), flags=re.M | re.S)
    return {heading_anchor(h) for h in re.findall(r"^#{1,6} (.+)$", text, re.M)}


def test_heading_anchor_follows_github():
    assert heading_anchor("`tuition_event(event, job)`") == "tuition_eventevent-job"
    assert heading_anchor("The entry point and `PluginInfo`") == "the-entry-point-and-plugininfo"
    assert "tuition_price_offersctx" in anchors(DOCS / "hooks.md")


def test_the_scenarios_page_links_to_real_headings():
    """Links to sections of docs pages (and the storefront's pointers to the scenarios)
    name headings that exist."""
    links = [
        (SCENARIOS.parent / target, anchor)
        for target, anchor in re.findall(r"\]\(([^)#\s]*)#([^)\s]+)\)", SCENARIOS.read_text())
    ]
    storefront = ROOT / "examples" / "storefront"
    pointers = [
        (SCENARIOS, anchor)
        for page in [*storefront.glob("*.html"), storefront / "README.md"]
        for anchor in re.findall(r"docs/scenarios\.md#([\w-]+)", page.read_text())
    ]
    assert len(pointers) >= len(list(storefront.glob("*.html")))
    broken = [
        (str(page.relative_to(ROOT)), anchor)
        for page, anchor in [*links, *pointers]
        if anchor not in anchors(page if page.is_file() else SCENARIOS)
    ]
    assert broken == []


def test_the_scenarios_page_names_real_routes(api):
    spec = api.call("GET", "/openapi.json", expect=200).get_json()
    routes = {
        (method.upper(), path)
        for path, operations in spec["paths"].items()
        for method in operations
    }
    named = re.findall(r"`(GET|POST|PUT|PATCH|DELETE) (/[^`\s]+)", SCENARIOS.read_text())
    assert len(named) > 20
    assert sorted(set(named) - routes) == []


def test_the_scenarios_page_names_real_events_states_and_plugins(runtime):
    from tuition.plugin_api.values import ENROLL_STATES
    from tuition.services.events import CORE_EVENT_TYPES

    text = SCENARIOS.read_text()
    pm = runtime.plugins.pm
    events = set(CORE_EVENT_TYPES)
    for declared in pm.hook.tuition_event_types():
        events |= set(declared)
    states = set(ENROLL_STATES)
    for declared in pm.hook.tuition_enroll_states():
        states |= {info.name for info in declared}
    plugins = {p.name for p in (ROOT / "plugins").iterdir() if p.is_dir()}
    # every event type and state the page names in backticks is one the code declares
    dotted = {
        name
        for name in re.findall(r"`([a-z_]+\.[a-z_]+)`", text)
        if not name.endswith((".html", ".md", ".toml", ".js"))
        and name.split(".")[0] not in {"attributes", "extensions"}  # fields of a course
    }
    assert {"checkout.abandoned", "next_course.offered", "cohort.session_booked"} <= dotted
    assert sorted(dotted - events) == []
    listed = section(text, "Patterns the scenarios share")
    assert all(f"`{name}`" in listed for name in [*CORE_EVENT_TYPES, *states])
    groups = re.findall(r"\(plugins?: ([^);]*)[);]", text)
    used = {p for group in groups for p in re.findall(r"`(\w+)`", group)}
    assert used and sorted(used - plugins) == []
