# Growloop: the two commands are `make run` and `make test`.
SHELL := /bin/bash
BUILD_TYPE ?= Release
BUILD ?= build/release
ASAN_BUILD ?= build/asan
PORT ?= 8080
DATA_DIR ?= data
DEMO_FILE ?= $(BUILD)/demo/events.csv
DEMO_USERS ?= 10000
DEMO_DAYS ?= 30
JOBS ?= $(shell nproc)

.PHONY: all deps build console run test compat-deps asan-test bench bench-ingest bench-query bench-capture bench-store bench-identity demo-data clean format

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD)/build.ninja:
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) > $(BUILD).cmake.log 2>&1 || \
	  { mkdir -p $(BUILD); cat $(BUILD).cmake.log; exit 1; }

build: deps
	@mkdir -p $(dir $(BUILD))
	@$(MAKE) --no-print-directory $(BUILD)/build.ninja
	@ninja -C $(BUILD) -j $(JOBS) --quiet
	@$(MAKE) --no-print-directory console

# The web console (web/: Vite + React + ECharts), built into $(BUILD)/console beside the binary,
# which serves it at /. Its npm packages are installed exactly as locked when node_modules is
# missing or older than package-lock.json; it is rebuilt when a source is newer than the build.
# Without npm the server runs without the console.
WEB_DIR := web
CONSOLE_OUT := $(abspath $(BUILD))/console
console:
	@if ! command -v npm > /dev/null; then \
	  echo "console: npm is not installed; the server will run without the web console"; \
	else \
	  mkdir -p build; \
	  if [ ! -d $(WEB_DIR)/node_modules ] || \
	     [ $(WEB_DIR)/package-lock.json -nt $(WEB_DIR)/node_modules/.package-lock.json ]; then \
	    echo "installing the console's npm packages ($(WEB_DIR): npm ci)"; \
	    (cd $(WEB_DIR) && npm ci --no-audit --no-fund --loglevel=error) > build/web-npm.log 2>&1 || \
	      { cat build/web-npm.log; exit 1; }; \
	  fi; \
	  if [ ! -f $(CONSOLE_OUT)/index.html ] || [ -n "$$(find $(WEB_DIR)/src $(WEB_DIR)/public \
	       $(WEB_DIR)/index.html $(WEB_DIR)/vite.config.js $(WEB_DIR)/package-lock.json \
	       -newer $(CONSOLE_OUT)/index.html -print -quit)" ]; then \
	    echo "building the web console into $(CONSOLE_OUT)"; \
	    (cd $(WEB_DIR) && npm run --silent build -- --outDir $(CONSOLE_OUT) --emptyOutDir) \
	      > build/web-build.log 2>&1 || { cat build/web-build.log; exit 1; }; \
	  fi; \
	fi

# Loads the demo data set once (kept in $(DATA_DIR)), then serves it and the console.
run: build
	@if [ ! -f $(DATA_DIR)/.demo-loaded ]; then \
	  mkdir -p $(dir $(DEMO_FILE)); \
	  echo "creating the demo data set ($(DEMO_USERS) persons, $(DEMO_DAYS) days)"; \
	  $(BUILD)/growloop demo-data --out $(DEMO_FILE) --users $(DEMO_USERS) --days $(DEMO_DAYS) && \
	  $(BUILD)/growloop import --data-dir $(DATA_DIR) $(DEMO_FILE) && \
	  $(BUILD)/growloop dashboard save --data-dir $(DATA_DIR) --file examples/dashboard-daily.json && \
	  touch $(DATA_DIR)/.demo-loaded; \
	fi
	@$(BUILD)/growloop serve --data-dir $(DATA_DIR) --port $(PORT)

demo-data: build
	@mkdir -p $(dir $(DEMO_FILE))
	@$(BUILD)/growloop demo-data --out $(DEMO_FILE) --users $(DEMO_USERS) --days $(DEMO_DAYS)

# Every test: unit and integration tests on the release build, then the unit tests again
# built with AddressSanitizer and UndefinedBehaviorSanitizer, then every fuzz target for a
# bounded time (clang's libFuzzer).
test: build compat-deps
	@bash scripts/install-deps.sh --test
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	@$(MAKE) --no-print-directory asan-test
	@$(MAKE) --no-print-directory fuzz-test

