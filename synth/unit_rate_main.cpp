// SPDX-License-Identifier: Apache-2.0
// Verilator main of the TASD-unit throughput probe (synth/unit_rate_tb.sv): toggles the clock until $finish.
#include <memory>
#include "Vtasd_unit_rate_tb.h"
#include "verilated.h"

int main(int argc, char **argv) {
  auto ctx = std::make_unique<VerilatedContext>();
  ctx->commandArgs(argc, argv);
  auto top = std::make_unique<Vtasd_unit_rate_tb>(ctx.get());
  top->clk_i = 0;
  for (long i = 0; i < 4000000 && !ctx->gotFinish(); ++i) {
    top->clk_i = !top->clk_i;
    top->eval();
  }
  top->final();
  return ctx->gotFinish() ? 0 : 1;
}
