"""W4 in pandas+NumPy: load a numeric CSV into one float64 array, the way a user would
(pandas.read_csv, then .to_numpy()).

The last line of stdout is one JSON object for examples/bench/run.sh: {"load_s", "bytes", "rows",
"total_s", ...}; load_s covers read_csv and to_numpy, total_s counts from the first line of this
script (imports included), not the interpreter's own start.
"""
import time

t0 = time.perf_counter()
import argparse
import json
import os

import numpy as np
import pandas as pd

p = argparse.ArgumentParser()
p.add_argument("--data", required=True)
args = p.parse_args()
t_import = time.perf_counter()

df = pd.read_csv(args.data)
A = df.to_numpy(dtype=np.float64)
t_end = time.perf_counter()
print(f"{A.shape[0]} rows x {A.shape[1]} columns, sum {A.sum():.6g}")

print(json.dumps({"workload": "W4", "rows": A.shape[0], "features": A.shape[1] - 1,
                  "bytes": os.path.getsize(args.data), "import_s": t_import - t0,
                  "load_s": t_end - t_import, "compute_s": t_end - t_import, "total_s": t_end - t0}))
