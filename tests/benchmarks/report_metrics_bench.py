#!/usr/bin/python3
"""Reference side of the evaluation-metrics benchmark. 'make <dir> <n_test> <n_train>' writes seeded data;
'time <dir> <repeats>' times scikit-learn (roc_auc_score, max_fpr=0.1, confusion/precision/recall/F1) and
scipy.stats.gamma.fit + ppf(0.9) on it, printing lines in the same shape as the C# benchmark."""
import os
import sys
import time

import numpy as np
from scipy import stats
from sklearn.metrics import confusion_matrix, f1_score, precision_score, recall_score, roc_auc_score


def make(d, n_test, n_train):
    rng = np.random.default_rng(123)
    n1 = n_test // 3
    y = np.r_[np.zeros(n_test - n1), np.ones(n1)].astype(np.uint8)
    s = np.where(y == 1, rng.gamma(4.0, 2.6, n_test) + 11.0, rng.gamma(4.0, 2.0, n_test) + 10.0)
    train = rng.gamma(4.0, 2.0, n_train) + 10.0
    os.makedirs(d, exist_ok=True)
    s.astype("<f8").tofile(os.path.join(d, "test_scores.f64"))
    y.tofile(os.path.join(d, "test_labels.u8"))
    train.astype("<f8").tofile(os.path.join(d, "train_scores.f64"))


def median_ms(repeats, f):
    f()
    t = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        t.append((time.perf_counter() - t0) * 1000)
    return sorted(t)[repeats // 2]


def run(d, repeats):
    s = np.fromfile(os.path.join(d, "test_scores.f64"), "<f8")
    y = np.fromfile(os.path.join(d, "test_labels.u8"), np.uint8).astype(int)
    train = np.fromfile(os.path.join(d, "train_scores.f64"), "<f8")
    out = {}

    def evaluate():
        thr = np.percentile(train, 90)
        pred = (s > thr).astype(int)
        out["auc"] = roc_auc_score(y, s)
        out["pauc"] = roc_auc_score(y, s, max_fpr=0.1)
        confusion_matrix(y, pred, labels=[0, 1])
        precision_score(y, pred, zero_division=0)
        recall_score(y, pred, zero_division=0)
        out["f1"] = f1_score(y, pred, zero_division=0)

    def gamma():
        a, loc, scale = stats.gamma.fit(train)
        out["thr"] = stats.gamma.ppf(0.9, a, loc=loc, scale=scale)

    e = median_ms(repeats, evaluate)
    g = median_ms(repeats, gamma)
    print(f"ref evaluate   n={len(s)}: {e:.3f} ms (median of {repeats})  AUC={out['auc']!r} pAUC={out['pauc']!r} F1={out['f1']!r}")
    print(f"ref gamma-thr  n={len(train)}: {g:.3f} ms (median of {repeats})  threshold={out['thr']!r}")


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        run(sys.argv[2], int(sys.argv[3]))
