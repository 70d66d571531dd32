#!/usr/bin/env bash
# Our FLAC encoding (benchmark flac-encode) vs the reference `flac` CLI, same files, same level, in one run.
# Usage: tests/benchmarks/flac_encode_bench.sh [level] [data dir]   (default: 5, ../shared/data relative to the repo)
# Both sides read WAV and write FLAC files; the CLI gets --no-padding --no-seektable so sizes compare like for like
# (our writer adds neither). Time: best of 3 for both; ours is measured in-process after a warm-up, the CLI is one
# process over all files (its start-up is a few ms in the total).
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/../.."
LEVEL="${1:-5}"
DATA="${2:-/work/shared/data}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
mapfile -t FILES < <(find "$DATA" -name '*.wav' | sort)

dotnet build -c Release tests/benchmarks -v q -nologo >"$OUT/build.log" || { cat "$OUT/build.log"; exit 1; }
ours="$(dotnet tests/benchmarks/bin/Release/net10.0/AcousticAnomaly.Benchmarks.dll flac-encode --level "$LEVEL" --repeat 3 --out "$OUT/ours" "${FILES[@]}")"
echo "$ours"
ours_s="$(sed -n 's/^ours_seconds=//p' <<<"$ours")"
ours_bytes="$(sed -n 's/^ours_flac_bytes=\([0-9]*\).*/\1/p' <<<"$ours")"

# Same folder mapping as the benchmark: the k-th source folder (sorted) -> d<k>, so equal names never collide.
mapfile -t DIRS < <(printf '%s\n' "${FILES[@]}" | xargs -n1 dirname | sort -u)
best=""
for r in 1 2 3; do
  t0=$(date +%s.%N)
  for k in "${!DIRS[@]}"; do
    mkdir -p "$OUT/cli/d$k"
    flac -"$LEVEL" -s -f --no-padding --no-seektable --output-prefix="$OUT/cli/d$k/" "${DIRS[$k]}"/*.wav
  done
  t1=$(date +%s.%N)
  t=$(echo "$t1 - $t0" | bc -l)
  if [ -z "$best" ] || (( $(echo "$t < $best" | bc -l) )); then best=$t; fi
done
cli_bytes=$(find "$OUT/cli" -name '*.flac' -printf '%s\n' | awk '{s+=$1} END {print s}')
printf 'cli_seconds=%.4f (flac %s)\n' "$best" "$(flac --version | cut -d' ' -f2)"
printf 'cli_flac_bytes=%s\n' "$cli_bytes"
printf 'time ratio ours/cli = %.3f\n' "$(echo "$ours_s / $best" | bc -l)"
printf 'size ratio ours/cli = %.5f\n' "$(echo "$ours_bytes / $cli_bytes" | bc -l)"
