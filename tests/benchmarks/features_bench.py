#!/usr/bin/python3
"""numpy/scipy reference timing for the 'features' benchmark: DCASE LogMelFrames for every WAV under a folder.

Fair to numpy: batched framing with stride tricks, one np.fft.rfft call per clip, the mel filterbank applied as a
scipy.sparse CSR matrix (only the non-zero weights), vectorised log10 and frame stacking. Timed after loading, best of
N repeats, like the C# side. Usage: /usr/bin/python3 features_bench.py <folder> [repeats]
"""
import glob
import os
import sys
import time

import numpy as np
import scipy.io.wavfile
import scipy.sparse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reference"))
from features_reference import mel_filterbank  # noqa: E402  (the same Slaney filterbank the tests compare against)

SR, N_FFT, HOP, N_MELS, FRAMES = 16000, 1024, 512, 128, 5
EPS = np.finfo(np.float64).eps


def log_mel_frames(y, window, mel_sparse):
    y = np.pad(y, (N_FFT // 2, N_FFT // 2))
    n_frames = 1 + (len(y) - N_FFT) // HOP
    frames = np.lib.stride_tricks.as_strided(y, (n_frames, N_FFT), (y.strides[0] * HOP, y.strides[0]))
    spec = np.fft.rfft(frames * window, axis=1)
    power = spec.real ** 2 + spec.imag ** 2                 # [frames, bins]
    mel = (mel_sparse @ power.T).T                          # [frames, bands], sparse weights only
    lm = 10.0 * np.log10(np.maximum(mel, EPS)).astype(np.float32)
    n = n_frames - FRAMES + 1
    return np.concatenate([lm[f:f + n] for f in range(FRAMES)], axis=1)  # frame-major 640-value vectors


def main():
    folder = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    files = sorted(glob.glob(os.path.join(folder, "**", "*.wav"), recursive=True))
    t0 = time.perf_counter()
    clips = []
    for f in files:
        sr, data = scipy.io.wavfile.read(f)
        assert sr == SR and data.dtype == np.int16
        if data.ndim == 2:
            data = data.mean(axis=1)
        clips.append(data.astype(np.float32) / np.float32(32768.0))
    load = time.perf_counter() - t0
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)
    mel_sparse = scipy.sparse.csr_matrix(mel_filterbank(SR, N_FFT, N_MELS))
    vectors = sum(log_mel_frames(c, window, mel_sparse).shape[0] for c in clips)  # warm-up + checksum
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        for c in clips:
            log_mel_frames(c, window, mel_sparse)
        best = min(best, time.perf_counter() - t)
    print(f"files={len(files)} load_seconds={load:.3f} vectors={vectors} nnz={mel_sparse.nnz}")
    print(f"numpy_seconds={best:.4f}")


if __name__ == "__main__":
    main()
