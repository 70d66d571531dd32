#!/usr/bin/python3
"""Reference 2-D PCA and silhouette from scikit-learn for tests/AcousticAnomaly.Tests/Evaluation/PcaSilhouetteTests.cs.

Run with Debian's Python (numpy, scikit-learn):  /usr/bin/python3 tests/reference/pca_silhouette_reference.py
Writes tests/fixtures/evaluation/pca_silhouette_reference.json: X (40 x 6 float32: three labelled blobs of unequal
spread, as clip features of three classes), labels, and
  points      PCA(n_components=2).fit_transform(X widened to float64)  (signs from svd_flip on the projections, sklearn 1.2)
  ratio       explained_variance_ratio_
  silhouette  silhouette_score(X, labels) (Euclidean), and silhouette_score(points, labels) for the 2-D scatter (key silhouette2d)
"""
import json
import os

import numpy as np
from sklearn.decomposition import PCA
from sklearn.metrics import silhouette_score

rng = np.random.default_rng(20261203)
D = 6
centres = rng.normal(0, 3, size=(3, D))
spreads = [0.5, 1.0, 2.0]
sizes = [12, 15, 13]
X = np.concatenate([rng.normal(centres[k], spreads[k], size=(sizes[k], D)) for k in range(3)]).astype(np.float32)
labels = np.concatenate([[k] * sizes[k] for k in range(3)])
X64 = X.astype(np.float64)
pca = PCA(n_components=2, svd_solver="full")
points = pca.fit_transform(X64)
out = {
    "rows": int(X.shape[0]), "columns": D,
    "X": [float(v) for v in X.ravel()],
    "labels": [int(v) for v in labels],
    "points": [float(v) for v in points.ravel()],
    "ratio": [float(v) for v in pca.explained_variance_ratio_],
    "silhouette": float(silhouette_score(X64, labels)),
    "silhouette2d": float(silhouette_score(points, labels)),
}
path = os.path.join(os.path.dirname(__file__), "..", "fixtures", "evaluation", "pca_silhouette_reference.json")
with open(path, "w") as f:
    json.dump(out, f)
print(path, out["ratio"], out["silhouette"], out["silhouette2d"])
