#!/usr/bin/env bash
# Proves that a change left Folio's output alone: converts every corpus document
# (PDF and text mode) with revision REV and with the working tree, and compares
# JSON, CSV and Markdown byte for byte. REV's build and outputs are cached in
# .build-same/REV, so a second check only converts with the working tree.
# Usage: scripts/same-output.sh REV [SHARED_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
rev=$(git rev-parse --short "${1:?usage: scripts/same-output.sh REV [SHARED_DIR]}")
shared=${2:-../shared}
corpus="$shared/corpus"
[ -d "$corpus" ] || { echo "no corpus at $corpus" >&2; exit 2; }
cache=.build-same/$rev

convert_all() {  # folio binary, output folder
  local folio=$1 out=$2
  mkdir -p "$out"
  shopt -s nullglob
  for input in "$corpus"/*/*.pdf "$corpus"/*/*.txt input/*.pdf; do
    local name
    name=$(basename "$(dirname "$input")")-$(basename "${input%.*}")
    mkdir -p "$out/$name"
    "$folio" convert "$input" --format json,csv,md,html --output "$out/$name" --quiet \
      || echo "folio failed on $input" > "$out/$name/FAILED"
  done
}

if [ ! -d "$cache/out" ]; then
  echo "building $rev in $cache …" >&2
  rm -rf "$cache"
  git worktree add -q --detach "$cache/src" "$rev"
  (cd "$cache/src" && swift build -c release --product folio > /dev/null)
  convert_all "$PWD/$cache/src/.build/release/folio" "$cache/out.tmp"
  mv "$cache/out.tmp" "$cache/out"
  git worktree remove --force "$cache/src"
fi

swift build -c release --product folio > /dev/null
now=$(mktemp -d)
trap 'rm -rf "$now"' EXIT
convert_all "$PWD/.build/release/folio" "$now"
if diff -r "$cache/out" "$now" > "$now.diff"; then
  echo "same output as $rev: $(find "$now" -type f | wc -l) files"
  rm -f "$now.diff"
else
  echo "output differs from $rev in:"; diff -rq "$cache/out" "$now" | sed "s|$now/||; s|$cache/out/||" || true
  echo; head -40 "$now.diff"; rm -f "$now.diff"; exit 1
fi
