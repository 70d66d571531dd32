#!/bin/bash
# Plant scale on loopback: 16 `acoustic-anomaly send` processes stream real recordings (DCASE 2023 valve, normal) in
# real time as RTP into one watcher that publishes every window's result to Mosquitto (started on a free loopback
# port, stopped for 3 s half-way); an MQTT subscriber times each event. Reports frames lost per stream, latency
# p50/p99 window end -> subscriber, CPU per stream, and that every result arrived (NetworkPlantBenchmark).
# Usage: tests/benchmarks/network_plant.sh [seconds=60] [streams=16]; PLANT_DROP_EVERY=50 injects loss (every 50th packet).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SECONDS_AUDIO=${1:-60}
STREAMS=${2:-16}
DATA=${PLANT_DATA:-/work/shared/data/dcase2023-valve-source/normal}
command -v mosquitto >/dev/null || [ -x /usr/sbin/mosquitto ] || "$ROOT/scripts/install-prereqs.sh"

WORK=$(mktemp -d /tmp/aa-plant-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
echo "== build"
dotnet build -c Release "$ROOT/src/AcousticAnomaly.Cli" -v q -nologo >/dev/null
dotnet build -c Release "$HERE" -v q -nologo >/dev/null
CLI=$(ls "$ROOT"/src/AcousticAnomaly.Cli/bin/Release/net*/acoustic-anomaly.dll | head -1)
BENCH="$HERE/bin/Release/net10.0/AcousticAnomaly.Benchmarks.dll"

echo "== model (Isolation Forest on 20 normal valve clips) and $STREAMS feeds of $((SECONDS_AUDIO + 2)) s from the other 30"
mapfile -t CLIPS < <(ls "$DATA"/*.wav | sort)
dotnet "$CLI" train iforest "${CLIPS[@]:0:20}" -o "$WORK/model.onnx" >/dev/null
PER=$(( (SECONDS_AUDIO + 2 + 9) / 10 ))
FEEDS=()
for i in $(seq 0 $((STREAMS - 1))); do
    files=()
    for k in $(seq 0 $((PER - 1))); do files+=("${CLIPS[$((20 + (i * 7 + k) % 30))]}"); done
    sox "${files[@]}" -b 16 "$WORK/feed$i.wav" trim 0 $((SECONDS_AUDIO + 2))
    FEEDS+=("$WORK/feed$i.wav")
done

echo "== $STREAMS real-time senders -> one watcher -> Mosquitto (restarted half-way)"
echo "command: dotnet $BENCH network-plant model.onnx $SECONDS_AUDIO acoustic-anomaly.dll feed0..feed$((STREAMS - 1)).wav"
dotnet "$BENCH" network-plant "$WORK/model.onnx" "$SECONDS_AUDIO" "$CLI" "${FEEDS[@]}" 2> "$WORK/stderr.log" || { tail -20 "$WORK/stderr.log"; exit 1; }
grep -c "" "$WORK/stderr.log" | xargs echo "status lines on stderr:"
grep -E "mqtt" "$WORK/stderr.log" | head -5 || true
