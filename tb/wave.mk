# SPDX-License-Identifier: Apache-2.0
# Timing diagrams of the docs, drawn by WaveDrom from real simulations (scripts/wave.py): each spec
# in docs/wavedrom/ names a scenario bench (tb/wave/) and the signals to show; `make diagrams`
# re-renders docs/img/<spec>.svg, and the test docs-diagrams-fresh fails when one is stale.
WAVE_SPECS := $(sort $(wildcard docs/wavedrom/*.json))

.PHONY: diagrams
diagrams: $(DEPS_STAMP) $(FILELISTS_MK)
	@$(VENV)/bin/python scripts/wave.py --build $(BUILD) --out docs/img $(WAVE_SPECS)

TEST_LISTS += tb/lists/docs.tsv
