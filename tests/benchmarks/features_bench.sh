#!/bin/sh
# Times DCASE LogMelFrames extraction over the same WAV files with ours (C#) and numpy/scipy, in one run, and prints the ratio.
# Usage: tests/benchmarks/features_bench.sh [folder=/work/shared/data/dcase2023-valve-source] [repeats=5]   (from the repo root)
set -eu
DIR="${1:-/work/shared/data/dcase2023-valve-source}"
REPEATS="${2:-5}"
HERE="$(cd "$(dirname "$0")" && pwd)"
dotnet build -c Release "$HERE/AcousticAnomaly.Benchmarks.csproj" >/dev/null
OURS_OUT="$(dotnet run -c Release --no-build --project "$HERE/AcousticAnomaly.Benchmarks.csproj" -- features "$DIR" "$REPEATS")"
echo "$OURS_OUT"
NUMPY_OUT="$(/usr/bin/python3 "$HERE/features_bench.py" "$DIR" "$REPEATS")"
echo "$NUMPY_OUT"
OURS="$(echo "$OURS_OUT" | sed -n 's/^ours_seconds=\([0-9.]*\).*/\1/p')"
SEQ="$(echo "$OURS_OUT" | sed -n 's/^ours_sequential_seconds=\([0-9.]*\).*/\1/p')"
NUMPY="$(echo "$NUMPY_OUT" | sed -n 's/^numpy_seconds=\([0-9.]*\).*/\1/p')"
awk -v o="$OURS" -v s="$SEQ" -v n="$NUMPY" 'BEGIN { printf "ours=%.3fs (1 thread %.3fs) numpy=%.3fs  ratio numpy/ours=%.2fx (1 thread %.2fx)\n", o, s, n, n / o, n / s }'
