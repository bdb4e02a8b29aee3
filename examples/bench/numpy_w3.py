"""W3 in pandas+NumPy: a minimal MLP (inputs -> 32 ReLU -> 1, MSE, He-normal init, biases at 0),
mini-batch SGD with batch 128, rows reshuffled every epoch, 5 epochs, one trial per rate (default:
8 log-spaced rates 1e-3..1e-1) -- written the way a user would, with NumPy only.

The last line of stdout is one JSON object for examples/bench/run.sh:
{"load_s", "compute_s", "total_s", "trials", "steps", "trial_steps", ...}: steps counts the
mini-batch updates a trial asks for, trial_steps those applied over all trials (a trial stops at a
non-finite loss, as lrsweep's do); total_s counts from the first line of this script (imports
included), not the interpreter's own start.
"""
import time

t0 = time.perf_counter()
import argparse
import json
import math

import numpy as np
import pandas as pd

p = argparse.ArgumentParser()
p.add_argument("--data", required=True)
p.add_argument("--points", type=int, default=8)
p.add_argument("--hidden", type=int, default=32)
p.add_argument("--batch-size", type=int, default=128)
p.add_argument("--epochs", type=int, default=5)
p.add_argument("--seed", type=int, default=0)
args = p.parse_args()
t_import = time.perf_counter()

df = pd.read_csv(args.data)
X = df.drop(columns="y").to_numpy(dtype=np.float64)
y = df["y"].to_numpy(dtype=np.float64)
n, k = X.shape
t_load = time.perf_counter()

H, B = args.hidden, args.batch_size
updates = 0


def mse(W1, b1, W2, b2):
    out = np.maximum(X @ W1 + b1, 0) @ W2 + b2
    return np.mean((out - y) ** 2)


for lr in np.logspace(-3, -1, args.points):
    rng = np.random.default_rng(args.seed)
    W1 = rng.standard_normal((k, H)) * np.sqrt(2 / k)
    b1 = np.zeros(H)
    W2 = rng.standard_normal(H) * np.sqrt(2 / H)
    b2 = 0.0
    first = mse(W1, b1, W2, b2)
    diverged = False
    for epoch in range(args.epochs):
        perm = rng.permutation(n)
        for s in range(0, n, B):
            idx = perm[s:s + B]
            xb, yb = X[idx], y[idx]
            h = xb @ W1 + b1
            a = np.maximum(h, 0)
            err = a @ W2 + b2 - yb
            loss = np.mean(err ** 2)
            if not np.isfinite(loss):
                diverged = True
                break
            d = 2 * err / len(idx)                # dloss/dout
            gW2 = a.T @ d
            gb2 = d.sum()
            dh = np.outer(d, W2) * (h > 0)        # back through ReLU
            gW1 = xb.T @ dh
            gb1 = dh.sum(axis=0)
            W1 -= lr * gW1
            b1 -= lr * gb1
            W2 -= lr * gW2
            b2 -= lr * gb2
            updates += 1
        if diverged:
            break
    print(f"lr={lr:.6g} initial_loss={first:.6g} final_loss={mse(W1, b1, W2, b2):.6g}"
          + (" diverged" if diverged else ""))
t_end = time.perf_counter()

print(json.dumps({"workload": "W3", "rows": n, "features": k, "trials": args.points,
                  "steps": args.epochs * math.ceil(n / B),
                  "trial_steps": updates, "batch": B, "import_s": t_import - t0,
                  "load_s": t_load - t_import, "compute_s": t_end - t_load, "total_s": t_end - t0}))
