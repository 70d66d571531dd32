#!/usr/bin/python3
"""Reference outputs of scikit-learn's IsolationForest for the C# Isolation Forest tests.

Run with Debian's python (numpy + sklearn):  /usr/bin/python3 tests/reference/iforest_reference.py
Writes tests/fixtures/forest/sklearn_iforest.json.gz (gzip keeps the 100 dumped trees well under the fixture budget).

Contents
- "train" / "test": synthetic float32 data (300 x 16 gaussian inliers + 0 outliers for training; the test set
  has 80 inliers and 20 injected outliers, labels in "test_outlier").
- "forest": IsolationForest(random_state=0) fitted on "train": every tree's sklearn arrays (children_left/right,
  feature, threshold as float64, n_node_samples), max_samples_, offset_ and score_samples / decision_function /
  predict on "test" and on "train".
- "contamination": offset_ for contamination 0.1 and 0.25 on the same trees (same random_state => same trees).
- "many_trees": score_samples on "test" of IsolationForest(n_estimators=2000) - the expected scores of the
  algorithm, so an independently seeded forest with many trees must land close (statistical equivalence).
- "edge": deterministic edge cases (n=1, n=2, constant features, all rows duplicated).
- "d1": a one-feature data set with its many-tree scores.
"""
import gzip
import json
import os

import numpy as np
import sklearn
from sklearn.ensemble import IsolationForest

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "fixtures", "forest", "sklearn_iforest.json.gz")


def tree_dump(est):
    t = est.tree_
    return {
        "children_left": t.children_left.tolist(),
        "children_right": t.children_right.tolist(),
        "feature": t.feature.tolist(),
        # repr of a python float round-trips exactly through JSON
        "threshold": [float(v) for v in t.threshold],
        "n_node_samples": t.n_node_samples.tolist(),
    }


def f32(a):
    return [float(v) for v in np.asarray(a, dtype=np.float32).ravel()]


def main():
    rng = np.random.default_rng(20261122)
    d = 16
    train = rng.normal(0.0, 1.0, size=(300, d)).astype(np.float32)
    # correlated structure so the data are not trivially isotropic
    train[:, 1] = (0.8 * train[:, 0] + 0.2 * train[:, 1]).astype(np.float32)
    test_in = rng.normal(0.0, 1.0, size=(80, d)).astype(np.float32)
    test_in[:, 1] = (0.8 * test_in[:, 0] + 0.2 * test_in[:, 1]).astype(np.float32)
    test_out = rng.normal(0.0, 1.0, size=(20, d)).astype(np.float32)
    test_out[:, :4] += rng.choice([-4.5, 4.5], size=(20, 4)).astype(np.float32)
    test = np.vstack([test_in, test_out]).astype(np.float32)
    labels = [0] * 80 + [1] * 20

    forest = IsolationForest(random_state=0).fit(train)
    result = {
        "sklearn_version": sklearn.__version__,
        "n_features": d,
        "train": f32(train),
        "test": f32(test),
        "test_outlier": labels,
        "forest": {
            "max_samples_": int(forest.max_samples_),
            "offset_": float(forest.offset_),
            "trees": [tree_dump(e) for e in forest.estimators_],
            "score_samples_test": forest.score_samples(test).tolist(),
            "decision_function_test": forest.decision_function(test).tolist(),
            "predict_test": forest.predict(test).tolist(),
            "score_samples_train": forest.score_samples(train).tolist(),
        },
        "contamination": {},
    }
    for c in (0.1, 0.25):
        fc = IsolationForest(random_state=0, contamination=c).fit(train)
        result["contamination"][str(c)] = {
            "offset_": float(fc.offset_),
            "predict_test": fc.predict(test).tolist(),
        }

    many = IsolationForest(n_estimators=2000, random_state=1).fit(train)
    result["many_trees"] = {"n_estimators": 2000, "score_samples_test": many.score_samples(test).tolist()}

    edge = {}
    probe = np.array([[0.0] * d, [5.0] * d, [-3.0] * d], dtype=np.float32)
    one = train[:1]
    edge["n1"] = {"train": f32(one), "probe": f32(probe),
                  "score_samples": IsolationForest(random_state=0).fit(one).score_samples(probe).tolist()}
    two = train[:2]
    edge["n2"] = {"train": f32(two), "probe": f32(probe),
                  "score_samples": IsolationForest(random_state=0).fit(two).score_samples(probe).tolist()}
    const = np.full((50, d), 3.25, dtype=np.float32)
    edge["constant"] = {"train": f32(const), "probe": f32(probe),
                        "score_samples": IsolationForest(random_state=0).fit(const).score_samples(probe).tolist()}
    dup = np.repeat(train[:1], 40, axis=0)
    edge["duplicates"] = {"train": f32(dup), "probe": f32(probe),
                          "score_samples": IsolationForest(random_state=0).fit(dup).score_samples(probe).tolist()}
    result["edge"] = edge

    d1_train = rng.normal(0.0, 1.0, size=(200, 1)).astype(np.float32)
    d1_probe = np.linspace(-5, 5, 21, dtype=np.float32).reshape(-1, 1)
    d1 = IsolationForest(n_estimators=2000, random_state=2).fit(d1_train)
    result["d1"] = {"train": f32(d1_train), "probe": f32(d1_probe),
                    "score_samples_many_trees": d1.score_samples(d1_probe).tolist()}

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    tmp = OUT + ".tmp"
    with gzip.GzipFile(tmp, "wb", mtime=0) as fh:
        fh.write(json.dumps(result, separators=(",", ":")).encode("utf-8"))
    os.replace(tmp, OUT)
    print(f"wrote {OUT} ({os.path.getsize(OUT)} bytes), sklearn {sklearn.__version__}")


if __name__ == "__main__":
    main()
