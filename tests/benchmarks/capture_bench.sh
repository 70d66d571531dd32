#!/bin/bash
# Capture/recording throughput from ALSA virtual microphones: our PortAudio capture and Recorder vs arecord (the
# reference ALSA recorder) on the same device, in one run, with the wall-time ratio and a sample-identity check.
# Usage: tests/benchmarks/capture_bench.sh [seconds=600] [repeats=3]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
dotnet build -c Release "$HERE" -v q -nologo >/dev/null
# JACK/ALSA probe noise goes to stderr; the measurements are on stdout.
dotnet "$HERE/bin/Release/net10.0/AcousticAnomaly.Benchmarks.dll" capture "${1:-600}" "${2:-3}" 2>/dev/null
