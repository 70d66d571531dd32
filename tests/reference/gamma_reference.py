#!/usr/bin/python3
"""Reference gamma thresholds from SciPy for ThresholdCalculator's Gamma method (the DCASE 2023 baseline's rule).

The baseline fits scipy.stats.gamma.fit(scores) - all three parameters free, which SciPy does with its generic MLE:
a method-of-moments start (shape 4/skew^2), then optimize.fmin (Nelder-Mead) on the penalised negative
log-likelihood - and takes threshold = gamma.ppf(0.9, a, loc, scale). Writes tests/fixtures/evaluation/gamma_*.json.
Run with /usr/bin/python3 (Debian's, has scipy).
"""
import json
import os
import sys

import numpy as np
import scipy
from scipy import stats

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "evaluation")


def case(name, scores, quantiles=(0.9, 0.95, 0.5)):
    scores = np.asarray(scores, dtype=float)
    a, loc, scale = stats.gamma.fit(scores)
    out = {
        "name": name,
        "scipy": scipy.__version__,
        "scores": scores.tolist(),
        "shape": float(a), "loc": float(loc), "scale": float(scale),
        "negLogLikelihood": float(stats.gamma.nnlf((a, loc, scale), scores)),
        "thresholds": [{"q": q, "value": float(stats.gamma.ppf(q, a, loc=loc, scale=scale))} for q in quantiles],
    }
    with open(os.path.join(OUT, f"gamma_{name}.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"{name}: n={len(scores)} a={a:.6g} loc={loc:.6g} scale={scale:.6g} ppf(0.9)={out['thresholds'][0]['value']:.9g}")


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(7)
    # Autoencoder-like training scores: mean squared errors around 10-40.
    case("ae_like", rng.gamma(3.0, 4.0, 200) + 8.0)
    # Near-normal (large shape) with a small spread.
    case("large_shape", rng.gamma(40.0, 0.05, 150) + 1.0)
    # Skewed small values (shape below 2): Isolation Forest-like magnitudes.
    case("skewed", rng.gamma(1.6, 0.03, 300) + 0.35)
    # Log-normal data, i.e. not gamma at all: the fit is a compromise, as on real scores.
    case("lognormal", rng.lognormal(2.5, 0.35, 250))
    # Small training set.
    case("small", rng.gamma(5.0, 1.0, 30) + 2.0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
