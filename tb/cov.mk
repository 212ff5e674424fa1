# SPDX-License-Identifier: Apache-2.0
# Code coverage (issue 12): Verilator line, branch and toggle coverage of rtl/, merged over a subset of the regression.
#
# Coverage builds: the rules of tb/unit.mk, tb/tile.mk (tile and PE) and tb/skid.mk with
# $(COV_VFLAGS) added, one per sim row of rtl/configs.tsv, in $(COV_BUILD)/<ip>/<name>/V* (the unit
# models seeded from their own runtime, $(COV_BUILD)/unit/_runtime). The harnesses write their
# counters to $TASD_COVFILE (tb/common/tasd_tb_cov.h).
#
# make coverage:
#   1. the tests named by $(COV_LIST) (rows of the test lists, seeds overridable) are expanded by
#      scripts/runtests.py with --build $(COV_BUILD), so each {build}/<ip>/<name>/V* becomes the
#      coverage build; exactly those builds are made;
#   2. the tests run (runtests -j $(COV_JOBS)), each with TASD_COVFILE=$(COV_BUILD)/dat/<tag>.dat
#      (and its <tag>.dat.reset, the counts up to the end of the first reset); logs in
#      $(COV_BUILD)/tests/; a failing test fails the target;
#   3. tb/common/cov_report.sh merges the .dat files (verilator_coverage --write merged.dat),
#      writes merged.info (--write-info, rtl/ only), the HTML report $(COV_BUILD)/html/ (genhtml),
#      the per-file table $(COV_BUILD)/summary.txt and the list of what is not hit, missed.txt
#      (tb/common/cov_summary.py), and prints the table;
#   4. the unit and tile harness runs also write their functional coverage bins to $(COV_BUILD)/funcov/
#      (TASD_FUNCOV_DIR); tb/common/funcov_report.py merges them into $(COV_BUILD)/funcov.txt
#      (every bin with its count) and fails when a bin was never hit.
# docs/verification.md ("Coverage") has the definitions, the measured table and the wall time.
COV_BUILD := $(BUILD)/cov
COV_VFLAGS := --coverage-line --coverage-toggle
# The coverage code makes the models 3-9 times larger (a small tile: 212 k lines of C++); -O0
# halves their compile time, and the runs stay short.
COV_OPT := OPT_FAST=-O0
COV_LIST := tb/lists/coverage.tsv
COV_JOBS ?= $(JOBS)

$(eval $(call UNIT_RT_RULE,$(COV_BUILD)/unit/_runtime,$(COV_VFLAGS)))
$(foreach c,$(UNIT_CFGS),$(eval $(call UNIT_MODEL_RULE,$(c),$(COV_BUILD)/unit,$(COV_VFLAGS),$(COV_OPT))))
# (a later -MAKEFLAGS adds to the one in the rule's base flags; the last OPT_FAST wins)
COV_VBUILD := $(COV_VFLAGS) -MAKEFLAGS "$(COV_OPT)"
$(foreach c,$(TILE_CFGS),$(eval $(call TILE_MODEL_RULE,$(c),$(c),$(TILE_VFLAGS) $(COV_VBUILD),,$(COV_BUILD)/tile)))
$(foreach c,$(PE_CFGS),$(eval $(call PE_MODEL_RULE,$(c),$(COV_BUILD)/pe,$(COV_VBUILD))))
$(foreach c,$(SKID_CFGS),$(eval $(call SKID_MODEL_RULE,$(c),$(c),$(SKID_RTL),$(SKID_VFLAGS) $(COV_VBUILD),$(COV_BUILD)/skid)))

# The selection through the runner: every list make test runs, only the rows $(COV_LIST) names.
COV_RUN = $(PYTHON) scripts/runtests.py --build $(COV_BUILD) --select $(COV_LIST) $(TEST_LISTS)

.PHONY: coverage
coverage: $(DEPS_STAMP)
	@rm -rf $(COV_BUILD)/dat $(COV_BUILD)/tests $(COV_BUILD)/funcov && mkdir -p $(COV_BUILD)/dat $(COV_BUILD)/funcov \
	  && date +%s > $(COV_BUILD)/.start
	@$(COV_RUN) --list > $(COV_BUILD)/runs.txt
	@grep -oE '$(COV_BUILD)/(unit|tile|pe|skid)/[A-Za-z0-9_]+/V[a-z]+' $(COV_BUILD)/runs.txt | sort -u > $(COV_BUILD)/models.txt
	@test -s $(COV_BUILD)/models.txt || { echo "coverage: $(COV_LIST) selects no test that runs a coverage build"; exit 2; }
	@echo "coverage: $$(wc -l < $(COV_BUILD)/runs.txt) runs on $$(wc -l < $(COV_BUILD)/models.txt) coverage builds ($(COV_LIST))"
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
	  echo "coverage: commit $$(git rev-parse --short HEAD), work tree: $$(git status --porcelain | wc -l) paths changed or untracked"; fi; \
	echo "coverage: rtl/*.sv sha256 $$(cat rtl/*.sv | sha256sum | cut -c1-12)"
	@$(MAKE) --no-print-directory TASD_DEPS_CHECKED=1 -j $(JOBS) $$(cat $(COV_BUILD)/models.txt)
	@$(COV_RUN) -j $(COV_JOBS) --env 'TASD_COVFILE={build}/dat/{tag}.dat' --env 'TASD_FUNCOV_DIR={build}/funcov'
	@bash tb/common/cov_report.sh $(COV_BUILD) $(COV_BUILD)/dat $$(sort -u $(BUILD)/gen/filelists/*.f)
	@$(PYTHON) tb/common/funcov_report.py --out $(COV_BUILD)/funcov.txt $(COV_BUILD)/funcov | tail -1
	@echo "coverage: wall time $$(( $$(date +%s) - $$(cat $(COV_BUILD)/.start) )) s (builds, runs and report)"

# The coverage flow's own test (tb/lists/docs.tsv, coverage-selftest) runs the skid_w8 coverage build.
TEST_PREREQS += $(COV_BUILD)/skid/skid_w8/Vskid
