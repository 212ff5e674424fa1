#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Self-tests of the synthesis flow: the area guard must fail when it should, the flow must reject bad designs and inputs.
# Usage: selftest.sh BUILD guard-negative|reject-undriven|reject-multidriver|reject-illegal-param|reject-bad-config
set -u
cd "$(dirname "$0")/.."
build=${1:?build dir}
mode=${2:?mode}
dir=$build/synth-selftest/$mode
rm -rf "$dir"
mkdir -p "$dir/rtl"
echo "replay: bash synth/selftest.sh $build $mode"
RUN="python3 synth/run_synth.py --filelists $build/gen/filelists"

# expect CODE CMD...: run CMD, require exit status CODE, show its output.
expect() {
  local want=$1; shift
  "$@" > "$dir/out.log" 2>&1
  local got=$?
  sed 's/^/  | /' "$dir/out.log" | tail -15
  if [[ $got -ne $want ]]; then
    echo "FAIL: expected exit $want, got $got: $*"
    exit 1
  fi
  echo "ok: exit $got as expected: $*"
}

# expect_msg REGEX: the last command's output must name the problem.
expect_msg() {
  grep -Eq "$1" "$dir/out.log" || { echo "FAIL: output does not match /$1/"; exit 1; }
  echo "ok: message matches /$1/"
}

config_line() {  # name top params
  printf '%s\t%s\t%s\tsynth\t10\t-\tself-test\n' "$1" "$2" "$3" > "$dir/configs.tsv"
}

case $mode in
  guard-negative)
    # Real synthesis of the smallest block, then the real comparison against tables made from it.
    # (synthesized once per run in the shared test directory, synth/shared_netlist.sh; the
    # comparisons below read a private copy of its metrics so no other result is present)
    expect 0 $RUN --build "$build/synth-net" --reuse synth -j 1 --only dense_l1 --no-rate
    mkdir -p "$dir/res/dense_l1" && cp "$build/synth-net/dense_l1/metrics.csv" "$dir/res/dense_l1/"
    ge=$(awk -F, '$2 == "area_ge" {print $3}' "$dir/res/dense_l1/metrics.csv")
    [[ -n $ge ]] || { echo "FAIL: no area_ge in metrics"; exit 1; }
    mk() { printf 'dense_l1\ttotal\t%s\n' "$(python3 -c "print(round($ge * $1, 1))")" > "$dir/$2"; }
    mk 1.00 exact.tsv
    mk 1.04 plus4.tsv
    mk 0.96 minus4.tsv
    mk 1.06 plus6.tsv
    mk 0.94 minus6.tsv
    expect 0 $RUN --build "$dir/res" compare --table "$dir/exact.tsv"
    expect 0 $RUN --build "$dir/res" compare --table "$dir/plus4.tsv"
    expect 0 $RUN --build "$dir/res" compare --table "$dir/minus4.tsv"
    expect 1 $RUN --build "$dir/res" compare --table "$dir/plus6.tsv"
    expect_msg "OUT OF RANGE"
    expect 1 $RUN --build "$dir/res" compare --table "$dir/minus6.tsv"
    expect_msg "OUT OF RANGE"
    # The checked-in table with one entry moved by 10% must fail too (its configs are absent
    # here, so every row is MISSING: that alone must fail the guard).
    awk -F'\t' 'BEGIN{OFS="\t"} !/^#/ && !done {$3 = $3 * 1.10; done = 1} {print}' \
      synth/area_expected.tsv > "$dir/perturbed.tsv"
    expect 1 $RUN --build "$dir/res" compare --table "$dir/perturbed.tsv"
    expect_msg "MISSING"
    printf 'dense_l1\ttotal\tlots\n' > "$dir/bad.tsv"
    expect 2 $RUN --build "$dir/res" compare --table "$dir/bad.tsv"
    expect_msg "not a number"
    ;;
  reject-undriven)
    cat > "$dir/rtl/tasd_st_undriven.sv" <<'EOF'
module tasd_st_undriven (input wire clk_i, input wire [3:0] a_i, output wire [3:0] y_o);
  wire [3:0] floating;
  reg [3:0] q;
  always @(posedge clk_i) q <= a_i ^ floating;
  assign y_o = q;
endmodule
EOF
    config_line undriven tasd_st_undriven -
    expect 1 $RUN --build "$dir/res" --configs "$dir/configs.tsv" --extra-rtl "$dir/rtl/tasd_st_undriven.sv" synth
    expect_msg "yosys failed"
    grep -q "undriven\|Found and reported [1-9]" "$dir/res/undriven/yosys.full.log" \
      || { echo "FAIL: yosys log does not report the undriven net"; exit 1; }
    ;;
  reject-multidriver)
    cat > "$dir/rtl/tasd_st_multi.sv" <<'EOF'
module tasd_st_multi (input wire clk_i, input wire a_i, input wire b_i, output wire y_o);
  wire n;
  assign n = a_i;
  assign n = b_i;
  reg q;
  always @(posedge clk_i) q <= n;
  assign y_o = q;
endmodule
EOF
    config_line multi tasd_st_multi -
    expect 1 $RUN --build "$dir/res" --configs "$dir/configs.tsv" --extra-rtl "$dir/rtl/tasd_st_multi.sv" synth
    expect_msg "yosys failed"
    ;;
  reject-illegal-param)
    # The RTL's elaboration check must stop the flow (3 lanes is not a legal tasd_pe).
    printf 'pe_bad\ttasd_pe\tLanes=3\tsynth\t10\t-\tillegal\n' > "$dir/configs.tsv"
    expect 1 $RUN --build "$dir/res" --configs "$dir/configs.tsv" synth
    expect_msg "yosys failed"
    ;;
  reject-bad-config)
    printf 'x\ttasd_pe\tLanes=four\tsynth\t10\t-\tbad\n' > "$dir/configs.tsv"
    expect 2 $RUN --build "$dir/res" --configs "$dir/configs.tsv" synth
    expect_msg "bad parameter"
    printf 'x\ttasd_pe\t-\tsynth\t0\t-\tbad\n' > "$dir/configs.tsv"
    expect 2 $RUN --build "$dir/res" --configs "$dir/configs.tsv" synth
    expect_msg "positive number"
    expect 2 $RUN --build "$dir/res" synth --only no_such_config
    expect_msg "unknown configuration"
    printf 'x\ttasd_no_such_module\t-\tsynth\t10\t-\tbad\n' > "$dir/configs.tsv"
    expect 2 $RUN --build "$dir/res" --configs "$dir/configs.tsv" synth
    expect_msg "unknown top .tasd_no_such_module"
    ;;
  *)
    echo "selftest: unknown mode '$mode'"
    exit 2
    ;;
esac
echo "PASS $mode"
