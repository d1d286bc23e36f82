#!/usr/bin/env bash
# Times `folio diff` on two documents of about 500 pages, given their JSON: the
# editions pair of ../shared/corpus/editions repeated 15 times (each copy's chapter
# titles and paragraphs marked with its number, so the copies are not identical).
# Usage: scripts/bench-diff.sh [SHARED_DIR]
set -euo pipefail
shared=${1:-../shared}
folio=${FOLIO:-.build/release/folio}
editions="$shared/corpus/editions"
[ -d "$editions" ] || { echo "no editions at $editions" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$folio" convert "$editions/old.pdf" "$editions/new.pdf" --format json --output "$out" --quiet
python3 - "$out" <<'PY'
import copy, json, os, sys
out = sys.argv[1]
for name in ("old", "new"):
    doc = json.load(open(os.path.join(out, name + ".json")))
    chapters = []
    for part in range(1, 16):
        for chapter in doc["chapters"]:
            c = copy.deepcopy(chapter)
            c["title"] = "Part %d: %s" % (part, c["title"])
            c["index"] = len(chapters) + 1
            c.pop("id", None)
            for b in c["blocks"]:
                b.pop("id", None)
                if b["kind"] == "paragraph":
                    b["text"] += " (part %d)" % part
            chapters.append(c)
    doc["chapters"] = chapters
    doc["source"]["page_count"] *= 15
    json.dump(doc, open(os.path.join(out, "big-" + name + ".json"), "w"))
    print("%s: %d pages, %d blocks" % (name, doc["source"]["page_count"], sum(len(c["blocks"]) for c in chapters)))
PY
for run in 1 2 3; do
  status=0
  /usr/bin/time --quiet -f "diff run $run: %e s wall, %U s user, %M KB peak" \
    "$folio" diff "$out/big-old.json" "$out/big-new.json" --output "$out/big.diff.json" || status=$?
  [ "$status" -le 1 ] || exit 1
done
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('%d changes, %d noise' % (len(d['changes']), len(d['noise'])))" "$out/big.diff.json"
