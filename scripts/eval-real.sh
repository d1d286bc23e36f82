#!/usr/bin/env bash
# Runs folio on the real-world PDFs in SHARED/real (scored against their
# reference texts with score_ref.sh) and on the bad-input suite in
# SHARED/real/bad, where every file must end with exit 0 (readable) or a
# one-line error (1), never a crash or a hang.
# Usage: scripts/eval-real.sh [SHARED_DIR] [OUT_DIR]
set -uo pipefail
shared=${1:-../shared}
out=${2:-$(mktemp -d)}
folio=${FOLIO:-.build/release/folio}
real="$shared/real"
[ -d "$real" ] || { echo "no real-PDF cases at $real" >&2; exit 1; }
mkdir -p "$out"
for dir in "$real"/*/; do
  case=$(basename "$dir")
  [ -f "$dir/$case.pdf" ] || continue
  timeout 600 "$folio" convert "$dir/$case.pdf" --format json --output "$out" --quiet \
    || echo "folio failed on $case" >&2
done
bash "$real/score_ref.sh" "$out"
echo
echo "bad inputs (exit status and message):"
crashed=0
for f in "$real"/bad/*.pdf; do
  msg=$(timeout 120 "$folio" convert "$f" --format json --output "$out/bad" --quiet 2>&1 | head -1)
  rc=${PIPESTATUS[0]}
  [ "$rc" -ge 124 ] && crashed=1
  printf '  %-40s rc=%-3s %s\n' "$(basename "$f")" "$rc" "$msg"
done
[ $crashed = 0 ] || { echo "a bad input crashed or hung" >&2; exit 1; }
