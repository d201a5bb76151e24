#!/usr/bin/env bash
# Installs what the project needs when it is missing: Debian packages (apt) and npm packages.
#   scripts/setup.sh run    what building and serving the page needs
#   scripts/setup.sh test   that, plus what the tests need (Chromium for the browser tests)
# Without root (and without passwordless sudo) it prints the exact command to run instead.
set -euo pipefail
cd "$(dirname "$0")/.."

purpose="${1:-test}"
packages=(cmake g++ make python3 nodejs npm emscripten libeigen3-dev nlohmann-json3-dev libgtest-dev)
if [ "$purpose" = test ]; then
  # clang and its compiler-rt: libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer
  # (scripts/fuzz.sh, scripts/sanitize.sh).
  packages+=(chromium clang libclang-rt-14-dev)
  # NumPy: examples/check_my_loop.py, run by the checker's test (tests/check).
  packages+=(python3-numpy)
  # A CJK font, so that the Chinese page renders in the browser tests' screenshots (4 MB).
  packages+=(fonts-wqy-microhei)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# npm and node may come from another source (e.g. NodeSource's nodejs bundles npm).
if [ ${#missing[@]} -gt 0 ]; then
  kept=()
  for p in "${missing[@]}"; do
    case "$p" in
      nodejs) command -v node >/dev/null || kept+=("$p") ;;
      npm) command -v npm >/dev/null || kept+=("$p") ;;
      *) kept+=("$p") ;;
    esac
  done
  missing=("${kept[@]+"${kept[@]}"}")
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then
    apt_get=(apt-get)
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    apt_get=(sudo apt-get)
  else
    echo "setup: these Debian packages are missing and installing them needs root:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${apt_get[@]}" update -qq
  "${apt_get[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages (uPlot for the page, esbuild to bundle it, playwright-core to drive Chromium in the
# tests, axe-core for the accessibility checks in the tests).
if ! node -e "require.resolve('uplot/package.json'); require.resolve('esbuild'); require.resolve('playwright-core/package.json'); require.resolve('axe-core/package.json')" 2>/dev/null; then
  echo "setup: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
