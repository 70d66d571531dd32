#!/usr/bin/python3
"""Reference one-class SVM results from scikit-learn for tests/AcousticAnomaly.Tests/Models/OneClassSvm/OneClassSvmTrainerTests.cs.

Run with Debian's Python (numpy, scikit-learn 1.2):  /usr/bin/python3 tests/reference/ocsvm_reference.py
Writes tests/fixtures/detectors/ocsvm_reference.json:
  X, X_test   float32 data (base64 of little-endian float32)
  cases[]     OneClassSVM(kernel='rbf', nu, gamma, tol=1e-3) fitted on X (as float64, which is what sklearn's libsvm
              computes in): gamma used, support indices, dual coefficients, rho (offset_), decision_function and
              predict on X_test, decision_function on X
"""
import base64
import json
import os

import numpy as np
from sklearn.svm import OneClassSVM


def f32(a):
    return base64.b64encode(np.ascontiguousarray(a, dtype="<f4").tobytes()).decode()


rng = np.random.default_rng(11222026)
D = 10
scales = np.geomspace(1.0, 8.0, D)
X = np.concatenate([rng.normal(0, 1, size=(180, D)), rng.normal(3, 0.7, size=(120, D))]) * scales - 20
X = X.astype(np.float32)
X_test = np.concatenate([X[:10] + rng.normal(0, 0.1, size=(10, D)).astype(np.float32),
                         (rng.normal(1.5, 3, size=(30, D)) * scales - 20)]).astype(np.float32)

cases = []
for name, nu, gamma in [("nu0.1_scale", 0.1, "scale"), ("nu0.3_gamma0.02", 0.3, 0.02), ("nu0.5_scale", 0.5, "scale")]:
    m = OneClassSVM(kernel="rbf", nu=nu, gamma=gamma, tol=1e-3).fit(X.astype(np.float64))
    cases.append({
        "name": name,
        "nu": nu,
        "gamma_given": None if gamma == "scale" else gamma,
        "gamma": float(m._gamma),
        "support": m.support_.tolist(),
        "dual_coef": m.dual_coef_.ravel().tolist(),
        "rho": float(m.offset_[0]),
        "n_iter": int(np.asarray(m.n_iter_).ravel()[0]),
        "test_decision": m.decision_function(X_test.astype(np.float64)).tolist(),
        "test_predict": m.predict(X_test.astype(np.float64)).tolist(),
        "train_decision": m.decision_function(X.astype(np.float64)).tolist(),
    })

out = {"D": D, "X": f32(X), "X_test": f32(X_test), "cases": cases}
path = os.path.join(os.path.dirname(__file__), "..", "fixtures", "detectors", "ocsvm_reference.json")
with open(path, "w") as f:
    json.dump(out, f)
print("wrote", os.path.normpath(path), os.path.getsize(path), "bytes")
for c in cases:
    print(c["name"], "gamma", c["gamma"], "SVs", len(c["support"]), "rho", c["rho"], "n_iter", c["n_iter"])
