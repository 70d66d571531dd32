#!/bin/sh
# Evaluation benchmark: C# ModelEvaluator + gamma threshold vs scikit-learn/SciPy on the same seeded data.
# Usage: tests/benchmarks/report_metrics_bench.sh [n_test] [n_train] [repeats]   (defaults 100000 1000 20)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
n_test=${1:-100000}; n_train=${2:-1000}; repeats=${3:-20}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
/usr/bin/python3 "$here/report_metrics_bench.py" make "$dir" "$n_test" "$n_train"
dotnet build -c Release "$here" -v q -nologo >/dev/null
cs=$(dotnet run -c Release --no-build --project "$here" -- evaluation-metrics "$dir" "$repeats")
ref=$(/usr/bin/python3 "$here/report_metrics_bench.py" time "$dir" "$repeats")
echo "$cs"; echo "$ref"
ms() { echo "$1" | grep "$2" | sed 's/.*: \([0-9.]*\) ms.*/\1/'; }
for k in evaluate gamma-thr; do
  c=$(ms "$cs" "$k"); r=$(ms "$ref" "$k")
  echo "$k: C# $c ms, reference $r ms, reference/C# = $(echo "$r $c" | awk '{printf "%.2f", $1/$2}')x"
done
