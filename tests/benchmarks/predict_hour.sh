#!/usr/bin/env bash
# One hour of 16 kHz audio scored end to end, two ways: 360 ten-second files (the valve set cycled) and one 1-hour file
# scored in 10 s segments. Runs the in-process benchmark (Predictor, as Invoke-AnomalyPrediction calls it) and the CLI
# (`acoustic-anomaly predict`, whole process including .NET start-up).
# usage: tests/benchmarks/predict_hour.sh [valve dataset dir]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="${1:-$root/../shared/data/dcase2023-valve-source}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
mapfile -t clips < <(ls "$data"/normal/*.wav "$data"/abnormal/*.wav | sort)
files=()
for i in $(seq 0 359); do
  f="$work/clip$(printf %03d "$i").wav"; ln -s "${clips[$((i % ${#clips[@]}))]}" "$f"; files+=("$f")
done
sox "${files[@]}" "$work/hour.wav"
echo "hour.wav: $(soxi -D "$work/hour.wav") s"
dotnet build -c Release "$root/tests/benchmarks" -v q -nologo >/dev/null
dotnet build -c Release "$root/src/AcousticAnomaly.Cli" -v q -nologo >/dev/null
bench() { dotnet run -c Release --no-build --project "$root/tests/benchmarks" -- predict-hour "$data" "$@"; }
echo "== in process, 360 files"; bench "${files[@]}"
echo "== in process, one 1-hour file in 10 s segments"; bench "$work/hour.wav" --segment 10
cli="dotnet $root/src/AcousticAnomaly.Cli/bin/Release/net8.0/acoustic-anomaly.dll"
$cli train iforest $(ls "$data"/normal/*.wav | sort | head -25) --output "$work/m.onnx" >/dev/null
echo "== CLI predict, 360 files (process start included)"
/usr/bin/time -f "%e s wall, %U s user, %S s sys, %M KB max RSS" $cli predict --model "$work/m.onnx" "${files[@]}" > "$work/p.csv"
echo "rows: $(($(wc -l < "$work/p.csv") - 1))"
echo "== CLI predict, one 1-hour file, --segment 10"
/usr/bin/time -f "%e s wall, %U s user, %S s sys, %M KB max RSS" $cli predict --model "$work/m.onnx" --segment 10 "$work/hour.wav" > "$work/h.csv"
echo "rows: $(($(wc -l < "$work/h.csv") - 1))"
