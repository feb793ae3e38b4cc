#!/usr/bin/env bash
# Memory of `cleantext --jsonl -j 2` on a long stream: N records (default 200 000) of the
# seed page, piped in; the RSS of cleantext's whole process tree (parent, resource
# tracker, fork server, workers) is sampled every 5 s to stderr as "epoch-seconds MB".
# Usage: bash benchmarks/stream_memory.sh [N]   (from the repository root)
set -euo pipefail
n=${1:-200000}
py=${PYTHON:-python}
seed=${SEED:-../shared/seed/input.txt}
"$py" - "$n" "$seed" <<'PY' | "$py" -m cleantext --jsonl --field text -j 2 > /dev/null &
import json, sys
n, seed = int(sys.argv[1]), open(sys.argv[2], encoding="utf-8").read()
for i in range(n):
    sys.stdout.write(json.dumps({"id": i, "text": seed}, ensure_ascii=False) + "\n")
PY
sleep 2
root=$(pgrep -n -f "cleantext --jsonl --field text -j 2")
while kill -0 "$root" 2>/dev/null; do
  tree="$root $( (pgrep -P "$root" || true) | tr '\n' ' ')"
  for child in $(pgrep -P "$root" || true); do tree="$tree $( (pgrep -P "$child" || true) | tr '\n' ' ')"; done
  kb=0
  for p in $tree; do kb=$((kb + $(awk '/VmRSS/{print $2}' "/proc/$p/status" 2>/dev/null || echo 0))); done
  echo "$(date +%s) $((kb / 1024))" >&2
  sleep 5
done
wait