# The npm packages of the SDK compatibility test (tests/compat), installed exactly as locked when
# node_modules is missing or older than package-lock.json. Without npm the test is skipped.
COMPAT_DIR := tests/compat
compat-deps:
	@if ! command -v npm > /dev/null; then \
	  echo "compat-deps: npm is not installed; the SDK compatibility test will be skipped"; \
	elif [ ! -d $(COMPAT_DIR)/node_modules ] || \
	     [ $(COMPAT_DIR)/package-lock.json -nt $(COMPAT_DIR)/node_modules/.package-lock.json ]; then \
	  mkdir -p build; \
	  echo "installing the SDK packages of $(COMPAT_DIR) (npm ci)"; \
	  (cd $(COMPAT_DIR) && npm ci --no-audit --no-fund --loglevel=error) > build/compat-npm.log 2>&1 || \
	    { cat build/compat-npm.log; exit 1; }; \
	fi

asan-test: deps
	@mkdir -p build
	@[ -f $(ASAN_BUILD)/build.ninja ] || cmake -S . -B $(ASAN_BUILD) -G Ninja \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGROWLOOP_SANITIZE=ON > $(ASAN_BUILD).cmake.log 2>&1 || \
	  { cat $(ASAN_BUILD).cmake.log; exit 1; }
	@ninja -C $(ASAN_BUILD) -j $(JOBS) --quiet growloop_tests
	@cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS) -L unit

# Every fuzz target of tests/fuzz (libFuzzer, clang) for FUZZ_SECONDS each over a copy of its
# seed corpus, after replaying the saved crash inputs; see tests/fuzz/README.md.
FUZZ_BUILD ?= build/fuzz
FUZZ_SECONDS ?= 10
FUZZ_TARGETS ?=
.PHONY: fuzz-test
fuzz-test: deps
	@command -v clang++ > /dev/null || \
	  { echo "fuzz-test needs clang: apt-get install clang-14 libclang-rt-14-dev"; exit 1; }
	@mkdir -p build
	@[ -f $(FUZZ_BUILD)/build.ninja ] || CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -G Ninja \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGROWLOOP_FUZZ=ON -DGROWLOOP_BUILD_TESTS=OFF \
	  -DCMAKE_CXX_COMPILER_LAUNCHER=ccache > $(FUZZ_BUILD).cmake.log 2>&1 || \
	  { cat $(FUZZ_BUILD).cmake.log; exit 1; }
	@ninja -C $(FUZZ_BUILD) -j $(JOBS) --quiet
	@bash tests/fuzz/run_fuzzers.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

bench: bench-ingest

# Bulk import against ClickHouse and DuckDB in the same run (installs the peers first).
bench-ingest: build
	@bash bench/ingest/setup_peers.sh
	@mkdir -p build/bench
	@python3 bench/ingest/run_ingest_bench.py --growloop $(BUILD)/growloop \
	  --out build/bench/ingest.json --md build/bench/ingest.md

# The five questions of the query engine against ClickHouse, DuckDB, PostgreSQL and pandas in
# the same run, on the same file (installs the peers first; see bench/query/README.md).
bench-query: build
	@bash bench/query/setup_peers.sh
	@mkdir -p build/bench
	@python3 bench/query/run_query_bench.py --growloop $(BUILD)/growloop \
	  --out build/bench/query.json --md build/bench/query.md

# Sustained HTTP capture over loopback (server and load generator share the cores).
bench-capture: build
	@ninja -C $(BUILD) --quiet growloop_capture_load
	@python3 bench/capture/run_capture_bench.py --growloop $(BUILD)/growloop \
	  --load $(BUILD)/growloop_capture_load --out build/bench/capture.json --md build/bench/capture.md

# The store's write path alone (no parsing), for profiling.
bench-store: build
	@$(BUILD)/growloop_store_bench 5000000

# The identity map alone: memory per distinct id, lookups/s, merges/s (1M persons, 1.5M ids).
bench-identity: deps
	@mkdir -p $(dir $(BUILD))
	@$(MAKE) --no-print-directory $(BUILD)/build.ninja
	@ninja -C $(BUILD) -j $(JOBS) --quiet growloop_identity_bench
	@$(BUILD)/growloop_identity_bench

format:
	@clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	@rm -rf build
