#!/usr/bin/env bash
# Peak memory (max RSS) of whole-file `acoustic-anomaly predict` on 1 h and 4 h of 16 kHz mono audio (issue 15 item 13):
# the file is streamed, so RSS should stay flat whatever the length. Audio is sox pink noise with a tone; the model is an
# Isolation Forest trained on the bundled BLDC fixture clips. Memory is measured here, never in xunit (load, timing).
# usage: tests/benchmarks/predict_memory.sh [hours...]   (default: 1 4)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
dotnet build -c Release "$root/src/AcousticAnomaly.Cli" -v q -nologo >/dev/null
cli="dotnet $root/src/AcousticAnomaly.Cli/bin/Release/net8.0/acoustic-anomaly.dll"
$cli train iforest --trees 50 $(ls "$root"/tests/fixtures/bldc-sample/normal/*.flac | sort) --output "$work/m.onnx" >/dev/null
# The fixed cost first: .NET, ONNX Runtime and the model, scoring a 10 s file.
sox -n -r 16000 -c 1 -b 16 "$work/short.wav" synth 10 pinknoise synth sine mix 440 vol 0.5
echo "== predict, one 10 s file (baseline)"
/usr/bin/time -f "%e s wall, %U s user, %S s sys, %M KB max RSS" $cli predict --model "$work/m.onnx" "$work/short.wav" >/dev/null
for h in "${@:-1 4}"; do
  for hours in $h; do
    sox -n -r 16000 -c 1 -b 16 "$work/long.wav" synth "$((hours * 3600))" pinknoise synth sine mix 440 vol 0.5
    echo "== predict, one ${hours} h file ($(du -m "$work/long.wav" | cut -f1) MB), whole-file score"
    /usr/bin/time -f "%e s wall, %U s user, %S s sys, %M KB max RSS" $cli predict --model "$work/m.onnx" "$work/long.wav" >/dev/null
    rm -f "$work/long.wav"
  done
done
