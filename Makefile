# JRMD build, test, benchmark and lint targets. `make test` is the test
# command of the README and of CI (.ci/run).

GO ?= go
# FUZZTIME is how much `make test` fuzzes each Fuzz target: a count of
# executions (Nx), not a duration, because Go 1.26's fuzz coordinator can
# report a spurious "context deadline exceeded" when a duration expires on
# a loaded machine (golang/go#75804, fixed in Go 1.27).
FUZZTIME ?= 20000x
# BENCHCOUNT runs of each benchmark give benchstat enough samples to report
# a spread; BENCHTIME is go test's -benchtime for each run.
BENCHCOUNT ?= 10
BENCHTIME ?= 1s

# bash with pipefail, so that `go test ... | tee` fails when go test does.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c

.PHONY: all build check test cesium fuzz bench lint proto clean

all: build test

build:
	$(GO) build ./...
	$(GO) build -o jrmd ./cmd/jrmd

# RACE_PKGS are the packages that start goroutines: make test runs their
# tests again under the race detector, with -short (tests that only gain
# statistical power from size run smaller; internal/sim's do under -race
# alone).
RACE_PKGS ?= ./internal/sim ./internal/fed ./internal/link ./internal/study ./internal/par ./track ./cmd/jrmd

# check is the edit loop: vet and every test once, -short (statistical
# tests run smaller), no race pass, no fuzzing. make test is the whole.
check: cesium
	$(GO) vet ./...
	$(GO) test -short ./...

test: cesium
	$(GO) vet ./...
	$(GO) test -count=1 ./...
	$(GO) test -race -short -count=1 $(RACE_PKGS)
	@$(MAKE) --no-print-directory fuzz

# CESIUM_DIR holds the npm cesium (pinned by its package-lock.json) with
# which internal/globe's test loads CZML, in Node. cesium installs it when
# it is missing or older than the lockfile; without npm the test skips,
# saying why (under CI=true it fails: .ci/run installs node and npm).
CESIUM_DIR := internal/globe/testdata/cesium

cesium:
	@if [ $(CESIUM_DIR)/node_modules/.package-lock.json -nt $(CESIUM_DIR)/package-lock.json ]; then :; \
	elif command -v npm >/dev/null 2>&1; then \
	    echo "npm ci in $(CESIUM_DIR)"; npm ci --prefix $(CESIUM_DIR) --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: internal/globe's Cesium test will skip"; fi

# fuzz runs every Fuzz function of the repository for FUZZTIME, one at a time
# (go test -fuzz takes one target in one package). Targets are found with
# grep, so a new Fuzz function is fuzzed without editing this file. A failing
# input is written to the package's testdata/fuzz, to be committed.
fuzz:
	@for f in $$(grep -rlE --include='*_test.go' --exclude-dir=.git --exclude-dir=testdata --exclude-dir=vendor \
	        '^func Fuzz[A-Za-z0-9_]*\(' . | sort); do \
	    for name in $$(sed -nE 's/^func (Fuzz[A-Za-z0-9_]*)\(.*/\1/p' "$$f"); do \
	        echo "fuzz $$name in $$(dirname "$$f") for $(FUZZTIME)"; \
	        $(GO) test -run='^$$' -fuzz="^$$name$$" -fuzztime=$(FUZZTIME) "$$(dirname "$$f")"; \
	    done; \
	done

bench:
	$(GO) test -run='^$$' -bench=. -benchmem -count=$(BENCHCOUNT) -benchtime=$(BENCHTIME) ./... | tee bench.txt
	$(GO) tool benchstat bench.txt

lint:
	$(GO) vet ./...
	@unformatted=$$(gofmt -l .); \
	if [ -n "$$unformatted" ]; then echo "gofmt would reformat:"; echo "$$unformatted"; exit 1; fi
	$(GO) tool staticcheck ./...
	$(GO) tool -modfile=tools/go.mod buf lint
	@$(MAKE) --no-print-directory proto
	@git diff --exit-code --stat -- internal/link/linkv1 || { echo "generated protobuf code is stale: run make proto and commit"; exit 1; }

# proto regenerates the Go code of the message sets in proto/ (committed).
# buf and protoc-gen-go come from tools/go.mod, kept apart from the
# project's own dependencies.
proto:
	$(GO) tool -modfile=tools/go.mod buf generate

clean:
	rm -f jrmd bench.txt
