#!/usr/bin/python3
"""Reference k-means results from scikit-learn for tests/AcousticAnomaly.Tests/Models/KMeans/KMeansTrainerTests.cs.

Run with Debian's Python (numpy, scikit-learn 1.2):  /usr/bin/python3 tests/reference/kmeans_reference.py
Writes tests/fixtures/detectors/kmeans_reference.json:
  X, X_test          float32 data (base64 of little-endian float32, so the values are exact)
  lloyd[]            KMeans(n_clusters=k, init=<given centres>, n_init=1, max_iter, tol, algorithm='lloyd') on X
                     (or on X standardised in float32 exactly as our trainer / ONNX graph do it): centres, labels,
                     inertia, n_iter, and transform(X_test) distances
  blobs              well-separated data where k-means has one clear optimum: sklearn's best inertia over 10 restarts,
                     which k-means++ followed by Lloyd should reach from any seed
"""
import base64
import json
import os

import numpy as np
from sklearn.cluster import KMeans

rng = np.random.default_rng(20261122)
D = 12
# Features on very different scales, like log-mel bands (levels and spreads differ by tens of dB).
scales = np.geomspace(0.5, 40.0, D)
centres = rng.normal(0.0, 2.0, size=(4, D))
X = np.concatenate([rng.normal(c, 1.0, size=(75, D)) for c in centres]) * scales + rng.normal(-40, 10, size=D)
X = X.astype(np.float32)
rng.shuffle(X)
X_test = (rng.normal(0, 2.5, size=(20, D)) * scales - 40).astype(np.float32)


def f32(a):
    """float32 values as little-endian bytes in base64: exact and compact."""
    return base64.b64encode(np.ascontiguousarray(a, dtype="<f4").tobytes()).decode()


def standardise(a, mean, scale):
    # float32 arithmetic, operation for operation as the C# trainer and the ONNX Sub/Div nodes.
    return ((a - mean) / scale).astype(np.float32)


X64 = X.astype(np.float64)
mean64 = X64.mean(axis=0)
std64 = np.sqrt(((X64 - mean64) ** 2).mean(axis=0))
mean32 = mean64.astype(np.float32)
scale32 = np.where(std64 > 0, std64, 1.0).astype(np.float32)
Z = standardise(X, mean32, scale32)
Z_test = standardise(X_test, mean32, scale32)

cases = []
for name, data, test, k, init_rows, max_iter, tol in [
    ("raw_k5", X, X_test, 5, [3, 17, 42, 99, 150], 300, 1e-4),
    ("standardized_k5", Z, Z_test, 5, [3, 17, 42, 99, 150], 300, 1e-4),
    ("standardized_k8_two_iterations", Z, Z_test, 8, [0, 1, 2, 3, 4, 5, 6, 7], 2, 1e-4),
    ("standardized_k3_loose_tol", Z, Z_test, 3, [10, 20, 30], 300, 0.5),
    ("raw_k1", X, X_test, 1, [7], 300, 1e-4),
]:
    d64 = data.astype(np.float64)
    init = d64[init_rows]
    km = KMeans(n_clusters=k, init=init, n_init=1, max_iter=max_iter, tol=tol, algorithm="lloyd").fit(d64)
    cases.append({
        "name": name,
        "standardize": data is Z,
        "k": k,
        "init_rows": init_rows,
        "max_iter": max_iter,
        "tol": tol,
        "centers": km.cluster_centers_.ravel().tolist(),
        "labels": km.labels_.tolist(),
        "inertia": float(km.inertia_),
        "n_iter": int(km.n_iter_),
        "test_distances": km.transform(test.astype(np.float64)).ravel().tolist(),
        "test_nearest": km.transform(test.astype(np.float64)).min(axis=1).tolist(),
    })

# Well separated blobs: one optimum, which sklearn's best-of-10 finds.
blob_centres = rng.normal(0, 30, size=(4, 6))
B = np.concatenate([rng.normal(c, 1.0, size=(50, 6)) for c in blob_centres]).astype(np.float32)
best = KMeans(n_clusters=4, init="k-means++", n_init=10, random_state=0, algorithm="lloyd").fit(B.astype(np.float64))

out = {
    "D": D,
    "X": f32(X),
    "X_test": f32(X_test),
    "mean": mean32.tolist(),
    "scale": scale32.tolist(),
    "lloyd": cases,
    "blobs": {"D": 6, "X": f32(B), "k": 4, "inertia": float(best.inertia_)},
}
path = os.path.join(os.path.dirname(__file__), "..", "fixtures", "detectors", "kmeans_reference.json")
with open(path, "w") as f:
    json.dump(out, f)
print("wrote", os.path.normpath(path), os.path.getsize(path), "bytes")
for c in cases:
    print(c["name"], "n_iter", c["n_iter"], "inertia", c["inertia"])
print("blobs inertia", best.inertia_)
