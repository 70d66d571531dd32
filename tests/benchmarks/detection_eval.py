#!/usr/bin/python3
"""Detection quality on a labelled set: our detectors (through the acoustic-anomaly CLI: train, then predict) next to
scikit-learn on the same features and the same split, measured in one run.

Split (as the issues ask): train on the first N normal clips sorted by name (default: half of them, or --train-count),
test on the remaining normal clips and all abnormal clips. AUC and pAUC (max FPR 0.1) are computed by scikit-learn's
roc_auc_score for both sides, with anomalies as the positive class and higher score = more anomalous.

The scikit-learn side computes its features with tests/reference/features_reference.py (an independent numpy/scipy
implementation of the same DCASE log-mel), so both sides see the same features, not the same code.

usage: tests/benchmarks/detection_eval.py DATASET_DIR [--detectors iforest,kmeans,...] [--feature-sets ...]
           [--seeds 0,1,2] [--train-count N] [--sklearn iforest,mlp] [--cli PATH]
"""
import argparse
import csv
import io
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import scipy.fft
import scipy.signal
import soundfile
from sklearn.covariance import LedoitWolf
from sklearn.ensemble import IsolationForest
from sklearn.mixture import GaussianMixture
from sklearn.neighbors import LocalOutlierFactor, NearestNeighbors
from sklearn.metrics import roc_auc_score
from sklearn.neural_network import MLPRegressor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "reference"))
import features_reference as ref  # noqa: E402

FEATURE_SETS = ["LogMelFrames", "LogMelStats", "MfccStats", "LogMelTwfr"]
TWFR_DECAY = 0.5  # FeatureSettings.TwfrDecay's default


def split(dataset, train_count):
    normal = sorted(os.path.join(dataset, "normal", f) for f in os.listdir(os.path.join(dataset, "normal")) if f.endswith((".wav", ".flac")))
    abnormal = sorted(os.path.join(dataset, "abnormal", f) for f in os.listdir(os.path.join(dataset, "abnormal")) if f.endswith((".wav", ".flac")))
    n = train_count if train_count else len(normal) // 2
    train, test_normal = normal[:n], normal[n:]
    test = test_normal + abnormal
    labels = np.array([0] * len(test_normal) + [1] * len(abnormal))
    return train, test, labels


