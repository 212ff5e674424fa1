# SPDX-License-Identifier: Apache-2.0
# The tasd CLI, the synthetic sweep with plots, libFuzzer targets and the C model benchmark.
# Included from cmodel/cmodel.mk (uses CM_* and LIBTASD_* from there).

TOOLS_BUILD := $(BUILD)/cmodel
TASD_BIN := $(BUILD)/bin/tasd
CLI_SRCS := $(sort $(wildcard $(CM_DIR)/cli/*.c))
CLI_HDRS := $(wildcard $(CM_DIR)/cli/*.h)
CLI_OBJS := $(patsubst $(CM_DIR)/cli/%.c,$(TOOLS_BUILD)/cli/%.o,$(CLI_SRCS))
CLI_CFLAGS := $(CM_CFLAGS) -I$(CM_DIR)/cli

$(TOOLS_BUILD)/cli/%.o: $(CM_DIR)/cli/%.c $(CLI_HDRS) $(CM_DIR)/include/tasd.h
	@mkdir -p $(@D)
	$(CC) $(CLI_CFLAGS) -c $< -o $@
$(TASD_BIN): $(CLI_OBJS) $(LIBTASD_A)
	@mkdir -p $(@D)
	$(CC) -o $@ $(CLI_OBJS) $(LIBTASD_A) $(CM_LIBS)

# The CLI again with ASan/UBSan, for the CLI tests.
TASD_SAN_BIN := $(TOOLS_BUILD)/san-bin/tasd
$(TASD_SAN_BIN): $(CLI_SRCS) $(CLI_HDRS) $(LIBTASD_SAN_A)
	@mkdir -p $(@D)
	$(CC) $(CLI_CFLAGS) -O1 $(SAN_FLAGS) -o $@ $(CLI_SRCS) $(LIBTASD_SAN_A) $(CM_LIBS)

.PHONY: tasd-cli demo main-cmodel sweep
tasd-cli: $(TASD_BIN)
# `make install` (cmodel/cmodel.mk) also installs the CLI into $(BINDIR).
install: $(TASD_BIN)

# `make demo`: the paper's worked example + a random GEMM, checked.
demo main-cmodel: $(TASD_BIN)
	@$(TASD_BIN) demo

# Synthetic study (paper section 3.2): CSVs from the model, PNGs from gnuplot.
SWEEP_DIR := $(BUILD)/sweep
SWEEP_ARGS ?=
sweep: $(DEPS_STAMP) $(TASD_BIN)
	@$(TASD_BIN) sweep -o $(SWEEP_DIR) $(SWEEP_ARGS)
	@gnuplot -e "dir='$(SWEEP_DIR)'" scripts/sweep.gp
	@echo "sweep: plots in $(SWEEP_DIR)/fig5.png $(SWEEP_DIR)/fig6.png"

# ---- fuzzing (clang + libFuzzer) -------------------------------------------------------------
FUZZ_CC ?= clang
# make fuzz: FUZZ_RUNS executions per target (libFuzzer -runs, default 10^7), or FUZZ_TIME seconds
# per target (-max_total_time) when only that is given; with both, whichever comes first.
FUZZ_TIME ?=
FUZZ_RUNS ?= $(if $(FUZZ_TIME),,10000000)
FUZZ_COMMA := ,
FUZZ_LIMIT = $(if $(FUZZ_RUNS),runs=$(FUZZ_RUNS))$(if $(FUZZ_RUNS),$(if $(FUZZ_TIME),$(FUZZ_COMMA)))$(if $(FUZZ_TIME),time=$(FUZZ_TIME))
FUZZ_BUILD := $(TOOLS_BUILD)/fuzz
FUZZ_TARGETS := npy series decompose idx npz
FUZZ_FLAGS := -std=c11 -O1 -g $(WARN) -D_POSIX_C_SOURCE=200809L -I$(CM_DIR)/include -I$(CM_DIR)/src \
  -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_LIB_OBJS := $(patsubst $(CM_DIR)/src/%.c,$(FUZZ_BUILD)/obj/%.o,$(CM_SRCS))
$(FUZZ_BUILD)/obj/%.o: $(CM_DIR)/src/%.c $(CM_HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -c $< -o $@
FUZZ_HDRS := $(wildcard $(CM_DIR)/fuzz/*.h)
$(FUZZ_BUILD)/fuzz_%: $(CM_DIR)/fuzz/fuzz_%.c $(FUZZ_HDRS) $(FUZZ_LIB_OBJS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB_OBJS) $(CM_LIBS)
# Plain replay driver (gcc, ASan/UBSan, no libFuzzer): runs the fuzz targets over given files.
$(FUZZ_BUILD)/replay_%: $(CM_DIR)/fuzz/fuzz_%.c $(CM_DIR)/fuzz/replay.c $(FUZZ_HDRS) $(LIBTASD_SAN_A)
	@mkdir -p $(@D)
	$(CC) $(CM_CFLAGS) -O1 $(SAN_FLAGS) -o $@ $(CM_DIR)/fuzz/replay.c $< $(LIBTASD_SAN_A) $(CM_LIBS)

FUZZ_BINS := $(addprefix $(FUZZ_BUILD)/fuzz_,$(FUZZ_TARGETS))
FUZZ_REPLAY_BINS := $(addprefix $(FUZZ_BUILD)/replay_,$(FUZZ_TARGETS))
.SECONDARY: $(FUZZ_LIB_OBJS)
.PHONY: fuzz fuzz-build fuzz-adopt
fuzz-build: $(FUZZ_BINS) $(FUZZ_REPLAY_BINS)
# make fuzz [FUZZ_RUNS=N] [FUZZ_TIME=S] [FUZZ_TARGETS="npy idx"]: each target in turn, from its seed
# corpus plus the kept corpus $(FUZZ_BUILD)/corpus/<target>/ (grown by every run), then a summary;
# fails if any target failed. Failure inputs land in $(FUZZ_BUILD)/crashes/<target>/;
# make fuzz-adopt copies them to cmodel/fuzz/regressions/<target>/ (replayed by make test).
fuzz: $(DEPS_STAMP) fuzz-build
	@bash $(CM_DIR)/fuzz/campaign.sh run $(FUZZ_BUILD) $(FUZZ_LIMIT) $(FUZZ_TARGETS)
fuzz-adopt:
	@bash $(CM_DIR)/fuzz/campaign.sh adopt $(FUZZ_BUILD) $(FUZZ_TARGETS)

# ---- benchmark --------------------------------------------------------------------------------
BENCH_BIN := $(TOOLS_BUILD)/bench/bench_cmodel
$(BENCH_BIN): $(CM_DIR)/bench/bench_cmodel.c $(CLI_HDRS) $(LIBTASD_A)
	@mkdir -p $(@D)
	$(CC) $(CLI_CFLAGS) -o $@ $< $(CM_DIR)/cli/util.c $(LIBTASD_A) $(CM_LIBS)
.PHONY: bench-cmodel
bench-cmodel: $(BENCH_BIN)
	@mkdir -p $(BUILD)/bench
	@$(BENCH_BIN) $(BUILD)/bench/cmodel.csv

BUILD_TARGETS += $(TASD_BIN) $(BENCH_BIN)
TEST_LISTS += tb/lists/cmodel_tools.tsv
TEST_PREREQS += $(TASD_BIN) $(TASD_SAN_BIN) $(FUZZ_BINS) $(FUZZ_REPLAY_BINS) $(BENCH_BIN)
BENCH_STEPS += bench-cmodel
