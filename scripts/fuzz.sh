#!/usr/bin/env bash
# Builds the libFuzzer targets with swiftc -sanitize=fuzzer,address and runs
# each for FUZZ_SECONDS (default 600), seeded from fuzz/seeds/<target> and the
# shared corpus. Crashers go to fuzz/crashers/<target>/, which `make test` replays.
# Usage: scripts/fuzz.sh [seconds] [target…]   targets: text json pdf
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-${FUZZ_SECONDS:-600}}"
shift || true
targets=("${@:-text json pdf}")
read -r -a targets <<< "${targets[*]}"
out=.build/fuzz
mkdir -p "$out"
san=(-sanitize=fuzzer,address -parse-as-library -O -g)
poppler_cflags=()
for f in $(pkg-config --cflags poppler-glib cairo); do poppler_cflags+=(-Xcc "$f"); done

# Libraries as modules, built once per run (a few seconds each).
module() {  # name, sources…
  local name=$1; shift
  swiftc "${san[@]}" -emit-library -static -module-name "$name" -emit-module -emit-module-path "$out/$name.swiftmodule" \
    -I "$out" -I Sources/CPoppler "${poppler_cflags[@]}" "$@" -o "$out/lib$name.a"
}

build() {
  case "$1" in
    text) swiftc "${san[@]}" Sources/FolioCore/Extract/TextDecoding.swift fuzz/TextDecodingFuzz.swift -o "$out/fuzz-text" ;;
    json)
      module FolioModel Sources/FolioModel/*.swift
      module MarkdownExporter Plugins/MarkdownExporter/*.swift
      module HTMLExporter Plugins/HTMLExporter/*.swift
      swiftc "${san[@]}" -I "$out" fuzz/DocumentJSONFuzz.swift -L "$out" -lHTMLExporter -lMarkdownExporter -lFolioModel \
        -o "$out/fuzz-json" ;;
    pdf)
      module PopplerKit Sources/PopplerKit/*.swift
      swiftc "${san[@]}" -I "$out" -I Sources/CPoppler "${poppler_cflags[@]}" fuzz/PDFFuzz.swift -L "$out" -lPopplerKit \
        $(pkg-config --libs poppler-glib cairo) -o "$out/fuzz-pdf" ;;
  esac
}

seed() {  # target → a working corpus folder, seeded
  local dir="$out/corpus-$1"
  mkdir -p "$dir"
  cp -n fuzz/seeds/"$1"/* "$dir"/ 2>/dev/null || true
  case "$1" in
    text) find ../shared/corpus -name '*.txt' -size -200k -exec cp -n {} "$dir"/ \; 2>/dev/null || true ;;
    pdf) find ../shared/corpus ../shared/real/bad -name '*.pdf' -size -300k -exec cp -n {} "$dir"/ \; 2>/dev/null || true ;;
  esac
  echo "$dir"
}

for t in "${targets[@]}"; do
  echo "== fuzz-$t: building"
  # ld.gold warns about every ASan helper symbol; only failures matter.
  build "$t" 2> >(grep -v "Cannot export local symbol" >&2)
  mkdir -p "fuzz/crashers/$t"
  corpus=$(seed "$t")
  echo "== fuzz-$t: running ${seconds}s"
  # Fork mode: a child that runs past -timeout (a decoder inside the PDF
  # library that loops, which only the process-level guards bound) is recorded
  # and the run goes on; a crash or running out of memory still stops it.
  ASAN_OPTIONS=detect_leaks=0 "$out/fuzz-$t" "$corpus" -fork=1 -ignore_timeouts=1 -ignore_ooms=0 -ignore_crashes=0 \
    -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 -timeout=20 -artifact_prefix="fuzz/crashers/$t/" \
    -print_final_stats=1 2>&1 | tee "$out/fuzz-$t.log" \
    | grep -E "^(#[0-9]+ *(DONE|INITED)|==[0-9]+==ERROR|stat::number_of_executed_units|SUMMARY|INFO: fuzzed for)" || true
  # The last fork-mode status line: executions, coverage, and oom/timeout/crash counts.
  grep -E "^#[0-9]+: cov" "$out/fuzz-$t.log" | tail -1 || true
  # Inputs that only ran past -timeout are kept apart: make test replays crashers, not hangs.
  mkdir -p "fuzz/hangs/$t"
  for f in fuzz/crashers/"$t"/timeout-*; do [ -e "$f" ] && mv "$f" "fuzz/hangs/$t/"; done
done
