"""W2 in pandas+NumPy: linear regression with intercept, MSE, full-batch gradient descent, one
trial per rate (default: 16 log-spaced rates 1e-3..1e-1, 50 steps) -- written the way a user would:
pandas.read_csv, then per rate `r = X@w - y; w -= lr*2/n * X.T@r`.

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
p.add_argument("--data", required=True)
p.add_argument("--points", type=int, default=16)
p.add_argument("--steps", type=int, default=50)
args = p.parse_args()
t_import = time.perf_counter()

df = pd.read_csv(args.data)
X = df.drop(columns="y").to_numpy(dtype=np.float64)
y = df["y"].to_numpy(dtype=np.float64)
n, k = X.shape
X = np.hstack([X, np.ones((n, 1))])  # intercept column
t_load = time.perf_counter()

updates = 0
for lr in np.logspace(-3, -1, args.points):
    w = np.zeros(k + 1)
    for step in range(args.steps):
        r = X @ w - y
        loss = r @ r / n
        if not np.isfinite(loss):
            break
        updates += 1
        w -= lr * 2 / n * (X.T @ r)
    r = X @ w - y
    print(f"lr={lr:.6g} final_loss={r @ r / n:.6g}")
t_end = time.perf_counter()

print(json.dumps({"workload": "W2", "rows": n, "features": k, "trials": args.points, "steps": args.steps,
                  "trial_steps": updates, "batch": n,
                  "import_s": t_import - t0, "load_s": t_load - t_import, "compute_s": t_end - t_load,
                  "total_s": t_end - t0}))
