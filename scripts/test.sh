#!/usr/bin/env bash
# `npm test`: setup (packages, npm deps, build), then the jest tiers in order:
# unit, service (--runInBand), system (--runInBand; skips itself when not root).
# Prints per-tier counts and a final "N passed, N failed" line; exits non-zero
# when any tier failed.
#   scripts/test.sh [unit|service|system ...]   run only these tiers
#   LXCBUS_SKIP_SETUP=1                          skip setup (already built)
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

tiers=("$@")
[ ${#tiers[@]} -gt 0 ] || tiers=(unit service system)

if [ "${LXCBUS_SKIP_SETUP:-}" != 1 ]; then
  bash scripts/setup.sh || die "setup (see above)"
fi

results=$(mktemp -d "${TMPDIR:-/tmp}/lxcbus-test.XXXXXX")
trap 'rm -rf "$results"' EXIT

# counts FILE: "passed failed skipped" from jest's --json output; a suite that
# failed to run (compile error, crash in beforeAll) counts as one failure.
counts() {
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(r.numPassedTests, r.numFailedTests + r.numRuntimeErrorTestSuites, r.numPendingTests + r.numTodoTests);
  ' "$1" 2>/dev/null || echo "0 1 0"
}

passed=0 failed=0 skipped=0 failed_tiers=()
for tier in "${tiers[@]}"; do
  case "$tier" in
    unit) extra=() ;;
    # In-process Nest apps and NATS clients in these tiers can keep a socket
    # open for a moment after their last test; never let that hang CI.
    service | system) extra=(--runInBand --forceExit) ;;
    *) die "unknown tier $tier (unit, service, system)" ;;
  esac
  step "test: $tier"
  npx jest --selectProjects "$tier" "${extra[@]}" --passWithNoTests --json --outputFile="$results/$tier.json" </dev/null
  rc=$?
  read -r p f s < <(counts "$results/$tier.json")
  # jest can fail without a failing test (no results file, coverage or open-handle errors).
  [ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || f=1
  printf '%s: %d passed, %d failed, %d skipped\n' "$tier" "$p" "$f" "$s"
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
  [ "$rc" -eq 0 ] || failed_tiers+=("$tier")
done

[ ${#failed_tiers[@]} -eq 0 ] || printf 'failed tiers: %s\n' "${failed_tiers[*]}"
[ "$skipped" -eq 0 ] || printf '%d skipped\n' "$skipped"
printf '%d passed, %d failed\n' "$passed" "$failed"
[ ${#failed_tiers[@]} -eq 0 ]
