"""Issue 17's targets ("Hot paths near the physical limit"), checked against a run's
figures: PASS / MISS for the required value, and the stretch value's verdict beside it.

Ratios are the medians of the per-round ratios that :mod:`report` prints (each Tuition
run divided by the baseline run just before it); the workers' apply ratio is the median
of the per-round :class:`jobqueue.ApplyRate` ratios (``--jobs rq`` only).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import median

from jobqueue import ApplyRate
from loadgen import RunResult
from report import median_ratios
from targets import Target

CATALOGUE = "tuition GET /v1/courses"
FREE_ENROLL = "tuition POST /v1/enrollments"
PAID_ENROLL = "tuition POST /v1/enrollments paid"
WEBHOOKS = "tuition POST /v1/webhooks/dummy"
DASHBOARD = "tuition GET /v1/me/dashboard"

RPS, P50, P99 = 0, 1, 2  # indexes into report.median_ratios


@dataclass(frozen=True)
class RatioGoal:
    """A ratio of a Tuition route to its baseline: at least (or, for latencies, at most)
    ``required``, and ``stretch`` if the issue gives one."""

    label: str
    route: str
    index: int
    required: float
    stretch: float | None = None

    @property
    def at_most(self) -> bool:
        return self.index != RPS

    def holds(self, value: float, bound: float) -> bool:
        return value <= bound if self.at_most else value >= bound

    def goal(self) -> str:
        return f"{self.label} {'<=' if self.at_most else '>='} {self.required:.2f}x"


RATIO_GOALS = (
    RatioGoal("catalogue req/s vs bare select-50", CATALOGUE, RPS, 0.80, 1.0),
    RatioGoal("free enroll req/s vs bare insert", FREE_ENROLL, RPS, 0.50, 0.6),
    RatioGoal("free enroll p99 vs bare insert p99", FREE_ENROLL, P99, 2.5, 2.0),
    RatioGoal("paid enroll (dummy) req/s vs bare insert", PAID_ENROLL, RPS, 0.45, 0.5),
    RatioGoal("webhook first delivery req/s vs bare insert", WEBHOOKS, RPS, 0.60, 0.8),
    RatioGoal("dashboard req/s vs bare select-50", DASHBOARD, RPS, 0.50),
)
MIN_APPLY_RATIO = 1.0


@dataclass(frozen=True)
class Verdict:
    goal: str
    measured: str
    passed: bool | None  # None: not measured in this run
    stretch: str = ""  # e.g. "stretch >= 1.00x: MISS"

    def line(self) -> str:
        mark = {True: "PASS", False: "MISS", None: "n/a "}[self.passed]
        return f"  {mark}  {self.goal:<56} {self.measured:<24} {self.stretch}".rstrip()


def _mark(passed: bool) -> str:
    return "PASS" if passed else "MISS"


def evaluate(
    targets: list[Target],
    results: dict[str, list[RunResult]],
    applied: list[ApplyRate] | None = None,
) -> list[Verdict]:
    """Every goal of the issue with what this run measured; ``applied`` holds the
    workers' apply rate of each webhook round (None: jobs ran inline, not measured)."""
    named = {t.name: t for t in targets}
    verdicts: list[Verdict] = []

    def ratios(name: str) -> tuple[float, float, float] | None:
        target = named.get(name)
        if target is None or target.baseline is None:
            return None
        return median_ratios(results[name], results[target.baseline])

    for goal in RATIO_GOALS:
        found = ratios(goal.route)
        if found is None:
            verdicts.append(Verdict(goal.goal(), "not measured", None))
            continue
        value = found[goal.index]
        stretch = ""
        if goal.stretch is not None:
            op = "<=" if goal.at_most else ">="
            stretch = f"stretch {op} {goal.stretch:.2f}x: {_mark(goal.holds(value, goal.stretch))}"
        verdicts.append(
            Verdict(goal.goal(), f"{value:.2f}x", goal.holds(value, goal.required), stretch)
        )
    verdicts.append(_apply_verdict(applied))

    unexpected, errors = 0, 0
    for target in targets:
        for run in results[target.name]:
            errors += run.errors
            unexpected += sum(
                n for status, n in run.statuses.items() if status not in target.expect
            )
    verdicts.append(
        Verdict(
            "0 unexpected statuses; 0 connection errors",
            f"{unexpected} unexpected, {errors} errors",
            unexpected == 0 and errors == 0,
        )
    )
    return verdicts


def _apply_verdict(applied: list[ApplyRate] | None) -> Verdict:
    goal = f"workers' events applied/s vs accepted/s >= {MIN_APPLY_RATIO:.2f}"
    if applied is None:
        return Verdict(goal, "n/a: jobs inline", None)
    if not applied:
        return Verdict(goal, "not measured", None)
    value = median(a.ratio for a in applied)
    bound = "" if all(a.complete for a in applied) else " (upper bound)"
    # jobs not done (failed, or still queued when the drain gave up) were not applied
    passed = not bound and not math.isnan(value) and value >= MIN_APPLY_RATIO
    return Verdict(goal, f"{value:.2f}{bound}", passed)


def summary(
    targets: list[Target],
    results: dict[str, list[RunResult]],
    rounds: int,
    applied: list[ApplyRate] | None = None,
) -> str:
    """The verdict lines, with a warning when too few rounds were run to trust them."""
    lines = [v.line() for v in evaluate(targets, results, applied)]
    if rounds < 3:
        lines.append(
            f"  (only {rounds} round(s): the issue asks for medians of >= 3 pairs; "
            "these verdicts are indicative)"
        )
    return "\n".join(lines)
