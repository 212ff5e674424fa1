// SPDX-License-Identifier: Apache-2.0
// Formal miter for ALL time: tasd_unit_seq and tasd_unit_par on one shared stream give the same beats, beat for beat.
//
// Read only by Yosys, after tb/formal/tasd_induct_miter_lem.ys has flattened tasd_unit_seq (M=8
// DataW=8 MaxTerms=2 PipeStages=1) and exposed its extractor registers and hand-off signals as
// ports fv_* (the RTL is unchanged). Every input, rst_ni included, is free in every cycle;
// only seen_q (a reset cycle has been seen) has an initial value.
// Source: a block is offered to both units (in_valid of a unit = offered and not yet taken by
// it); once one unit has taken it, the offer (hold_q, blk_q, cfg_q) is held until the other has
// taken it too, then the source is free again (src_valid_i, in_data_i, cfg_n_i). So both units
// receive the same blocks in the same order. Sink: a beat leaves only jointly (out_ready of
// both = sink_ready_i && both out_valid), so the k-th beat of one unit leaves with the k-th of
// the other.
// Asserted (the miter), in every cycle:
//   E1 err_o of the two units agree;
//   E2 once a reset has been seen (seen_q): both out_valid_o -> the two beats {val, idx,
//      slot_vld, mask} are equal.
// Strengthening invariants (Inv = 1; asserted, so proven, not assumed), once seen_q. The
// wrapper shadows the block in par's output register (p_blk_q, p_cfg_q, loaded on par's
// handshake) and in seq's output register (so_blk_q, so_cfg_q, loaded on seq's hand-off);
// PACK(b, c) = tasd_unit_pack of block b, series c and the definition's masks of (b, c) (from
// tasd_unit_spec_chk, the same definition as A0), with those masks as the mask field:
//   R1 par out empty -> seq empty (no out beat, not busy) and nothing held;
//   R2 both out valid -> same block and series in both (p_* == so_*);
//   R3 par out valid, seq out empty -> seq extracts that block (busy, data_q, n_q == p_*);
//   R4 hold_q -> seq alone took the offered block (took_q == seq), both outs valid, and seq
//      extracts it (busy, data_q == blk_q, n_q == cfg_q); !hold_q -> took_q == 0; both outs
//      valid and seq busy -> hold_q (seq's second block is the one par has not taken yet);
//   D1 par out valid -> its beat == PACK(p_blk_q, p_cfg_q), p_cfg_q legal;
//   D2 seq out valid -> its beat == PACK(so_blk_q, so_cfg_q), so_cfg_q legal;
//   D3 seq busy -> S1 of tasd_formal_seq (series legal, lim_q = prefix sums, cnt_q <= S_last,
//      taken_q[i] = (r_i < cnt_q), mask_q = definition masks restricted to r_i < cnt_q).
// Lemmas = 1 assumes P (tasd_seq_pick) and A7 (tasd_spec_order), both proven for every state
// and block by those runs (assume-guarantee as in tasd_seq_step); Lemmas = 0 assumes nothing.
`default_nettype none

module tasd_induct_miter #(
  parameter int M = 8,         // block size (must match the chparam of both units)
  parameter int DataW = 8,     // element width
  parameter int MaxTerms = 2,  // terms
  parameter bit Inv = 1'b1,    // emit the strengthening invariants R*, D* (0: the bare miter, for BMC)
  parameter bit Lemmas = 1'b0  // assume P and A7 (proven elsewhere)
) (
  input wire                              clk_i,         // clock
  input wire                              rst_ni,        // free: reset of both units
  input wire                              src_valid_i,   // free: the source offers a new block
  input wire [M*DataW-1:0]                in_data_i,     // free: new block
  input wire [MaxTerms*($clog2(M)+1)-1:0] cfg_n_i,       // free: its series
  input wire                              sink_ready_i   // free: the sink takes a joint beat
);
  localparam int NW = $clog2(M) + 1;
  localparam int IdxW = $clog2(M);
  localparam int OutW = MaxTerms*M*(DataW + IdxW + 2);

  // ---- source ----
  logic                   seen_q = 1'b0;
  logic                   hold_q;
  logic [1:0]             took_q;  // bit 0 par, bit 1 seq
  logic [M*DataW-1:0]     blk_q;
  logic [MaxTerms*NW-1:0] cfg_q;
  wire                    offer = rst_ni && (hold_q || src_valid_i);
  wire [M*DataW-1:0]      od = hold_q ? blk_q : in_data_i;
  wire [MaxTerms*NW-1:0]  oc = hold_q ? cfg_q : cfg_n_i;
  wire [1:0]              in_valid = {2{offer}} & ~took_q;
  wire [1:0]              err, in_ready, out_valid;
  wire [1:0]              acc = in_valid & in_ready;
  wire [1:0]              took_now = took_q | acc;
  wire                    joint = sink_ready_i && (&out_valid);

  wire [OutW-1:0]         beat [2];
  wire [MaxTerms*M*DataW-1:0] p_val, s_val;
  wire [MaxTerms*M*IdxW-1:0]  p_idx, s_idx;
  wire [MaxTerms*M-1:0]       p_svld, s_svld, p_mask, s_mask;

  tasd_unit_par u_par (
    .clk_i(clk_i), .rst_ni(rst_ni), .cfg_n_i(oc), .err_o(err[0]),
    .in_valid_i(in_valid[0]), .in_ready_o(in_ready[0]), .in_data_i(od),
    .out_valid_o(out_valid[0]), .out_ready_i(joint), .out_blk_i('0), .out_val_o(p_val), .out_idx_o(p_idx),
    .out_slot_vld_o(p_svld), .out_mask_o(p_mask)
  );

  // exposed seq internals
  wire                    busy, last;
  wire [M*DataW-1:0]      data_q;
  wire [MaxTerms*NW-1:0]  n_q, lim_q;
  wire [M-1:0]            taken_q, pick;
  wire [MaxTerms*M-1:0]   mask_q, mask_d;
  wire [NW-1:0]           cnt_q;

  tasd_unit_seq u_seq (
    .clk_i(clk_i), .rst_ni(rst_ni), .cfg_n_i(oc), .err_o(err[1]),
    .in_valid_i(in_valid[1]), .in_ready_o(in_ready[1]), .in_data_i(od),
    .out_valid_o(out_valid[1]), .out_ready_i(joint), .out_blk_i('0), .out_val_o(s_val), .out_idx_o(s_idx),
    .out_slot_vld_o(s_svld), .out_mask_o(s_mask),
    .fv_busy_q(busy), .fv_data_q(data_q), .fv_n_q(n_q), .fv_lim_q(lim_q), .fv_taken_q(taken_q),
    .fv_mask_q(mask_q), .fv_cnt_q(cnt_q), .fv_last(last), .fv_mask_d(mask_d), .fv_pick(pick)
  );

  assign beat[0] = {p_val, p_idx, p_svld, p_mask};
  assign beat[1] = {s_val, s_idx, s_svld, s_mask};

  // seq hands its block to the back end (PipeStages = 1: be_ready = !out_valid || out_ready)
  wire handoff = rst_ni && last && (!out_valid[1] || joint);

  logic [M*DataW-1:0]     p_blk_q, so_blk_q;
  logic [MaxTerms*NW-1:0] p_cfg_q, so_cfg_q;
  always_ff @(posedge clk_i) begin
    seen_q <= seen_q || !rst_ni;
    if (!rst_ni || took_now == 2'b11) begin
      hold_q <= 1'b0;
      took_q <= 2'b00;
    end else if (|acc) begin
      hold_q <= 1'b1;
      took_q <= took_now;
      blk_q  <= od;
      cfg_q  <= oc;
    end
    if (acc[0]) begin
      p_blk_q <= od;
      p_cfg_q <= oc;
    end
    if (handoff) begin
      so_blk_q <= data_q;
      so_cfg_q <= n_q;
    end
  end

  always @* begin
    assert (err[0] == err[1]);                                     // E1
    if (seen_q && (&out_valid)) assert (beat[0] == beat[1]);         // E2
  end

  // ---- strengthening invariants ----
  // the definition on the three blocks that matter: par out, seq out, seq extractor
  wire                  p_legal, so_legal, s_legal;
  wire [MaxTerms*M-1:0] p_sm, so_sm, s_sm;
  wire [M*8-1:0]        s_r;
  wire [M*M-1:0]        s_outranks;
  localparam int A7 = Lemmas ? 'h80 : 0;
  tasd_unit_spec_chk #(.M(M), .DataW(DataW), .MaxTerms(MaxTerms), .Asserts(0), .Assumes(0)) u_sp (
    .en_i(1'b0), .data_i(p_blk_q), .cfg_n_i(p_cfg_q), .val_i('0), .idx_i('0), .slot_vld_i('0),
    .mask_i('0), .order_i('0), .legal_o(p_legal), .rank_o(), .sm_o(p_sm), .outranks_o()
  );
  tasd_unit_spec_chk #(.M(M), .DataW(DataW), .MaxTerms(MaxTerms), .Asserts(0), .Assumes(0)) u_sso (
    .en_i(1'b0), .data_i(so_blk_q), .cfg_n_i(so_cfg_q), .val_i('0), .idx_i('0), .slot_vld_i('0),
    .mask_i('0), .order_i('0), .legal_o(so_legal), .rank_o(), .sm_o(so_sm), .outranks_o()
  );
  tasd_unit_spec_chk #(.M(M), .DataW(DataW), .MaxTerms(MaxTerms), .Asserts(0), .Assumes(A7)) u_ss (
    .en_i(1'b0), .data_i(data_q), .cfg_n_i(n_q), .val_i('0), .idx_i('0), .slot_vld_i('0),
    .mask_i('0), .order_i('0), .legal_o(s_legal), .rank_o(s_r), .sm_o(s_sm), .outranks_o(s_outranks)
  );

  wire [MaxTerms*M*DataW-1:0] pk_p_val, pk_so_val;
  wire [MaxTerms*M*IdxW-1:0]  pk_p_idx, pk_so_idx;
  wire [MaxTerms*M-1:0]       pk_p_vld, pk_so_vld;
  tasd_unit_pack #(.M(M), .DataW(DataW), .MaxTerms(MaxTerms)) u_pk_p (
    .data_i(p_blk_q), .n_i(p_cfg_q), .mask_i(p_sm), .val_o(pk_p_val), .idx_o(pk_p_idx), .slot_vld_o(pk_p_vld)
  );
  tasd_unit_pack #(.M(M), .DataW(DataW), .MaxTerms(MaxTerms)) u_pk_so (
    .data_i(so_blk_q), .n_i(so_cfg_q), .mask_i(so_sm), .val_o(pk_so_val), .idx_o(pk_so_idx), .slot_vld_o(pk_so_vld)
  );

  // S1 of the extractor (as tasd_formal_seq, without its shadow: R3/R4 tie data_q to the stream)
  logic [MaxTerms*NW-1:0] lim_ref;
  always @* begin
    lim_ref[0 +: NW] = n_q[0 +: NW];
    for (int t = 1; t < MaxTerms; t++) lim_ref[t*NW +: NW] = lim_ref[(t-1)*NW +: NW] + n_q[t*NW +: NW];
  end
  wire [NW-1:0] tot = lim_ref[(MaxTerms-1)*NW +: NW];
  wire [M-1:0] below;
  for (genvar i = 0; i < M; i++) begin : g_below
    assign below[i] = s_r[i*8 +: 8] < 8'(cnt_q);
  end
  wire [MaxTerms*M-1:0] mask_inv;
  for (genvar t = 0; t < MaxTerms; t++) begin : g_minv
    assign mask_inv[t*M +: M] = s_sm[t*M +: M] & below;
  end
  wire s1 = s_legal && lim_q == lim_ref && cnt_q <= tot && taken_q == below && mask_q == mask_inv;

  if (Inv) begin : g_inv
    always @* begin
      if (seen_q) begin
        if (!out_valid[0]) assert (!out_valid[1] && !busy && !hold_q);                          // R1
        if (&out_valid) assert (p_blk_q == so_blk_q && p_cfg_q == so_cfg_q);                     // R2
        if (out_valid[0] && !out_valid[1]) assert (busy && data_q == p_blk_q && n_q == p_cfg_q); // R3
        if (hold_q) assert (took_q == 2'b10 && (&out_valid) && busy && data_q == blk_q && n_q == cfg_q); // R4
        if (!hold_q) assert (took_q == 2'b00);                                                   // R4
        if ((&out_valid) && busy) assert (hold_q);                                               // R4
        if (out_valid[0]) assert (p_legal && beat[0] == {pk_p_val, pk_p_idx, pk_p_vld, p_sm});   // D1
        if (out_valid[1]) assert (so_legal && beat[1] == {pk_so_val, pk_so_idx, pk_so_vld, so_sm}); // D2
        if (busy) assert (s1);                                                                   // D3
      end
    end
  end

  // P (tasd_seq_pick, proven for every state): while extracting, pick is one-hot, untaken and
  // outranks every other untaken element.
  wire extracting = busy && cnt_q < lim_q[(MaxTerms-1)*NW +: NW] && taken_q != '1;
  if (Lemmas) begin : g_lemmas
    always @* begin
      if (extracting) assume ($onehot(pick) && (pick & taken_q) == '0);
    end
    for (genvar i = 0; i < M; i++) begin : g_p_i
      for (genvar j = 0; j < M; j++) begin : g_p_j
        if (i != j) begin : g_ne
          always @* begin
            if (extracting && pick[i] && !taken_q[j]) assume (s_outranks[i*M + j]);
          end
        end
      end
    end
  end

endmodule

`default_nettype wire
