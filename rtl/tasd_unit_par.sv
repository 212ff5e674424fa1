// SPDX-License-Identifier: Apache-2.0
// Parallel TASD unit: decomposes one M-element block into up to MaxTerms N:M terms every cycle.
//
// Semantics (docs/semantics.md): elements are ranked by magnitude |x| (DataW+1 bits, so
// |-2^(DataW-1)| ranks highest), larger first, equal magnitudes by lower index first; term t
// takes ranks [N_0+..+N_{t-1}, N_0+..+N_t). Rank comes from M(M-1)/2 pairwise comparisons,
// membership from rank vs the prefix sums of N, slots from prefix counts of the member masks.
//
// Timing: latency PipeStages cycles from the input handshake to out_valid_o; throughput one
// block per cycle with no bubble (every stage is a valid/ready register whose ready is
// !valid_q || downstream ready). PipeStages = 1: rank, membership and packing sit before the
// output register. PipeStages = 2: a register after rank/membership splits the path.
//
// Configuration: cfg_n_i is sampled with each accepted block and travels with it, so it may
// change between blocks. err_o is a combinational function of cfg_n_i only; while it is high
// in_ready_o is low, so no block is accepted (or computed) under an illegal series.
// Reset: synchronous, active low; it empties every stage, so no output beat is pending after it,
// and in_ready_o is low while rst_ni is low (a block offered during reset is not taken).
// Lean unit (MaxSlots < M): a term may take at most MaxSlots elements, so packing and output
// register hold MaxSlots slots per term (the ports keep M slots, the rest tied to 0) and the
// check also refuses N_t > MaxSlots. CfgCheck = 0: no check here (err_o = 0); the caller checks
// cfg_n_i once for all units that share it (the TTC tile's drain).
// HoldBlock = 0: the caller keeps a copy of every accepted block, in order (a FIFO pushed on the
// input handshake, popped on the output handshake, as the tile's sideband FIFO), and drives the
// oldest one on out_blk_i; the unit's registers then hold only the N fields and member masks,
// packing follows the output register, and out_val_o/out_idx_o/out_slot_vld_o follow out_blk_i
// combinationally (keep it stable while out_valid_o && !out_ready_i).
`default_nettype none

module tasd_unit_par #(
  parameter int M = 8,           // block size: 4, 8 or 16
  parameter int DataW = 8,       // element width (signed two's complement): 4..16
  parameter int MaxTerms = 2,    // terms of the series the unit produces: 1..3
  parameter int PipeStages = 1,  // register stages between input and output (= latency): 1 or 2
  parameter int MaxSlots = M,    // most elements one term may take (N_t <= MaxSlots): 1..M; M = general unit
  parameter int CfgCheck = 1,    // 1: the unit checks cfg_n_i itself; 0: the caller checks it (shared check), err_o = 0
  parameter int HoldBlock = 1,   // 1: the unit holds its output beat; 0: the caller holds the block (out_blk_i), see above
  localparam int IdxW = $clog2(M),    // bits of an index inside the block
  localparam int NW = $clog2(M) + 1   // bits of one N field (0..2M-1; legal N is 0..M)
) (
  input  wire                         clk_i,           // clock, rising edge
  input  wire                         rst_ni,          // synchronous reset, active low
  input  wire [MaxTerms*NW-1:0]       cfg_n_i,         // N of term t at [t*NW +: NW]; 0 disables it
  output wire                         err_o,           // cfg_n_i refused (N_t > MaxSlots or sum > M); 0 if CfgCheck = 0
  input  wire                         in_valid_i,      // in_data_i holds a block
  output wire                         in_ready_o,      // the unit takes the block this cycle
  input  wire [M*DataW-1:0]           in_data_i,       // element i at [i*DataW +: DataW], signed
  output wire                         out_valid_o,     // an output beat is valid
  input  wire                         out_ready_i,     // the output beat is taken this cycle
  input  wire [M*DataW-1:0]           out_blk_i,       // HoldBlock = 0: the block of the beat on out_* (unused if 1)
  output wire [MaxTerms*M*DataW-1:0]  out_val_o,       // term t slot k at [(t*M+k)*DataW +: DataW]
  output wire [MaxTerms*M*IdxW-1:0]   out_idx_o,       // term t slot k at [(t*M+k)*IdxW +: IdxW]
  output wire [MaxTerms*M-1:0]        out_slot_vld_o,  // bit t*M+k: slot k of term t valid (k < N_t)
  output wire [MaxTerms*M-1:0]        out_mask_o       // bit t*M+i: element i belongs to term t
);

  // ---- Parameters: the rules of tasd_unit_param_check (an illegal value fails elaboration). ----
  tasd_unit_param_check #(.M(M), .DataW(DataW), .MaxTerms(MaxTerms), .PipeStages(PipeStages),
                          .MaxSlots(MaxSlots), .CfgCheck(CfgCheck), .HoldBlock(HoldBlock)) u_params ();

  localparam int MagW = DataW + 1;

  // ---- Configuration check and prefix sums. ----
  logic                   err;
  logic [MaxTerms*NW-1:0] lim;

  // Prefix sums N_0+..+N_t without a check (CfgCheck = 0; automatic function, locals only).
  function automatic logic [MaxTerms*NW-1:0] prefix(input logic [MaxTerms*NW-1:0] n);
    logic [MaxTerms*NW-1:0] l;
    logic [NW-1:0]          a;
    l = '0;
    a = '0;
    for (int t = 0; t < MaxTerms; t++) begin
      a = a + n[t*NW +: NW];
      l[t*NW +: NW] = a;
    end
    prefix = l;
  endfunction

  if (CfgCheck == 1) begin : g_cfg
    tasd_unit_cfg #(.M(M), .MaxTerms(MaxTerms), .MaxSlots(MaxSlots)) u_cfg (
      .cfg_n_i(cfg_n_i),
      .err_o  (err),
      .lim_o  (lim)
    );
  end else begin : g_cfg_shared
    // The caller checked cfg_n_i (one tasd_unit_cfg for all units that share the series, as
    // the tile does): only the prefix sums are formed here, and nothing is refused.
    assign err = 1'b0;
    assign lim = prefix(cfg_n_i);
  end

  // ---- Magnitudes and ranks. ----
  // Combinational steps are written as automatic functions (locals only) or continuous assigns,
  // so no always_comb reads a module-level variable it also writes (Icarus 11 re-triggers on
  // those and never leaves time 0).
  logic [M*MagW-1:0] mag;   // |x_i| at [i*MagW +: MagW]
  logic [M*IdxW-1:0] rank;  // rank of element i at [i*IdxW +: IdxW]
  logic [MaxTerms*M-1:0] mask;

  for (genvar g = 0; g < M; g++) begin : g_mag
    wire [MagW-1:0] ext = {in_data_i[g*DataW + DataW-1], in_data_i[g*DataW +: DataW]};
    assign mag[g*MagW +: MagW] = ext[MagW-1] ? (~ext + 1'b1) : ext;
  end

  // Rank of every element: how many elements rank ahead of it. For j < i, j is ahead of i
  // unless |x_i| > |x_j| (equal magnitudes: the lower index is ahead): M(M-1)/2 comparators.
  function automatic logic [M*IdxW-1:0] rank_of(input logic [M*MagW-1:0] m);
    logic [M*IdxW-1:0] r;
    r = '0;
    for (int i = 1; i < M; i++) begin
      for (int j = 0; j < M - 1; j++) begin
        if (j < i) begin
          if (m[j*MagW +: MagW] >= m[i*MagW +: MagW]) begin
            r[i*IdxW +: IdxW] = r[i*IdxW +: IdxW] + 1'b1;
          end else begin
            r[j*IdxW +: IdxW] = r[j*IdxW +: IdxW] + 1'b1;
          end
        end
      end
    end
    rank_of = r;
  endfunction

  // ---- Membership: element i is in term t when S_{t-1} <= rank_i < S_t. ----
  function automatic logic [MaxTerms*M-1:0] member_of(input logic [M*IdxW-1:0] r,
                                                      input logic [MaxTerms*NW-1:0] s);
    logic [MaxTerms*M-1:0] k;
    logic [NW-1:0]         lo;
    logic [NW-1:0]         rk;
    k  = '0;
    lo = '0;
    for (int t = 0; t < MaxTerms; t++) begin
      for (int i = 0; i < M; i++) begin
        rk = {1'b0, r[i*IdxW +: IdxW]};
        k[t*M + i] = (rk >= lo) && (rk < s[t*NW +: NW]);
      end
      lo = s[t*NW +: NW];
    end
    member_of = k;
  endfunction

  assign rank = rank_of(mag);
  assign mask = member_of(rank, lim);

  // ---- Back end: optional mid register, packing, output register. ----
  logic be_ready;

  tasd_unit_out #(.M(M), .DataW(DataW), .MaxTerms(MaxTerms), .PipeStages(PipeStages),
                  .MaxSlots(MaxSlots), .HoldBlock(HoldBlock)) u_out (
    .clk_i         (clk_i),
    .rst_ni        (rst_ni),
    .in_valid_i    (in_valid_i && !err && rst_ni),
    .in_ready_o    (be_ready),
    .in_data_i     (in_data_i),
    .in_n_i        (cfg_n_i),
    .in_mask_i     (mask),
    .out_valid_o   (out_valid_o),
    .out_ready_i   (out_ready_i),
    .out_blk_i     (out_blk_i),
    .out_val_o     (out_val_o),
    .out_idx_o     (out_idx_o),
    .out_slot_vld_o(out_slot_vld_o),
    .out_mask_o    (out_mask_o)
  );

  assign err_o      = err;
  // Nothing is accepted under an illegal series or during reset.
  assign in_ready_o = be_ready && !err && rst_ni;

`ifdef TASD_ASSERT
  tasd_unit_sva #(.M(M), .DataW(DataW), .MaxTerms(MaxTerms)) u_sva (
    .clk_i(clk_i), .rst_ni(rst_ni), .err_i(err_o), .in_valid_i(in_valid_i),
    .in_ready_i(in_ready_o), .in_data_i(in_data_i), .out_valid_i(out_valid_o), .out_ready_i(out_ready_i),
    .out_val_i(out_val_o), .out_idx_i(out_idx_o), .out_slot_vld_i(out_slot_vld_o),
    .out_mask_i(out_mask_o)
  );
`endif

endmodule

`default_nettype wire
