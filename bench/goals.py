"""The hardening issue's targets, checked against a run's figures (PASS / MISS).

Ratios are the medians of the per-round ratios that :mod:`report` prints (each Tuition
run divided by the baseline run just before it); absolute rates are medians over rounds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from statistics import median

from loadgen import RunResult
from report import median_ratios
from targets import Target

CATALOGUE = "tuition GET /v1/courses"
FREE_ENROLL = "tuition POST /v1/enrollments"
WEBHOOKS = "tuition POST /v1/webhooks/dummy"

MIN_CATALOGUE_RPS_RATIO = 0.60
MIN_ENROLL_RPS_RATIO = 0.50
MAX_ENROLL_P99_RATIO = 2.5
MIN_WEBHOOK_RPS = 1000.0


@dataclass(frozen=True)
class Verdict:
    goal: str
    measured: str
    passed: bool | None  # None: not measured in this run

    def line(self) -> str:
        mark = {True: "PASS", False: "MISS", None: "n/a "}[self.passed]
        return f"  {mark}  {self.goal:<58} {self.measured}"


def _by_name(targets: list[Target]) -> dict[str, Target]:
    return {t.name: t for t in targets}


def evaluate(targets: list[Target], results: dict[str, list[RunResult]]) -> list[Verdict]:
    """Every goal of the issue with what this run measured."""
    named = _by_name(targets)
    verdicts: list[Verdict] = []

    def ratios(name: str) -> tuple[float, float, float] | None:
        target = named.get(name)
        if target is None or target.baseline is None:
            return None
        return median_ratios(results[name], results[target.baseline])

    def ratio_goal(goal: str, name: str, index: int, ok: Callable[[float], bool]) -> None:
        found = ratios(name)
        if found is None:
            verdicts.append(Verdict(goal, "not measured", None))
            return
        verdicts.append(Verdict(goal, f"{found[index]:.2f}x", ok(found[index])))

    ratio_goal(
        f"catalogue req/s >= {MIN_CATALOGUE_RPS_RATIO:.0%} of bare select-50",
        CATALOGUE,
        0,
        lambda r: r >= MIN_CATALOGUE_RPS_RATIO,
    )
    ratio_goal(
        f"free enroll req/s >= {MIN_ENROLL_RPS_RATIO:.0%} of bare insert",
        FREE_ENROLL,
        0,
        lambda r: r >= MIN_ENROLL_RPS_RATIO,
    )
    ratio_goal(
        f"free enroll p99 <= {MAX_ENROLL_P99_RATIO}x bare insert's p99",
        FREE_ENROLL,
        2,
        lambda r: r <= MAX_ENROLL_P99_RATIO,
    )
    if WEBHOOKS in results:
        rate = median(r.rps for r in results[WEBHOOKS])
        verdicts.append(
            Verdict(
                f"webhook intake >= {MIN_WEBHOOK_RPS:,.0f} events/s",
                f"{rate:,.1f} events/s",
                rate >= MIN_WEBHOOK_RPS,
            )
        )
    else:
        verdicts.append(
            Verdict(f"webhook intake >= {MIN_WEBHOOK_RPS:,.0f} events/s", "not measured", None)
        )
    unexpected, errors = 0, 0
    for target in targets:
        for run in results[target.name]:
            errors += run.errors
            unexpected += sum(
                n for status, n in run.statuses.items() if status not in target.expect
            )
    verdicts.append(
        Verdict(
            "0 non-2xx but designed 409s; 0 connection errors",
            f"{unexpected} unexpected, {errors} errors",
            unexpected == 0 and errors == 0,
        )
    )
    return verdicts


def summary(targets: list[Target], results: dict[str, list[RunResult]], rounds: int) -> str:
    """The verdict lines, with a warning when too few rounds were run to trust them."""
    lines = [v.line() for v in evaluate(targets, results)]
    if rounds < 3:
        lines.append(
            f"  (only {rounds} round(s): the issue asks for medians of >= 3 pairs; "
            "these verdicts are indicative)"
        )
    return "\n".join(lines)
