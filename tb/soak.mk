# SPDX-License-Identifier: Apache-2.0
# Soak (issue 12): tb/lists/soak.tsv through scripts/runtests.py: >= 1e8 TASD-unit blocks and
# >= 1e4 random tile jobs over every unit and tile row of rtl/configs.tsv with the soak flow (a row
# soak-<name> of the list each), one harness run per seed. Not part of `make test` (the list is not in TEST_LISTS).
#   make soak                   the whole list (docs/verification.md: what runs, time on 2 cores)
#   make soak SOAK_SHARD=I/N    one shard: runtests --shard I/N (run i of the list in shard i mod N)
#   make soak SOAK_SCALE=0.01   every run's +blocks/+gemms times 0.01 (quick check; any x > 0)
#   SOAK_JOBS=N                 runs in parallel (default $(JOBS))
# The end: one row per configuration (runs, failures, time, blocks/GEMMs/jobs the harnesses report
# having checked), the totals, wall time, `N passed, N failed, N skipped`. The whole list at
# SOAK_SCALE=1 also fails unless blocks_compared >= SOAK_MIN_BLOCKS and tile_jobs >= SOAK_MIN_JOBS.
SOAK_LIST := tb/lists/soak.tsv
SOAK_SHARD ?= 0/1
SOAK_SCALE ?= 1
SOAK_JOBS ?= $(JOBS)
SOAK_MIN_BLOCKS ?= 100000000
SOAK_MIN_JOBS ?= 10000
# Only the co-simulation models (not the tile mutants / job generator of tile-models).
SOAK_CFGS := $(CFG_soak_unit) $(CFG_soak_tile)
SOAK_MODELS := $(foreach c,$(CFG_soak_unit),$(UNIT_BUILD)/$(c)/Vdut) $(foreach c,$(CFG_soak_tile),$(TILE_BUILD)/$(c)/Vtile)
SOAK_FULL := $(and $(filter 1,$(SOAK_SCALE)),$(filter 0/1,$(SOAK_SHARD)))

.PHONY: soak
soak: $(DEPS_STAMP)
	@for r in $(addprefix soak-,$(SOAK_CFGS)); do \
	  awk -F'\t' -v r=$$r '$$1 == r { f = 1 } END { exit !f }' $(SOAK_LIST) \
	    || { echo "soak: $(SOAK_LIST) has no row $$r (rtl/configs.tsv gives $${r#soak-} the soak flow)"; exit 2; }; \
	done
	@for r in $$(awk -F'\t' '/^soak-/ { print $$1 }' $(SOAK_LIST)); do \
	  case " $(addprefix soak-,$(SOAK_CFGS)) " in *" $$r "*) ;; \
	    *) echo "soak: row $$r of $(SOAK_LIST) names no row of rtl/configs.tsv with the soak flow"; exit 2;; esac; \
	done
	@$(MAKE) --no-print-directory TASD_DEPS_CHECKED=1 -j $(JOBS) $(SOAK_MODELS)
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
	  echo "soak: commit $$(git rev-parse --short HEAD), work tree: $$(git status --porcelain | wc -l) paths changed or untracked"; \
	else echo "soak: not a git checkout"; fi
	@echo "soak: rtl/*.sv sha256 $$(cat rtl/*.sv | sha256sum | cut -c1-12); shard $(SOAK_SHARD), scale $(SOAK_SCALE), -j $(SOAK_JOBS)"
	@SOAK_SCALE=$(SOAK_SCALE) $(PYTHON) scripts/runtests.py -j $(SOAK_JOBS) --build $(BUILD) \
	  --shard $(SOAK_SHARD) --by-test \
	  $(if $(SOAK_FULL),--min-metric blocks_compared=$(SOAK_MIN_BLOCKS) --min-metric tile_jobs=$(SOAK_MIN_JOBS)) \
	  $(SOAK_LIST)
