#!/usr/bin/python3
"""Cuts tests/fixtures/speechcommands-mini from ../shared/data/speechcommands-3: for each listed clip, the 0.5 s
(8000 samples) around its loudest 0.1 s, with sox. Run from the repository root: /usr/bin/python3 tests/reference/make_speech_fixture.py"""
import os, subprocess
import numpy as np
from scipy.io import wavfile

SRC = os.path.join("..", "shared", "data", "speechcommands-3")
OUT = os.path.join("tests", "fixtures", "speechcommands-mini")
CLIPS = ["bed/004ae714_nohash_0", "bed/004ae714_nohash_1", "bed/012c8314_nohash_0", "bed/012c8314_nohash_1",
         "bed/0132a06d_nohash_0", "bed/0137b3f4_nohash_0", "cat/004ae714_nohash_0", "cat/004ae714_nohash_1",
         "cat/012c8314_nohash_0", "cat/0132a06d_nohash_0", "cat/0137b3f4_nohash_0", "happy/012c8314_nohash_0",
         "happy/0132a06d_nohash_0", "happy/0137b3f4_nohash_0"]
for clip in CLIPS:
    source = os.path.join(SRC, clip + ".wav")
    rate, x = wavfile.read(source)
    energy = np.convolve(x.astype(float) ** 2, np.ones(1600), "same")
    start = int(min(max(0, np.argmax(energy) - 4000), len(x) - 8000))
    os.makedirs(os.path.dirname(os.path.join(OUT, clip)), exist_ok=True)
    subprocess.run(["sox", source, os.path.join(OUT, clip + ".wav"), "trim", f"{start}s", "8000s"], check=True)
