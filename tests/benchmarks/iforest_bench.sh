#!/bin/sh
# Times our Isolation Forest against scikit-learn on the SAME data in one run and prints the ratios.
# usage: tests/benchmarks/iforest_bench.sh [rows] [cols] [repeats]     (defaults 7725 640 5)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
rows=${1:-7725}; cols=${2:-640}; repeats=${3:-5}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 "$here/iforest_bench.py" "$tmp/x.npy" "$rows" "$cols" "$repeats" > "$tmp/sk.txt"
dotnet run -c Release --project "$here" -- iforest --npy "$tmp/x.npy" --repeats "$repeats" > "$tmp/ours.txt"
cat "$tmp/sk.txt" "$tmp/ours.txt"
PYTHONPATH="$here" /usr/bin/python3 - "$tmp/sk.txt" "$tmp/ours.txt" <<'PY'
import sys
from bench_results import read
v = read(sys.argv[1:])
f = lambda k: float(v[k])
print("ratios = sklearn time / our time (higher = we are faster)")
for j in (1, 2):
    print(f"ratio_fit_wall_j{j}={f(f'sklearn_fit_s_j{j}') / f(f'ours_fit_s_j{j}'):.1f}x")
    print(f"ratio_fit_cpu_j{j}={f(f'sklearn_fit_cpu_s_j{j}') / f(f'ours_fit_cpu_s_j{j}'):.1f}x")
    print(f"ratio_score_wall_j{j}={f(f'sklearn_score_s_j{j}') / f(f'ours_score_s_j{j}'):.1f}x")
    print(f"ratio_score_cpu_j{j}={f(f'sklearn_score_cpu_s_j{j}') / f(f'ours_score_cpu_s_j{j}'):.1f}x")
rows = f("data_rows")
print(f"ratio_single_vector_wall_vs_sklearn_batch_j1={f('sklearn_score_us_per_vector_j1') / f('ours_single_vector_us'):.1f}x")
print(f"ratio_single_vector_cpu_vs_sklearn_batch_j1={f('sklearn_score_cpu_s_j1') / rows * 1e6 / f('ours_single_vector_cpu_us'):.1f}x")
PY
