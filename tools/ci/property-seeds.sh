#!/usr/bin/env bash
# Runs the fast-check property tests once per seed (default: seeds 1 to 50) and lists the seeds that failed.
#   bash tools/ci/property-seeds.sh [first] [last]
set -uo pipefail
cd "$(dirname "$0")/.."
first=${1:-1}
last=${2:-50}
files=$(grep -rl "from 'fast-check'" test/unit --include='*.test.ts' | sort)
failed=()
for seed in $(seq "$first" "$last"); do
  if ! FC_SEED=$seed nice npx jest --selectProjects unit --silent $files >"/tmp/property-seed-$seed.log" 2>&1; then
    failed+=("$seed")
    echo "seed $seed: FAILED (see /tmp/property-seed-$seed.log)"
  fi
done
echo "property tests: $((last - first + 1 - ${#failed[@]})) of $((last - first + 1)) seeds passed${failed:+; failed: ${failed[*]}}"
[ ${#failed[@]} -eq 0 ]
