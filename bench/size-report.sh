#!/usr/bin/env bash
# What takes the space in the wasm module (web/dist/linreg.wasm), by function, part and source:
#   bash bench/size-report.sh            -> bench/out/size/size-summary.md, size-functions.tsv
# It builds the module (build-wasm/, incremental), links it once more into bench/out/size/ with
# --emit-symbol-map (the same command and flags: the same functions and size, checked; the order
# of the functions in the file may differ), lists the functions
# each of our object files defines (llvm-nm), and sums the function bodies (bench/size-report.js).
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out/size
mkdir -p "$out"
if [ ! -f build-wasm/CMakeCache.txt ]; then
  cmake -S . -B build-wasm -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_TOOLCHAIN_FILE=/usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake >/dev/null
fi
cmake --build build-wasm -j2 --target linreg >/dev/null

# The link command of web/dist/linreg.js, writing into $out with the symbol map.
link="$(cat build-wasm/CMakeFiles/linreg.dir/link.txt)"
dist="$(pwd)/web/dist/linreg.js"
abs_out="$(pwd)/$out"
link="${link//"$dist"/"$abs_out/linreg.js"}"
(cd build-wasm && eval "$link --emit-symbol-map")
a="$(wc -c < "$out/linreg.wasm")"; b="$(wc -c < web/dist/linreg.wasm)"
if [ $((a > b ? a - b : b - a)) -gt 64 ]; then
  echo "size-report: the relinked module's size differs from web/dist/linreg.wasm's (was the build current?)" >&2
  exit 1
fi

# Our object files' defined functions: "source<TAB>demangled name" (LTO objects are bitcode: llvm-nm
# prints "--------" for their addresses).
: > "$out/objects.tsv"
for obj in build-wasm/CMakeFiles/*.dir/cpp/*.o; do
  src="cpp/$(basename "$obj" .o)"
  llvm-nm -C --defined-only "$obj" 2>/dev/null | awk -v s="$src" '$2 ~ /^[Tt]$/ {sub(/^[-0-9a-f]+ [A-Za-z] /, ""); print s "\t" $0}' >> "$out/objects.tsv"
done

node bench/size-report.js --wasm "$out/linreg.wasm" --symbols "$out/linreg.js.symbols" \
  --objects "$out/objects.tsv" --out "$out"
gzip -9 -c web/dist/linreg.wasm | wc -c | awk '{printf "\nlinreg.wasm gzipped (-9): %.1f KB\n", $1/1024}'
