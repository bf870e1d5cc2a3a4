"""Resident memory of a process tree, sampled from ``/proc`` (Linux; no dependency).

:class:`Sampler` reads ``VmRSS`` of every process under the given roots (a gunicorn master
and its workers, a ``tuition worker`` and any child it forks) every few seconds in a
background thread; :func:`curve` and :func:`growth` turn the samples into the soak
report: a table of the curve, a sparkline per process, peaks and growth.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean

SPARKS = "▁▂▃▄▅▆▇█"


def rss_kib(pid: int) -> int | None:
    """``VmRSS`` of ``pid`` in KiB, or None when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def children(pid: int) -> list[int]:
    """Direct children of ``pid`` (scans ``/proc/*/stat``)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may hold spaces and parentheses
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) > 1 and int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def tree(pid: int) -> list[int]:
    """``pid`` and every descendant."""
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        todo.extend(children(current))
    return pids


@dataclass
class Sampler:
    """Samples the RSS of every process under ``roots`` ({label: pid}) every ``interval``.

    A process is named ``label`` (the root) or ``label/child`` (a descendant) with its pid,
    e.g. ``gunicorn/child 1234`` for a gunicorn worker."""

    roots: dict[str, int]
    interval: float = 5.0
    started: float = field(default_factory=time.monotonic)
    samples: list[tuple[float, dict[str, int]]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def sample(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for label, root in self.roots.items():
            for pid in tree(root):
                rss = rss_kib(pid)
                if rss is not None:
                    found[f"{label}{'' if pid == root else '/child'} {pid}"] = rss
        self.samples.append((time.monotonic() - self.started, found))
        return found

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def start(self) -> None:
        self.started = time.monotonic()
        self._thread = threading.Thread(target=self._loop, name="rss-sampler", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.sample()

    def processes(self) -> list[str]:
        names: dict[str, None] = {}
        for _t, found in self.samples:
            names.update(dict.fromkeys(found))
        return sorted(names)

    def series(self, name: str) -> list[tuple[float, int]]:
        return [(t, found[name]) for t, found in self.samples if name in found]


def sparkline(values: list[int], width: int = 40) -> str:
    """``values`` squeezed into ``width`` block characters between their min and max."""
    if not values:
        return ""
    if len(values) > width:
        step = len(values) / width
        values = [values[int(i * step)] for i in range(width)]
    low, high = min(values), max(values)
    span = max(high - low, high * 0.02, 1)  # changes under 2 % of the peak draw flat
    return "".join(
        SPARKS[min(len(SPARKS) - 1, int((v - low) / span * len(SPARKS)))] for v in values
    )


def curve(sampler: Sampler, rows: int = 24) -> str:
    """The samples as a table (MiB; at most ``rows`` rows, evenly spaced)."""
    names = sampler.processes()
    short = [name.replace("/child", "/c") for name in names]
    width = max(9, *(len(s) for s in short)) if short else 9
    picked = sampler.samples
    if len(picked) > rows:
        step = (len(picked) - 1) / (rows - 1)
        picked = [picked[round(i * step)] for i in range(rows)]
    lines = ["  t (s) | " + " | ".join(s.rjust(width) for s in short)]
    lines.append("  ------|" + "|".join("-" * (width + 2) for _ in short))
    for t, found in picked:
        cells = [
            f"{found[n] / 1024:.1f}".rjust(width) if n in found else "-".rjust(width) for n in names
        ]
        lines.append(f"  {t:5.0f} | " + " | ".join(cells))
    return "\n".join(lines)


@dataclass(frozen=True)
class Growth:
    name: str
    peak_mib: float
    start_mib: float  # mean of the first samples after the warm-up
    end_mib: float  # mean of the last samples
    samples: int

    @property
    def growth(self) -> float:
        return self.end_mib / self.start_mib - 1 if self.start_mib else 0.0


def growth(sampler: Sampler, warmup: float, window: int = 3) -> list[Growth]:
    """Peak, and the change from just after ``warmup`` seconds to the end, per process."""
    found = []
    for name in sampler.processes():
        series = sampler.series(name)
        after = [rss for t, rss in series if t >= warmup] or [rss for _t, rss in series]
        start = mean(after[:window]) / 1024
        end = mean(after[-window:]) / 1024
        found.append(Growth(name, max(rss for _t, rss in series) / 1024, start, end, len(series)))
    return found
