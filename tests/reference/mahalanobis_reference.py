#!/usr/bin/python3
"""Reference Mahalanobis distances from scikit-learn for tests/AcousticAnomaly.Tests/Models/Mahalanobis/MahalanobisTests.cs.

Run with Debian's Python (numpy, scikit-learn):  /usr/bin/python3 tests/reference/mahalanobis_reference.py
Writes tests/fixtures/detectors/mahalanobis_reference.json with, for a tall set (more vectors than features) and a
wide one (fewer: the full covariance is singular and sklearn pseudo-inverts it with pinvh):
  X, X_test (base64 little-endian float32), and per estimator (EmpiricalCovariance, LedoitWolf fitted on X widened to
  float64): location_, precision_, shrinkage_ (LedoitWolf) and mahalanobis(X_test) (squared distances)
"""
import base64
import json
import os

import numpy as np
from sklearn.covariance import EmpiricalCovariance, LedoitWolf

rng = np.random.default_rng(20261204)


def b64(a):
    return base64.b64encode(np.ascontiguousarray(a, dtype="<f4").tobytes()).decode()


sets = {}
for name, n, d in [("tall", 40, 8), ("wide", 6, 10)]:
    mixing = rng.normal(0, 1, size=(d, d))
    X = (rng.normal(0, 1, size=(n, d)) @ mixing * 4 - 50).astype(np.float32)
    X_test = (rng.normal(0, 1.5, size=(10, d)) @ mixing * 4 - 50).astype(np.float32)
    entry = {"D": d, "X": b64(X), "X_test": b64(X_test)}
    for estimator in (EmpiricalCovariance(), LedoitWolf()):
        m = estimator.fit(X.astype(np.float64))
        entry[type(estimator).__name__] = {
            "location": m.location_.tolist(), "precision": m.get_precision().ravel().tolist(),
            "shrinkage": float(getattr(m, "shrinkage_", 0.0)),
            "mahalanobis": m.mahalanobis(X_test.astype(np.float64)).tolist(),
        }
    sets[name] = entry

out = os.path.join(os.path.dirname(__file__), "..", "fixtures", "detectors", "mahalanobis_reference.json")
with open(out, "w") as f:
    json.dump(sets, f, indent=1)
print("wrote", os.path.normpath(out))
