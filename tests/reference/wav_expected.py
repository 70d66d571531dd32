#!/usr/bin/python3
"""Reads every tests/fixtures/audio/*.wav with soundfile (libsndfile) and writes tests/fixtures/audio/wav-expected.json:
format, frame count, the first samples (float, and right-justified integers for PCM) and whole-file checksums.
The C# tests compare WavReader against these. Usage: /usr/bin/python3 tests/reference/wav_expected.py
"""
import glob
import json
import os

import numpy as np
import soundfile as sf

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AUDIO = os.path.join(ROOT, "fixtures", "audio")
FIRST = 24

SUBTYPE_BITS = {"PCM_U8": 8, "PCM_16": 16, "PCM_24": 24, "PCM_32": 32, "FLOAT": 32, "DOUBLE": 64}

result = {}
for path in sorted(glob.glob(os.path.join(AUDIO, "*.wav"))):
    info = sf.info(path)
    bits = SUBTYPE_BITS[info.subtype]
    is_float = info.subtype in ("FLOAT", "DOUBLE")
    f = sf.read(path, dtype="float32", always_2d=True)[0].reshape(-1)
    entry = {
        "sampleRate": info.samplerate,
        "channels": info.channels,
        "bitsPerSample": bits,
        "encoding": "Float" if is_float else "Pcm",
        "frames": info.frames,
        "firstFloat": [float(v) for v in f[:FIRST]],
        "sumFloat": float(np.sum(f.astype(np.float64))),
        "sumAbsFloat": float(np.sum(np.abs(f.astype(np.float64)))),
    }
    if not is_float:
        i = sf.read(path, dtype="int32", always_2d=True)[0].reshape(-1) >> (32 - bits)  # right-justify
        entry["firstInt"] = [int(v) for v in i[:FIRST]]
        entry["sumInt"] = int(np.sum(i.astype(np.int64)))
        entry["sumSquaresInt"] = int(np.sum(i.astype(np.int64) ** 2))
    result[os.path.basename(path)] = entry

with open(os.path.join(AUDIO, "wav-expected.json"), "w") as out:
    json.dump(result, out, indent=1)
    out.write("\n")
print(f"{len(result)} files")
