#!/usr/bin/env bash
# `make bench`: Folio's speed and memory as ratios against pdftotext and
# tesseract, measured side by side on inputs generated from
# input/sample-report.pdf (and ../shared/corpus/collection when present) in a
# temporary directory. Prints a Markdown table, the load (uptime) at the start
# and end, and the stage profile of the ~500-page runs. See docs/performance.md.
#
#   FOLIO=path          folio binary (default .build/release/folio)
#   SHARED=dir          the shared data (default ../shared)
#   BENCH_RUNS=N        runs per measurement, the median is reported (default 3)
#   BENCH_QUICK=1       fast smoke run (1 run, 2 OCR pages instead of 6)
#   BENCH_WAIT_LOAD=X   first wait (up to BENCH_WAIT_MAX s, default 600) for the
#                       1-minute load average to drop below X
#   BENCH_KEEP=1        keep the generated inputs and outputs
#
# Exit status: 0 when everything could be measured (PASS or MISS), 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

export FOLIO="${FOLIO:-.build/release/folio}"
if [ ! -x "$FOLIO" ]; then
  echo "bench: no folio binary at $FOLIO (run make build, or set FOLIO=…)" >&2
  exit 1
fi

# The references and GNU time: install what is missing, as install-deps.sh does.
packages=(
  poppler-utils   # pdftotext, pdfunite, pdfseparate, pdftoppm, pdfinfo
  tesseract-ocr   # the tesseract command (the library alone is not enough)
  tesseract-ocr-eng
  time            # /usr/bin/time -v for peak resident memory
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ -n "${BENCH_WAIT_LOAD:-}" ]; then
  deadline=$((SECONDS + ${BENCH_WAIT_MAX:-600}))
  while :; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    if awk -v l="$load" -v m="$BENCH_WAIT_LOAD" 'BEGIN { exit !(l < m) }'; then break; fi
    if [ $SECONDS -ge $deadline ]; then
      echo "bench: load average still $load; measuring anyway" >&2
      break
    fi
    echo "bench: load average $load ≥ $BENCH_WAIT_LOAD, waiting…" >&2
    sleep 20
  done
fi

exec python3 scripts/bench/bench.py
