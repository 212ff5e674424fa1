#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs libtasd, the tasd CLI and the IP (cores + RTL) into a scratch prefix under the build
# tree, runs the installed CLI, compiles and links a tiny program against the installed copy via
# pkg-config (shared and static) and runs both, then simulates and lints an outside project whose
# core depends on the installed tasd:ip:unit (fusesoc with only the prefix on its cores path).
# Usage: cmodel/tests/install_check.sh [BUILD_DIR]   (run from the repository root)
set -euo pipefail
BUILD=${1:-build}
ROOT=$(pwd)
BUILD_ABS=$(realpath -m "$BUILD")
WORK=$(realpath -m "$BUILD/cmodel/install-check")
PREFIX="$WORK/prefix"
rm -rf "$WORK"
mkdir -p "$WORK"
echo "replay: cmodel/tests/install_check.sh $BUILD"

trap 'echo "FAIL: command failed at line $LINENO: $BASH_COMMAND"' ERR
if ! make -C "$ROOT" --no-print-directory install BUILD="$BUILD" PREFIX="$PREFIX" \
  INCLUDEDIR="$PREFIX/include" LIBDIR="$PREFIX/lib" BINDIR="$PREFIX/bin" DATADIR="$PREFIX/share" \
  > "$WORK/install.log" 2>&1; then
  echo "FAIL: make install failed; its output:"
  cat "$WORK/install.log"
  exit 1
fi

fail() { echo "FAIL: $*"; exit 1; }
for f in include/tasd.h include/tasd/io.h lib/libtasd.a lib/libtasd.so lib/libtasd.so.0 lib/pkgconfig/tasd.pc bin/tasd; do
  [ -e "$PREFIX/$f" ] || fail "missing $PREFIX/$f"
done
# tasd.h and the parts of it it #includes from include/tasd/, installed unchanged.
parts=$(sed -n 's/^#include "\(tasd\/[^"]*\)".*/cmodel\/include\/\1/p' cmodel/include/tasd.h)
[ -n "$parts" ] || fail "tasd.h includes no tasd/ parts (expected tasd/io.h)"
for h in cmodel/include/tasd.h $parts; do
  cmp -s "$h" "$PREFIX/include/${h#cmodel/include/}" || fail "installed ${h#cmodel/include/} differs from $h"
done
[ -L "$PREFIX/lib/libtasd.so" ] && [ -L "$PREFIX/lib/libtasd.so.0" ] || fail "soname symlinks missing"
# The installed CLI runs from the prefix (no build tree needed) and does real work.
[ -x "$PREFIX/bin/tasd" ] || fail "$PREFIX/bin/tasd is not executable"
"$PREFIX/bin/tasd" --help | grep -q "decompose" || fail "installed tasd --help lacks 'decompose'"
"$PREFIX/bin/tasd" demo > "$WORK/demo.log" 2>&1 || { cat "$WORK/demo.log"; fail "installed tasd demo failed"; }
cmp -s "$PREFIX/bin/tasd" "$BUILD/bin/tasd" || fail "installed tasd differs from $BUILD/bin/tasd"
soname=$(objdump -p "$PREFIX/lib/libtasd.so.0" | awk '/SONAME/ {print $2}')
[ "$soname" = "libtasd.so.0" ] || fail "soname is '$soname', want libtasd.so.0"

export PKG_CONFIG_PATH="$PREFIX/lib/pkgconfig"
pkg-config --exists tasd || fail "pkg-config does not find tasd"
[ "$(pkg-config --variable=prefix tasd)" = "$PREFIX" ] || fail "pkg-config prefix is wrong"
cflags=$(pkg-config --cflags tasd)
libs=$(pkg-config --libs tasd)
case "$cflags" in *"$ROOT/cmodel"*) fail "cflags point into the source tree";; esac
private=$(pkg-config --libs --static tasd)
for l in -lzip -lz -lm; do
  case " $private " in *" $l "*) ;; *) fail "pkg-config --static --libs lacks $l: $private";; esac
done

cat > "$WORK/hello.c" <<'CEOF'
#include <stdio.h>
#include <tasd.h>
int main(void) {
  tasd_series s;
  char txt[32];
  if (tasd_series_parse("4:8+1:8", &s) != TASD_OK) return 1;
  if (tasd_series_format(&s, txt, sizeof txt) != TASD_OK) return 2;
  int32_t x[8] = {3, -128, 0, 127, -3, 5, 0, 7};
  uint16_t n[2] = {4, 1};
  tasd_block_result r;
  if (tasd_block_decompose_i32(x, 8, n, 2, &r) != TASD_OK) return 3;
  /* kept: -128 (1), 127 (3), 7 (7), 5 (5); then 3 (0) */
  if (r.idx[0][0] != 1 || r.idx[0][1] != 3 || r.idx[0][2] != 5 || r.idx[0][3] != 7) return 4;
  if (r.idx[1][0] != 0 || r.val[1][0] != 3) return 5;
  /* tasd/io.h (installed beside tasd.h): the archive code pulls in libzip and zlib, which the */
  /* static link gets from Libs.private. */
  char err[256];
  tasd_tensor t;
  tasd_npz z;
  if (tasd_idx_load("/nonexistent/x.idx.gz", &t, err, sizeof err) != TASD_ERR_IO) return 6;
  if (tasd_npz_load("/nonexistent/x.npz", &z, err, sizeof err) != TASD_ERR_IO) return 7;
  if (tasd_npz_find(&z, "w") != NULL) return 8;
  printf("%s ok: %s\n", txt, tasd_strerror(TASD_ERR_SYNTAX));
  return 0;
}
CEOF
cd "$WORK"
# Shared: link against the installed .so and make sure that is the copy that gets loaded.
cc -std=c11 -Wall -Werror $cflags hello.c $libs -o hello_shared
LD_LIBRARY_PATH="$PREFIX/lib" ./hello_shared
# (ldd's output is captured first: with pipefail, grep -q closing the pipe early could fail the test.)
deps_shared=$(LD_LIBRARY_PATH="$PREFIX/lib" ldd ./hello_shared)
grep -q "$PREFIX/lib/libtasd.so.0" <<<"$deps_shared" \
  || fail "hello_shared does not load the installed libtasd.so.0: $deps_shared"
