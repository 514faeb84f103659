# Kiln's two commands (see README.md):
#   make demo    install what is missing, configure, build, run the demo
#   make check   the same set-up, then every test (lit, then gtest via ctest)
# Other targets: build, bench, docs (regenerate op docs), fuzz (FUZZ_SECONDS=300), format, clean.

BUILD_DIR ?= build
LIT       ?= /usr/lib/llvm-19/build/utils/lit/lit.py
LIT_OPTS  ?= -sv
JOBS      ?= $(shell nproc)

.PHONY: all deps configure build check check-lit check-unit demo bench docs fuzz format clean

all: build

deps:
	@scripts/install-deps.sh

# Reconfiguring is cheap and keeps the build dir in step with CMakeLists.
configure: deps
	@mkdir -p $(BUILD_DIR)
	@cmake -G Ninja -S . -B $(BUILD_DIR) \
	  -DLLVM_EXTERNAL_LIT=$(LIT) > $(BUILD_DIR)/configure.log 2>&1 \
	  || (cat $(BUILD_DIR)/configure.log; exit 1)

build: configure
	@ninja -C $(BUILD_DIR) -j $(JOBS)

check-lit: build
	@OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE \
	  $(LIT) $(LIT_OPTS) -j $(JOBS) $(BUILD_DIR)/test

check-unit: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# lit first (its summary lists every failing test), then ctest, whose summary
# line ends the output; any failure stops make with a non-zero exit.
check: check-lit check-unit

demo: build
	@scripts/demo.sh $(BUILD_DIR)

bench: build
	@OPENBLAS_NUM_THREADS=1 $(BUILD_DIR)/bin/lut-tc-kernels
	@$(BUILD_DIR)/bin/dimm-pim-dram
	@$(BUILD_DIR)/bin/dimm-pim-attention
	@bench/import_vit_b16.sh $(BUILD_DIR)
	@echo
	@bench/host_vs_ort.sh $(BUILD_DIR) 10

FUZZ_SECONDS ?= 300
fuzz: deps
	@scripts/fuzz-kbin.sh $(FUZZ_SECONDS) $(BUILD_DIR)/fuzz

docs: build
	@cp $(BUILD_DIR)/docs/Dialects/OnnxOps.md docs/dialects/OnnxOps.md
	@cp $(BUILD_DIR)/docs/Dialects/LutOps.md docs/dialects/LutOps.md
	@cp $(BUILD_DIR)/docs/Dialects/SparseVitOps.md docs/dialects/SparseVitOps.md
	@cp $(BUILD_DIR)/docs/Dialects/PimOps.md docs/dialects/PimOps.md
	@mkdir -p docs/passes
	@cp $(BUILD_DIR)/docs/Passes/LutPasses.md docs/passes/LutPasses.md
	@cp $(BUILD_DIR)/docs/Passes/SparseVitPasses.md docs/passes/SparseVitPasses.md
	@cp $(BUILD_DIR)/docs/Passes/ConversionPasses.md docs/passes/ConversionPasses.md
	@echo "op and pass references under docs/dialects and docs/passes regenerated"

format:
	@git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)
