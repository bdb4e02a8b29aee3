#!/usr/bin/env bash
# The classic divergence experiment (apples and mandarins, y = a1*x1 + a2*x2, no intercept):
# six learning rates, 100 full-batch steps each, a table every 10 steps, and a JSON summary.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
[ -f "$root/target/lrsweep.jar" ] || (cd "$root" && mvn -q package -DskipTests)
exec java -jar "$root/target/lrsweep.jar" grid \
  --rates 0.01,0.02,0.03,0.032,0.035,0.04 \
  --data "$root/examples/qiita/apples.csv" --target y --no-intercept \
  --json "${1:-out.json}"
