#!/usr/bin/env bash
# Installs the native prerequisites the module, its tests and its reference checks need on Debian/Ubuntu.
# Idempotent: installs only what is missing. Without root or sudo it says exactly what to install and fails.
set -euo pipefail
packages=(libflac12 flac libportaudio2 alsa-utils sox mosquitto mosquitto-clients openssl
          python3-numpy python3-scipy python3-sklearn python3-onnx python3-soundfile)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "prerequisites: all ${#packages[@]} Debian packages present"
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo"; else
  echo "prerequisites missing: ${missing[*]}" >&2
  echo "install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "prerequisites: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
