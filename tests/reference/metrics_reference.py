#!/usr/bin/python3
"""Reference metrics from scikit-learn for the C# Evaluation code (tests/AcousticAnomaly.Tests/Evaluation/RocMetricsTests.cs etc.).

Writes tests/fixtures/evaluation/metrics_*.json: labels y (1 = anomaly), scores s, a threshold, and sklearn's
roc_curve, roc_auc_score, roc_auc_score(max_fpr=0.1), confusion matrix, precision/recall/F1 (zero_division=0) and
accuracy at that threshold (prediction = score > threshold). Also the numpy-percentile thresholds used by
ThresholdCalculator (contamination and percentile methods). Run with /usr/bin/python3 (Debian's, has sklearn).
"""
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.metrics import (accuracy_score, confusion_matrix, f1_score, precision_score, recall_score,
                             roc_auc_score, roc_curve)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "evaluation")


def case(name, y, s, threshold, percentiles, contaminations):
    y = np.asarray(y, dtype=int)
    s = np.asarray(s, dtype=float)
    fpr, tpr, thr = roc_curve(y, s, drop_intermediate=False)
    pred = (s > threshold).astype(int)
    tn, fp, fn, tp = confusion_matrix(y, pred, labels=[0, 1]).ravel()
    out = {
        "name": name,
        "sklearn": sklearn.__version__,
        "y": y.tolist(),
        "scores": s.tolist(),
        "threshold": float(threshold),
        # roc_curve(drop_intermediate=False); sklearn 1.2 puts thresholds[0]+1 first, we use +inf, so thr[0] is left out.
        "roc_fpr": fpr.tolist(),
        "roc_tpr": tpr.tolist(),
        "roc_thresholds_after_first": thr[1:].tolist(),
        "auc": float(roc_auc_score(y, s)),
        "pauc": float(roc_auc_score(y, s, max_fpr=0.1)),
        "tp": int(tp), "fp": int(fp), "tn": int(tn), "fn": int(fn),
        "precision": float(precision_score(y, pred, zero_division=0)),
        "recall": float(recall_score(y, pred, zero_division=0)),
        "f1": float(f1_score(y, pred, zero_division=0)),
        "accuracy": float(accuracy_score(y, pred)),
        # numpy percentile, linear interpolation, of ALL the scores (stand-in for training scores).
        "percentiles": [{"p": p, "value": float(np.percentile(s, p))} for p in percentiles],
        # sklearn's contamination offset is np.percentile(score_samples, 100 * c) in lower = abnormal units;
        # in higher = abnormal units that is the (1 - c) quantile. Both ways are written; the test uses the first.
        "contaminations": [{"c": c, "value": float(np.percentile(s, 100.0 * (1.0 - c))),
                            "negated_way": float(-np.percentile(-s, 100.0 * c))} for c in contaminations],
    }
    with open(os.path.join(OUT, f"metrics_{name}.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"{name}: n={len(y)} auc={out['auc']:.6f} pauc={out['pauc']:.6f} f1={out['f1']:.6f}")


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20240517)
    pcts = [0, 1.5, 50, 90, 95, 99, 100]
    cons = [0.01, 0.05, 0.1, 0.25, 0.5]

    # 1. Continuous random scores, overlapping classes (typical autoencoder MSE values).
    n0, n1 = 120, 60
    s = np.concatenate([rng.gamma(4.0, 2.0, n0) + 10.0, rng.gamma(4.0, 2.6, n1) + 11.0])
    y = np.r_[np.zeros(n0), np.ones(n1)]
    p = rng.permutation(len(y))
    case("random", y[p], s[p], threshold=float(np.percentile(s[:n0], 90)), percentiles=pcts, contaminations=cons)

    # 2. Heavily tied scores: rounded to 1 decimal so many thresholds hold both classes.
    n0, n1 = 90, 45
    s = np.round(np.concatenate([rng.normal(0.0, 1.0, n0), rng.normal(0.9, 1.0, n1)]), 1)
    y = np.r_[np.zeros(n0), np.ones(n1)]
    p = rng.permutation(len(y))
    # The threshold sits exactly on a tied score value, so "score > threshold" matters.
    case("tied", y[p], s[p], threshold=0.5, percentiles=pcts, contaminations=cons)

    # 3. Few discrete levels (like a detector that outputs coarse scores), small and unbalanced.
    s = np.array([0.1, 0.1, 0.2, 0.2, 0.2, 0.3, 0.3, 0.4, 0.4, 0.4, 0.4, 0.5, 0.9, 0.9])
    y = np.array([0, 0, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 1, 0])
    case("levels", y, s, threshold=0.3, percentiles=pcts, contaminations=cons)

    # 4. Perfect separation and a threshold above every score (precision 0/0 -> 0, F1 0).
    s = np.array([0.05, 0.1, 0.15, 0.2, 0.8, 0.9, 0.95])
    y = np.array([0, 0, 0, 0, 1, 1, 1])
    case("separable_high_threshold", y, s, threshold=5.0, percentiles=pcts, contaminations=cons)

    # 5. Reversed scores (AUC < 0.5), pAUC's ROC point interpolated between distant FPRs.
    n0, n1 = 15, 25
    s = np.concatenate([rng.normal(1.0, 0.5, n0), rng.normal(0.0, 0.5, n1)])
    y = np.r_[np.zeros(n0), np.ones(n1)]
    case("reversed", y, s, threshold=0.5, percentiles=pcts, contaminations=cons)
    return 0


if __name__ == "__main__":
    sys.exit(main())
