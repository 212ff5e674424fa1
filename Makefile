# SPDX-License-Identifier: Apache-2.0
# Top-level build: `make` runs the main job on the default configuration, `make test` the tests.
#
# Each area owns a fragment that appends to these lists:
#   BUILD_TARGETS  files/targets built by `make build` (and before tests)
#   MAIN_STEPS     phony steps of the main job, run in include order by `make`
#   MAIN_PREREQS   what the main job needs built (in parallel, before its steps run)
#   TEST_LISTS     test lists (tab-separated data, see scripts/runtests.py)
#   TEST_PREREQS   what must be built before the test runner starts
#   BENCH_STEPS    phony steps of `make bench`
#   SYNTH_STEPS    phony steps of `make synth`

SHELL := /bin/bash
.DEFAULT_GOAL := all
BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
PYTHON ?= python3

CC ?= cc
CXX ?= c++
WARN := -Wall -Wextra -Werror
CFLAGS_COMMON := -std=c11 -O2 -g $(WARN) -D_POSIX_C_SOURCE=200809L
CXXFLAGS_COMMON := -std=c++17 -O2 -g -Wall -Wextra

BUILD_TARGETS :=
MAIN_STEPS :=
MAIN_PREREQS :=
TEST_LISTS :=
TEST_PREREQS :=
BENCH_STEPS :=
SYNTH_STEPS :=

# Checks the needed tools on every `make`, `make test`, `make bench`, `make synth`, `make sweep`,
# `make fuzz` (scripts/deps.sh is quick and silent when nothing is missing), so a tool removed
# after the first build is noticed; missing Debian packages are installed (root) or named.
# The stamp only records the last successful check. Recursive calls below pass
# TASD_DEPS_CHECKED=1 so one `make` checks once.
DEPS_STAMP := $(BUILD)/.deps-ok
.PHONY: deps-force
$(DEPS_STAMP): deps-force
	@mkdir -p $(BUILD)
	$(if $(TASD_DEPS_CHECKED),,@TASD_BUILD=$(BUILD) bash scripts/deps.sh)
	@touch $@

.PHONY: deps
deps:
	@TASD_BUILD=$(BUILD) bash scripts/deps.sh && mkdir -p $(BUILD) && touch $(DEPS_STAMP)

# ---- RTL file lists: generated from the FuseSoC cores (rtl/*.core) by fusesoc itself ----
# $(FILELISTS_MK) defines FL_<core> (FL_UNIT, FL_TTC_TILE, ...) for the fragments below and writes
# $(BUILD)/gen/filelists/<core>.f for the scripts; no flow lists RTL files by hand. Make remakes
# it (and restarts) whenever a core file changes.
VENV := $(BUILD)/venv
CORES := $(sort $(wildcard rtl/*.core))
FILELISTS_MK := $(BUILD)/gen/filelists.mk
$(FILELISTS_MK): $(CORES) scripts/filelist.py | $(DEPS_STAMP)
	@$(VENV)/bin/python scripts/filelist.py --build $(BUILD) $(CORES)
.PHONY: filelists
filelists: $(FILELISTS_MK)
TEST_LISTS += tb/lists/fusesoc.tsv
ifneq ($(filter-out clean deps,$(or $(MAKECMDGOALS),all)),)
include $(FILELISTS_MK)
endif

# ---- Named configurations: the one table rtl/configs.tsv (scripts/configs.py) ----
# $(CONFIGS_MK) defines CFG_<flow>_<ip> (names) and per name CFG_<name>_TOP/_GFLAGS/_DFLAGS/_P_<Param>,
# each resolved against the RTL's parameter defaults; remade when the table or the RTL changes.
CONFIGS_MK := $(BUILD)/gen/configs.mk
$(CONFIGS_MK): rtl/configs.tsv scripts/configs.py $(wildcard rtl/*.sv)
	@$(PYTHON) scripts/configs.py mk $@
.PHONY: configs
configs: $(CONFIGS_MK)
ifneq ($(filter-out clean deps,$(or $(MAKECMDGOALS),all)),)
include $(CONFIGS_MK)
endif

# ---- Mutants: the one table of planted RTL bugs, tb/mutants.tsv (tb/common/mutate.py) ----
# A mutant copy depends on its RTL file (the rule's own prerequisite) and on the table and tool.
MUTANT_DEPS := tb/mutants.tsv tb/common/mutate.py

# `make install` (cmodel/cmodel.mk) also installs the IP: every core and the RTL files they list,
# side by side as in rtl/, in $(DATADIR)/tasd/rtl, so another project's cores can depend on them
# (fusesoc --cores-root $(DATADIR)/tasd/rtl).
DATADIR ?= $(PREFIX)/share
.PHONY: install-rtl
install-rtl: $(FILELISTS_MK)
	install -d $(DESTDIR)$(DATADIR)/tasd/rtl
	install -m 644 $(CORES) $$(sort -u $(BUILD)/gen/filelists/*.f) $(DESTDIR)$(DATADIR)/tasd/rtl/
install: install-rtl

include cmodel/cmodel.mk
-include tb/unit.mk
-include tb/tile.mk
-include tb/formal.mk
-include tb/wave.mk
-include tb/skid.mk
-include tb/soak.mk
-include tb/cov.mk
-include synth/synth.mk

.PHONY: all build main test regress bench synth clean
# `make` builds only what the main job needs (`make build` builds everything).
all: $(DEPS_STAMP)
	@$(MAKE) --no-print-directory TASD_DEPS_CHECKED=1 -j $(JOBS) main-prereqs
	@$(MAKE) --no-print-directory TASD_DEPS_CHECKED=1 main

build: $(DEPS_STAMP) $(BUILD_TARGETS)

main: $(MAIN_STEPS)

.PHONY: main-prereqs
main-prereqs: $(MAIN_PREREQS)

# SEEDS=N replaces every seeded test's seeds by 1..N; SHARD=I/N runs one shard; FILTER=regex.
SEEDS ?= 0
SHARD ?= 0/1
FILTER ?=
test: $(DEPS_STAMP)
	@$(MAKE) --no-print-directory TASD_DEPS_CHECKED=1 -j $(JOBS) $(TEST_PREREQS)
	@$(PYTHON) scripts/runtests.py -j $(JOBS) --build $(BUILD) --shard $(SHARD) --junit $(BUILD)/tests/junit.xml \
	  $(if $(FILTER),--filter '$(FILTER)') $(if $(filter-out 0,$(SEEDS)),--seeds $(SEEDS)) $(TEST_LISTS)

regress: $(DEPS_STAMP)
	@test "$(SEEDS)" != 0 || { echo "regress: give SEEDS=N (e.g. make regress SEEDS=50)"; exit 2; }
	@$(MAKE) --no-print-directory TASD_DEPS_CHECKED=1 test SEEDS=$(SEEDS)

bench: $(DEPS_STAMP)
	@$(MAKE) --no-print-directory TASD_DEPS_CHECKED=1 $(BENCH_STEPS)

synth: $(DEPS_STAMP)
	@$(MAKE) --no-print-directory TASD_DEPS_CHECKED=1 $(SYNTH_STEPS)

clean:
	rm -rf $(BUILD)
