#!/bin/sh
# Times DCASE LogMelFrames extraction over the same WAV files with ours (C#) and numpy/scipy in one run and prints
# the ratio. The machine may be shared, so the two sides alternate for ROUNDS rounds (each side best of REPEATS
# inside a round) and the best time of each side is compared; every round's numbers are printed too.
# Usage (from the repo root): tests/benchmarks/features_bench.sh [folder=/work/shared/data/dcase2023-valve-source] [repeats=5] [rounds=3]
set -eu
DIR="${1:-/work/shared/data/dcase2023-valve-source}"
REPEATS="${2:-5}"
ROUNDS="${3:-3}"
HERE="$(cd "$(dirname "$0")" && pwd)"
dotnet build -c Release "$HERE/AcousticAnomaly.Benchmarks.csproj" >/dev/null
BEST_OURS=""; BEST_SEQ=""; BEST_NUMPY=""
min() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b + 0 < a + 0) print b; else print a }'; }
i=1
while [ "$i" -le "$ROUNDS" ]; do
    FFT=nofft; [ "$i" -eq 1 ] && FFT=fft
    echo "--- round $i: ours"
    OURS_OUT="$(dotnet run -c Release --no-build --project "$HERE/AcousticAnomaly.Benchmarks.csproj" -- features "$DIR" "$REPEATS" "$FFT")"
    echo "$OURS_OUT"
    echo "--- round $i: numpy"
    NUMPY_OUT="$(/usr/bin/python3 "$HERE/features_bench.py" "$DIR" "$REPEATS")"
    echo "$NUMPY_OUT"
    BEST_OURS="$(min "$BEST_OURS" "$(echo "$OURS_OUT" | sed -n 's/^ours_seconds=\([0-9.]*\).*/\1/p')")"
    BEST_SEQ="$(min "$BEST_SEQ" "$(echo "$OURS_OUT" | sed -n 's/^ours_sequential_seconds=\([0-9.]*\).*/\1/p')")"
    BEST_NUMPY="$(min "$BEST_NUMPY" "$(echo "$NUMPY_OUT" | sed -n 's/^numpy_seconds=\([0-9.]*\).*/\1/p')")"
    i=$((i + 1))
done
awk -v o="$BEST_OURS" -v s="$BEST_SEQ" -v n="$BEST_NUMPY" 'BEGIN { printf "best: ours=%.3fs (1 thread %.3fs) numpy=%.3fs  ratio numpy/ours=%.2fx (1 thread %.2fx)\n", o, s, n, n / o, n / s }'
