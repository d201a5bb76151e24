#!/usr/bin/env bash
# Copies the page's third-party files from node_modules/ into web/vendor/ (gitignored), so that the
# page never loads from a CDN or from node_modules and works offline, even from file://.
#   bash scripts/vendor.sh        (run `npm ci` first; scripts/setup.sh does)
set -euo pipefail
cd "$(dirname "$0")/.."

src=node_modules/uplot/dist
# uPlot's script is bundled into web/dist/page.js (scripts/bundle.js); its IIFE build is copied only
# for the benchmark's bare page (bench/fixtures/bare.html), which the page never loads.
files=(uPlot.min.css uPlot.iife.min.js)
for f in "${files[@]}"; do
  if [ ! -f "$src/$f" ]; then
    echo "vendor: $src/$f is missing; run 'npm ci' (or bash scripts/setup.sh run) first" >&2
    exit 1
  fi
done

mkdir -p web/vendor
for f in "${files[@]}"; do
  cp "$src/$f" "web/vendor/$f"
done
cp node_modules/uplot/LICENSE web/vendor/uPlot.LICENSE 2>/dev/null || true
# KaTeX (the section's math, web/math.js; its script is bundled): its stylesheet and fonts, which
# the stylesheet loads from fonts/ beside it (woff2 only: every browser that runs the page reads it).
if [ ! -f node_modules/katex/dist/katex.min.css ]; then
  echo "vendor: node_modules/katex is missing; run 'npm ci' first" >&2
  exit 1
fi
rm -rf web/vendor/katex
mkdir -p web/vendor/katex/fonts
cp node_modules/katex/dist/katex.min.css web/vendor/katex/
cp node_modules/katex/dist/fonts/*.woff2 web/vendor/katex/fonts/
cp node_modules/katex/LICENSE web/vendor/katex/LICENSE 2>/dev/null || true
echo "vendor: uPlot $(node -p "require('./node_modules/uplot/package.json').version"), KaTeX $(node -p "require('./node_modules/katex/package.json').version") -> web/vendor/"
