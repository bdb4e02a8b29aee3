#!/usr/bin/env bash
# A CI gate over lrsweep's JSON summary, with standard tools (jq, or python3 where jq is missing).
# Fails (exit 3, as lrsweep's own gates) when the best rate leaves the expected band or a rate known to converge diverges.
#
#   examples/ci/lr-gate.sh out.json [BEST_MIN BEST_MAX [MUST_NOT_DIVERGE...]]
#   examples/ci/lr-gate.sh out.json 0.025 0.035 0.01 0.02 0.03
set -euo pipefail
json=${1:?usage: lr-gate.sh SUMMARY.json [BEST_MIN BEST_MAX [LR...]]}
best_min=${2:-0.025}
best_max=${3:-0.035}
shift $(( $# >= 3 ? 3 : $# ))
stable=("$@")
[ ${#stable[@]} -gt 0 ] || stable=(0.01 0.02 0.03)

query() { # query FILTER (jq syntax for the simple paths used here)
  if [ -z "${LRGATE_NO_JQ:-}" ] && command -v jq >/dev/null 2>&1; then
    jq -r "$1" "$json"
  else
    python3 - "$json" "$1" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
f = sys.argv[2]
if f == '.best.lr // "none"':
    print(doc["best"]["lr"] if doc.get("best") else "none")
elif f.startswith('.trials[] | "'):
    for t in doc["trials"]:
        print(f'{t["lr"]} {t["status"]}')
PY
  fi
}

fail=0
best=$(query '.best.lr // "none"')
if [ "$best" = none ]; then
  echo "lr-gate: no best rate: every trial diverged"; fail=3
elif ! awk -v b="$best" -v lo="$best_min" -v hi="$best_max" 'BEGIN { exit !(b >= lo && b <= hi) }'; then
  echo "lr-gate: best rate $best moved outside [$best_min, $best_max]"; fail=3
else
  echo "lr-gate: best rate $best is within [$best_min, $best_max]"
fi
statuses=$(query '.trials[] | "\(.lr) \(.status)"')
for lr in "${stable[@]}"; do
  st=$(echo "$statuses" | awk -v lr="$lr" '$1 + 0 == lr + 0 { print $2; exit }')
  if [ -z "$st" ]; then
    echo "lr-gate: rate $lr is not in the sweep"; fail=3
  elif [ "$st" = diverged ]; then
    echo "lr-gate: rate $lr, known to converge, diverged"; fail=3
  fi
done
exit $fail
