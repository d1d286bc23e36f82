# Folio — the two commands: `make run` and `make test`.
SHELL := /bin/bash
SWIFT ?= swift
SHARED ?= ../shared
FOLIO := .build/release/folio

.PHONY: run test build deps eval eval-diff eval-real eval-wild eval-tables ratchet bench bench-long bench-diff format sample clean example fuzz sanitize

deps:
	@./scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release --product folio

## Convert every PDF (and .txt) in input/ into output/<name>.json, .csv and .md.
run: build
	@mkdir -p output
	@shopt -s nullglob; files=(input/*.pdf input/*.txt); \
	if [ $${#files[@]} -eq 0 ]; then echo "input/ is empty: put PDFs there"; exit 0; fi; \
	$(FOLIO) convert "$${files[@]}" --output output

## Build and run the whole suite (corpus score floors too, when $(SHARED) is present).
test: deps
	$(SWIFT) build --build-tests
	OMP_THREAD_LIMIT=1 $(SWIFT) test --skip-build

## Build and run the example app that embeds Folio as a library (docs/examples/embed).
example: deps
	cd docs/examples/embed && $(SWIFT) build --scratch-path ../../../.build-example
	.build-example/debug/convert-report input/sample-report.pdf > .build-example/sample-report.md
	@head -12 .build-example/sample-report.md
	@grep -q '^## ' .build-example/sample-report.md || { echo "example: no chapter in the Markdown" >&2; exit 1; }

## Score Folio on every corpus document (prints score.py's table).
eval: build
	@./scripts/eval.sh $(SHARED)

## Score `folio diff` on the editions pair: text layer vs text layer, and vs the scan.
eval-diff: build
	@./scripts/eval-diff.sh $(SHARED)

## Raise the score floors in Tests/score-floors.json to today's scores (never lowers one).
ratchet: build
	@out=$$(mktemp -d); ./scripts/eval.sh $(SHARED) $$out > /dev/null; \
	python3 $(SHARED)/eval/score.py --all $(SHARED)/corpus $$out --json > $$out/scores.json; \
	python3 scripts/ratchet-floors.py $$out/scores.json

## Score Folio on the real-world PDFs against their reference texts.
eval-real: build
	@./scripts/eval-real.sh $(SHARED)

## Real PDFs without truth (../shared/real/wild): words conserved (PDF mode and text mode), Markdown that renders.
eval-wild: build
	@./scripts/eval-wild.sh $(SHARED)
	@echo; echo "Markdown of every real/wild PDF through cmark-gfm (no dangling or repeated note, no raw markup):"
	@./scripts/check-markdown.sh $(SHARED)/real/wild

## Tables of ../shared/real/tables scored against their expected cells, beside camelot and pdfplumber.
eval-tables: build
	@./scripts/eval-tables.sh $(SHARED)

## Speed and memory against pdftotext and tesseract (ratios).
bench: build
	@./scripts/bench.sh

## Text mode on one 45 MB text without form feeds (the trust issue's 45 MB in 30 s).
bench-long: build
	@SHARED=$(SHARED) ./scripts/bench-long.sh

## Time folio diff on two ~500-page documents given their JSON (docs/diff.md).
bench-diff: build
	@./scripts/bench-diff.sh $(SHARED)

## libFuzzer targets (text decoding, document JSON + exporters, PDF through Poppler), FUZZ_SECONDS each
## (default 600); crashers land in fuzz/crashers/, which `make test` replays.
FUZZ_SECONDS ?= 600
fuzz: deps
	@./scripts/fuzz.sh $(FUZZ_SECONDS)

## The whole suite under AddressSanitizer, then ThreadSanitizer (own build folders; slow, outside CI).
## SANITIZERS=address or SANITIZERS=thread runs one.
SANITIZERS ?= address thread
sanitize: deps
	@set -e; for s in $(SANITIZERS); do \
	  echo "== $$s sanitizer"; \
	  $(SWIFT) build --build-tests --sanitize $$s --scratch-path .build-$$s; \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/scripts/lsan.supp:print_suppressions=0 OMP_THREAD_LIMIT=1 \
	    $(SWIFT) test --skip-build --sanitize $$s --scratch-path .build-$$s; \
	done

## Regenerate the sample report and test fixtures (needs python3-reportlab).
sample:
	python3 scripts/make-sample.py

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Plugins Tests

clean:
	rm -rf .build output/*.json output/*.csv output/*.md
