#!/bin/bash
# Get-AudioDataset's scan of 5,000 files and New-AudioAugmentation's throughput, each against a reference, in one run.
#  1. builds a 5,000-clip labelled dataset from ../shared/data/speechcommands-3 (hard links, names made unique);
#  2. scan: best-of-3 DatasetScanner.Scan in process vs `soxi -D` over every file (one soxi process, per-label
#     count/total/min/max computed in awk) and vs Python soundfile.info per file; also the whole CLI `dataset` verb;
#  3. augmentation: read + augment + write 200 clips for each recipe; the recipes numpy/scipy can do (noise, gain,
#     reverse, clip, eq) are timed the same way in Python (soundfile read/write, numpy, scipy.signal.lfilter with the
#     RBJ peaking biquad), the others (compress, stretch, silence, freqmask) reported for C# only.
# Usage: tests/benchmarks/datasets.sh [/work/shared/data/speechcommands-3]
set -euo pipefail
SRC=${1:-/work/shared/data/speechcommands-3}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
dotnet build -c Release "$HERE" -v q -nologo >/dev/null
dotnet build -c Release "$ROOT/src/AcousticAnomaly.Cli" -v q -nologo >/dev/null
BENCH="dotnet $HERE/bin/Release/net10.0/AcousticAnomaly.Benchmarks.dll datasets"

DS="$WORK/ds"; n=0; copy=0
while [ $n -lt 5000 ]; do
  for f in "$SRC"/*/*.wav; do
    [ $n -lt 5000 ] || break
    label=$(basename "$(dirname "$f")"); mkdir -p "$DS/$label"
    ln "$f" "$DS/$label/$(basename "$f" .wav)_c$copy.wav"; n=$((n + 1))
  done
  copy=$((copy + 1))
done
echo "== scan: $(find "$DS" -name '*.wav' | wc -l) files in $(ls "$DS" | wc -l) labels"
cat "$DS"/*/*.wav > /dev/null   # warm the page cache for every side alike
cs=$($BENCH scan "$DS" --repeat 3 | awk '/^SECONDS/ {print $2}')
t0=$(date +%s.%N)
DOTNET_ROLL_FORWARD=Major dotnet "$(ls "$ROOT"/src/AcousticAnomaly.Cli/bin/Release/net*/acoustic-anomaly.dll | head -1)" dataset "$DS" > "$WORK/cli.csv"
t1=$(date +%s.%N)
cli=$(echo "$t1 - $t0" | bc)
sox=9999
for _ in 1 2 3; do
  t0=$(date +%s.%N)
  (cd "$DS" && for d in */; do soxi -D "$d"*.wav | awk -v l="${d%/}" '{t+=$1; if(min==""||$1<min)min=$1; if($1>max)max=$1} END {print l, NR, t, min, max}'; done) > "$WORK/soxi.txt"
  t1=$(date +%s.%N)
  s=$(echo "$t1 - $t0" | bc); sox=$(echo "if ($s < $sox) $s else $sox" | bc)
done
py=$(/usr/bin/python3 - "$DS" <<'PY'
import glob, os, sys, time
import soundfile as sf
best = 1e9
for _ in range(3):
    t = time.perf_counter()
    rows = {}
    for d in sorted(os.listdir(sys.argv[1])):
        durs = [sf.info(f).duration for f in sorted(glob.glob(os.path.join(sys.argv[1], d, "*.wav")))]
        rows[d] = (len(durs), sum(durs), min(durs), max(durs))
    best = min(best, time.perf_counter() - t)
print(f"{best:.6f}")
PY
)
cat "$WORK/soxi.txt" >&2
echo "C# DatasetScanner (in process) ${cs}s | CLI 'dataset' whole process ${cli}s | soxi -D ${sox}s | Python soundfile.info ${py}s"
/usr/bin/python3 -c "print(f'scan ratio soxi/C#: {float($sox)/float($cs):.1f}x, soundfile/C#: {float($py)/float($cs):.1f}x, soxi/CLI process: {float($sox)/float($cli):.1f}x (>1 means C# is faster)')"

echo "== augmentation: 200 clips per recipe, read + augment + write"
COMMON=(noise:snr=10 gain:db=-6 reverse clip:level=0.5 eq:freq=1000,gain=6,q=1)
cs_common=$($BENCH augment "$SRC" "$WORK/aug" "${COMMON[@]}" --limit 200 | awk '/^SECONDS/ {print $2}')
$BENCH augment "$SRC" "$WORK/aug" compress stretch:factor=1.1 silence freqmask --limit 200 >/dev/null
py_common=$(/usr/bin/python3 - "$SRC" "$WORK/pyaug" <<'PY'
import glob, os, sys, time
import numpy as np, soundfile as sf
from scipy import signal
files = sorted(glob.glob(os.path.join(sys.argv[1], "*", "*.wav")))[:200]
os.makedirs(sys.argv[2], exist_ok=True)
rng = np.random.default_rng(0)
def noise(x, sr):
    n = rng.standard_normal(len(x)); return x + n * np.sqrt(np.sum(x**2) / 10 ** (10 / 10) / np.sum(n**2))
def eq(x, sr, f0=1000, g=6, q=1):
    a = 10 ** (g / 40); w0 = 2 * np.pi * f0 / sr; al = np.sin(w0) / (2 * q)
    return signal.lfilter([1 + al * a, -2 * np.cos(w0), 1 - al * a], [1 + al / a, -2 * np.cos(w0), 1 - al / a], x)
recipes = {"noise": noise, "gain": lambda x, sr: x * 10 ** (-6 / 20), "reverse": lambda x, sr: x[::-1],
           "clip": lambda x, sr: np.clip(x, -0.5 * np.abs(x).max(), 0.5 * np.abs(x).max()), "eq": eq}
total = 0
for name, fn in recipes.items():
    t = time.perf_counter()
    for f in files:
        x, sr = sf.read(f, dtype="float64")
        sf.write(os.path.join(sys.argv[2], name + "_" + os.path.basename(f)), fn(x, sr), sr, subtype="PCM_16")
    s = time.perf_counter() - t; total += s
    print(f"python {name}: {len(files)} clips in {s*1000:.0f} ms = {len(files)/s:.0f} clips/s", file=sys.stderr)
print(f"{total:.6f}")
PY
)
echo "C# five common recipes ${cs_common}s | Python numpy/scipy/soundfile ${py_common}s"
/usr/bin/python3 -c "print(f'augmentation ratio Python/C#: {float($py_common)/float($cs_common):.2f}x (>1 means C# is faster)')"
