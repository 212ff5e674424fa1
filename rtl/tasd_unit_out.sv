// SPDX-License-Identifier: Apache-2.0
// TASD unit back end shared by both variants: optional mid register, slot packing, output register.
//
// Takes (block, N of each term, member masks) with valid/ready and delivers the unit's output
// beat. PipeStages = 1: packing sits between the input and the output register (1 cycle).
// PipeStages = 2: a register before packing splits the path (2 cycles). Full rate, no bubble.
// The output register holds MaxSlots slots per term; the ports keep the unit's M-slot layout,
// and slots k >= MaxSlots (never valid: the unit refuses N_t > MaxSlots) are constant 0.
// HoldBlock = 0 (the caller keeps every accepted block, in order, and drives the oldest one on
// out_blk_i): mid and output registers hold only the N fields and the member masks, and the
// packing sits after the output register, on out_blk_i; out_* follow out_blk_i combinationally.
`default_nettype none

module tasd_unit_out #(
  parameter int M = 8,           // block size (power of two)
  parameter int DataW = 8,       // element width
  parameter int MaxTerms = 2,    // terms in the series
  parameter int PipeStages = 1,  // register stages in this back end: 1 or 2
  parameter int MaxSlots = M,    // slots per term held in the output register, 1..M
  parameter int HoldBlock = 1,   // 1: registers hold the packed beat; 0: the caller holds the block (out_blk_i)
  localparam int IdxW = $clog2(M),    // bits of an index inside the block
  localparam int NW = $clog2(M) + 1   // bits of one N field
) (
  input  wire                           clk_i,           // clock, rising edge
  input  wire                           rst_ni,          // synchronous reset, active low
  input  wire                           in_valid_i,      // a decided block is offered
  output wire                           in_ready_o,      // the back end takes it this cycle
  input  wire [M*DataW-1:0]             in_data_i,       // element i at [i*DataW +: DataW]
  input  wire [MaxTerms*NW-1:0]         in_n_i,          // N of term t at [t*NW +: NW]
  input  wire [MaxTerms*M-1:0]          in_mask_i,       // bit t*M+i: element i in term t
  input  wire [M*DataW-1:0]             out_blk_i,       // HoldBlock = 0: the block of the beat on out_* (unused if 1)
  output wire                           out_valid_o,     // output beat valid
  input  wire                           out_ready_i,     // output beat taken
  output wire [MaxTerms*M*DataW-1:0]    out_val_o,       // slot values (see tasd_unit_pack)
  output wire [MaxTerms*M*IdxW-1:0]     out_idx_o,       // slot indices
  output wire [MaxTerms*M-1:0]          out_slot_vld_o,  // slot valid bits
  output wire [MaxTerms*M-1:0]          out_mask_o       // member masks (dense view)
);

  // The units' parameter rules (this back end's parameters are theirs).
  tasd_unit_param_check #(.M(M), .DataW(DataW), .MaxTerms(MaxTerms), .PipeStages(PipeStages),
                          .MaxSlots(MaxSlots), .HoldBlock(HoldBlock)) u_params ();

  localparam int SlotN = MaxTerms*MaxSlots;  // slots held per beat
  localparam int DecW  = MaxTerms*NW + MaxTerms*M;  // the decision: N fields and member masks
  // Mid register: the decision, and the block unless the caller holds it.
  localparam int MidW  = DecW + (HoldBlock == 1 ? M*DataW : 0);
  // Output register: the packed slots and the masks, or (HoldBlock = 0) only the decision.
  localparam int OutW  = HoldBlock == 1 ? SlotN*(DataW + IdxW + 1) + MaxTerms*M : DecW;

  // Stage between the front end and packing (HoldBlock = 0: between the front end and the
  // output register). Its block is in_data_i delayed, or unused when the caller holds it.
  logic                   mid_valid, mid_ready;
  logic [M*DataW-1:0]     mid_data;
  logic [MaxTerms*NW-1:0] mid_n;
  logic [MaxTerms*M-1:0]  mid_mask;

  if (PipeStages == 2) begin : g_mid_reg
    logic [MidW-1:0] mid_in, mid_q;
    if (HoldBlock == 1) begin : g_data
      assign mid_in   = {in_data_i, in_n_i, in_mask_i};
      assign mid_data = mid_q[MidW-1 -: M*DataW];
    end else begin : g_no_data
      assign mid_in   = {in_n_i, in_mask_i};
      assign mid_data = '0;
      logic unused_in;  // the caller holds the block
      assign unused_in = ^in_data_i;
    end
    tasd_pipe_reg #(.Width(MidW)) u_mid (
      .clk_i      (clk_i),
      .rst_ni     (rst_ni),
      .in_valid_i (in_valid_i),
      .in_ready_o (in_ready_o),
      .in_data_i  (mid_in),
      .out_valid_o(mid_valid),
      .out_ready_i(mid_ready),
      .out_data_o (mid_q)
    );
    assign {mid_n, mid_mask} = mid_q[DecW-1:0];
  end else begin : g_mid_wire
    assign mid_valid  = in_valid_i;
    assign in_ready_o = mid_ready;
    assign mid_data   = in_data_i;
    assign mid_n      = in_n_i;
    assign mid_mask   = in_mask_i;
  end

  logic [SlotN*DataW-1:0] rg_val;  // the held slots (after the register, or after late packing)
  logic [SlotN*IdxW-1:0]  rg_idx;
  logic [SlotN-1:0]       rg_vld;

  if (HoldBlock == 1) begin : g_pack_early
    // Packing before the output register: the register holds the packed slots.
    logic [SlotN*DataW-1:0] pk_val;
    logic [SlotN*IdxW-1:0]  pk_idx;
    logic [SlotN-1:0]       pk_vld;

    tasd_unit_pack #(.M(M), .DataW(DataW), .MaxTerms(MaxTerms), .MaxSlots(MaxSlots)) u_pack (
      .data_i    (mid_data),
      .n_i       (mid_n),
      .mask_i    (mid_mask),
      .val_o     (pk_val),
      .idx_o     (pk_idx),
      .slot_vld_o(pk_vld)
    );

    tasd_pipe_reg #(.Width(OutW)) u_out (
      .clk_i      (clk_i),
      .rst_ni     (rst_ni),
      .in_valid_i (mid_valid),
      .in_ready_o (mid_ready),
      .in_data_i  ({pk_val, pk_idx, pk_vld, mid_mask}),
      .out_valid_o(out_valid_o),
      .out_ready_i(out_ready_i),
      .out_data_o ({rg_val, rg_idx, rg_vld, out_mask_o})
    );

    // out_blk_i is not used: the beat is held here.
    logic unused_blk;
    assign unused_blk = ^out_blk_i;
  end else begin : g_pack_late
    // The output register holds the decision only; the caller's copy of the block is packed
    // after it (the block was in_data_i at the input handshake, in the same order).
    logic [MaxTerms*NW-1:0] rg_n;

    tasd_pipe_reg #(.Width(OutW)) u_out (
      .clk_i      (clk_i),
      .rst_ni     (rst_ni),
      .in_valid_i (mid_valid),
      .in_ready_o (mid_ready),
      .in_data_i  ({mid_n, mid_mask}),
      .out_valid_o(out_valid_o),
      .out_ready_i(out_ready_i),
      .out_data_o ({rg_n, out_mask_o})
    );

    tasd_unit_pack #(.M(M), .DataW(DataW), .MaxTerms(MaxTerms), .MaxSlots(MaxSlots)) u_pack (
      .data_i    (out_blk_i),
      .n_i       (rg_n),
      .mask_i    (out_mask_o),
      .val_o     (rg_val),
      .idx_o     (rg_idx),
      .slot_vld_o(rg_vld)
    );

    // The block reaches this back end only through out_blk_i.
    logic unused_data;
    assign unused_data = ^mid_data;
  end

  // The M-slot port layout: slot k of term t from the held slots while k < MaxSlots, else 0.
  for (genvar t = 0; t < MaxTerms; t++) begin : g_term
    for (genvar k = 0; k < M; k++) begin : g_slot
      if (k < MaxSlots) begin : g_held
        assign out_val_o[(t*M + k)*DataW +: DataW] = rg_val[(t*MaxSlots + k)*DataW +: DataW];
        assign out_idx_o[(t*M + k)*IdxW +: IdxW]   = rg_idx[(t*MaxSlots + k)*IdxW +: IdxW];
        assign out_slot_vld_o[t*M + k]             = rg_vld[t*MaxSlots + k];
      end else begin : g_none
        assign out_val_o[(t*M + k)*DataW +: DataW] = '0;
        assign out_idx_o[(t*M + k)*IdxW +: IdxW]   = '0;
        assign out_slot_vld_o[t*M + k]             = 1'b0;
      end
    end
  end

endmodule

`default_nettype wire
