# vanban — set-up, demo and tests. Every target installs what it needs first.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
APT_PACKAGES := tesseract-ocr tesseract-ocr-vie poppler-utils fonts-liberation2 chromium postgresql libreoffice-writer-nogui
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEMO_OUT := out/demo

.PHONY: demo test lint bench samples system clean

## System packages (Debian): installed only when one is missing.
system:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

## The virtual environment, rebuilt when pyproject.toml changes.
$(BIN)/.installed: pyproject.toml
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	@touch $@

demo: system $(BIN)/.installed
	$(BIN)/python samples/make_scans.py --reports
	$(BIN)/vanban run samples/reports/seed samples/scans/out/reports/seed/*.pdf \
	  --plan samples/plans/seed_19-KH-SVHTTDL.pdf --roster samples/rosters/seed_19-KH-SVHTTDL.yaml --out $(DEMO_OUT)
	@echo ""
	@echo "Demo output is in $(DEMO_OUT)/ :"
	@echo "  bao-cao-tong-hop.docx  the draft report to send upward (Decree 30 format) and bao-cao-tong-hop.pdf beside it (LibreOffice)"
	@echo "  reconciliation.html    open it in a browser; the cited documents are copied to sources/ beside it"
	@echo "  reconciliation.pdf     the same, to print and sign"
	@echo "  reconciliation.xlsx, reconciliation.json, reconciliation_*.csv; summary.csv, documents/, failures.json"
	@echo ""
	@echo "Review and correct the values at their boxes on the page (then open http://127.0.0.1:8000/):"
	@echo "  $(BIN)/vanban review --out $(DEMO_OUT)"

test: system $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -q

lint: $(BIN)/.installed
	$(BIN)/ruff check .

samples: $(BIN)/.installed
	$(BIN)/python samples/make_samples.py

bench: system $(BIN)/.installed
	$(BIN)/python bench/bench_textlayer.py

## OCR benchmark against plain tesseract and ocrmypdf (a peer only: Debian's package, never a vanban dependency).
.PHONY: bench-ocr
bench-ocr: system $(BIN)/.installed
	@dpkg-query -W -f='$${Status}' ocrmypdf 2>/dev/null | grep -q "install ok installed" || { \
	  echo "installing system package: ocrmypdf (benchmark peer)"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq ocrmypdf; \
	}
	$(BIN)/python bench/bench_ocr.py

## OCR on REAL pages (Lào Cai scans; signed PDFs rendered at 150 and 300 dpi): vanban text vs plain
## tesseract -l vie, bag-of-words WER, CER, CPU per page, header dates. ARGS=--quick for a small subset.
.PHONY: bench-ocr-real
bench-ocr-real: system $(BIN)/.installed
	$(BIN)/python bench/bench_ocr_real.py $(ARGS)

## Scans against the golden facts: what extraction still gets wrong at each scan level (noisy, harsh).
.PHONY: bench-scans
bench-scans: system $(BIN)/.installed
	$(BIN)/python bench/scan_fidelity.py

## Reconciliation benchmark: 500 generated reports, reconciliation time against their extraction time.
.PHONY: bench-reconcile
bench-reconcile: system $(BIN)/.installed
	$(BIN)/python bench/bench_reconcile.py

## Review page benchmark: queue and document pages with 1000 vs 10 documents in the ledger, page image served.
.PHONY: bench-review
bench-review: system $(BIN)/.installed
	$(BIN)/python bench/bench_review.py

## Watch folder: a burst of 300 born-digital files through `vanban watch` against `vanban run` on the same
## files (throughput, last landing to last result, CPU), and the idle watcher's CPU (events, polling).
.PHONY: bench-watch
bench-watch: system $(BIN)/.installed
	$(BIN)/python bench/bench_watch.py $(ARGS)

clean:
	rm -rf $(VENV) out .pytest_cache
