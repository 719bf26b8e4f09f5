#!/usr/bin/env bash
# Time `pigeonpost publish` of the benchmark's 10,000-article site with an older commit and with
# the working tree, alternating run by run: this machine's speed drifts by tens of percent within
# minutes, so only runs measured next to each other compare (docs/benchmarks.md "Publish").
#
#   scripts/bench/ab-publish.sh <commit> [rounds]     (default 3 rounds)
#
# The old commit runs from a temporary git worktree that shares this checkout's node_modules. Each
# run publishes a fresh copy of the same generated site; the line shows the process's wall time
# and CPU time (all threads), the publisher's own timer and its phases.
set -euo pipefail
base=${1:?usage: scripts/bench/ab-publish.sh <commit> [rounds]}
rounds=${2:-3}
repo=$(cd "$(dirname "$0")/../.." && pwd)
git -C "$repo" rev-parse --verify --quiet "$base^{commit}" >/dev/null || { echo "ab-publish: $base is not a commit" >&2; exit 2; }
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "ab-publish: rounds must be a positive whole number" >&2; exit 2; }
tmp=$(mktemp -d)
cleanup() { git -C "$repo" worktree remove --force "$tmp/old" >/dev/null 2>&1 || true; rm -rf "$tmp"; }
trap cleanup EXIT
git -C "$repo" worktree add --detach "$tmp/old" "$base" >/dev/null 2>&1
ln -s "$repo/node_modules" "$tmp/old/node_modules"
(cd "$repo" && node --import tsx scripts/bench/make-site.ts "$tmp/site")
for ((i = 1; i <= rounds; i++)); do
  echo "round $i: $(cd "$repo" && node --import tsx scripts/bench/machine-check.ts)"
  for v in old new; do
    dir=$repo; [[ $v == old ]] && dir=$tmp/old
    rm -rf "$tmp/run" && cp -a "$tmp/site" "$tmp/run"
    # bash's time keyword: wall, then user + system CPU of the process and its threads.
    TIMEFORMAT='%R %U %S'
    { time (cd "$dir" && node scripts/pigeonpost.mjs publish "$tmp/run" --out "$tmp/run/out" --now 2030-03-01T00:00:00Z --no-app --json >"$tmp/summary.json" 2>/dev/null); } 2>"$tmp/time"
    read -r wall user sys <"$tmp/time"
    echo "$v: wall $wall s, CPU $(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.1f", u + s }') s, $(node -e "const s = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8')); console.log('publisher', s.ms, 'ms, phases', JSON.stringify(s.phases))" "$tmp/summary.json")"
  done
done
