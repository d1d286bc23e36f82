#!/usr/bin/env python3
"""Raise the score floors in Tests/score-floors.json to what `make eval` measures now.

Usage: scripts/ratchet-floors.py SCORES.json [--allow-lower DOC:METRIC ...]
SCORES.json is `score.py --all CORPUS OUT --json` output. Floors only move up
(maxima only down); lowering one needs --allow-lower naming it, so a drop is a
deliberate, reviewed decision.
"""
import json, math, sys

FLOORS = "Tests/score-floors.json"
UPPER = ("junk_rate", "loss_rate", "dup_rate")
# The metrics the floors cover (CorpusScoreTests.metrics, without the _max suffix).
METRIC_NAMES = (
    "body_similarity", "junk_rate", "loss_rate", "dup_rate", "paragraph_f1", "reading_order",
    "chapter_title_f1", "chapter_author_accuracy", "chapter_start_page_accuracy", "heading_f1", "list_item_f1",
    "pull_quote_f1", "footnote_ref_accuracy", "pages_ocr_agreement",
)

def main():
    scores = json.load(open(sys.argv[1]))
    allowed = set(sys.argv[sys.argv.index("--allow-lower") + 1:]) if "--allow-lower" in sys.argv else set()
    floors = json.load(open(FLOORS))
    for row in scores:
        doc, metrics = row.get("doc"), row.get("metrics", {})
        if doc not in floors:
            # A document new to the corpus starts at today's scores.
            floors[doc] = {
                (k + "_max" if k in UPPER else k): (math.ceil(v * 1000) / 1000 if k in UPPER else math.floor(v * 1000) / 1000)
                for k, v in metrics.items()
                if isinstance(v, (int, float)) and k in METRIC_NAMES
            }
            print(f"{doc:16} new floors: {len(floors[doc])}")
            continue
        for key, old in floors[doc].items():
            name = key[:-4] if key.endswith("_max") else key
            value = metrics.get(name)
            if value is None:
                continue
            if key.endswith("_max"):
                new = math.ceil(value * 1000) / 1000
                better = new < old
            else:
                new = math.floor(value * 1000) / 1000
                better = new > old
            if better or (new != old and f"{doc}:{name}" in allowed):
                print(f"{doc:16} {key:28} {old} -> {new}")
                floors[doc][key] = new
    with open(FLOORS, "w") as f:
        json.dump(floors, f, indent=2, ensure_ascii=False)
        f.write("\n")

main()
