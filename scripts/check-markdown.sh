#!/usr/bin/env bash
# Converts every PDF under a folder (default: SHARED/real/wild) to Markdown and
# renders it with cmark-gfm (CommonMark + footnotes), as GitHub does. Fails when
# a literal "[^" survives in the rendered HTML (a reference without its note),
# a note is defined twice, or raw markup from the document reaches the HTML.
# Usage: scripts/check-markdown.sh [DIR] [OUT_DIR]
set -uo pipefail
dir=${1:-../shared/real/wild}
out=${2:-$(mktemp -d)}
folio=${FOLIO:-.build/release/folio}
command -v cmark-gfm > /dev/null || { echo "cmark-gfm is not installed (scripts/install-deps.sh)" >&2; exit 1; }
mkdir -p "$out"
bad=0
n=0
while IFS= read -r -d '' pdf; do
  name=$(basename "$pdf" .pdf)
  n=$((n + 1))
  if ! timeout 900 "$folio" convert "$pdf" --format md --output "$out" --quiet; then
    printf '  %-45s conversion failed\n' "$name"
    continue
  fi
  html=$(cmark-gfm -e footnotes --unsafe "$out/$name.md")
  literal=$(grep -o '\[\^[^]]*\]' <<< "$html" | wc -l)
  defs=$(grep -o '<li id="fn-[^"]*"' <<< "$html" | sort | uniq -d | wc -l)
  tags=$(grep -ciE '<(script|img|iframe|style)' <<< "$html")
  notes=$(grep -c '^\[\^' "$out/$name.md")
  status=ok
  if [ "$literal" -gt 0 ] || [ "$defs" -gt 0 ] || [ "$tags" -gt 0 ]; then status=FAIL; bad=1; fi
  printf '  %-45s %s (notes %s, literal [^ %s, repeated %s, raw tags %s)\n' "$name" "$status" "$notes" "$literal" \
    "$defs" "$tags"
done < <(find "$dir" -name '*.pdf' -print0 | sort -z)
echo "$n documents"
exit $bad
