#!/usr/bin/env bash
# make eval-wild: real PDFs nobody here wrote (../shared/real/wild), without truth.
#  1. PDF mode, default options (OCR where a page has no text layer):
#     conserve.py's table of words of the text layer that come out nowhere.
#  2. Text mode on each text-layer PDF's pdftotext output: the share of the
#     words text mode kept (the PDF's text layer is exactly what it was given),
#     and how far it agrees with PDF mode on the same PDF (score.py with PDF
#     mode's JSON as the truth: body similarity, chapter title F1).
# Usage: scripts/eval-wild.sh [SHARED_DIR] [OUT_DIR]
set -euo pipefail
shared=${1:-../shared}
out=${2:-$(mktemp -d)}
folio=${FOLIO:-.build/release/folio}
wild="$shared/real/wild"
conserve="$shared/eval/conserve.py"
[ -d "$wild" ] || { echo "no documents at $wild" >&2; exit 1; }
mkdir -p "$out/pdf" "$out/text"

for dir in "$wild"/*/; do
  doc=$(basename "$dir")
  pdf="$dir/$doc.pdf"
  [ -f "$pdf" ] || continue
  echo "converting $doc" >&2
  timeout 900 "$folio" convert "$pdf" --format json --output "$out/pdf" --quiet || echo "folio failed on $doc" >&2
done
echo "PDF mode (conserve.py; targets: <= 0.50% per born-digital document, <= 2% for scans with an OCR layer, no silent page)"
python3 "$conserve" --all "$wild" "$out/pdf"

echo
echo "Text mode on pdftotext output (targets: keeps >= 99.5% of the words; agrees with PDF mode: body >= 0.97, the same chapters)"
printf '%-40s %10s %8s %10s %10s\n' document words kept "body sim" "chap F1"
for dir in "$wild"/*/; do
  doc=$(basename "$dir")
  pdf="$dir/$doc.pdf"
  [ -f "$pdf" ] || continue
  pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
  pdftotext -enc UTF-8 "$pdf" "$out/text/$doc.txt" 2>/dev/null || continue
  # Scans without a usable text layer have nothing for text mode to keep.
  [ "$(wc -w < "$out/text/$doc.txt")" -ge $(( ${pages:-1} * 50 )) ] || continue
  timeout 600 "$folio" convert "$out/text/$doc.txt" --format json --output "$out/text" --quiet \
    || { echo "folio failed on $doc.txt" >&2; continue; }
  kept=$(python3 "$conserve" "$pdf" "$out/text/$doc.json" --json \
    | python3 -c 'import json,sys; r=json.load(sys.stdin); print("%10d %7.2f%%" % (r["ref_words"], 100*(1-r["unaccounted_rate"])))')
  agree="         -          -"
  if [ -f "$out/pdf/$doc.json" ]; then
    agree=$(python3 "$shared/eval/score.py" "$out/pdf/$doc.json" "$out/text/$doc.json" --json \
      | python3 -c 'import json,sys; m=json.load(sys.stdin)["metrics"]; f=lambda v: "%10s" % "n/a" if v is None else "%10.4f" % v; print(f(m["body_similarity"]), f(m["chapter_title_f1"]))')
  fi
  printf '%-40s %s %s\n' "$doc" "$kept" "$agree"
done
echo "outputs: $out" >&2
