#!/usr/bin/env bash
# Classifier benchmark on ../shared/data/speechcommands-3, split by speaker (the id before "_nohash_"): speakers whose
# sorted index is a multiple of 5 are held back for testing (about 20 %), the rest train. Trains Mlp, Cnn1d and Cnn2d
# with the CLI (default options, seed 1), evaluates each on the held-back speakers, runs scikit-learn on clip
# statistics in the same run, and times classification of 1-second chunks (features + model, the CLI's InferenceMs).
# Usage: tests/benchmarks/classifier_bench.sh [architectures...]   (default: Mlp Cnn1d Cnn2d)
# TRAIN_ARGS adds training options, e.g. TRAIN_ARGS='--group-pattern ^([0-9a-f]+)_nohash' (speaker-aware validation).
# SEEDS='1 2 3' trains each architecture once per seed (default 1) and prints the mean held-back accuracy.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA=${DATA:-$ROOT/../shared/data/speechcommands-3}
[ -d "$DATA" ] || DATA=/work/shared/data/speechcommands-3
WORK=${WORK:-$(mktemp -d /tmp/aa-classifier-bench.XXXXXX)}
CLI=${CLI:-$ROOT/src/AcousticAnomaly.Cli/bin/Release/net8.0/acoustic-anomaly}   # CLI=... runs another build
[ -x "$CLI" ] || dotnet build "$ROOT/src/AcousticAnomaly.Cli" -c Release -v:q -nologo >/dev/null
ARCHS=("${@:-Mlp Cnn1d Cnn2d}")
read -r -a ARCHS <<< "${ARCHS[*]}"

# Split by speaker with symlinks.
mapfile -t SPEAKERS < <(ls "$DATA"/*/ | grep -o '^[0-9a-f]*_nohash' | sed 's/_nohash//' | sort -u)
declare -A TEST
for i in "${!SPEAKERS[@]}"; do (( i % 5 == 0 )) && TEST[${SPEAKERS[$i]}]=1; done
for label in $(ls "$DATA"); do
  mkdir -p "$WORK/train/$label" "$WORK/test/$label"
  for f in "$DATA/$label"/*.wav; do
    s=$(basename "$f"); s=${s%%_nohash*}
    if [ -n "${TEST[$s]:-}" ]; then ln -sf "$f" "$WORK/test/$label/"; else ln -sf "$f" "$WORK/train/$label/"; fi
  done
done
echo "speakers: ${#SPEAKERS[@]} (test ${#TEST[@]}); train clips $(ls "$WORK"/train/*/ | grep -c wav), test clips $(ls "$WORK"/test/*/ | grep -c wav)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), cores: $(nproc)"

/usr/bin/python3 "$ROOT/tests/benchmarks/classifier_sklearn.py" "$WORK/train" "$WORK/test"

read -r -a SEED_LIST <<< "${SEEDS:-1}"
for arch in "${ARCHS[@]}"; do
 accs=()
 for seed in "${SEED_LIST[@]}"; do
  a=$arch
  if (( ${#SEED_LIST[@]} > 1 )); then a="$arch.seed$seed"; fi
  start=$(date +%s.%N)
  "$CLI" train classifier "$WORK/train" -o "$WORK/$a.onnx" --architecture "$arch" --seed "$seed" --force ${TRAIN_ARGS:-} 2> "$WORK/$a.train.log" > "$WORK/$a.train.csv"
  end=$(date +%s.%N)
  epochs=$(grep -c '^epoch' "$WORK/$a.train.log")
  "$CLI" evaluate classifier "$WORK/test" -m "$WORK/$a.onnx" > "$WORK/$a.eval.csv" 2> "$WORK/$a.eval.log"
  acc=$(grep -o 'accuracy [0-9.]*' "$WORK/$a.eval.log" | cut -d' ' -f2)
  # 1-second chunks of every test clip of one label: median InferenceMs (features + ONNX Runtime, one chunk per call).
  "$CLI" classify "$WORK"/test/bed/*.wav -m "$WORK/$a.onnx" --segment-duration 1 > "$WORK/$a.classify.csv"
  ms=$(tail -n +2 "$WORK/$a.classify.csv" | awk -F'","' '{gsub(/"/,"",$NF); print $NF}' | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')
  printf '%s,accuracy %s,epochs %s,train+extract %.1f s (%.2f s/epoch),median inference per 1 s chunk %s ms\n' \
    "$a" "$acc" "$epochs" "$(echo "$end - $start" | bc)" "$(echo "($end - $start) / $epochs" | bc -l)" "$ms"
  cat "$WORK/$a.eval.log"
  accs+=("$acc")
 done
 if (( ${#SEED_LIST[@]} > 1 )); then
   printf '%s,seeds %s,held-back accuracy %s,mean %s,load average %s\n' "$arch" "${SEED_LIST[*]}" "${accs[*]}" \
     "$(printf '%s\n' "${accs[@]}" | awk '{s+=$1} END {printf "%.4f", s/NR}')" "$(cut -d' ' -f1-3 /proc/loadavg)"
 fi
done
echo "work folder: $WORK"
