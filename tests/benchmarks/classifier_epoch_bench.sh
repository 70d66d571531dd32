#!/usr/bin/env bash
# Training speed per epoch, ours vs PyTorch 1.13, same architecture and the same number of rows, in one run.
# Ours: `acoustic-anomaly train classifier TRAIN_DIR --epochs 4 --time-shift 0 --mixup 0` (no augmentation, like the
# PyTorch side; the epoch lines carry each epoch's wall time; the
# mean of epochs 2-4 is reported, feature extraction excluded). PyTorch: classifier_torch_epoch.py with the same
# training/validation row counts (random rows of the same shape), once with torch's default thread count (1 on the
# build machine) and, on a machine with more cores, once with as many threads as cores (ours uses every core).
# TRAIN_DIR: e.g. the train/ folder that classifier_bench.sh leaves in its work folder. Run the whole script under
# `taskset -c 0` to compare both on one core.
# Usage: tests/benchmarks/classifier_epoch_bench.sh TRAIN_DIR [architectures...]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TRAIN=$1; shift
ARCHS=("$@"); [ ${#ARCHS[@]} -gt 0 ] || ARCHS=(Mlp Cnn1d Cnn2d)
CLI=${CLI:-"$ROOT/src/AcousticAnomaly.Cli/bin/Release/net8.0/acoustic-anomaly"}
OUT=$(mktemp -d /tmp/aa-epoch-bench.XXXXXX)
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), cores: $(nproc)"
for a in "${ARCHS[@]}"; do
  "$CLI" train classifier "$TRAIN" -o "$OUT/$a.onnx" --architecture "$a" --epochs 4 --patience 10 --seed 1 --time-shift 0 --mixup 0 2> "$OUT/$a.log" > "$OUT/$a.csv"
  ours=$(grep '^epoch' "$OUT/$a.log" | tail -n 3 | grep -o '[0-9.]* s' | awk '{s+=$1} END {printf "%.3f", s/NR}')
  rows=$(tail -n 1 "$OUT/$a.csv" | awk -F'","' '{print $4 "," $5}')
  echo "$a,ours,$ours s/epoch (train,valid rows: $rows)"
  /usr/bin/python3 "$ROOT/tests/benchmarks/classifier_torch_epoch.py" "$a" "${rows%,*}" "${rows#*,}" 3
  if [ "$(nproc)" -gt 1 ]; then
    /usr/bin/python3 "$ROOT/tests/benchmarks/classifier_torch_epoch.py" "$a" "${rows%,*}" "${rows#*,}" 3 "$(nproc)"
  fi
done
rm -rf "$OUT"
