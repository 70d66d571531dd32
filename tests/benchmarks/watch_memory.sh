#!/usr/bin/env bash
# Where the watcher's memory goes, quickly: the soak benchmark (watch + record, 4 streams, 630 s of valve audio each)
# on file-backed ALSA microphones capped at 10x real time instead of paced PulseAudio ones (~1 minute per run instead
# of 11). Every 60 s of audio it prints RSS split into anonymous and file-backed pages, what the GC has committed and
# holds, bytes allocated so far, glibc malloc held / in use and methods compiled by the JIT; SOAK_ALLOCATIONS=1 also
# samples what is allocated after warm-up, by type. One run per runtime setting given, to tell which part moves.
# usage: tests/benchmarks/watch_memory.sh [valve dataset dir]   (the paced soak itself is soak.sh)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="${1:-$root/../shared/data/dcase2023-valve-source}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
dotnet build -c Release "$root/src/AcousticAnomaly.Cli" -v q -nologo >/dev/null
dotnet build -c Release "$root/tests/benchmarks" -v q -nologo >/dev/null
cli="dotnet $root/src/AcousticAnomaly.Cli/bin/Release/net8.0/acoustic-anomaly.dll"
bench="$root/tests/benchmarks/bin/Release/net10.0/AcousticAnomaly.Benchmarks.dll"
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
  rm -rf "$work/rec"; mkdir "$work/rec"
  echo "== $label"
  env ALSA_CONFIG_PATH="$work/asound.conf" SOAK_MAX_SPEED=10 SOAK_ALLOCATIONS=1 "$@" \
    dotnet "$bench" watch-soak "$work/m.onnx" "$work/rec" 630 f1 f2 f3 f4 2>/dev/null \
    | grep -Ev '^ *f[0-9]'
}
run "default runtime settings"
run "tiered compilation off" DOTNET_TieredCompilation=0
