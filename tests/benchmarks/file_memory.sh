#!/usr/bin/env bash
# Peak memory (max RSS, /usr/bin/time) of every whole-file path at 1 h and 4 h of audio (issue 15 item 13): predict on
# 16 kHz mono and on 48 kHz stereo (resampled to the model's 16 kHz as it streams), predict with one-row-per-clip
# features (TWFR), spectrogram, train, the evaluation report's pictures (report), file replay over RTP (send), split, classify in 1 s
# segments and classifier training with the long clip in one label (speechcommands-mini fixture). Audio is sox pink noise with a tone; the models are trained on the bundled
# BLDC fixture clips. Memory is measured here, never in xunit (load, timing). Needs ~3.5 GB of free temp space at 4 h.
# usage: tests/benchmarks/file_memory.sh [hours...] [-- parts...]   (default: 1 4; parts: predict predict48 twfr spectrogram train report send split classify
# trainclassifier)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
hours=(); parts=()
while (($#)); do [[ $1 == -- ]] && { shift; parts=("$@"); break; }; hours+=("$1"); shift; done
((${#hours[@]})) || hours=(1 4)
((${#parts[@]})) || parts=(predict predict48 twfr spectrogram train report send split classify trainclassifier)
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
# Built into the temp folder: a rebuild elsewhere cannot swap the assemblies under a running measurement.
dotnet build -c Release "$root/src/AcousticAnomaly.Cli" -o "$work/cli" -v q -nologo >/dev/null
cli="dotnet $work/cli/acoustic-anomaly.dll"
clips=$(ls "$root"/tests/fixtures/bldc-sample/normal/*.flac | sort)
$cli train iforest --trees 50 $clips --output "$work/m.onnx" >/dev/null
$cli train iforest --trees 50 --feature-set LogMelTwfr $clips --output "$work/twfr.onnx" >/dev/null
words="$root/tests/fixtures/speechcommands-mini"
$cli train classifier "$words" --output "$work/c.onnx" --architecture Cnn2d --time-shift 0 --mixup 0 --epochs 2 --quiet >/dev/null
measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -o "$work/time" -f "%e s wall, %M KB max RSS" "$@" >/dev/null 2>"$work/err" || { echo "$label: FAILED"; tail -3 "$work/err"; return 0; }
  printf '%-44s %s\n' "$label" "$(cat "$work/time")"
}
sox -n -r 16000 -c 1 -b 16 "$work/short.wav" synth 10 pinknoise synth sine mix 440 vol 0.5
measure "predict, 10 s 16 kHz mono (fixed cost)" $cli predict --model "$work/m.onnx" "$work/short.wav"
for h in "${hours[@]}"; do
  sox -n -r 16000 -c 1 -b 16 "$work/long.wav" synth "$((h * 3600))" pinknoise synth sine mix 440 vol 0.5
  echo "== ${h} h, 16 kHz mono: $(du -m "$work/long.wav" | cut -f1) MB"
  for p in "${parts[@]}"; do
    case $p in
      predict) measure "predict ${h} h 16 kHz mono" $cli predict --model "$work/m.onnx" "$work/long.wav" ;;
      twfr) measure "predict ${h} h 16 kHz mono, TWFR (one row)" $cli predict --model "$work/twfr.onnx" "$work/long.wav" ;;
      spectrogram) measure "spectrogram ${h} h 16 kHz mono" $cli spectrogram "$work/long.wav" --output-dir "$work" --force ;;
      report) measure "evaluate --report, ${h} h clip among 20 pictured" $cli evaluate --model "$work/m.onnx" --normal $clips --abnormal "$work/long.wav" --report "$work/r.html" --spectrograms 20 ;;
      send) measure "send --file ${h} h 16 kHz mono at 1000x" $cli send --file "$work/long.wav" --destination 127.0.0.1:9 --speed 1000 ;;
      split) measure "split ${h} h 16 kHz mono into 10 s chunks" $cli split "$work/long.wav" --chunk-duration 10 --output-dir "$work/chunks" --force ;;
      classify) measure "classify ${h} h 16 kHz mono in 1 s segments" $cli classify --model "$work/c.onnx" "$work/long.wav" --segment-duration 1 ;;
      trainclassifier)
        rm -rf "$work/ds"; cp -r "$words" "$work/ds"; ln -s "$work/long.wav" "$work/ds/bed/long.wav"
        measure "train classifier, ${h} h clip in one label" $cli train classifier "$work/ds" --output "$work/c2.onnx" --architecture Cnn2d --time-shift 0 --mixup 0 --epochs 2 --quiet --force ;;
      train) measure "train iforest on ${h} h 16 kHz mono + 10 clips" $cli train iforest --trees 50 $clips "$work/long.wav" --output "$work/t.onnx" --force ;;
    esac
  done
  rm -rf "$work/long.wav" "$work/chunks"
  if [[ " ${parts[*]} " == *" predict48 "* ]]; then
    sox -n -r 48000 -c 2 -b 16 "$work/hifi.wav" synth "$((h * 3600))" pinknoise synth sine mix 440 vol 0.5
    echo "== ${h} h, 48 kHz stereo: $(du -m "$work/hifi.wav" | cut -f1) MB"
    measure "predict ${h} h 48 kHz stereo (resampled)" $cli predict --model "$work/m.onnx" "$work/hifi.wav"
    rm -f "$work/hifi.wav"
  fi
done
