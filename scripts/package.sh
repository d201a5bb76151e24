#!/usr/bin/env bash
# Writes the page as a self-contained folder that works copied anywhere: opened from disk
# (file://, no server) or served by any static host. It holds index.html, every file index.html
# loads (the page's scripts and styles, uPlot, the single-file WebAssembly module), the example
# host page, and a short README. Nothing in it loads anything from the network.
#   bash scripts/package.sh [FOLDER]     (default: build-site/)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-build-site}"

if [ ! -f web/dist/linreg-packed.js ] || [ ! -f web/dist/linreg-single.js ] || [ ! -f web/dist/page.js ]; then
  echo "package: the page is not built yet; building it (scripts/build.sh)"
  bash scripts/build.sh >/dev/null
fi

# The one-file module is written from the wasm (scripts/bundle.js): again if the wasm is newer.
if [ ! -f web/dist/linreg-packed.js ] || [ web/dist/linreg.wasm -nt web/dist/linreg-packed.js ]; then
  node scripts/bundle.js --pack >/dev/null
fi

# The files index.html refers to: every src="..." and href="..." that is a relative path.
mapfile -t refs < <(grep -oE '(src|href)="[^"#]+"' index.html | sed -E 's/^(src|href)="(.*)"$/\2/' |
  grep -vE '^(https?:|data:|mailto:|//)' | sort -u)
# (web/dist/linreg-single.js: the module the background trainer, web/dist/worker.js, loads.)
files=(index.html examples/host.html web/vendor/uPlot.LICENSE web/dist/linreg-single.js)
for f in "${refs[@]}"; do
  case "$f" in
    /* | *..*) echo "package: index.html refers to '$f', which is not a path inside the folder" >&2; exit 1 ;;
  esac
  # A template (data-strings-src="web/dist/strings-{lang}.js"): every language's file.
  if [[ "$f" == *'{lang}'* ]]; then
    mapfile -t each < <(compgen -G "${f//\{lang\}/*}" || true)
    if [ "${#each[@]}" -eq 0 ]; then echo "package: no file matches $f (referred to by index.html)" >&2; exit 1; fi
    files+=("${each[@]}")
    continue
  fi
  files+=("$f")
done

rm -rf "$out"
mkdir -p "$out"
for f in "${files[@]}"; do
  if [ ! -f "$f" ]; then
    if [ "$f" = web/vendor/uPlot.LICENSE ]; then continue; fi
    echo "package: $f (referred to by index.html) is missing" >&2
    exit 1
  fi
  mkdir -p "$out/$(dirname "$f")"
  cp "$f" "$out/$f"
done

# KaTeX's stylesheet (web/math.js's formulas) loads its fonts from fonts/ beside it.
mkdir -p "$out/web/vendor/katex/fonts"
cp web/vendor/katex/fonts/*.woff2 "$out/web/vendor/katex/fonts/"
if [ -f web/vendor/katex/LICENSE ]; then cp web/vendor/katex/LICENSE "$out/web/vendor/katex/"; fi

# The folder runs the module as one file (its wasm inside: the one build a browser loads from
# disk, and one file fewer for a static host; linreg-packed.js, which gzips smaller than the
# base64 of linreg-single.js): index.html loads it in place of the two-file glue.
sed -i 's#<script defer src="web/dist/linreg.js"></script>#<script defer src="web/dist/linreg-packed.js"></script>#; s#<body data-worker-src=#<body data-module="single" data-worker-src=#; s# data-wasm="[^"]*"##' "$out/index.html"
grep -q '<script defer src="web/dist/linreg-packed.js">' "$out/index.html" || { echo "package: could not point index.html's module script at linreg-packed.js" >&2; exit 1; }
grep -q 'data-module="single"' "$out/index.html" || { echo "package: could not point index.html at the single-file module" >&2; exit 1; }
if grep -q 'data-wasm=' "$out/index.html"; then echo "package: could not drop the wasm's preload (data-wasm) from index.html" >&2; exit 1; fi
rm -f "$out/web/dist/linreg.js"

cat > "$out/README.txt" <<'EOF'
Linear regression from scratch, one minibatch at a time
(after Dive into Deep Learning, section 3.4: Linear Regression Implementation from Scratch)

Open index.html in a browser: it works straight from disk, with no server and no network, and
from any static web host (upload this folder as it is). Nothing is loaded from anywhere else and
nothing is sent anywhere: your own data stays in the browser.

examples/host.html shows how a course page embeds the tool and drives it with postMessage; it
needs to be served over http(s) (a page opened from disk has no origin the tool could trust).
EOF

count=$(find "$out" -type f | wc -l)
size=$(du -sk "$out" | cut -f1)
echo "package: $count files, ${size} KiB -> $out/ (open $out/index.html)"
