"""Summarises examples/bench/run.sh's runs.tsv: medians per workload and implementation, the
pandas+NumPy / lrsweep ratio side by side, and PASS/MISS against the targets of issue 5.

runs.tsv columns: workload, impl, repeat, wall seconds, peak RSS KiB, stdout file, lrsweep --jobs.
Each stdout file holds (or ends with) one JSON object; W1's lrsweep summary is in <stdout>.json
beside it (W1 runs the reference command with --json, tables on stdout).
"""
import argparse
import json
import math
import os
import re
import statistics
import sys

WHAT = {
    "jvm": "bare JVM start",
    "W1": "reference experiment (apples.csv, 6 rates x 100 steps), whole process",
    "W2": "linear MSE, 16 rates x 50 full-batch steps",
    "W2b": "logistic, 16 rates x 50 full-batch steps",
    "W3": "MLP 32 hidden, batch 128, 5 epochs, 8 rates",
    "W4": "load the CSV into doubles",
}
ORDER = ["jvm", "W1", "W2", "W2b", "W3", "W4"]
IMPL_ORDER = ["java-hello", "java-version", "lrsweep", "lrsweep-cache", "lrsweep-1core", "numpy"]


def last_json(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    try:
        return json.loads(text)
    except ValueError:
        pass
    for line in reversed(text.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            return json.loads(line)
    raise ValueError(f"{path}: no JSON found")


def facts(workload, impl, out_path, jobs):
    """rows, features, trials, trial_steps, batch, compute_s, csv_bytes for one run (None = unknown)."""
    f = dict(rows=None, features=None, trials=None, trial_steps=None, batch=None, compute_s=None, csv_bytes=None,
             sha256_s=None)
    if workload == "jvm":
        return f
    side = os.path.splitext(out_path)[0] + ".json"
    d = last_json(side if os.path.exists(side) else out_path)
    if "tool" in d:  # an lrsweep summary
        trials = d["trials"]
        f["rows"] = d["dataset"]["rows"]
        f["features"] = len(d["dataset"]["features"])
        f["trials"] = len(trials)
        f["trial_steps"] = sum(t["steps_run"] for t in trials)
        b = d["command"].get("batch_size")
        f["batch"] = b[0] if isinstance(b, list) and b else (b if isinstance(b, int) else f["rows"])
        # the training phase from the --debug timing line on stderr; without one, estimated from
        # the trials' elapsed times (which overlap when trials train together in fused groups)
        f["compute_s"] = debug_training(os.path.splitext(out_path)[0] + ".err")
        if f["compute_s"] is None:
            f["compute_s"] = sum(t["elapsed_ms"] for t in trials) / 1000.0 / max(1, min(jobs, len(trials)))
    else:  # numpy_*.py or LoadCsv
        f["rows"] = d.get("rows")
        f["features"] = d.get("features")
        f["trials"] = d.get("trials", 1 if workload == "W4" else None)
        f["trial_steps"] = d.get("trial_steps", 1 if workload == "W4" else None)
        f["batch"] = d.get("batch", f["rows"])
        f["compute_s"] = d.get("compute_s")
        f["csv_bytes"] = d.get("bytes")
        f["sha256_s"] = d.get("sha256_s")
    return f


def debug_training(err_path):
    """The training seconds of lrsweep's --debug timing line in err_path, or None."""
    try:
        with open(err_path, encoding="utf-8") as fh:
            for line in fh:
                m = re.search(r"^timing: .*, training ([0-9.]+) s,", line)
                if m:
                    return float(m.group(1))
    except OSError:
        pass
    return None


def human_bytes(n):
    if n is None:
        return "-"
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{n:.0f} B"


def human_time(s):
    if s is None or s != s:
        return "-"
    if s >= 1:
        return f"{s:.3g} s"
    if s >= 1e-3:
        return f"{s * 1e3:.3g} ms"
    if s >= 1e-6:
        return f"{s * 1e6:.3g} us"
    return f"{s * 1e9:.3g} ns"


def fmt(x, spec):
    return "-" if x is None or x != x else format(x, spec)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", required=True)
    ap.add_argument("--cores", default="?")
    ap.add_argument("--load", nargs=2, default=["?", "?"])
    ap.add_argument("--repeats", default="?")
    ap.add_argument("--sizes", default="full")
    ap.add_argument("--markdown")
    a = ap.parse_args()

    groups = {}
    with open(a.runs, encoding="utf-8") as f:
        for line in f:
            w, impl, rep, wall, rss, out, jobs = line.rstrip("\n").split("\t")
            g = groups.setdefault((w, impl), {"wall": [], "rss": [], "compute": [], "facts": None})
            fa = facts(w, impl, out, int(jobs))
            g["wall"].append(float(wall))
            g["rss"].append(int(rss) * 1024)
            if fa["compute_s"] is not None:
                g["compute"].append(fa["compute_s"])
            g["facts"] = g["facts"] or fa

    def med(key, w, impl):
        g = groups.get((w, impl))
        return statistics.median(g[key]) if g and g[key] else None

    rows = []
    for w in ORDER:
        for impl in IMPL_ORDER:
            g = groups.get((w, impl))
            if not g:
                continue
            fa = g["facts"]
            wall, compute, rss = med("wall", w, impl), med("compute", w, impl), med("rss", w, impl)
            per_step = bpp = passes = gbs = None
            if fa["rows"]:
                bpp = fa["rows"] * (fa["features"] + 1) * 8
                steps = fa["trial_steps"]
                per_epoch = math.ceil(fa["rows"] / fa["batch"]) if fa["batch"] else 1
                passes = steps / per_epoch if steps is not None else None
                t = compute if compute else wall
                per_step = t / steps if steps else None
                gbs = bpp * passes / t / 1e9 if passes and t else None
            ratio = None
            numpy_wall = med("wall", w, "numpy")
            if impl.startswith("lrsweep") and numpy_wall:
                ratio = numpy_wall / wall
            rows.append(dict(w=w, impl=impl, wall=wall, compute=compute, per_step=per_step, bpp=bpp,
                             passes=passes, gbs=gbs, rss=rss, ratio=ratio, facts=fa))

    head = ["workload", "impl", "wall", "compute", "per trial-step", "bytes/pass", "passes", "GB/s",
            "peak RSS", "numpy/lrsweep"]
    body = [[r["w"], r["impl"], human_time(r["wall"]), human_time(r["compute"]), human_time(r["per_step"]),
             human_bytes(r["bpp"]), fmt(r["passes"], ".4g"), fmt(r["gbs"], ".3g"),
             f"{r['rss'] / 2**20:.0f} MiB", fmt(r["ratio"], ".2f") + ("x" if r["ratio"] else "")]
            for r in rows]

    # ---- targets ----
    def get(w, impl):
        return next((r for r in rows if r["w"] == w and r["impl"] == impl), None)

    targets = []
    hello = get("jvm", "java-hello")
    jvm_rss = hello["rss"] if hello else 0

    def verdict(ok):
        return "PASS" if ok else "MISS"

    r1 = get("W1", "lrsweep")
    if r1 and hello:
        x = r1["wall"] / hello["wall"]
        targets.append(["W1 whole process < 3x a bare JVM start (hello-world)",
                        f"{x:.2f}x ({human_time(r1['wall'])} vs {human_time(hello['wall'])})", verdict(x < 3)])
    for w, need in (("W2", 15), ("W2b", 3), ("W3", 2)):
        r = get(w, "lrsweep")
        if r and r["ratio"]:
            targets.append([f"{w} >= {need}x pandas+NumPy, end to end", f"{r['ratio']:.2f}x", verdict(r["ratio"] >= need)])
    for impl, cores, need in (("lrsweep-1core", "one core", 300), ("lrsweep", "two cores", 500)):
        r = get("W4", impl)
        if r and r["compute"] and r["facts"]["csv_bytes"]:
            mbs = r["facts"]["csv_bytes"] / r["compute"] / 1e6
            whole = r["facts"]["csv_bytes"] / r["wall"] / 1e6
            targets.append([f"W4 load >= {need} MB/s on {cores} (CsvReader.read, one-shot JVM)",
                            f"{mbs:.0f} MB/s ({whole:.0f} MB/s whole process)", verdict(mbs >= need)])
    r4 = get("W4", "lrsweep")
    if r4 and r4["facts"].get("sha256_s") is not None:
        targets.append(["  (SHA-256 of the file, taken apart: on demand, in the background of a JSON run)",
                        human_time(r4["facts"]["sha256_s"]), "-"])
    r2c = get("W2", "lrsweep-cache")
    if r2c and r2c["ratio"]:
        targets.append(["  (W2 re-run with --cache: the parse skipped)", f"{r2c['ratio']:.2f}x", "-"])
    n4 = get("W4", "numpy")
    if n4 and n4["compute"] and n4["facts"]["csv_bytes"]:
        targets.append(["  (pandas read_csv + to_numpy, for comparison)",
                        f"{n4['facts']['csv_bytes'] / n4['compute'] / 1e6:.0f} MB/s", "-"])
    for r in rows:
        if r["impl"].startswith("lrsweep") and r["bpp"]:
            limit = 1.5 * r["bpp"] + jvm_rss
            targets.append([f"{r['w']} {r['impl']} peak RSS < 1.5 x {human_bytes(r['bpp'])} + JVM baseline "
                            f"{jvm_rss / 2**20:.0f} MiB",
                            f"{r['rss'] / 2**20:.0f} MiB (limit {limit / 2**20:.0f} MiB)", verdict(r["rss"] < limit)])

    header = (f"lrsweep bench: {a.cores} cores, load average {a.load[0]} at start, {a.load[1]} at end; "
              f"{a.sizes} sizes; medians of {a.repeats} run(s)")
    lines = [header, ""] + table(head, body) + [""] + table(["target", "measured", "verdict"], targets)
    lines += ["", "workloads:"] + [f"  {w:<4} {WHAT[w]}" for w in ORDER if any(r["w"] == w for r in rows)]
    lines += ["",
              "wall = whole process; compute = training loop (lrsweep: the training phase of its --debug timing line;",
              "NumPy: after read_csv) or the load call (W4); per trial-step and GB/s use compute;",
              "bytes/pass = rows x (features+1) x 8; passes = passes over the rows the workload asks for.",
              "numpy/lrsweep = median NumPy wall / median lrsweep wall (> 1: lrsweep is faster)."]
    print("\n".join(lines))

    if a.markdown:
        md = [f"_{header}_", ""] + md_table(head, body) + [""] + md_table(["target", "measured", "verdict"], targets)
        with open(a.markdown, "w", encoding="utf-8") as f:
            f.write("\n".join(md) + "\n")


def table(head, body):
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body)]
    left = {0, 1} if len(head) > 3 else {0, 1, 2}
    out = []
    for row in [head] + body:
        cells = [str(c).ljust(wd) if i in left else str(c).rjust(wd) for i, (c, wd) in enumerate(zip(row, widths))]
        out.append("  ".join(cells).rstrip())
    return out


def md_table(head, body):
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in body]
    return out


if __name__ == "__main__":
    try:
        main()
    except (OSError, ValueError, KeyError) as e:
        print(f"report.py: {e}", file=sys.stderr)
        sys.exit(1)
