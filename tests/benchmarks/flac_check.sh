#!/usr/bin/env bash
# Lossless check on every clip of a data folder: WAV -> FLAC with our CLI verb (`acoustic-anomaly flac`), then
#  1. decoded samples identical to the WAV's, decoded by an independent decoder (libsndfile via python3-soundfile),
#  2. `flac -t` accepts the file,
#  3. `metaflac --show-total-samples` equals the WAV's frame count.
# Usage: tests/benchmarks/flac_check.sh [data dir] [level]   (default /work/shared/data, 5). Prints a summary line.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/../.."
DATA="${1:-/work/shared/data}"
LEVEL="${2:-5}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

dotnet build -c Release src/AcousticAnomaly.Cli -v q -nologo >"$OUT/build.log" || { cat "$OUT/build.log"; exit 1; }
CLI="dotnet $(ls src/AcousticAnomaly.Cli/bin/Release/*/acoustic-anomaly.dll | head -1)"

mapfile -t DIRS < <(find "$DATA" -name '*.wav' -printf '%h\n' | sort -u)
total=0; bad=0
for k in "${!DIRS[@]}"; do
  mkdir -p "$OUT/d$k"
  # One CLI call per folder (equal file names in different folders must not collide).
  $CLI flac --level "$LEVEL" --output-dir "$OUT/d$k" "${DIRS[$k]}"/*.wav > "$OUT/d$k.csv" || { echo "CLI failed for ${DIRS[$k]}"; bad=$((bad+1)); }
  for wav in "${DIRS[$k]}"/*.wav; do
    total=$((total+1))
    f="$OUT/d$k/$(basename "${wav%.wav}").flac"
    problems=""
    flac -t -s "$f" 2>/dev/null || problems+=" flac-t"
    frames=$(/usr/bin/python3 -c 'import soundfile,sys; print(soundfile.info(sys.argv[1]).frames)' "$wav")
    [ "$(metaflac --show-total-samples "$f")" = "$frames" ] || problems+=" total-samples"
    /usr/bin/python3 - "$wav" "$f" <<'PY' || problems+=" samples"
import sys, numpy as np, soundfile as sf
a, _ = sf.read(sys.argv[1], dtype="int32", always_2d=True)
b, _ = sf.read(sys.argv[2], dtype="int32", always_2d=True)
sys.exit(0 if a.shape == b.shape and np.array_equal(a, b) else 1)
PY
    if [ -n "$problems" ]; then bad=$((bad+1)); echo "FAIL $wav:$problems"; fi
  done
done
wav_bytes=$(find "$DATA" -name '*.wav' -printf '%s\n' | awk '{s+=$1} END {print s}')
flac_bytes=$(find "$OUT" -name '*.flac' -printf '%s\n' | awk '{s+=$1} END {print s}')
echo "checked=$total failed=$bad wav_bytes=$wav_bytes flac_bytes=$flac_bytes ratio=$(echo "$wav_bytes / $flac_bytes" | bc -l | cut -c1-6)"
[ "$bad" -eq 0 ]
