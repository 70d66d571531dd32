#!/usr/bin/env bash
# Cuts the bundled BLDC sample (tests/fixtures/bldc-sample) from ../shared/data: 3 s of every clip, as FLAC.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
src="${1:-$root/../shared/data/bldc-motor-m1}"
for d in normal abnormal; do
  mkdir -p "$root/tests/fixtures/bldc-sample/$d"
  for f in "$src/$d"/*.wav; do
    sox "$f" -C 8 "$root/tests/fixtures/bldc-sample/$d/$(basename "$f" .wav).flac" trim 3 3
  done
done
