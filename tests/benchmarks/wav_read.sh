#!/bin/bash
# Real-data check and read-speed comparison for WavReader.
#  1. every *.wav under the folder opens and streams without error, its frame count equals `soxi -s` and its
#     sum of |sample| equals soundfile's (float32 reading, relative difference < 1e-9);
#  2. best-of-N time to stream all files to float: C# WavReader vs Python soundfile (libsndfile) reading float32.
# Usage: tests/benchmarks/wav_read.sh [/work/shared/data] [repeats]
set -euo pipefail
DATA=${1:-/work/shared/data}
REPEAT=${2:-5}
HERE=$(cd "$(dirname "$0")" && pwd)
dotnet build -c Release "$HERE" -v q -nologo >/dev/null
BENCH="dotnet $HERE/bin/Release/net10.0/AcousticAnomaly.Benchmarks.dll wav-read"

echo "== frame counts vs soxi -s"
LIST=$(mktemp); trap 'rm -f "$LIST"' EXIT
$BENCH "$DATA" --list > "$LIST" || true
mismatch=0; total=0
while IFS=$'\t' read -r frames sumabs path; do
  total=$((total + 1))
  if [ "$frames" = ERROR ]; then echo "ERROR $path"; mismatch=$((mismatch + 1)); continue; fi
  sox=$(soxi -s "$path")
  if [ "$sox" != "$frames" ]; then echo "MISMATCH $path: ours $frames, soxi $sox"; mismatch=$((mismatch + 1)); fi
done < "$LIST"
echo "$total files, $mismatch errors or frame-count mismatches against soxi"
/usr/bin/python3 - "$LIST" <<'PY' || mismatch=$((mismatch + 1))
import sys
import numpy as np, soundfile as sf
bad = n = 0
for line in open(sys.argv[1]):
    frames, sumabs, path = line.rstrip("\n").split("\t")
    if frames == "ERROR":
        continue
    x = sf.read(path, dtype="float32", always_2d=True)[0]
    ref = float(np.sum(np.abs(x.astype(np.float64))))
    n += 1
    if abs(ref - float(sumabs)) > 1e-9 * max(1.0, ref):
        bad += 1
        print(f"SAMPLE MISMATCH {path}: ours {sumabs}, soundfile {ref!r}")
print(f"{n} files, {bad} sample-sum mismatches against soundfile")
sys.exit(1 if bad else 0)
PY

echo "== read speed (best of $REPEAT)"
cs=$($BENCH "$DATA" --repeat "$REPEAT" | tee /dev/stderr | awk '/^SECONDS/ {print $2}')
py=$(/usr/bin/python3 - "$DATA" "$REPEAT" <<'PY'
import glob, os, sys, time
import soundfile as sf
files = sorted(glob.glob(os.path.join(sys.argv[1], "**", "*.wav"), recursive=True))
best = 1e9
for _ in range(int(sys.argv[2])):
    t = time.perf_counter()
    for f in files:
        with sf.SoundFile(f) as s:
            for block in s.blocks(blocksize=4096, dtype="float32"):
                pass
    best = min(best, time.perf_counter() - t)
nbytes = sum(os.path.getsize(f) for f in files)
print(f"wav-read soundfile: {len(files)} files, best of {sys.argv[2]}: {best*1000:.1f} ms = {nbytes/1e6/best:.0f} MB/s", file=sys.stderr)
print(f"{best:.6f}")
PY
)
/usr/bin/python3 -c "print(f'ratio soundfile/C# time: {float($py)/float($cs):.2f}x (>1 means C# is faster)')"
[ "$mismatch" = 0 ]