def mono16k(path):
    data, sr = soundfile.read(path, dtype="float32", always_2d=True)
    y = data.mean(axis=1).astype(np.float64)
    if sr != ref.SR:
        g = np.gcd(sr, ref.SR)
        y = scipy.signal.resample_poly(y, ref.SR // g, sr // g)
    return y


def features(path, feature_set):
    _, lm = ref.log_mel(mono16k(path))  # [bands, frames]
    if feature_set == "LogMelFrames":
        t = lm.T
        n = t.shape[0] - ref.FRAMES + 1
        return np.stack([t[i:i + ref.FRAMES].reshape(-1) for i in range(n)]).astype(np.float32)
    if feature_set == "LogMelStats":
        return np.concatenate([lm.mean(axis=1), lm.std(axis=1)])[None, :].astype(np.float32)
    if feature_set == "LogMelTwfr":
        # Guan et al.: each band's frames sorted descending, weights r^k normalised (written apart from our C#).
        ordered = -np.sort(-lm, axis=1)
        w = TWFR_DECAY ** np.arange(ordered.shape[1])
        return (ordered @ (w / w.sum()))[None, :].astype(np.float32)
    mfcc = scipy.fft.dct(lm, type=2, axis=0, norm="ortho")[:ref.N_MFCC]
    return np.concatenate([mfcc.mean(axis=1), mfcc.std(axis=1)])[None, :].astype(np.float32)


def sklearn_scores(kind, train_feats, test_feats, seed):
    x = np.concatenate(train_feats)
    t0 = time.perf_counter()
    if kind == "iforest":
        model = IsolationForest(n_estimators=100, random_state=seed).fit(x)
        fit = time.perf_counter() - t0
        return [float(np.mean(-model.decision_function(f))) for f in test_feats], fit
    if kind in ("gmm", "gmm-ninit5"):
        # BIC over 1..4 diagonal components, reg_covar as ours (GmmOptions); -score_samples = higher is anomalous.
        # gmm-ninit5: scikit-learn's own restarts (n_init=5 keeps the fit with the best lower bound).
        n_init = 5 if kind == "gmm-ninit5" else 1
        fits = [GaussianMixture(k, covariance_type="diag", reg_covar=1e-3, random_state=seed, n_init=n_init).fit(x) for k in range(1, min(4, len(x)) + 1)]
        model = min(fits, key=lambda g: g.bic(x))
        fit = time.perf_counter() - t0
        return [float(np.mean(-model.score_samples(f))) for f in test_feats], fit
    if kind == "mahalanobis":
        model = LedoitWolf().fit(x)
        fit = time.perf_counter() - t0
        return [float(np.mean(model.mahalanobis(f))) for f in test_feats], fit
    if kind == "lof":
        # LocalOutlierFactor(novelty=True), k = 5 on standardised vectors: what ours k-NN computes by default.
        mu, sd = x.mean(axis=0), x.std(axis=0) + 1e-8
        model = LocalOutlierFactor(n_neighbors=min(5, len(x) - 1), novelty=True).fit((x - mu) / sd)
        fit = time.perf_counter() - t0
        return [float(np.mean(-model.score_samples((f - mu) / sd))) for f in test_feats], fit
    if kind == "knn":
        mu, sd = x.mean(axis=0), x.std(axis=0) + 1e-8
        model = NearestNeighbors(n_neighbors=1).fit((x - mu) / sd)
        fit = time.perf_counter() - t0
        return [float(np.mean(model.kneighbors((f - mu) / sd)[0][:, 0])) for f in test_feats], fit
    # DCASE layer sizes as an MLP autoencoder (no BatchNorm in scikit-learn); standardised inputs, as MLPs need.
    mu, sd = x.mean(axis=0), x.std(axis=0) + 1e-8
    z = (x - mu) / sd
    model = MLPRegressor(hidden_layer_sizes=(128, 128, 128, 128, 8, 128, 128, 128, 128), solver="adam",
                         batch_size=min(512, len(z)), max_iter=100, random_state=seed, early_stopping=False)
    model.fit(z, z)
    fit = time.perf_counter() - t0
    scores = []
    for f in test_feats:
        zf = (f - mu) / sd
        scores.append(float(np.mean((model.predict(zf) - zf) ** 2)))
    return scores, fit


def ours(cli, detector, feature_set, train, test, seed, workdir, train_args=()):
    model = os.path.join(workdir, f"{detector}-{feature_set}-{seed}.onnx")
    cmd = cli + ["train", detector, *train, "--output", model, "--feature-set", feature_set, "--force"]
    if detector in ("iforest", "kmeans", "ocsvm", "autoencoder", "gmm", "conv-autoencoder", "ensemble"):
        cmd += ["--seed", str(seed)]
    if detector == "kmeans" and feature_set != "LogMelFrames":
        cmd += ["--clusters", str(min(8, len(train)))]  # one vector per clip: k cannot exceed the clips
    cmd += list(train_args)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, text=True)
    fit = time.perf_counter() - t0
    out = subprocess.run(cli + ["predict", "--model", model, *test], check=True, capture_output=True, text=True).stdout
    rows = {r["Path"]: (float(r["Score"]), r["IsAnomaly"] == "True") for r in csv.DictReader(io.StringIO(out))}
    found = [rows[os.path.abspath(p)] if os.path.abspath(p) in rows else rows[p] for p in test]
    return [sc for sc, _ in found], fit, [flag for _, flag in found]


def metrics(labels, scores):
    return roc_auc_score(labels, scores), roc_auc_score(labels, scores, max_fpr=0.1)


