#!/bin/sh
# Builds the sample evaluation report (benchmark "report-demo": synthetic scores and spectrograms) and screenshots it
# in headless Chromium. Usage: tests/reference/render_report.sh [out-dir]   (default: /tmp/report-demo)
# Needs chromium (apt-get install -y chromium). Prints the HTML and PNG paths.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-/tmp/report-demo}
mkdir -p "$out"
dotnet run -c Release --project "$root/tests/benchmarks" -- report-demo "$out/report.html"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
browser=$(command -v chromium || command -v chromium-browser)
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$profile" \
  --screenshot="$out/report.png" --window-size=1200,1800 "file://$out/report.html" 2>/dev/null
echo "$out/report.html"
echo "$out/report.png"
# A 256-colour copy small enough to commit as docs/report-example.png (PIL is in Debian's python3).
/usr/bin/python3 -c "
import sys; from PIL import Image
Image.open(sys.argv[1]).convert('RGB').quantize(256, dither=Image.Dither.NONE).save(sys.argv[2], optimize=True)
" "$out/report.png" "$out/report-small.png"
echo "$out/report-small.png"
