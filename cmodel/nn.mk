# SPDX-License-Identifier: Apache-2.0
# libtasdnn (networks on the TASD IP: data, training, int8 inference, TASDER on accuracy), its
# tests (plain and ASan/UBSan) and the tasdnet tool. Included from cmodel/cmodel.mk.

NN_DIR := $(CM_DIR)/nn
NN_BUILD := $(BUILD)/cmodel/nn
NN_SRCS := $(sort $(wildcard $(NN_DIR)/src/*.c))
NN_HDRS := $(CM_HDRS) $(CM_DIR)/include/tasd_nn.h $(wildcard $(NN_DIR)/src/*.h)
NN_OBJS := $(patsubst $(NN_DIR)/src/%.c,$(NN_BUILD)/obj/%.o,$(NN_SRCS))
NN_SAN_OBJS := $(patsubst $(NN_DIR)/src/%.c,$(NN_BUILD)/san/%.o,$(NN_SRCS))
# OpenBLAS's own cblas.h (openblas_set_num_threads); Debian's libopenblas-dev.
NN_BLAS_INC := /usr/include/x86_64-linux-gnu/openblas-pthread
NN_CFLAGS := $(CM_CFLAGS) -I$(NN_DIR)/src -I$(NN_BLAS_INC)
NN_LIBS := -lopenblas $(CM_LIBS)

LIBTASDNN_A := $(NN_BUILD)/libtasdnn.a
LIBTASDNN_SAN_A := $(NN_BUILD)/libtasdnn-san.a

$(NN_BUILD)/obj/%.o: $(NN_DIR)/src/%.c $(NN_HDRS)
	@mkdir -p $(@D)
	$(CC) $(NN_CFLAGS) -c $< -o $@
$(NN_BUILD)/san/%.o: $(NN_DIR)/src/%.c $(NN_HDRS)
	@mkdir -p $(@D)
	$(CC) $(NN_CFLAGS) -O1 $(SAN_FLAGS) -c $< -o $@
$(LIBTASDNN_A): $(NN_OBJS)
	@rm -f $@
	ar rcs $@ $^
$(LIBTASDNN_SAN_A): $(NN_SAN_OBJS)
	@rm -f $@
	ar rcs $@ $^

# Tests: one binary per cmodel/nn/tests/test_*.c (sharing cmodel/tests/testutil.c), plain and sanitized.
NN_TEST_SRCS := $(sort $(wildcard $(NN_DIR)/tests/test_*.c))
NN_TEST_BINS := $(patsubst $(NN_DIR)/tests/%.c,$(NN_BUILD)/tests/%,$(NN_TEST_SRCS))
NN_TEST_SAN_BINS := $(patsubst $(NN_DIR)/tests/%.c,$(NN_BUILD)/tests-san/%,$(NN_TEST_SRCS))
NN_TEST_DEPS := $(CM_TEST_COMMON) $(wildcard $(CM_DIR)/tests/*.h) $(wildcard $(NN_DIR)/tests/*.h)
$(NN_BUILD)/tests/%: $(NN_DIR)/tests/%.c $(NN_TEST_DEPS) $(LIBTASDNN_A) $(LIBTASD_A)
	@mkdir -p $(@D)
	$(CC) $(NN_CFLAGS) -I$(CM_DIR)/tests -o $@ $< $(CM_TEST_COMMON) $(LIBTASDNN_A) $(LIBTASD_A) $(NN_LIBS)
$(NN_BUILD)/tests-san/%: $(NN_DIR)/tests/%.c $(NN_TEST_DEPS) $(LIBTASDNN_SAN_A) $(LIBTASD_SAN_A)
	@mkdir -p $(@D)
	$(CC) $(NN_CFLAGS) -O1 $(SAN_FLAGS) -I$(CM_DIR)/tests -o $@ $< $(CM_TEST_COMMON) $(LIBTASDNN_SAN_A) $(LIBTASD_SAN_A) $(NN_LIBS)

# tasdnet: train / quantize / TASDER / report / RTL runs of networks (cmodel/nn/tool/).
TASDNET_BIN := $(BUILD)/bin/tasdnet
NN_TOOL_SRCS := $(sort $(wildcard $(NN_DIR)/tool/*.c))
ifneq ($(NN_TOOL_SRCS),)
$(TASDNET_BIN): $(NN_TOOL_SRCS) $(wildcard $(NN_DIR)/tool/*.h) $(LIBTASDNN_A) $(LIBTASD_A)
	@mkdir -p $(@D)
	$(CC) $(NN_CFLAGS) -I$(NN_DIR)/tool -o $@ $(NN_TOOL_SRCS) $(LIBTASDNN_A) $(LIBTASD_A) $(NN_LIBS)
NN_TOOL := $(TASDNET_BIN)
endif

.PHONY: nn nn-tests
nn: $(if $(NN_SRCS),$(LIBTASDNN_A)) $(NN_TOOL)
nn-tests: $(NN_TEST_BINS) $(NN_TEST_SAN_BINS)

BUILD_TARGETS += nn nn-tests
TEST_PREREQS += nn nn-tests
TEST_LISTS += tb/lists/nn.tsv

# ---- main job and the full network table ------------------------------------------------------
# The default tile's Verilator build (tb/tile.mk) runs the networks' layers (Vtile jobs).
NN_VTILE := $(BUILD)/tile/tile/Vtile
NN_OUT := $(BUILD)/nn
# Main job: the MLP trained (or read from $(NN_OUT)/models), TASDER on TTC-VEGETA-M8 with the
# four methods, the mixed choice and the dense network on 200 test images through the RTL tile.
NN_MAIN_ARGS ?= --recipe mlp --target TTC-VEGETA-M8 --method all --rtl-method mixed --rtl-images 200
.PHONY: main-nn networks
main-nn: $(TASDNET_BIN) $(NN_VTILE)
	@mkdir -p $(NN_OUT) && rm -f $(NN_OUT)/main.csv
	@$(TASDNET_BIN) run $(NN_MAIN_ARGS) --cache $(NN_OUT)/models --rtl $(NN_VTILE) \
	  --rtl-dir $(NN_OUT)/main-rtl --csv $(NN_OUT)/main.csv --label main
MAIN_STEPS += main-nn
MAIN_PREREQS += $(TASDNET_BIN) $(NN_VTILE)

# `make networks`: every recipe and pruning level of cmodel/nn/models/recipes.tsv, every method
# and target, on the 10,000 test images -> $(NN_OUT)/networks.csv, networks.md, networks.png;
# the chosen TTC-VEGETA-M8 configuration of each model also on 200 images through the RTL tile.
networks: $(DEPS_STAMP) $(TASDNET_BIN) $(NN_VTILE)
	@bash scripts/networks.sh $(TASDNET_BIN) $(NN_VTILE) $(NN_OUT)
BENCH_STEPS += networks
