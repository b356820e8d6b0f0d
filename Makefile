# Thin wrapper over CMake.  `make` builds build/emu and the examples; `make run` sets up the
# machine, builds and runs the bundled example; `make test` runs every test.
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc)
# Tests of open work (tests/pending.txt) are left out of `make test`.
PENDING := $(shell sed -e 's/\#.*//' tests/pending.txt 2>/dev/null | awk 'NF {print $$1}' | paste -sd'|' -)
CTEST_EXCLUDE := $(if $(PENDING),-E '^($(PENDING))$$')

.PHONY: all build build-all deps run test test-release test-asan test-pending test-stress-long bench \
        clean format

all: build

# emu, libemu.a and the examples; the ~600 test programs are built by `make test`.
build:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) --target emu examples embed_whoami

build-all:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

deps:
	@sh scripts/deps.sh

run: deps build
	$(BUILD)/emu $(BUILD)/examples/hello emu

test: deps test-release
ifeq ($(CI),true)
	@$(MAKE) --no-print-directory test-asan
endif

test-release: build-all
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS) $(CTEST_EXCLUDE)

# The same suite under ASan and UBSan.
test-asan:
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DEMU_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	@cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS) $(CTEST_EXCLUDE)

# The stress family at 20 times the scale of `make test` (tests/stress/README.md).
test-stress-long: build
	@tests/stress/run_all.sh $(BUILD) 20

# The tests of open work, listed in tests/pending.txt.
test-pending: build-all
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -R '^($(PENDING))$$'

bench: deps build
	@sh bench/run.sh $(BUILD)/emu

format:
	@clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
