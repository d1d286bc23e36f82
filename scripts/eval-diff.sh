#!/usr/bin/env bash
# Diffs the two editions of ../shared/corpus/editions (text layer vs text layer,
# text layer vs scan) and prints score_diff.py's precision, recall and F1.
# Usage: scripts/eval-diff.sh [SHARED_DIR] [OUT_DIR]
set -euo pipefail
shared=${1:-../shared}
out=${2:-$(mktemp -d)}
folio=${FOLIO:-.build/release/folio}
editions="$shared/corpus/editions"
[ -d "$editions" ] || { echo "no editions at $editions" >&2; exit 1; }
mkdir -p "$out"
# The old edition is converted once; each diff reads its JSON.
"$folio" convert "$editions/old.pdf" "$editions/new.pdf" "$editions/new-scan.pdf" --format json --output "$out" --quiet
for new in new new-scan; do
  status=0
  "$folio" diff "$out/old.json" "$out/$new.json" --output "$out/old-vs-$new.diff.json" || status=$?
  # diff(1) convention: 1 means "different", only 2 is trouble.
  [ "$status" -le 1 ] || { echo "folio diff failed on old vs $new" >&2; exit 1; }
  echo "== old.pdf vs $new.pdf"
  python3 "$shared/eval/score_diff.py" "$editions/changes.json" "$out/old-vs-$new.diff.json" | sed -n '1,12p'
done
