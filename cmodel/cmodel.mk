# SPDX-License-Identifier: Apache-2.0
# libtasd (static, shared, pkg-config), its unit tests (plain and ASan/UBSan) and the tasd CLI.

CM_DIR := cmodel
CM_BUILD := $(BUILD)/cmodel
CM_SRCS := $(sort $(wildcard $(CM_DIR)/src/*.c))
# Installed headers: tasd.h and the parts of it in include/tasd/ that it #includes (other
# headers there, e.g. tasd_nn.h's parts, belong to libraries that are not installed).
CM_PUB_SUBHDRS := $(addprefix $(CM_DIR)/include/,$(shell sed -n 's/^\#include "\(tasd\/[^"]*\)".*/\1/p' $(CM_DIR)/include/tasd.h))
CM_HDRS := $(CM_DIR)/include/tasd.h $(wildcard $(CM_DIR)/include/tasd/*.h) $(wildcard $(CM_DIR)/src/*.h)
CM_OBJS := $(patsubst $(CM_DIR)/src/%.c,$(CM_BUILD)/obj/%.o,$(CM_SRCS))
CM_PIC_OBJS := $(patsubst $(CM_DIR)/src/%.c,$(CM_BUILD)/pic/%.o,$(CM_SRCS))
CM_SAN_OBJS := $(patsubst $(CM_DIR)/src/%.c,$(CM_BUILD)/san/%.o,$(CM_SRCS))
CM_CFLAGS := $(CFLAGS_COMMON) -I$(CM_DIR)/include -I$(CM_DIR)/src
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# zlib: gzip IDX files (idx.c); libzip: .npz archives (npz.c).
CM_LIBS := -lzip -lz -lm

LIBTASD_A := $(CM_BUILD)/libtasd.a
LIBTASD_SO := $(CM_BUILD)/libtasd.so
LIBTASD_SAN_A := $(CM_BUILD)/libtasd-san.a

$(CM_BUILD)/obj/%.o: $(CM_DIR)/src/%.c $(CM_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CM_CFLAGS) -c $< -o $@
$(CM_BUILD)/pic/%.o: $(CM_DIR)/src/%.c $(CM_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CM_CFLAGS) -fPIC -c $< -o $@
$(CM_BUILD)/san/%.o: $(CM_DIR)/src/%.c $(CM_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CM_CFLAGS) -O1 $(SAN_FLAGS) -c $< -o $@
# The integer GEMM kernel needs GCC's -O3 vectorizer (at -O2 its k loop stays scalar, ~25x
# slower); the sanitized objects keep -O1. No -march: the file picks AVX2 at run time itself.
$(CM_BUILD)/obj/gemm_i8.o $(CM_BUILD)/pic/gemm_i8.o: CM_CFLAGS += -O3

$(LIBTASD_A): $(CM_OBJS)
	@rm -f $@
	ar rcs $@ $^
$(LIBTASD_SAN_A): $(CM_SAN_OBJS)
	@rm -f $@
	ar rcs $@ $^
# The shared library exports exactly the functions the public headers declare (cmodel/api.sh
# writes the version script from them); the tasd__* helpers of src/internal.h stay local.
CM_MAP := $(CM_BUILD)/libtasd.map
$(CM_MAP): $(CM_DIR)/include/tasd.h $(CM_PUB_SUBHDRS) $(CM_DIR)/api.sh
	@mkdir -p $(@D)
	@bash $(CM_DIR)/api.sh map $@
$(LIBTASD_SO): $(CM_PIC_OBJS) $(CM_MAP)
	$(CC) -shared -Wl,-soname,libtasd.so.0 -Wl,--version-script=$(CM_MAP) -o $@ $(CM_PIC_OBJS) $(CM_LIBS)

# Unit tests: one binary per cmodel/tests/test_*.c, plain and sanitized.
CM_TEST_SRCS := $(sort $(wildcard $(CM_DIR)/tests/test_*.c))
CM_TEST_COMMON := $(wildcard $(CM_DIR)/tests/testutil.c)
CM_TEST_BINS := $(patsubst $(CM_DIR)/tests/%.c,$(CM_BUILD)/tests/%,$(CM_TEST_SRCS))
CM_TEST_SAN_BINS := $(patsubst $(CM_DIR)/tests/%.c,$(CM_BUILD)/tests-san/%,$(CM_TEST_SRCS))

$(CM_BUILD)/tests/%: $(CM_DIR)/tests/%.c $(CM_TEST_COMMON) $(LIBTASD_A) $(wildcard $(CM_DIR)/tests/*.h)
	@mkdir -p $(@D)
	$(CC) $(CM_CFLAGS) -I$(CM_DIR)/tests -o $@ $< $(CM_TEST_COMMON) $(LIBTASD_A) $(CM_LIBS)
$(CM_BUILD)/tests-san/%: $(CM_DIR)/tests/%.c $(CM_TEST_COMMON) $(LIBTASD_SAN_A) $(wildcard $(CM_DIR)/tests/*.h)
	@mkdir -p $(@D)
	$(CC) $(CM_CFLAGS) -O1 $(SAN_FLAGS) -I$(CM_DIR)/tests -o $@ $< $(CM_TEST_COMMON) $(LIBTASD_SAN_A) $(CM_LIBS)

# Allocation-failure sweep: malloc/calloc/realloc/free wrapped at link time (--wrap), so the
# test can fail the Nth allocation libtasd makes (cmodel/tests/allocfail.c), plain and sanitized.
CM_WRAP := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free
CM_ALLOCFAIL := $(CM_BUILD)/tests/allocfail
CM_ALLOCFAIL_SAN := $(CM_BUILD)/tests-san/allocfail
$(CM_ALLOCFAIL): $(CM_DIR)/tests/allocfail.c $(CM_TEST_COMMON) $(LIBTASD_A) $(wildcard $(CM_DIR)/tests/*.h)
	@mkdir -p $(@D)
	$(CC) $(CM_CFLAGS) -I$(CM_DIR)/tests -o $@ $< $(CM_TEST_COMMON) $(LIBTASD_A) $(CM_LIBS) $(CM_WRAP)
$(CM_ALLOCFAIL_SAN): $(CM_DIR)/tests/allocfail.c $(CM_TEST_COMMON) $(LIBTASD_SAN_A) $(wildcard $(CM_DIR)/tests/*.h)
	@mkdir -p $(@D)
	$(CC) $(CM_CFLAGS) -O1 $(SAN_FLAGS) -I$(CM_DIR)/tests -o $@ $< $(CM_TEST_COMMON) $(LIBTASD_SAN_A) $(CM_LIBS) $(CM_WRAP)

.PHONY: cmodel cmodel-tests
cmodel: $(LIBTASD_A) $(LIBTASD_SO)
cmodel-tests: $(CM_TEST_BINS) $(CM_TEST_SAN_BINS) $(CM_ALLOCFAIL) $(CM_ALLOCFAIL_SAN)

# pkg-config file and `make install PREFIX=... [DESTDIR=...] [LIBDIR=...] [BINDIR=...]`: headers
# (tasd.h and the include/tasd/ parts it includes),
# static and shared library (real name libtasd.so.$(TASD_VERSION), soname libtasd.so.0, dev link
# libtasd.so), tasd.pc and the tasd CLI (statically linked against libtasd) in $(BINDIR). The .pc is regenerated only when its content (i.e. PREFIX/LIBDIR) changes.
# The version is written once, in include/tasd/version.h (TASD_VERSION_STRING).
TASD_VERSION := $(shell sed -n 's/^\#define TASD_VERSION_STRING "\(.*\)"/\1/p' $(CM_DIR)/include/tasd/version.h)
PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
BINDIR ?= $(PREFIX)/bin
CM_PC := $(CM_BUILD)/tasd.pc

# $(call cm_write_pc,FILE): writes the pkg-config file for the current PREFIX/LIBDIR/INCLUDEDIR.
define cm_write_pc
{ echo 'prefix=$(PREFIX)'; \
  echo 'libdir=$(LIBDIR)'; \
  echo 'includedir=$(INCLUDEDIR)'; \
  echo ''; \
  echo 'Name: tasd'; \
  echo 'Description: bit-exact C reference model of the TASD hardware IP'; \
  echo 'Version: $(TASD_VERSION)'; \
  echo 'Libs: -L$${libdir} -ltasd'; \
  echo 'Libs.private: $(CM_LIBS)'; \
  echo 'Cflags: -I$${includedir}'; } > $(1)
endef

.PHONY: cm-pc-force
$(CM_PC): cm-pc-force
	@mkdir -p $(@D)
	@$(call cm_write_pc,$@.tmp)
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

# install writes its own .pc (it does not touch $(CM_PC), so a scratch PREFIX leaves build/ alone).
# The CLI prerequisite is added in tools.mk (where TASD_BIN is defined).
.PHONY: install
install: $(LIBTASD_A) $(LIBTASD_SO)
	install -d $(DESTDIR)$(INCLUDEDIR)/tasd $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(BINDIR)
	install -m 755 $(TASD_BIN) $(DESTDIR)$(BINDIR)/tasd
	install -m 644 $(CM_DIR)/include/tasd.h $(DESTDIR)$(INCLUDEDIR)/tasd.h
	install -m 644 $(CM_PUB_SUBHDRS) $(DESTDIR)$(INCLUDEDIR)/tasd/
	install -m 644 $(LIBTASD_A) $(DESTDIR)$(LIBDIR)/libtasd.a
	install -m 755 $(LIBTASD_SO) $(DESTDIR)$(LIBDIR)/libtasd.so.$(TASD_VERSION)
	ln -sf libtasd.so.$(TASD_VERSION) $(DESTDIR)$(LIBDIR)/libtasd.so.0
	ln -sf libtasd.so.0 $(DESTDIR)$(LIBDIR)/libtasd.so
	$(call cm_write_pc,$(DESTDIR)$(LIBDIR)/pkgconfig/tasd.pc)

BUILD_TARGETS += cmodel cmodel-tests $(CM_PC)
TEST_PREREQS += cmodel cmodel-tests $(CM_PC)
TEST_LISTS += tb/lists/cmodel.tsv

# CLI, .npy tooling, sweep, fuzz and bench live in their own fragment.
-include $(CM_DIR)/tools.mk
-include $(CM_DIR)/nn.mk
