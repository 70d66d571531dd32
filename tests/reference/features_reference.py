#!/usr/bin/python3
"""Independent reference for AcousticAnomaly.Features (numpy + scipy only, no librosa).

Re-implements librosa >= 0.10 semantics from first principles:
  - STFT: periodic Hann (length n_fft), center=True with ZERO padding n_fft//2 on both sides,
    n_frames = 1 + len(y) // hop, power spectrogram |X|^2.
  - librosa.filters.mel(sr, n_fft, n_mels, fmin=0, fmax=sr/2, htk=False, norm='slaney'):
    Slaney mel scale (linear below 1 kHz, log above) and Slaney area normalisation 2/(f_upper-f_lower).
  - log-mel = 10*log10(max(mel, eps)), eps = float64 machine epsilon.
  - MFCC = DCT-II (norm='ortho') over the log-mel bands, first n_mfcc rows (librosa.feature.mfcc(S=logmel)).
Everything is computed in float64.

Cuts two 1-second fixture clips from /work/shared/data (a DCASE valve clip and one channel of a BLDC motor
recording), writes them as 16 kHz mono 16-bit WAV plus the exact float32 samples used (.f32, little-endian,
sample = int16 / 32768), and writes the expected outputs as little-endian float32 (.f32) files described by
tests/fixtures/features/features_reference.json.

Run: /usr/bin/python3 tests/reference/features_reference.py   (from the repository root)
"""
import json
import os

import numpy as np
import scipy.fft
import scipy.io.wavfile

DATA = "/work/shared/data"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "features")

SR, N_FFT, HOP, N_MELS, N_MFCC, FRAMES = 16000, 1024, 512, 128, 20, 5
EPS = np.finfo(np.float64).eps

CLIPS = [
    # name, source file, channel, start second, seconds
    ("valve", "dcase2023-valve-source/normal/section_00_source_test_normal_0000_pat_01.wav", 0, 3.0, 1.0),
    ("bldc", "bldc-motor-m1/normal/M1_healthy_1550rpm.wav", 1, 2.0, 1.0),
]


def hz_to_mel(f):
    f = np.asarray(f, dtype=np.float64)
    f_sp = 200.0 / 3
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-300) / min_log_hz) / logstep, f / f_sp)


def mel_to_hz(m):
    m = np.asarray(m, dtype=np.float64)
    f_sp = 200.0 / 3
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), f_sp * m)


def mel_filterbank(sr, n_fft, n_mels, fmin=0.0, fmax=None):
    fmax = sr / 2.0 if fmax is None else fmax
    fft_freqs = np.arange(1 + n_fft // 2, dtype=np.float64) * sr / n_fft
    mel_f = mel_to_hz(np.linspace(hz_to_mel(fmin), hz_to_mel(fmax), n_mels + 2))
    fdiff = np.diff(mel_f)
    w = np.zeros((n_mels, len(fft_freqs)))
    for i in range(n_mels):
        lower = (fft_freqs - mel_f[i]) / fdiff[i]
        upper = (mel_f[i + 2] - fft_freqs) / fdiff[i + 1]
        w[i] = np.maximum(0.0, np.minimum(lower, upper))
    w *= (2.0 / (mel_f[2:n_mels + 2] - mel_f[:n_mels]))[:, None]
    return w


def power_spectrogram(y, n_fft, hop):
    y = np.pad(np.asarray(y, dtype=np.float64), (n_fft // 2, n_fft // 2), mode="constant")
    n_frames = 1 + (len(y) - n_fft) // hop
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n_fft) / n_fft)  # periodic Hann
    idx = np.arange(n_fft)[None, :] + hop * np.arange(n_frames)[:, None]
    spec = np.fft.rfft(y[idx] * window, axis=1)
    return (np.abs(spec) ** 2).T  # [bins, frames]


def log_mel(y):
    mel = mel_filterbank(SR, N_FFT, N_MELS) @ power_spectrogram(y, N_FFT, HOP)
    return mel, 10.0 * np.log10(np.maximum(mel, EPS))  # [bands, frames]


def g9(values):
    """Nine significant digits: ample for the float32 values the tests compare against, and keeps the fixture small."""
    return [float(f"{v:.9g}") for v in values]


def write_f32(name, arr):
    np.ascontiguousarray(arr, dtype="<f4").tofile(os.path.join(OUT, name))


def main():
    os.makedirs(OUT, exist_ok=True)
    header = {"sample_rate": SR, "n_fft": N_FFT, "hop": HOP, "n_mels": N_MELS, "n_mfcc": N_MFCC, "frames": FRAMES,
              "layout": "all .f32 files are little-endian float32, row-major; logmel is [frames][bands], "
                        "mfcc is [frames][coefficients]; mel_weights.f64 is little-endian float64: the non-zero span "
                        "of each band in order, band m starting at FFT bin mel_spans[m][0] with mel_spans[m][1] values", "clips": []}
    signals = {}
    for name, rel, channel, start, seconds in CLIPS:
        sr, data = scipy.io.wavfile.read(os.path.join(DATA, rel))
        assert sr == SR and data.dtype == np.int16
        if data.ndim == 2:
            data = data[:, channel]
        s0 = int(start * sr)
        cut = np.ascontiguousarray(data[s0:s0 + int(seconds * sr)])
        scipy.io.wavfile.write(os.path.join(OUT, f"{name}.wav"), SR, cut)
        samples = cut.astype(np.float32) / np.float32(32768.0)
        write_f32(f"{name}.f32", samples)
        signals[name] = samples
    # A stereo pair averaged to mono (float32 average of the two clips, exact for int16 inputs).
    signals["average"] = ((signals["valve"] + signals["bldc"]) / np.float32(2.0)).astype(np.float32)

    for name, y in signals.items():
        _, lm = log_mel(y)
        mfcc = scipy.fft.dct(lm, type=2, axis=0, norm="ortho")[:N_MFCC]
        write_f32(f"{name}.logmel.f32", lm.T)
        if name != "average":
            write_f32(f"{name}.mfcc.f32", mfcc.T)
        header["clips"].append({
            "name": name,
            "samples": f"{name}.f32" if name != "average" else None,
            "n_samples": int(len(y)),
            "n_frames": int(lm.shape[1]),
            "logmel": f"{name}.logmel.f32",
            "mfcc": f"{name}.mfcc.f32" if name != "average" else None,
            # population std (ddof=0)
            "logmel_stats": g9(np.concatenate([lm.mean(axis=1), lm.std(axis=1)])),
            "mfcc_stats": g9(np.concatenate([mfcc.mean(axis=1), mfcc.std(axis=1)])),
        })

    w = mel_filterbank(SR, N_FFT, N_MELS)
    spans, values = [], []
    for m in range(N_MELS):
        nz = np.nonzero(w[m])[0]
        start, stop = (int(nz[0]), int(nz[-1]) + 1) if len(nz) else (0, 0)
        spans.append([start, stop - start])
        values.append(w[m, start:stop])
    np.concatenate(values).astype("<f8").tofile(os.path.join(OUT, "mel_weights.f64"))
    header["mel_spans"] = spans
    with open(os.path.join(OUT, "features_reference.json"), "w") as f:
        json.dump(header, f, indent=None)
        f.write("\n")


if __name__ == "__main__":
    main()