# Static: the installed archive plus the private libs from pkg-config.
cc -std=c11 -Wall -Werror $cflags hello.c -L"$PREFIX/lib" -Wl,-Bstatic -ltasd -Wl,-Bdynamic \
  $(pkg-config --libs-only-other --static tasd) $(pkg-config --libs-only-l --static tasd | sed 's/-ltasd//') \
  -o hello_static
./hello_static
deps_static=$(ldd ./hello_static 2>&1 || true)
if grep -q libtasd <<<"$deps_static"; then fail "hello_static still needs libtasd.so"; fi

# ---- The IP: cores and RTL in $PREFIX/share/tasd/rtl; an outside project uses it through fusesoc ----
IPDIR=$PREFIX/share/tasd/rtl
for c in "$ROOT"/rtl/*.core; do
  cmp -s "$c" "$IPDIR/$(basename "$c")" || fail "core $(basename "$c") not installed in $IPDIR"
done
for f in $(sort -u "$BUILD_ABS"/gen/filelists/*.f); do
  cmp -s "$ROOT/$f" "$IPDIR/$(basename "$f")" || fail "RTL file $f not installed in $IPDIR"
done
FUSESOC=$BUILD_ABS/venv/bin/fusesoc
[ -x "$FUSESOC" ] || fail "fusesoc missing ($BUILD/venv; make deps)"
mkdir -p "$WORK/ext"
cat > "$WORK/ext/ext_tb.sv" <<'VEOF'
// Outside project: one block through the installed tasd_unit_par, checked against a known result.
`default_nettype none
module ext_tb;
  reg clk = 1'b0, rst_n = 1'b0, in_valid = 1'b0;
  always #5 clk = ~clk;
  // 4:8 + 1:8 (N_0 = 4, N_1 = 1; NW = 4 bits per term) on {3, -128, 0, 127, -3, 5, 0, 7}
  wire [7:0] cfg = {4'd1, 4'd4};
  wire [63:0] blk = {8'sd7, 8'sd0, 8'sd5, -8'sd3, 8'sd127, 8'sd0, -8'sd128, 8'sd3};
  wire err, in_ready, out_valid;
  wire [127:0] val; wire [47:0] idx; wire [15:0] svld, mask;
  tasd_unit_par #(.M(8), .DataW(8), .MaxTerms(2), .PipeStages(1)) u_tasd (
    .clk_i(clk), .rst_ni(rst_n), .cfg_n_i(cfg), .err_o(err), .in_valid_i(in_valid),
    .in_ready_o(in_ready), .in_data_i(blk), .out_valid_o(out_valid), .out_ready_i(1'b1),
    .out_val_o(val), .out_idx_o(idx), .out_slot_vld_o(svld), .out_mask_o(mask));
  initial begin
    repeat (2) @(posedge clk);
    rst_n <= 1'b1; in_valid <= 1'b1;
    @(posedge clk); while (!in_ready) @(posedge clk);
    in_valid <= 1'b0;
    @(posedge clk); while (!out_valid) @(posedge clk);
    // term 0 keeps elements 1, 3, 5, 7 (-128, 127, 5, 7); term 1 keeps element 0 (3)
    if (err || mask !== 16'h01aa || svld !== 16'h010f) begin
      $display("EXT FAIL err=%b mask=%h slot_vld=%h", err, mask, svld);
      $finish_and_return(1);
    end
    $display("EXT PASS mask=%h", mask);
    $finish;
  end
endmodule
`default_nettype wire
VEOF
cat > "$WORK/ext/ext.core" <<'YEOF'
CAPI=2:
name: ext:demo:tasd_user:0.1
filesets:
  tb:
    depend: [tasd:ip:unit]
    files: [ext_tb.sv]
    file_type: systemVerilogSource
targets:
  sim:
    filesets: [tb]
    toplevel: ext_tb
    default_tool: icarus
    tools:
      icarus:
        iverilog_options: [-g2012]
  lint:
    filesets: [tb]
    toplevel: tasd_unit_par
    default_tool: verilator
    tools:
      verilator:
        mode: lint-only
        verilator_options: [-Wall]
YEOF
# Only the installed tree and the outside project are on the cores path (not the source tree).
"$FUSESOC" --cores-root "$IPDIR" --cores-root "$WORK/ext" run --build-root "$WORK/ext/build" \
  --target sim ext:demo:tasd_user > "$WORK/ext/sim.log" 2>&1 || { tail -20 "$WORK/ext/sim.log"; fail "outside project's sim through the installed core"; }
grep "^EXT" "$WORK/ext/sim.log"
"$FUSESOC" --cores-root "$IPDIR" --cores-root "$WORK/ext" run --build-root "$WORK/ext/build-lint" \
  --target lint ext:demo:tasd_user > "$WORK/ext/lint.log" 2>&1 || { tail -20 "$WORK/ext/lint.log"; fail "lint through the installed core"; }
echo "install check passed"
