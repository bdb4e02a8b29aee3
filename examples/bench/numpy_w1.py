"""W1 in pandas+NumPy: the reference experiment (apples and mandarins, y = a1*x1 + a2*x2, no
intercept), six rates, 100 full-batch steps, a line every 10 steps -- written the way a user would.

The last line of stdout is one JSON object for examples/bench/run.sh:
{"load_s", "compute_s", "total_s", "trials", "steps", "trial_steps", ...}: compute_s is the
training after loading, trial_steps the updates actually applied (a trial stops at a non-finite
loss, as lrsweep's do); total_s counts from the first line of this script (imports included), not
the interpreter's own start.
"""
import time

t0 = time.perf_counter()
import argparse
import json

import numpy as np
import pandas as pd

p = argparse.ArgumentParser()
p.add_argument("--data", default="examples/qiita/apples.csv")
p.add_argument("--rates", default="0.01,0.02,0.03,0.032,0.035,0.04")
p.add_argument("--steps", type=int, default=100)
args = p.parse_args()
t_import = time.perf_counter()

df = pd.read_csv(args.data)
X = df[["x1", "x2"]].to_numpy(dtype=np.float64)
y = df["y"].to_numpy(dtype=np.float64)
n = len(y)
t_load = time.perf_counter()

rates = [float(r) for r in args.rates.split(",")]
updates = 0
for trial, lr in enumerate(rates):
    print(f"lr={lr:g} (trial {trial})")
    w = np.zeros(2)
    for step in range(1, args.steps + 1):
        r = X @ w - y
        loss = r @ r / n
        w -= lr * 2 / n * (X.T @ r)
        updates += 1
        if step % 10 == 0:
            print(f"step={step:3d}, a1={w[0]:6.2f}, a2={w[1]:6.2f}, loss={loss:.2f}")
    print(f"Estimated: a1={w[0]:6.2f}, a2={w[1]:6.2f}")
    print()
t_end = time.perf_counter()

print(json.dumps({"workload": "W1", "rows": n, "features": 2, "trials": len(rates), "steps": args.steps,
                  "trial_steps": updates, "batch": n,
                  "import_s": t_import - t0, "load_s": t_load - t_import, "compute_s": t_end - t_load,
                  "total_s": t_end - t0}))
