#!/usr/bin/python3
"""Reference for AcousticAnomaly.Audio.Resampler: scipy.signal.resample_poly(x, up, down) on band-limited test signals.

The input is a sum of sines, all below 0.8 x the lower Nyquist frequency, generated in float64 and rounded to float32
(the C# test regenerates it from the parameters in resample_reference.json the same way). scipy's filter
(Kaiser beta 5, cutoff at the lower Nyquist) is not ours, so outputs are compared with a tolerance, not bit for bit.

Run: /usr/bin/python3 tests/reference/resample_reference.py   (from the repository root)
"""
import json
import math
import os

import numpy as np
import scipy.signal

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "features")

# from, to, input length, [(frequency Hz, amplitude, phase rad)]
CASES = [
    (44100, 16000, 4410, [(440.0, 0.5, 0.3), (1800.0, 0.3, 1.1), (5100.0, 0.15, 2.0)]),
    (48000, 16000, 4800, [(440.0, 0.5, 0.3), (2500.0, 0.3, 1.1), (6000.0, 0.15, 2.0)]),
    (8000, 16000, 800, [(300.0, 0.5, 0.3), (1000.0, 0.3, 1.1), (3100.0, 0.15, 2.0)]),
]


def main():
    cases = []
    for fs_from, fs_to, n, tones in CASES:
        t = np.arange(n, dtype=np.float64) / fs_from
        x = sum(a * np.sin(2 * np.pi * f * t + ph) for f, a, ph in tones).astype(np.float32)
        g = math.gcd(fs_from, fs_to)
        y = scipy.signal.resample_poly(x.astype(np.float64), fs_to // g, fs_from // g)
        name = f"resample_{fs_from}_{fs_to}.f32"
        y.astype("<f4").tofile(os.path.join(OUT, name))
        cases.append({"from": fs_from, "to": fs_to, "n": n, "tones": [list(tone) for tone in tones],
                      "expected": name, "expected_length": int(len(y))})
    with open(os.path.join(OUT, "resample_reference.json"), "w") as f:
        json.dump({"generator": "x[i] = (float32) sum(a * sin(2*pi*f*i/from + phase))", "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
