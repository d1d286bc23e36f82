#!/usr/bin/env bash
# Installs the system packages Folio builds and runs against, and the scorer's
# Python dependency. Idempotent: does nothing when everything is present.
set -euo pipefail

packages=(
  pkg-config
  libpoppler-glib-dev   # text layer, fonts, boxes (poppler-glib C API)
  libcairo2-dev         # page rendering for OCR and inspect
  libtesseract-dev      # OCR (C API)
  libleptonica-dev
  libsqlite3-dev        # folio batch --sqlite (system library, FTS5)
  libcurl4-openssl-dev  # keeps apt from picking the NSS variant for libtesseract-dev
  tesseract-ocr-eng
  tesseract-ocr-script-latn  # re-reads names in OCR'd text for their accents
  poppler-utils         # pdftotext/pdftoppm: benchmark reference and test fixtures
  wamerican             # word list for de-hyphenation and OCR repair
  chromium              # headless rendering for the HTML exporter test
  cmark-gfm             # CommonMark + footnotes renderer: the Markdown exporter's tests
  sqlite3               # docs/datasets.md's SQLite example, run by the dataset test
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# pandas: docs/datasets.md's example and the CSV loading tests.
if ! python3 -c 'import pandas' 2>/dev/null; then
  python3 -m pip install -q pandas || echo "warning: could not install pandas; the pandas tests will be skipped" >&2
fi

# The scorer (make eval, corpus tests) needs rapidfuzz.
if ! python3 -c 'import rapidfuzz' 2>/dev/null; then
  python3 -m pip install -q rapidfuzz || echo "warning: could not install rapidfuzz; corpus scoring will be skipped" >&2
fi
