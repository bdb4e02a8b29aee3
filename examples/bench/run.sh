#!/usr/bin/env bash
# Whole-run benchmark: every workload (W1 W2 W2b W3 W4) for lrsweep and for the same workload
# written in pandas+NumPy, in the same invocation, N repeats each, medians side by side.
#
#   bash examples/bench/run.sh [--quick] [--repeats N] [--only W1,W2,W2b,W3,W4]
#                              [--jobs N] [--data-dir DIR] [--out DIR]
#
#   --quick      smaller datasets (a smoke test; W4's MB/s target is then not meaningful); the
#                default number of repeats becomes 1
#   --repeats N  runs of each command; the table shows medians (default 3)
#   --only LIST  run only these workloads (the bare JVM start always runs)
#   --jobs N     lrsweep --jobs for W2, W2b, W3 (default: nproc)
#   --data-dir   where generated datasets are cached (default examples/bench/data)
#   --out DIR    raw outputs, runs.tsv, results.txt and results.md (default examples/bench/out)
#
# Datasets come from `lrsweep gen` and are generated once per size and seed. Exits non-zero only
# when something fails to run; a missed target is printed as MISS, never an error.
# LRSWEEP_JAVA_OPTS is passed to every lrsweep JVM, as the target/lrsweep launcher does.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$root/target/lrsweep.jar"
py=/usr/bin/python3

quick=0
repeats=""
only="W1,W2,W2b,W3,W4"
jobs="$(nproc 2>/dev/null || echo 2)"
data_dir="$here/data"
out="$here/out"

die() { echo "run.sh: $*" >&2; exit 1; }
need_arg() { [ "$#" -ge 2 ] || die "$1 needs a value"; }

while [ "$#" -gt 0 ]; do
  case "$1" in
    --quick) quick=1; shift ;;
    --repeats) need_arg "$@"; repeats="$2"; shift 2 ;;
    --only) need_arg "$@"; only="$2"; shift 2 ;;
    --jobs) need_arg "$@"; jobs="$2"; shift 2 ;;
    --data-dir) need_arg "$@"; data_dir="$2"; shift 2 ;;
    --out) need_arg "$@"; out="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
if [ -z "$repeats" ]; then
  if [ "$quick" = 1 ]; then repeats=1; else repeats=3; fi
