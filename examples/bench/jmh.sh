#!/usr/bin/env bash
# JMH benchmarks of lrsweep's kernels, with short settings:
#   ModelBench.linearLossAndGradient    one fused loss+gradient pass, linear MSE, 100,000 x 16
#   ModelBench.logisticLossAndGradient  the same, logistic cross-entropy
#   ModelBench.logisticFused            one pass serving 16 logistic parameter vectors (a W2b step)
#   CsvReadBench.read                   CsvReader.read on a generated 100,000 x 16 CSV (warm)
#
#   bash examples/bench/jmh.sh [JMH options...]    e.g.  bash examples/bench/jmh.sh CsvReadBench -p rows=1000000
#
# Defaults: -wi 2 -i 3 -f 1 -w 1s -r 1s, each left out when you give that option yourself. Builds target/lrsweep.jar if it
# is missing or older than a source file, and always (re)builds the standalone project in examples/bench/jmh, whose pom takes
# lrsweep as a system-scoped dependency on that jar. Results: examples/bench/out/jmh.json, and a
# summary with the data rate (GB/s of doubles for the kernels, MB/s of CSV text for the reader).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$root/target/lrsweep.jar"
out="$here/out"

if [ ! -f "$jar" ] || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -print -quit)" ]; then
  echo "jmh.sh: building $jar (mvn -q package -DskipTests)" >&2
  (cd "$root" && mvn -q package -DskipTests)
fi
(cd "$here/jmh" && mvn -q package)
mkdir -p "$out"

# JMH refuses an option given twice: a default goes in only when the arguments do not name it
defaults=()
for pair in "-wi 2" "-i 3" "-f 1" "-w 1s" "-r 1s"; do
  opt=${pair%% *}
  given=0
  for a in "$@"; do [ "$a" = "$opt" ] && given=1; done
  [ "$given" = 1 ] || defaults+=("$opt" "${pair#* }")
done
java -cp "$here/jmh/target/benchmarks.jar:$jar" org.openjdk.jmh.Main \
  "${defaults[@]}" -rf json -rff "$out/jmh.json" "$@"

py="$(command -v python3 || true)"
[ -n "$py" ] || exit 0
"$py" - "$out/jmh.json" <<'EOF'
import json, sys
print()
print(f"{'benchmark':<36} {'params':<24} {'ms/op':>10} {'rate':>14}")
for r in json.load(open(sys.argv[1])):
    name = r["benchmark"].rsplit(".", 2)[-2] + "." + r["benchmark"].rsplit(".", 1)[-1]
    params = ",".join(f"{k}={v}" for k, v in sorted(r.get("params", {}).items()))
    ms = r["primaryMetric"]["score"]
    per_byte = r.get("secondaryMetrics", {}).get("bytes", {}).get("score")  # ms per byte
    if per_byte:
        bps = 1000.0 / per_byte
        rate = f"{bps / 1e6:.0f} MB/s" if "Csv" in name else f"{bps / 1e9:.2f} GB/s"
    else:
        rate = "-"
    print(f"{name:<36} {params:<24} {ms:>10.3f} {rate:>14}")
EOF
