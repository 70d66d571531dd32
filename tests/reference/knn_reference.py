#!/usr/bin/python3
"""Reference k-NN scores from scikit-learn for tests/AcousticAnomaly.Tests/Models/Knn/KnnTests.cs.

Run with Debian's Python (numpy, scikit-learn):  /usr/bin/python3 tests/reference/knn_reference.py
Writes tests/fixtures/detectors/knn_reference.json: X, X_test (base64 little-endian float32; two blobs of different
density, so density normalisation matters) and for k in (1, 3, 5), fitted on X widened to float64:
  kth_distance    NearestNeighbors(n_neighbors=k).kneighbors(X_test)[0][:, -1]
  lof             -LocalOutlierFactor(n_neighbors=k, novelty=True).fit(X).score_samples(X_test)
  training_lof    -negative_outlier_factor_ (the training vectors' own factors, neighbours excluding themselves)
"""
import base64
import json
import os

import numpy as np
from sklearn.neighbors import LocalOutlierFactor, NearestNeighbors

rng = np.random.default_rng(20261205)
D = 5
X = np.concatenate([rng.normal(0, 0.5, size=(25, D)), rng.normal(6, 2.5, size=(15, D))]).astype(np.float32)
X_test = rng.normal(3, 4, size=(12, D)).astype(np.float32)
X64, T64 = X.astype(np.float64), X_test.astype(np.float64)


def b64(a):
    return base64.b64encode(np.ascontiguousarray(a, dtype="<f4").tobytes()).decode()


cases = []
for k in (1, 3, 5):
    lof = LocalOutlierFactor(n_neighbors=k, novelty=True).fit(X64)
    cases.append({
        "k": k,
        "kth_distance": NearestNeighbors(n_neighbors=k).fit(X64).kneighbors(T64)[0][:, -1].tolist(),
        "lof": (-lof.score_samples(T64)).tolist(),
        "training_lof": (-lof.negative_outlier_factor_).tolist(),
    })

out = os.path.join(os.path.dirname(__file__), "..", "fixtures", "detectors", "knn_reference.json")
with open(out, "w") as f:
    json.dump({"D": D, "X": b64(X), "X_test": b64(X_test), "cases": cases}, f, indent=1)
print("wrote", os.path.normpath(out))
