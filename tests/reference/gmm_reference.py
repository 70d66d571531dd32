#!/usr/bin/python3
"""Reference Gaussian mixture results from scikit-learn for tests/AcousticAnomaly.Tests/Models/Gmm/GmmTests.cs.

Run with Debian's Python (numpy, scikit-learn):  /usr/bin/python3 tests/reference/gmm_reference.py
Writes tests/fixtures/detectors/gmm_reference.json:
  X, X_test        float32 data (base64 of little-endian float32, so the values are exact)
  fits[]           GaussianMixture(k, covariance_type='diag', reg_covar, tol, max_iter) started from the M-step of a
                   given hard labelling (weights_init/means_init/precisions_init computed here as sklearn's _initialize
                   would from one-hot responsibilities): labels, weights, means, variances, lower_bound, n_iter,
                   bic(X) and score_samples(X_test)
  twfr             a small log-mel matrix and its TWFR pooling (r = 0.5, 1, 0), written apart from the C#
"""
import base64
import json
import os

import numpy as np
from sklearn.mixture import GaussianMixture

REG, TOL, MAX_ITER = 1e-3, 1e-3, 100
rng = np.random.default_rng(20261203)
D = 6
X = np.concatenate([rng.normal(-40, 3, size=(30, D)), rng.normal(-25, 1.5, size=(20, D))]).astype(np.float32)
rng.shuffle(X)
X_test = rng.normal(-33, 8, size=(12, D)).astype(np.float32)


def b64(a):
    return base64.b64encode(np.ascontiguousarray(a, dtype="<f4").tobytes()).decode()


def init_from_labels(x, labels, k):
    x = x.astype(np.float64)
    resp = np.eye(k)[labels]
    nk = resp.sum(axis=0) + 10 * np.finfo(resp.dtype).eps
    means = resp.T @ x / nk[:, None]
    avg_x2 = resp.T @ (x * x) / nk[:, None]
    cov = avg_x2 - 2 * means * (resp.T @ x) / nk[:, None] + means ** 2 + REG
    return nk / nk.sum(), means, 1.0 / cov


fits = []
for k, labels in [(1, np.zeros(len(X), dtype=int)), (2, (X[:, 0] > np.median(X[:, 0])).astype(int)),
                  (3, np.arange(len(X)) % 3)]:
    w, m, p = init_from_labels(X, labels, k)
    g = GaussianMixture(k, covariance_type="diag", reg_covar=REG, tol=TOL, max_iter=MAX_ITER,
                        weights_init=w, means_init=m, precisions_init=p).fit(X.astype(np.float64))  # float64: ours widens each float32 value
    fits.append({
        "k": k, "labels": labels.tolist(), "weights": g.weights_.tolist(), "means": g.means_.ravel().tolist(),
        "variances": g.covariances_.ravel().tolist(), "lower_bound": g.lower_bound_, "n_iter": int(g.n_iter_),
        "bic": g.bic(X.astype(np.float64)), "score_samples": g.score_samples(X_test.astype(np.float64)).tolist(),
    })

lm = rng.normal(-50, 10, size=(9, 4)).astype(np.float32)  # [frames, bands] as the C# extractor lays it out
twfr = {}
for r in (0.5, 1.0, 0.0):
    ordered = -np.sort(-lm.astype(np.float64), axis=0)
    w = r ** np.arange(lm.shape[0])
    twfr[str(r)] = (w @ ordered / w.sum()).tolist()

out = os.path.join(os.path.dirname(__file__), "..", "fixtures", "detectors", "gmm_reference.json")
with open(out, "w") as f:
    json.dump({"D": D, "reg_covar": REG, "tol": TOL, "max_iter": MAX_ITER, "X": b64(X), "X_test": b64(X_test), "fits": fits,
               "twfr": {"frames": lm.shape[0], "bands": lm.shape[1], "log_mel": b64(lm), "pooled": twfr}}, f, indent=1)
print("wrote", os.path.normpath(out))
