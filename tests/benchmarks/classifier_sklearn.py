#!/usr/bin/python3
"""scikit-learn baseline for the classifier benchmark (tests/benchmarks/classifier_bench.sh).

Clip statistics computed independently with numpy (the log-mel of tests/reference/features_reference.py: periodic
Hann, centred STFT, Slaney mel, 10 log10): per-band mean and standard deviation of a 40-band log-mel (FFT 512,
hop 256) and of 20 MFCCs, standardised; LogisticRegression and MLPClassifier(100) fitted on the train folder and
scored on the test folder. Prints CSV rows: model,features,accuracy,fit_seconds.
Usage: classifier_sklearn.py TRAIN_DIR TEST_DIR
"""
import os
import sys
import time

import numpy as np
import scipy.fft
import scipy.io.wavfile
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reference"))
from features_reference import mel_filterbank, power_spectrogram  # noqa: E402

SR, N_FFT, HOP, N_MELS, N_MFCC = 16000, 512, 256, 40, 20
FB = mel_filterbank(SR, N_FFT, N_MELS)


def stats(path):
    sr, y = scipy.io.wavfile.read(path)
    assert sr == SR, path
    y = y.astype(np.float64) / 32768.0
    logmel = 10 * np.log10(np.maximum(FB @ power_spectrogram(y, N_FFT, HOP), np.finfo(np.float64).eps))
    mfcc = scipy.fft.dct(logmel, type=2, norm="ortho", axis=0)[:N_MFCC]
    return np.concatenate([logmel.mean(1), logmel.std(1)]), np.concatenate([mfcc.mean(1), mfcc.std(1)])


def load(root):
    labels = sorted(d for d in os.listdir(root) if not d.startswith("."))
    x_mel, x_mfcc, y = [], [], []
    for i, label in enumerate(labels):
        for f in sorted(os.listdir(os.path.join(root, label))):
            a, b = stats(os.path.join(root, label, f))
            x_mel.append(a)
            x_mfcc.append(b)
            y.append(i)
    return np.array(x_mel), np.array(x_mfcc), np.array(y)


def main():
    tr_mel, tr_mfcc, ytr = load(sys.argv[1])
    te_mel, te_mfcc, yte = load(sys.argv[2])
    print("model,features,accuracy,fit_seconds")
    for fname, xtr, xte in [("logmel_stats", tr_mel, te_mel), ("mfcc_stats", tr_mfcc, te_mfcc)]:
        for mname, est in [("sklearn LogisticRegression", LogisticRegression(max_iter=2000)),
                           ("sklearn MLPClassifier(100)", MLPClassifier(hidden_layer_sizes=(100,), max_iter=500, random_state=0))]:
            t = time.perf_counter()
            model = make_pipeline(StandardScaler(), est).fit(xtr, ytr)
            fit = time.perf_counter() - t
            print(f"{mname},{fname},{(model.predict(xte) == yte).mean():.4f},{fit:.2f}")


if __name__ == "__main__":
    main()
