#!/usr/bin/env bash
# Runs folio on every document of the shared corpus and prints score.py's table.
# Usage: scripts/eval.sh [SHARED_DIR] [OUT_DIR]
set -euo pipefail
shared=${1:-../shared}
out=${2:-$(mktemp -d)}
folio=${FOLIO:-.build/release/folio}
corpus="$shared/corpus"
[ -d "$corpus" ] || { echo "no corpus at $corpus" >&2; exit 1; }
mkdir -p "$out"
for dir in "$corpus"/*/; do
  doc=$(basename "$dir")
  [ -f "$dir/truth.json" ] || continue
  [ -z "${EVAL_SKIP:-}" ] || [[ ! "$doc" =~ ^(${EVAL_SKIP})$ ]] || continue
  shopt -s nullglob
  inputs=("$dir"/*.pdf "$dir"/*.txt)
  shopt -u nullglob
  [ ${#inputs[@]} -gt 0 ] || continue
  input=${inputs[0]}
  tmp=$(mktemp -d)
  "$folio" convert "$input" --format json --output "$tmp" --quiet || echo "folio failed on $doc" >&2
  mv "$tmp"/*.json "$out/$doc.json" 2>/dev/null || true
  rm -rf "$tmp"
done
python3 "$shared/eval/score.py" --all "$corpus" "$out" "${@:3}"
