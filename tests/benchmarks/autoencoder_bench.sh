#!/bin/sh
# Times our autoencoder training against scikit-learn's MLPRegressor (same layer sizes, adam, batch 512, same epochs)
# on the SAME log-mel vectors in one run and prints the ratios.
# usage: tests/benchmarks/autoencoder_bench.sh [wav-dir] [clips] [epochs] [threads]
#   defaults: /work/shared/data/dcase2023-valve-source/normal 25 100 1,2
set -eu
here=$(cd "$(dirname "$0")" && pwd)
wavs=${1:-/work/shared/data/dcase2023-valve-source/normal}; clips=${2:-25}; epochs=${3:-100}; threads=${4:-1,2}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
dotnet run -c Release --project "$here" -- autoencoder --wav-dir "$wavs" --clips "$clips" --save-npy "$tmp/x.npy" \
    --epochs "$epochs" --threads "$threads" > "$tmp/ours.txt"
/usr/bin/python3 "$here/autoencoder_bench.py" "$tmp/x.npy" "$epochs" "$threads" > "$tmp/sk.txt"
cat "$tmp/ours.txt" "$tmp/sk.txt"
PYTHONPATH="$here" /usr/bin/python3 - "$tmp/ours.txt" "$tmp/sk.txt" "$threads" <<'PY'
import sys
from bench_results import read
v = read(sys.argv[1:3])
print("ratios = sklearn time / our time (higher = we are faster)")
for j in sys.argv[3].split(","):
    print(f"ratio_fit_wall_j{j}={float(v[f'sklearn_fit_s_j{j}']) / float(v[f'ours_fit_s_j{j}']):.2f}x")
    print(f"ratio_fit_cpu_j{j}={float(v[f'sklearn_fit_cpu_s_j{j}']) / float(v[f'ours_fit_cpu_s_j{j}']):.2f}x")
PY
