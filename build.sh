#!/usr/bin/env bash
# Entry point for machines without PowerShell; build.ps1 is the same for pwsh. Both only call build/build.proj.
#   ./build.sh test    install missing native prerequisites, build, assemble the module, run xunit and Pester (pwsh 7.6.10 and Pester 5.9.1 fetched repo-locally)
#   ./build.sh demo    build and run the main job on the bundled sample
#   ./build.sh module  build and assemble out/AcousticAnomaly/ only
set -euo pipefail
cd "$(dirname "$0")"
task="${1:-module}"; shift || true
case "$task" in
  test)   bash scripts/install-prereqs.sh; target=Test ;;
  demo)   bash scripts/install-prereqs.sh; target=Demo ;;
  module) target=Module ;;
  *) echo "usage: ./build.sh test|demo|module [msbuild args]" >&2; exit 2 ;;
esac
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
summaries=(artifacts/test-results/summary-xunit.txt artifacts/test-results/summary-pester.txt)
rm -f "${summaries[@]}"
rc=0
dotnet msbuild build/build.proj -restore -nologo -v:minimal -t:"$target" "$@" || rc=$?
# One plain closing line per runner, flush left (MSBuild indents what it prints); a runner that never ran says so.
if [ "$task" = test ]; then
  for f in "${summaries[@]}"; do
    if [ -f "$f" ]; then cat "$f"; else echo "$(basename "$f" .txt | sed 's/summary-//'): did not run"; fi
  done
fi
exit "$rc"
