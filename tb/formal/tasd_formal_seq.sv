// SPDX-License-Identifier: Apache-2.0
// Formal harness: one extraction step of tasd_unit_seq from an ARBITRARY state keeps the invariant S1.
//
// Read only by Yosys, after tb/formal/tasd_seq_step.ys has turned the internal registers of
// tasd_unit_seq (busy_q, data_q, n_q, lim_q, taken_q, mask_q, cnt_q) and the hand-off signals
// (last, mask_d) into ports with `expose`; the unit is instantiated with its default
// parameters (M=8 DataW=8 MaxTerms=2 PipeStages=1), which the .ys run fixes with chparam.
// The run is `sat -seq 2 -prove-skip 1` with NO initial values: cycle 1 is any state at all
// (the unit's registers, the harness shadows), any inputs (rst_ni included); the assertions
// are checked in cycle 2 only.
//
// r_i and the spec masks sm come from tasd_unit_spec_chk on (data_q, n_q): the same rank
// definition as A0 (r_i = number of elements that outrank i, term t = ranks [S_{t-1}, S_t)).
// Invariant S1 of a state (vacuous while busy_q is low):
//   n_q legal, lim_q = prefix sums of n_q, cnt_q <= S_last,
//   taken_q[i] == (r_i < cnt_q)                   (the cnt_q highest-ranked elements are taken),
//   mask_q[t*M+i] == sm[t*M+i] && (r_i < cnt_q)   (each taken element sits in its spec term),
//   data_q, n_q == the block and series of the last handshake (harness shadows blk_q, cfg_q).
// Asserted in cycle 2:
//   S1-step  S1 held in cycle 1 (or cycle 1 was a reset cycle) => S1 holds in cycle 2;
//   S2-out   S1 && last => mask_d == sm: the masks the unit hands to tasd_unit_out together with
//            (data_q, n_q) in its last extraction cycle are exactly the definition's masks of the
//            accepted block and series (A0 at the hand-off).
// Induction: after a reset cycle busy_q is low, so S1 holds; S1-step carries it to every later
// cycle of every input sequence; S2-out then holds in every reachable state, for every block
// (not only the first after reset) and every stall pattern.
`default_nettype none

module tasd_formal_seq #(
  parameter int M = 8,         // block size (must match tasd_unit_seq's defaults / chparam)
  parameter int DataW = 8,     // element width
  parameter int MaxTerms = 2,  // terms
  parameter int Part = 2       // 1: assert P (pick lemma); 2: assume P and A7, assert S1-step, S2-out
) (
  input wire                              clk_i,        // clock
  input wire                              rst_ni,       // free: reset
  input wire                              in_valid_i,   // free: offer a block
  input wire [M*DataW-1:0]                in_data_i,    // free: block
  input wire [MaxTerms*($clog2(M)+1)-1:0] cfg_n_i,      // free: configuration
  input wire                              out_ready_i   // free: sink ready
);
  localparam int NW = $clog2(M) + 1;
  localparam int IdxW = $clog2(M);

  wire                          err, in_ready, out_valid;
  wire [MaxTerms*M*DataW-1:0]   out_val;
  wire [MaxTerms*M*IdxW-1:0]    out_idx;
  wire [MaxTerms*M-1:0]         out_slot_vld, out_mask;
  // exposed internals
  wire                          busy_q, last;
  wire [M*DataW-1:0]            data_q;
  wire [MaxTerms*NW-1:0]        n_q, lim_q;
  wire [M-1:0]                  taken_q;
  wire [MaxTerms*M-1:0]         mask_q, mask_d;
  wire [M-1:0]                  pick;
  wire [NW-1:0]                 cnt_q;

  tasd_unit_seq u_dut (
    .clk_i(clk_i), .rst_ni(rst_ni), .cfg_n_i(cfg_n_i), .err_o(err),
    .in_valid_i(in_valid_i), .in_ready_o(in_ready), .in_data_i(in_data_i),
    .out_valid_o(out_valid), .out_ready_i(out_ready_i), .out_blk_i('0), .out_val_o(out_val), .out_idx_o(out_idx),
    .out_slot_vld_o(out_slot_vld), .out_mask_o(out_mask),
    .busy_q(busy_q), .data_q(data_q), .n_q(n_q), .lim_q(lim_q), .taken_q(taken_q),
    .mask_q(mask_q), .cnt_q(cnt_q), .last(last), .mask_d(mask_d), .pick(pick)
  );

  // shadow of the block and series of the last handshake (no initial value: free in cycle 1)
  logic [M*DataW-1:0]     blk_q;
  logic [MaxTerms*NW-1:0] cfg_q;
  always_ff @(posedge clk_i) begin
    if (in_valid_i && in_ready) begin
      blk_q <= in_data_i;
      cfg_q <= cfg_n_i;
    end
  end

  // the definition on the held block
  wire             legal;
  wire [M*8-1:0]   r;
  wire [MaxTerms*M-1:0] sm;
  wire [M*M-1:0]   outranks;
  // Part 2 assumes A7 (strict total order, proven by tasd_spec_order for every block)
  tasd_unit_spec_chk #(.M(M), .DataW(DataW), .MaxTerms(MaxTerms), .Asserts(0),
                       .Assumes(Part == 2 ? 'h80 : 0)) u_spec (
    .en_i(1'b0), .data_i(data_q), .cfg_n_i(n_q), .val_i('0), .idx_i('0), .slot_vld_i('0),
    .mask_i('0), .order_i('0), .legal_o(legal), .rank_o(r), .sm_o(sm), .outranks_o(outranks)
  );

  // prefix sums of n_q, written independently of tasd_unit_cfg
  logic [MaxTerms*NW-1:0] lim_ref;
  always @* begin
    lim_ref[0 +: NW] = n_q[0 +: NW];
    for (int t = 1; t < MaxTerms; t++) lim_ref[t*NW +: NW] = lim_ref[(t-1)*NW +: NW] + n_q[t*NW +: NW];
  end
  wire [NW-1:0] tot = lim_ref[(MaxTerms-1)*NW +: NW];

  logic [M-1:0]          below;  // r_i < cnt_q
  for (genvar i = 0; i < M; i++) begin : g_below
    assign below[i] = r[i*8 +: 8] < 8'(cnt_q);
  end
  logic [MaxTerms*M-1:0] mask_inv;
  for (genvar t = 0; t < MaxTerms; t++) begin : g_minv
    assign mask_inv[t*M +: M] = sm[t*M +: M] & below;
  end

  wire inv = !busy_q || (legal && lim_q == lim_ref && cnt_q <= tot && taken_q == below &&
                         mask_q == mask_inv && data_q == blk_q && n_q == cfg_q);

  logic prev_ok_q;  // S1 held in the previous cycle, or it was a reset cycle
  always_ff @(posedge clk_i) prev_ok_q <= !rst_ni || inv;

  // P (pick lemma, any state): while an element is extracted (busy_q, cnt_q < lim_q's total) and
  // one is left, pick is one-hot, not yet taken, and outranks every other element not yet taken.
  wire extracting = busy_q && cnt_q < lim_q[(MaxTerms-1)*NW +: NW] && taken_q != '1;
  always @* begin
    if (Part == 1 && extracting) assert ($onehot(pick) && (pick & taken_q) == '0);
    if (Part == 2 && extracting) assume ($onehot(pick) && (pick & taken_q) == '0);
  end
  for (genvar i = 0; i < M; i++) begin : g_p_i
    for (genvar j = 0; j < M; j++) begin : g_p_j
      if (i != j) begin : g_ne
        always @* begin
          if (Part == 1 && extracting && pick[i] && !taken_q[j]) assert (outranks[i*M + j]);
          if (Part == 2 && extracting && pick[i] && !taken_q[j]) assume (outranks[i*M + j]);
        end
      end
    end
  end

  always @* begin
    if (Part == 2 && prev_ok_q) assert (inv);                    // S1-step
    if (Part == 2 && inv && last) assert (mask_d == sm);         // S2-out
  end

endmodule

`default_nettype wire
