#!/usr/bin/python3
"""sklearn side of the "iforest" benchmark: writes the shared data set and times scikit-learn on it.

usage: /usr/bin/python3 iforest_bench.py OUT.npy [rows] [cols] [repeats]
Writes OUT.npy (float32, C order, gaussian, seed 0; default 7725 x 640 = the LogMelFrames vectors of 25 ten-second
clips), then times IsolationForest(n_estimators=100, random_state=0).fit and score_samples on it with n_jobs=1 and 2.
Prints key=value lines (best of `repeats`) for iforest_bench.sh.
"""
import sys
import time

import numpy as np
import sklearn
from sklearn.ensemble import IsolationForest


def best(fn, repeats):
    """Best wall time and best process CPU time (all threads) over the repeats."""
    wall, cpu = [], []
    for _ in range(repeats):
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return min(wall), min(cpu)


def main():
    out = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 7725
    cols = int(sys.argv[3]) if len(sys.argv) > 3 else 640
    repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    x = np.random.default_rng(0).normal(0.0, 1.0, size=(rows, cols)).astype(np.float32)
    np.save(out, x)
    print(f"sklearn_version={sklearn.__version__}")
    for jobs in (1, 2):
        forest = IsolationForest(n_estimators=100, random_state=0, n_jobs=jobs)
        fit, fit_cpu = best(lambda: forest.fit(x), repeats)
        score, score_cpu = best(lambda: forest.score_samples(x), repeats)
        print(f"sklearn_fit_s_j{jobs}={fit:.6f}")
        print(f"sklearn_fit_cpu_s_j{jobs}={fit_cpu:.6f}")
        print(f"sklearn_score_s_j{jobs}={score:.6f}")
        print(f"sklearn_score_cpu_s_j{jobs}={score_cpu:.6f}")
        print(f"sklearn_score_us_per_vector_j{jobs}={score / rows * 1e6:.3f}")


if __name__ == "__main__":
    main()
