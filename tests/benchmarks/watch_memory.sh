#!/usr/bin/env bash
# Where the watcher's memory goes: `acoustic-anomaly watch` on 4 file-backed ALSA microphones (unpaced, capped at 10x
# real time, 630 s of valve audio each), RSS sampled every 5 s, once per runtime setting given - to tell a leak (RSS
# keeps climbing) from one-time warm-up (RSS climbs, then stays flat).
# usage: tests/benchmarks/watch_memory.sh [valve dataset dir]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="${1:-$root/../shared/data/dcase2023-valve-source}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
dotnet build -c Release "$root/src/AcousticAnomaly.Cli" -v q -nologo >/dev/null
cli="dotnet $root/src/AcousticAnomaly.Cli/bin/Release/net8.0/acoustic-anomaly.dll"
mapfile -t normal < <(ls "$data"/normal/*.wav | sort)
$cli train iforest "${normal[@]:0:20}" --output "$work/m.onnx" >/dev/null
sox "${normal[@]:20}" -t raw -e signed -b 16 -c 1 -r 16000 "$work/feed300.raw"
cat "$work/feed300.raw" "$work/feed300.raw" "$work/feed300.raw" > "$work/feed.raw"
{
  for i in 1 2 3 4; do
    echo "pcm.f$i { type plug; slave { pcm { type file; slave.pcm { type null }; file \"/dev/null\"; infile \"$work/feed.raw\"; format \"raw\" }; format S16_LE; rate 16000; channels 1 } }"
  done
  echo "pcm.!default f1"
} > "$work/asound.conf"

run() {
  local label=$1; shift
  env ALSA_CONFIG_PATH="$work/asound.conf" "$@" $cli watch --device f1 --device f2 --device f3 --device f4 \
    --model "$work/m.onnx" --duration 630 --max-speed 10 > "$work/out.csv" 2> "$work/err.txt" &
  local pid=$! samples=""
  while kill -0 $pid 2>/dev/null; do
    local r; r=$(ps -o rss= -p $pid 2>/dev/null | tr -d ' ' || true)
    [ -n "$r" ] && samples="$samples $((r / 1024))"
    sleep 5
  done
  echo "$label: RSS MB every 5 s (50 s of audio):$samples; rows $(($(wc -l < "$work/out.csv") - 1))"
}
run "default runtime settings"
run "TieredPGO off" DOTNET_TieredPGO=0
run "tiered compilation off" DOTNET_TieredCompilation=0
run "glibc MALLOC_ARENA_MAX=2" MALLOC_ARENA_MAX=2
run "GC gen0 budget 4 MB" DOTNET_GCgen0size=0x400000
