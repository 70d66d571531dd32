#!/bin/bash
# Soak test of the live watcher: 4 PulseAudio-paced virtual microphones at 16 kHz (set up as
# /work/shared/docs/native-interop.md describes: null sinks with norewinds=1, private XDG_RUNTIME_DIR/HOME), each fed
# gaplessly with real machine sound, watched (10 s window, 1 s hop) AND recorded for SECONDS of audio in real time.
# Reports frames lost, continuity of windows and recorded files, p50/p99 latency, CPU per stream and memory growth
# (WatchSoakBenchmark). Needs root for apt-get if PulseAudio is missing. Usage: tests/benchmarks/soak.sh [seconds=630]
# SOAK_RATE=48000 runs the microphones at 48 kHz: the watcher captures at that rate and resamples to the model's 16 kHz.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SECONDS_AUDIO=${1:-630}
STREAMS=4
RATE=${SOAK_RATE:-16000}
DATA=${SOAK_DATA:-/work/shared/data/dcase2023-valve-source/normal}

command -v pulseaudio >/dev/null && command -v pacat >/dev/null || apt-get install -y pulseaudio pulseaudio-utils libasound2-plugins

WORK=$(mktemp -d /tmp/aa-soak-XXXXXX)
SOCK="$WORK/pulse.sock"
FEEDERS=()

cleanup() {
    for pid in "${FEEDERS[@]}"; do kill -- "-$pid" 2>/dev/null || true; done
    if [ -f "$WORK/run/pulse/pid" ]; then kill "$(cat "$WORK/run/pulse/pid")" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "== build"
dotnet build -c Release "$ROOT/src/AcousticAnomaly.Cli" -v q -nologo >/dev/null
dotnet build -c Release "$HERE" -v q -nologo >/dev/null
CLI=$(ls "$ROOT"/src/AcousticAnomaly.Cli/bin/Release/net*/acoustic-anomaly.dll | head -1)
BENCH="$HERE/bin/Release/net10.0/AcousticAnomaly.Benchmarks.dll"

echo "== model (Isolation Forest on 20 normal valve clips) and feed (the other 30 normal clips, 300 s, looped)"
mapfile -t CLIPS < <(ls "$DATA"/*.wav | sort)
dotnet "$CLI" train iforest "${CLIPS[@]:0:20}" -o "$WORK/model.onnx" >/dev/null
sox "${CLIPS[@]:20:30}" -t raw -e signed -b 16 -c 1 -r "$RATE" "$WORK/feed.raw"

echo "== PulseAudio with $STREAMS null sinks"
# Private runtime and home folders (set only now: the builds above find their caches through the real HOME).
export XDG_RUNTIME_DIR="$WORK/run" HOME="$WORK/home"
mkdir -p "$XDG_RUNTIME_DIR" "$HOME" "$WORK/rec"
chmod 700 "$WORK" "$XDG_RUNTIME_DIR" "$HOME"
{
    echo "load-module module-native-protocol-unix socket=$SOCK auth-anonymous=1"
    for i in $(seq 1 $STREAMS); do
        echo "load-module module-null-sink sink_name=vmic$i format=s16le rate=$RATE channels=1 norewinds=1"
    done
} > "$WORK/vmic.pa"
: > "$WORK/asoundrc"
for i in $(seq 1 $STREAMS); do
    echo "pcm.vmic$i { type pulse; server \"unix:$SOCK\"; device \"vmic$i.monitor\"; hint { show on; description \"virtual mic $i\" } }" >> "$WORK/asoundrc"
done
pulseaudio -D -n -F "$WORK/vmic.pa" --exit-idle-time=-1 --disallow-exit --use-pid-file=yes --log-target=file:"$WORK/pa.log"
for _ in $(seq 50); do [ -S "$SOCK" ] && break; sleep 0.1; done
echo "pulseaudio pid $(cat "$XDG_RUNTIME_DIR/pulse/pid")"

# Gapless feed: raw PCM looped through pacat (paplay would leave a short silence at each restart). Each feeder is its
# own process group so cleanup stops exactly it.
for i in $(seq 1 $STREAMS); do
    setsid bash -c "while true; do cat '$WORK/feed.raw'; done | pacat --raw --format=s16le --rate=$RATE --channels=1 --server=unix:$SOCK -d vmic$i" &
    FEEDERS+=($!)
done
sleep 1

echo "== watch + record $STREAMS streams for $SECONDS_AUDIO s of audio (real time)"
echo "command: dotnet $BENCH watch-soak model.onnx rec $SECONDS_AUDIO vmic1..vmic$STREAMS"
DEVICES=()
for i in $(seq 1 $STREAMS); do DEVICES+=("vmic$i"); done
# JACK/ALSA probe noise goes to stderr; the measurements are on stdout.
SOAK_SAMPLE_RATE=$([ "$RATE" = 16000 ] || echo "$RATE") ALSA_CONFIG_PATH="/usr/share/alsa/alsa.conf:$WORK/asoundrc" \
    dotnet "$BENCH" watch-soak "$WORK/model.onnx" "$WORK/rec" "$SECONDS_AUDIO" "${DEVICES[@]}" 2>"$WORK/stderr.log" \
    || { tail -20 "$WORK/stderr.log"; exit 1; }
echo "recorded files: $(ls "$WORK/rec" | wc -l), $(du -sh "$WORK/rec" | cut -f1)"