def f1(labels, flags):
    flags = np.asarray(flags, dtype=bool)
    tp = int((flags & (labels == 1)).sum())
    return 0.0 if tp == 0 else 2 * tp / (flags.sum() + labels.sum())


def best_f1(labels, scores):
    scores = np.asarray(scores)
    return max(f1(labels, scores >= t) for t in scores)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dataset")
    ap.add_argument("--detectors", default="iforest")
    ap.add_argument("--feature-sets", default=",".join(FEATURE_SETS))
    ap.add_argument("--seeds", default="0,1,2,3,4")
    ap.add_argument("--train-count", type=int, default=0)
    ap.add_argument("--sklearn", default="iforest")
    ap.add_argument("--mlp-seeds", default="0", help="seeds for scikit-learn's MLP autoencoder (slow: it trains 100 epochs)")
    ap.add_argument("--train-args", default="", help="extra options for every `train` of ours, e.g. \"--epochs 50 --overlap 0.75\"")
    ap.add_argument("--cli", default=f"dotnet {ROOT}/src/AcousticAnomaly.Cli/bin/Release/net8.0/acoustic-anomaly.dll")
    a = ap.parse_args()
    cli = a.cli.split()
    seeds = [int(s) for s in a.seeds.split(",")]
    train, test, labels = split(a.dataset, a.train_count)
    print(f"# {os.path.basename(os.path.normpath(a.dataset))}: train {len(train)} normal, test {int((labels == 0).sum())} normal + {int(labels.sum())} abnormal; seeds {seeds}")
    print("| detector | feature set | AUC (mean ± sd) | pAUC (mean ± sd) | F1 at stored threshold | best F1 | test normals / anomalies flagged at stored threshold | train s (mean) |")
    # "train s": ours = the whole `acoustic-anomaly train` process (start-up, reading, features, fit, export);
    # scikit-learn = fit() only, on features computed beforehand. Not a speed comparison - see the benchmarks for that.
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as work:
        for fs in a.feature_sets.split(","):
            train_feats = [features(p, fs) for p in train] if a.sklearn else None
            test_feats = [features(p, fs) for p in test] if a.sklearn else None
            runs = {}
            for det in [d for d in a.detectors.split(",") if d]:
                runs[f"ours {det}"] = [ours(cli, det, fs, train, test, s, work, a.train_args.split()) for s in seeds]
            for kind in [k for k in a.sklearn.split(",") if k]:
                kind_seeds = [int(s) for s in a.mlp_seeds.split(",")] if kind == "mlp" else seeds
                runs[f"scikit-learn {kind}"] = [sklearn_scores(kind, train_feats, test_feats, s) for s in kind_seeds]
            for name, results in runs.items():
                m = np.array([metrics(labels, r[0]) for r in results])
                fit = np.mean([r[1] for r in results])
                # F1 at the model's own threshold (ours only: scikit-learn's side has no stored threshold) next to the best.
                stored = f"{np.mean([f1(labels, r[2]) for r in results]):.3f}" if len(results[0]) > 2 else "-"
                # Where the stored threshold sits: the share of test normals it flags (false alarms; a gamma 0.9 fit
                # of normal scores aims at about 0.1) and of anomalies (recall).
                flagged = (f"{np.mean([np.asarray(r[2])[labels == 0].mean() for r in results]):.2f} / "
                           f"{np.mean([np.asarray(r[2])[labels == 1].mean() for r in results]):.2f}") if len(results[0]) > 2 else "-"
                best = np.mean([best_f1(labels, r[0]) for r in results])
                print(f"| {name} | {fs} | {m[:, 0].mean():.4f} ± {m[:, 0].std():.4f} | {m[:, 1].mean():.4f} ± {m[:, 1].std():.4f} | {stored} | {best:.3f} | {flagged} | {fit:.2f} |", flush=True)


if __name__ == "__main__":
    main()
