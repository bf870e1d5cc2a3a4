"""Medians over rounds and the side-by-side table."""

from __future__ import annotations

import math
from statistics import median

from loadgen import RunResult
from targets import Target

COLUMNS = (
    "route",
    "req/s",
    "p50 ms",
    "p99 ms",
    "non-2xx",
    "errors",
    "req/s ratio",
    "p50 ratio",
    "p99 ratio",
)


def progress_line(round_no: int, result: RunResult) -> str:
    """One line per timed run, printed as the benchmark goes."""
    return (
        f"  round {round_no}  {result.name:<34} {result.rps:8.1f} req/s  "
        f"p50 {result.percentile_ms(50):6.2f} ms  p99 {result.percentile_ms(99):6.2f} ms  "
        f"non-2xx {result.non_2xx}  errors {result.errors}  "
        f"client cpu {result.client_cpu / result.duration:4.0%}"
    )


def _ratios(runs: list[RunResult], base: list[RunResult]) -> tuple[float, float, float]:
    """Medians of the per-round ratios (each Tuition run over the baseline run just before)."""

    def ratio(a: float, b: float) -> float:
        return a / b if b else math.nan

    pairs = list(zip(runs, base, strict=True))
    return (
        median(ratio(t.rps, b.rps) for t, b in pairs),
        median(ratio(t.percentile_ms(50), b.percentile_ms(50)) for t, b in pairs),
        median(ratio(t.percentile_ms(99), b.percentile_ms(99)) for t, b in pairs),
    )


def table(targets: list[Target], results: dict[str, list[RunResult]]) -> str:
    """Median req/s, p50 and p99 per route, summed failures, and the ratios to the baseline."""
    rows: list[tuple[str, ...]] = [COLUMNS]
    for target in targets:
        runs = results[target.name]
        ratios: tuple[str, ...] = ("", "", "")
        if target.baseline is not None:
            ratios = tuple(f"{r:.2f}x" for r in _ratios(runs, results[target.baseline]))
        rows.append(
            (
                target.name,
                f"{median(r.rps for r in runs):.1f}",
                f"{median(r.percentile_ms(50) for r in runs):.2f}",
                f"{median(r.percentile_ms(99) for r in runs):.2f}",
                str(sum(r.non_2xx for r in runs)),
                str(sum(r.errors for r in runs)),
                *ratios,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = []
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("| " + " | ".join(cells) + " |")
        if n == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def round_ratios(targets: list[Target], results: dict[str, list[RunResult]]) -> str:
    """Each Tuition route's req/s ratio in every round, to show how steady the ratio is."""
    lines = []
    for target in targets:
        if target.baseline is None:
            continue
        pairs = zip(results[target.name], results[target.baseline], strict=True)
        ratios = " ".join(f"{t.rps / b.rps:.2f}" if b.rps else "nan" for t, b in pairs)
        lines.append(f"  {target.name:<34} req/s ratio per round: {ratios}")
    return "\n".join(lines)


def median_ratios(runs: list[RunResult], base: list[RunResult]) -> tuple[float, float, float]:
    """Medians of the per-round req/s, p50 and p99 ratios of ``runs`` to ``base``."""
    return _ratios(runs, base)


def status_summary(targets: list[Target], results: dict[str, list[RunResult]]) -> str:
    """Every status each route answered over all rounds (e.g. ``201 x 1234``)."""
    lines = []
    for target in targets:
        counts: dict[int, int] = {}
        for run in results[target.name]:
            for status, n in run.statuses.items():
                counts[status] = counts.get(status, 0) + n
        shown = ", ".join(f"{status} x {n}" for status, n in sorted(counts.items()))
        lines.append(f"  {target.name:<34} {shown or 'nothing'}")
    return "\n".join(lines)
