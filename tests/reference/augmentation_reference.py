#!/usr/bin/python3
"""Independent computations for the augmentation tests (numpy, scipy, sox), written to tests/fixtures/augmentation.

input.wav           0.25 s of a deterministic test signal (three partials under an envelope), 16 kHz float32
gain_m6.wav         input * 10^(-6/20)                      (gain:db=-6)
reverse.wav         input[::-1]                              (reverse)
clip_0.5.wav        np.clip(input, -0.5*peak, 0.5*peak)      (clip:level=0.5)
expected.json       eq: |H(f)| in dB of the RBJ-cookbook peaking biquad (scipy.signal.freqz) for eq:freq=1000,gain=6,q=1
                    and eq:freq=3000,gain=-9,q=2; stretch: sox `tempo` output lengths for 1 s of a 440 Hz tone

Run: /usr/bin/python3 tests/reference/augmentation_reference.py
"""
import json, os, subprocess, tempfile
import numpy as np
from scipy.io import wavfile
from scipy import signal

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "fixtures", "augmentation")
RATE = 16000
os.makedirs(OUT, exist_ok=True)

t = np.arange(int(0.25 * RATE)) / RATE
x = (0.6 * np.sin(2 * np.pi * 220 * t) + 0.25 * np.sin(2 * np.pi * 1330 * t) + 0.1 * np.sin(2 * np.pi * 4100 * t))
x *= np.minimum(1.0, 8 * t) * np.exp(-2 * t)
x = x.astype(np.float32)
wavfile.write(os.path.join(OUT, "input.wav"), RATE, x)
wavfile.write(os.path.join(OUT, "gain_m6.wav"), RATE, (x * np.float32(10 ** (-6 / 20))).astype(np.float32))
wavfile.write(os.path.join(OUT, "reverse.wav"), RATE, x[::-1].copy())
peak = np.abs(x).max()
wavfile.write(os.path.join(OUT, "clip_0.5.wav"), RATE, np.clip(x, -0.5 * peak, 0.5 * peak).astype(np.float32))


def rbj_peak(f0, gain_db, q, fs):
    # Robert Bristow-Johnson, "Cookbook formulae for audio EQ biquad filter coefficients", peakingEQ.
    a = 10 ** (gain_db / 40)
    w0 = 2 * np.pi * f0 / fs
    alpha = np.sin(w0) / (2 * q)
    b = [1 + alpha * a, -2 * np.cos(w0), 1 - alpha * a]
    den = [1 + alpha / a, -2 * np.cos(w0), 1 - alpha / a]
    return b, den


freqs = [100, 500, 800, 1000, 1250, 2000, 3000, 4000, 6000]
eq = []
for f0, g, q in [(1000, 6, 1), (3000, -9, 2)]:
    b, a = rbj_peak(f0, g, q, RATE)
    _, h = signal.freqz(b, a, worN=np.array(freqs, dtype=float), fs=RATE)
    eq.append({"recipe": f"eq:freq={f0},gain={g},q={q}", "freqs": freqs, "db": [float(v) for v in 20 * np.log10(np.abs(h))]})

stretch = []
with tempfile.TemporaryDirectory() as tmp:
    tone = os.path.join(tmp, "tone.wav")
    wavfile.write(tone, RATE, (0.5 * np.sin(2 * np.pi * 440 * np.arange(RATE) / RATE)).astype(np.float32))
    for factor in [0.8, 1.25]:
        out = os.path.join(tmp, "out.wav")
        # sox's tempo speeds up by its factor: our stretch factor (new/old duration) is its reciprocal.
        subprocess.run(["sox", tone, out, "tempo", "-s", f"{1 / factor:.6f}"], check=True)
        _, y = wavfile.read(out)
        stretch.append({"factor": factor, "input_frames": RATE, "sox_frames": int(len(y))})

with open(os.path.join(OUT, "expected.json"), "w") as fh:
    json.dump({"rate": RATE, "eq": eq, "stretch": stretch}, fh, indent=1)
print("wrote", OUT)