fi
case "$repeats" in ''|*[!0-9]*|0) die "--repeats: expected a whole number >= 1, got '$repeats'" ;; esac
case "$jobs" in ''|*[!0-9]*|0) die "--jobs: expected a whole number >= 1, got '$jobs'" ;; esac
wants() { case ",$only," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

# ---- prerequisites -------------------------------------------------------------------------------
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"
  else die "need root to run: $* (run it yourself, or run this script as root)"
  fi
}
apt_install() {
  echo "run.sh: installing $* with apt-get" >&2
  as_root apt-get update -qq >&2 || true
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

command -v java >/dev/null 2>&1 || die "java is not on PATH (Java 17 is needed)"
[ -x "$py" ] || apt_install python3
# Debian's numpy and pandas live in /usr/bin/python3's dist-packages (not in a pyenv python).
"$py" -c 'import numpy, pandas' 2>/dev/null || apt_install python3-numpy python3-pandas
"$py" -c 'import numpy, pandas' || die "$py cannot import numpy and pandas"
[ -x /usr/bin/time ] || apt_install time
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (apt-get install time)"
have_taskset=0
command -v taskset >/dev/null 2>&1 && have_taskset=1

if [ ! -f "$jar" ]; then
  echo "run.sh: building $jar (mvn -q package -DskipTests)" >&2
  (cd "$root" && mvn -q package -DskipTests) || die "the build failed"
fi
read -r -a jopts <<< "${LRSWEEP_JAVA_OPTS:-}"
# W4's driver runs in a JVM with the options the launcher gives lrsweep (target/lrsweep): the serial
# collector and the class-data archive made at build time (its class path, the jar, is a prefix of
# the driver's, so the archive applies); without them the load was ~15% slower (G1, no archive).
# Keep these in step with the launcher's own line (src/launcher/lrsweep).
w4opts=(-XX:+UseSerialGC)
if [ -f "$(dirname "$jar")/lrsweep.jsa" ]; then
  w4opts+=("-XX:SharedArchiveFile=$(dirname "$jar")/lrsweep.jsa" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
fi

mkdir -p "$data_dir" "$out/raw" "$out/classes"
rm -f "$out"/raw/* "$out/runs.tsv"
javac -nowarn -cp "$jar" -d "$out/classes" "$here/java/LoadCsv.java" "$here/java/Hello.java" \
  || die "javac failed on examples/bench/java"

# ---- datasets ------------------------------------------------------------------------------------
features=16
noise=0.1
if [ "$quick" = 1 ]; then
  rows_w2=50000; rows_w3=10000; rows_w4=100000
else
  rows_w2=500000; rows_w3=100000; rows_w4=1000000
fi

# dataset NAME MODEL ROWS SEED -> prints the cached file's path, generating it with lrsweep gen
dataset() {
  local file="$data_dir/$1-$2-${3}x$features-seed$4.csv"
  if [ ! -s "$file" ]; then
    if ! java "${jopts[@]}" -jar "$jar" --help 2>/dev/null | grep -Eq '^[[:space:]]+gen[[:space:]]'; then
      die "this lrsweep.jar has no 'gen' command; build one that has, or put $file there yourself"
    fi
    echo "run.sh: lrsweep gen --rows $3 --features $features --seed $4 --noise $noise --model $2" >&2
    java "${jopts[@]}" -jar "$jar" gen --rows "$3" --features "$features" --seed "$4" --noise "$noise" \
      --model "$2" --out "$file.tmp" >&2 || die "lrsweep gen failed"
    mv "$file.tmp" "$file"
  fi
  printf '%s\n' "$file"
}

# ---- measuring -----------------------------------------------------------------------------------
# measure WORKLOAD IMPL REP CMD... : wall time (bash's EPOCHREALTIME), peak RSS (/usr/bin/time %M),
# stdout kept for report.py. lrsweep's exit code 3 (every trial diverged) still counts as a run.
measure() {
  local w="$1" impl="$2" rep="$3"; shift 3
  local base="$out/raw/$w.$impl.$rep"
  local t0 t1 rc=0
  t0=$EPOCHREALTIME
  /usr/bin/time -f '%M' -o "$base.rss" "$@" > "$base.out" 2> "$base.err" || rc=$?
  t1=$EPOCHREALTIME
  if [ "$rc" != 0 ] && ! { [ "$rc" = 3 ] && [ "${impl%%-*}" = lrsweep ]; }; then
    echo "run.sh: $w $impl failed (exit $rc): $*" >&2
    tail -n 20 "$base.err" >&2
    exit 1
  fi
  local wall rss
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')
  rss=$(tail -n 1 "$base.rss")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$w" "$impl" "$rep" "$wall" "$rss" "$base.out" "$jobs" >> "$out/runs.tsv"
  printf '  %-4s %-16s run %s/%s  %8.2f s  %6d MB\n' "$w" "$impl" "$rep" "$repeats" "$wall" "$((rss / 1024))" >&2
}

lrsweep=("$root/target/lrsweep")  # the launcher: the JVM options chosen for users (CDS archive, serial GC); it reads LRSWEEP_JAVA_OPTS itself

load_start=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')
echo "run.sh: $(nproc) cores, load average $load_start, $repeats repeat(s), $([ "$quick" = 1 ] && echo quick || echo full) sizes" >&2

# Generate everything first, so generation never lands inside a measurement.
if wants W2; then f_w2=$(dataset w2 linear "$rows_w2" 2); fi
if wants W2b; then f_w2b=$(dataset w2b logistic "$rows_w2" 3); fi
if wants W3; then f_w3=$(dataset w3 linear "$rows_w3" 4); fi
if wants W4; then f_w4=$(dataset w4 linear "$rows_w4" 5); fi

for rep in $(seq 1 "$repeats"); do
  measure jvm java-hello "$rep" java -cp "$out/classes" Hello
  measure jvm java-version "$rep" java -version
  if wants W1; then
    measure W1 lrsweep "$rep" "${lrsweep[@]}" grid --rates 0.01,0.02,0.03,0.032,0.035,0.04 \
      --data "$root/examples/qiita/apples.csv" --target y --no-intercept --json "$out/raw/W1.lrsweep.$rep.json" --debug
    measure W1 numpy "$rep" "$py" "$here/numpy_w1.py" --data "$root/examples/qiita/apples.csv"
  fi
  if wants W2; then
    measure W2 lrsweep "$rep" "${lrsweep[@]}" grid --range 1e-3:1e-1 --points 16 --data "$f_w2" --steps 50 \
      --quiet --format json --jobs "$jobs" --debug
    # a re-run with --cache: an untimed priming run (first repeat only) writes the binary copy
    # beside the CSV; the timed run reads it instead of parsing
    if [ "$rep" = 1 ]; then
      "${lrsweep[@]}" grid --range 1e-3:1e-1 --points 16 --data "$f_w2" --steps 1 --quiet --cache >/dev/null 2>&1 || true
    fi
    measure W2 lrsweep-cache "$rep" "${lrsweep[@]}" grid --range 1e-3:1e-1 --points 16 --data "$f_w2" --steps 50 \
      --quiet --format json --jobs "$jobs" --cache --debug
    measure W2 numpy "$rep" "$py" "$here/numpy_w2.py" --data "$f_w2" --points 16 --steps 50
  fi
  if wants W2b; then
    measure W2b lrsweep "$rep" "${lrsweep[@]}" grid --model logistic --range 1e-3:1e-1 --points 16 --data "$f_w2b" \
      --steps 50 --quiet --format json --jobs "$jobs" --debug
    measure W2b numpy "$rep" "$py" "$here/numpy_w2b.py" --data "$f_w2b" --points 16 --steps 50
  fi
  if wants W3; then
    measure W3 lrsweep "$rep" "${lrsweep[@]}" grid --model 'mlp(hidden=32)' --range 1e-3:1e-1 --points 8 \
      --data "$f_w3" --batch-size 128 --epochs 5 --quiet --format json --jobs "$jobs" --debug
    measure W3 numpy "$rep" "$py" "$here/numpy_w3.py" --data "$f_w3" --points 8 --hidden 32 \
      --batch-size 128 --epochs 5
  fi
  if wants W4; then
    if [ "$have_taskset" = 1 ]; then
      measure W4 lrsweep-1core "$rep" taskset -c 0 java "${w4opts[@]}" "${jopts[@]}" -cp "$jar:$out/classes" LoadCsv "$f_w4"
    fi
    measure W4 lrsweep "$rep" java "${w4opts[@]}" "${jopts[@]}" -cp "$jar:$out/classes" LoadCsv "$f_w4"
    measure W4 numpy "$rep" "$py" "$here/numpy_w4.py" --data "$f_w4"
  fi
done

load_end=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')
"$py" "$here/report.py" --runs "$out/runs.tsv" --cores "$(nproc)" --load "$load_start" "$load_end" \
  --repeats "$repeats" --sizes "$([ "$quick" = 1 ] && echo quick || echo full)" --markdown "$out/results.md" \
  | tee "$out/results.txt"
