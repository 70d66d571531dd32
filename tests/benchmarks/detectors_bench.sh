#!/bin/sh
# Training time of our k-means and one-class SVM against scikit-learn on the SAME real features, in one run, with ratios.
# usage: tests/benchmarks/detectors_bench.sh [clip_dir] [clips] [repeats] [svm_rows]
#        (defaults /work/shared/data/dcase2023-valve-source/normal 25 3 4096)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
clips_dir=${1:-/work/shared/data/dcase2023-valve-source/normal}; clips=${2:-25}; repeats=${3:-3}; svm_rows=${4:-4096}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
dotnet run -c Release --project "$here" -- detectors --write-npy "$tmp/x.npy" --clips "$clips_dir" --count "$clips"
/usr/bin/python3 "$here/detectors_bench.py" "$tmp/x.npy" "$repeats" "$svm_rows" > "$tmp/sk.txt"
dotnet run -c Release --no-build --project "$here" -- detectors --npy "$tmp/x.npy" --repeats "$repeats" --svm-rows "$svm_rows" > "$tmp/ours.txt"
cat "$tmp/sk.txt" "$tmp/ours.txt"
PYTHONPATH="$here" /usr/bin/python3 - "$tmp/sk.txt" "$tmp/ours.txt" <<'PY'
import sys
from bench_results import read
v = read(sys.argv[1:])
f = lambda k: float(v[k])
print("ratios = sklearn time / our time (higher = we are faster)")
for j in (1, 2):
    print(f"ratio_kmeans_fit_wall_j{j}={f(f'sklearn_kmeans_fit_s_j{j}') / f(f'ours_kmeans_fit_s_j{j}'):.2f}x")
    print(f"ratio_kmeans_per_iteration_j{j}={f(f'sklearn_kmeans_s_per_iteration_j{j}') / f(f'ours_kmeans_s_per_iteration_j{j}'):.2f}x")
    print(f"ratio_ocsvm_fit_wall_j{j}={f('sklearn_ocsvm_fit_s') / f(f'ours_ocsvm_fit_s_j{j}'):.2f}x  (sklearn/libsvm single-threaded)")
print(f"ocsvm_rho_relative_difference={abs(f('sklearn_ocsvm_rho') - f('ours_ocsvm_rho')) / abs(f('sklearn_ocsvm_rho')):.2e}")
PY
