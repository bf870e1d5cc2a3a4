#!/usr/bin/env bash
# Every benchmark of the README's figures, one after the other, on a quiet machine:
#
#   bench/all.sh [--full] [--profile] [--quick] [--no-tests] [--soak-minutes N]
#
#   1. the machine (CPU, cores, RAM, OS, Python, PostgreSQL, Redis, libraries)
#   2. bench/run.py: the side-by-side pairs and the issue's targets (jobs through rq)
#   3. bench/scale.py: catalogue/dashboard latency at scale points, EXPLAIN plans
#      (--full adds the 1000 tenants x 100,000 students x 1,000,000 enrollments point)
#   4. bench/soak.py: RSS per gunicorn and rq worker over a 10-minute soak
#   5. (--profile) bench/profile_routes.py: cProfile of the hot routes
#   6. the long reliability tests:
#      TUITION_LONG_TESTS=1 .venv/bin/pytest -q -n 2 tests/test_invariants.py \
#          tests/test_launch_rush.py tests/test_schemathesis.py
#
# --quick shortens every part (a check of the tooling, not figures to publish).
# Everything is also written to $BENCH_LOG (default /tmp/tuition-bench-DATE.log).
# Exit status: 0 when every part ran (targets may still be MISS), else 1.
set -u -o pipefail

cd "$(dirname "$0")/.."
PY=.venv/bin/python
full="" profile="" quick="" tests=1 soak_minutes=10
while [ $# -gt 0 ]; do
  case "$1" in
    --full) full=1 ;;
    --profile) profile=1 ;;
    --quick) quick=1 ;;
    --no-tests) tests="" ;;
    --soak-minutes) soak_minutes="$2"; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done
LOG=${BENCH_LOG:-/tmp/tuition-bench-$(date +%Y%m%d-%H%M%S).log}
exec > >(tee -a "$LOG") 2>&1

failed=()
part() {  # part NAME COMMAND...: run, time and remember a failure
  local name=$1; shift
  echo
  echo "################ $name: $* ($(date -u +%H:%M:%SZ))"
  local started=$SECONDS
  if "$@"; then
    echo "################ $name done in $((SECONDS - started)) s"
  else
    echo "################ $name FAILED (exit $?) after $((SECONDS - started)) s"
    failed+=("$name")
  fi
}

echo "bench/all.sh on $(hostname) at $(date -u +%Y-%m-%dT%H:%M:%SZ), git $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (uncommitted changes)')"
part machine $PY bench/machine.py
lscpu 2>/dev/null | grep -E '^(Model name|CPU\(s\)|Thread|Core|Socket|Hypervisor)' || true

if [ -n "$quick" ]; then
  part run $PY bench/run.py --jobs rq --rounds 1 --duration 2 --warmup 1
  part scale $PY bench/scale.py --points 1x100,10x1000 --requests 50 --rounds 2 --sample 200
  part soak $PY bench/soak.py --minutes 1 --interval 3
  [ -n "$profile" ] && part profile $PY bench/profile_routes.py --requests 200 --warmup 10
else
  part run $PY bench/run.py --jobs rq --rounds 5 --duration 5
  part scale $PY bench/scale.py ${full:+--full}
  part soak $PY bench/soak.py --minutes "$soak_minutes"
  [ -n "$profile" ] && part profile $PY bench/profile_routes.py --requests 2000 \
    --routes catalogue,enroll,paid,webhook,dashboard
fi

if [ -n "$tests" ]; then
  part long-tests env TUITION_LONG_TESTS=1 .venv/bin/pytest -q -n 2 \
    tests/test_invariants.py tests/test_launch_rush.py tests/test_schemathesis.py
fi

echo
if [ ${#failed[@]} -eq 0 ]; then
  echo "all parts ran; log: $LOG"
  exit 0
fi
echo "failed parts: ${failed[*]}; log: $LOG"
exit 1
