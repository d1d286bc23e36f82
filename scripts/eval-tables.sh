#!/usr/bin/env bash
# make eval-tables: the tables of ../shared/real/tables (expected cells from
# other projects' test suites; the icdar-* cases are human-drawn truth).
# Converts every case's PDF with the release build into OUT/<case>.json and
# prints score_tables.py's table, then the peers' baseline from the README.
# Usage: scripts/eval-tables.sh [SHARED_DIR] [OUT_DIR]
set -euo pipefail
shared=${1:-../shared}
out=${2:-$(mktemp -d)}
folio=${FOLIO:-.build/release/folio}
tables="$shared/real/tables"
[ -d "$tables/cases" ] || { echo "no cases at $tables/cases" >&2; exit 1; }
mkdir -p "$out"
for dir in "$tables"/cases/*/; do
  case=$(basename "$dir")
  shopt -s nullglob
  pdfs=("$dir"/*.pdf)
  shopt -u nullglob
  [ ${#pdfs[@]} -gt 0 ] || continue
  tmp=$(mktemp -d)
  timeout 300 "$folio" convert "${pdfs[0]}" --format json --output "$tmp" --quiet || echo "folio failed on $case" >&2
  mv "$tmp"/*.json "$out/$case.json" 2>/dev/null || true
  rm -rf "$tmp"
done
echo "Folio (outputs in $out)"
python3 "$shared/eval/score_tables.py" "$tables/cases" "$out"
# The floor is on the icdar-* cases (human-drawn truth), ruled and unruled apart.
python3 "$shared/eval/score_tables.py" "$tables/cases" "$out" --json | python3 -c '
import json, sys
res = json.load(sys.stdin)
rows = [dict(t, case=c) for c, r in res["cases"].items() if c.startswith("icdar-") for t in r["tables"]]
for name in ("all", "ruled", "unruled"):
    sel = [t for t in rows if name == "all" or t.get("ruling") == name]
    n = len(sel) or 1
    print("  ICDAR %-8s found %2d/%-2d  cell F1 %.3f  adj F1 %.3f  (floor: 70%% found, cell F1 0.70)" % (
        name, sum(t["found"] for t in sel), len(sel), sum(t["cell_f1"] for t in sel) / n,
        sum(t["adj_f1"] for t in sel) / n))
'
echo
echo "Peers, from $tables/README.md (found/expected · cell F1 · adjacency F1):"
# The README's baseline table: the lines from its header row to the first blank line.
awk '/^\| tool \|/ {on = 1} on && /^$/ {exit} on' "$tables/README.md"
