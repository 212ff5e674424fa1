// SPDX-License-Identifier: Apache-2.0
// Formal-only checker: one TASD unit output beat against the selection spec, written pairwise (no sorting).
//
// Read only by Yosys (`read_verilog -sv -formal`); never synthesized. Immediate assertions in
// always @* blocks become $assert cells that `sat -prove-asserts` proves. The spec is stated
// directly from docs/semantics.md, one small fact per assertion:
//   rank order   element i outranks element j (i != j) when |x_i| > |x_j|, or |x_i| == |x_j| and
//                i < j (zeros take part like any value);
//   A1 size      term t's mask has exactly N_t bits set;
//   A2 disjoint  no element is in two terms;
//   A3 order     a member of term t outranks every element that is dropped or in a later term;
//   A4 slots     member i of term t sits in slot p = (members of term t below i), with value x_i,
//                index i and its slot-valid bit set;
//   A5 padding   slot k of term t is valid exactly when k < N_t; invalid slots hold value 0, index 0.
//   A0 rank      (the definition) element i is in term t exactly when S_{t-1} <= r_i < S_t, where
//                r_i = number of elements that outrank i and S_t = N_0 + ... + N_t.
//   A6 lemma     A1..A3 hold for the definition's own masks (a fact about the spec, DUT-free);
//   A7 order     "outranks" is a strict total order (exactly one of i, j outranks the other;
//                transitive).
// A1..A3 pin the masks down to "term t = ranks [S_{t-1}, S_t)" (the members of term 0 outrank
// everything else, so they are the top N_0, and so on); A4 and A5 then pin down every slot.
// Each group can be emitted as assertions (Asserts) or assumptions (Assumes), so the proof can
// be split into runs chained by assume-guarantee (tb/formal/*.ys, docs/tasd_unit.md). With
// FreeOrder the order is a free input instead of the magnitude order, so A6 (assuming A7) is
// proven for every strict total order at once, without magnitude arithmetic.
// The checker computes legality itself; nothing is checked for an illegal configuration.
`default_nettype none

module tasd_unit_spec_chk #(
  parameter int M = 8,        // block size
  parameter int DataW = 8,    // element width (signed)
  parameter int MaxTerms = 2, // terms per configuration
  parameter int Asserts = 'h3f, // groups emitted as assertions: bit g = group Ag (bit 6: spec lemma)
  parameter int Assumes = 0,    // groups emitted as assumptions (proven by another run)
  parameter bit FreeOrder = 1'b0 // 1: the order comes from order_i instead of the magnitudes
) (
  input wire                                   en_i,         // this beat is to be checked
  input wire [M*DataW-1:0]                     data_i,       // the block the beat was computed from
  input wire [MaxTerms*($clog2(M)+1)-1:0]      cfg_n_i,      // the configuration captured with it
  input wire [MaxTerms*M*DataW-1:0]            val_i,        // unit output: slot values
  input wire [MaxTerms*M*$clog2(M)-1:0]        idx_i,        // unit output: slot indices
  input wire [MaxTerms*M-1:0]                  slot_vld_i,   // unit output: slot valid bits
  input wire [MaxTerms*M-1:0]                  mask_i,       // unit output: element masks
  input wire [M*M-1:0]                         order_i,      // FreeOrder: bit i*M+j = i outranks j
  output wire                                  legal_o,      // cfg_n_i is a legal series
  output wire [M*8-1:0]                        rank_o,       // r_i at [i*8 +: 8] (the definition's rank)
  output wire [MaxTerms*M-1:0]                 sm_o,         // the definition's masks (bit t*M+i)
  output wire [M*M-1:0]                        outranks_o    // bit i*M+j: i outranks j (the order used)
);
  localparam int NW = $clog2(M) + 1;
  localparam int IdxW = $clog2(M);
  localparam int CntW = 8;  // wide enough for any sum or count here (3 terms x 16)

  // ---- legality: every N_t <= M and the sum <= M ----
  wire [MaxTerms*CntW-1:0] n_of;      // N_t at [t*CntW +: CntW]
  wire [(MaxTerms+1)*CntW-1:0] n_sum;  // S_{t-1} at [t*CntW +: CntW]
  wire [MaxTerms-1:0] n_ok;
  assign n_sum[0 +: CntW] = '0;
  for (genvar t = 0; t < MaxTerms; t++) begin : g_legal
    assign n_of[t*CntW +: CntW] = CntW'(cfg_n_i[t*NW +: NW]);
    assign n_ok[t] = n_of[t*CntW +: CntW] <= CntW'(M);
    assign n_sum[(t+1)*CntW +: CntW] = n_sum[t*CntW +: CntW] + n_of[t*CntW +: CntW];
  end
  assign legal_o = (&n_ok) && (n_sum[MaxTerms*CntW +: CntW] <= CntW'(M));

  wire chk = en_i && legal_o;

  // ---- magnitudes, DataW+1 bits ----
  wire [M*(DataW+1)-1:0] mag;  // |x_i| at [i*(DataW+1) +: DataW+1]
  for (genvar i = 0; i < M; i++) begin : g_mag
    wire [DataW-1:0] x = data_i[i*DataW +: DataW];
    assign mag[i*(DataW+1) +: DataW+1] = x[DataW-1] ? ({1'b0, ~x} + 1'b1) : {1'b0, x};
  end

  // outranks[i][j]: element i ranks ahead of element j; r[i]: how many elements rank ahead of i
  wire [M*M-1:0] outranks;  // bit i*M+j
  wire [M*CntW-1:0] r;       // r_i at [i*CntW +: CntW]
  for (genvar i = 0; i < M; i++) begin : g_rank
    for (genvar j = 0; j < M; j++) begin : g_j
      if (i == j) begin : g_self
        assign outranks[i*M + j] = 1'b0;
      end else begin : g_other
        wire [DataW:0] mag_i = mag[i*(DataW+1) +: DataW+1];
        wire [DataW:0] mag_j = mag[j*(DataW+1) +: DataW+1];
        if (FreeOrder) begin : g_free
          assign outranks[i*M + j] = order_i[i*M + j];
        end else begin : g_mag_order
          assign outranks[i*M + j] = (mag_i > mag_j) || ((mag_i == mag_j) && (i < j));
        end
      end
    end
    wire [(M+1)*CntW-1:0] cnt;
    assign cnt[0 +: CntW] = '0;
    for (genvar j = 0; j < M; j++) begin : g_cnt
      assign cnt[(j+1)*CntW +: CntW] = cnt[j*CntW +: CntW] + CntW'(outranks[j*M + i]);
    end
    assign r[i*CntW +: CntW] = cnt[M*CntW +: CntW];
  end

  // A7 (spec fact about the order itself): outranks is a strict total order -- exactly one of
  // i, j outranks the other, and it is transitive. Proven alone (cheap: three comparators per
  // triple), then assumed by the spec-lemma run so that run needs no magnitude arithmetic.
  for (genvar i = 0; i < M; i++) begin : g_ord_tot
    for (genvar j = 0; j < M; j++) begin : g_j
      if (i != j) begin : g_ne
        always @* begin
          if (Asserts[7]) assert (outranks[i*M + j] != outranks[j*M + i]);
          if (Assumes[7]) assume (outranks[i*M + j] != outranks[j*M + i]);
        end
        for (genvar k = 0; k < M; k++) begin : g_k
          if (k != i && k != j) begin : g_tr
            always @* begin
              if (Asserts[7] && outranks[i*M + j] && outranks[j*M + k]) assert (outranks[i*M + k]);
              if (Assumes[7] && outranks[i*M + j] && outranks[j*M + k]) assume (outranks[i*M + k]);
            end
          end
        end
      end
    end
  end

  // spec mask: sm bit t*M+i = element i is in term t by the definition (S_{t-1} <= r_i < S_t)
  wire [MaxTerms*M-1:0] sm;
  for (genvar t = 0; t < MaxTerms; t++) begin : g_sm
    for (genvar i = 0; i < M; i++) begin : g_i
      assign sm[t*M + i] = (r[i*CntW +: CntW] >= n_sum[t*CntW +: CntW]) &&
                           (r[i*CntW +: CntW] < n_sum[(t+1)*CntW +: CntW]);
    end
  end

  assign rank_o = r;
  assign sm_o   = sm;
  assign outranks_o = outranks;

  // A0 rank definition: the unit's masks are the spec masks
  for (genvar b = 0; b < MaxTerms*M; b++) begin : g_def
    always @* begin
      if (chk && Asserts[0]) assert (mask_i[b] == sm[b]);
      if (chk && Assumes[0]) assume (mask_i[b] == sm[b]);
    end
  end

  // A1..A3 on two masks: src 0 = the unit's masks (groups 1..3), src 1 = the spec masks (group 6,
  // the "spec lemma": the definition itself has these properties).
  for (genvar src = 0; src < 2; src++) begin : g_src
    wire [MaxTerms*M-1:0] mk = (src == 0) ? mask_i : sm;
    localparam bit AsA1 = (src == 0) ? Asserts[1] : Asserts[6];
    localparam bit AsA2 = (src == 0) ? Asserts[2] : Asserts[6];
    localparam bit AsA3 = (src == 0) ? Asserts[3] : Asserts[6];
    localparam bit AmA1 = (src == 0) ? Assumes[1] : Assumes[6];
    localparam bit AmA2 = (src == 0) ? Assumes[2] : Assumes[6];
    localparam bit AmA3 = (src == 0) ? Assumes[3] : Assumes[6];

    // kept[i]: element i is in some term
    wire [M-1:0] kept;
    for (genvar i = 0; i < M; i++) begin : g_kept
      wire [MaxTerms-1:0] in_t;
      for (genvar t = 0; t < MaxTerms; t++) begin : g_t
        assign in_t[t] = mk[t*M + i];
      end
      assign kept[i] = |in_t;
    end

    for (genvar t = 0; t < MaxTerms; t++) begin : g_term
      wire [(M+1)*CntW-1:0] cnt;  // running popcount of the term's mask
      assign cnt[0 +: CntW] = '0;
      for (genvar i = 0; i < M; i++) begin : g_cnt
        assign cnt[(i+1)*CntW +: CntW] = cnt[i*CntW +: CntW] + CntW'(mk[t*M + i]);
      end

      // A1 size
      always @* begin
        if (chk && AsA1) assert (cnt[M*CntW +: CntW] == n_of[t*CntW +: CntW]);
        if (chk && AmA1) assume (cnt[M*CntW +: CntW] == n_of[t*CntW +: CntW]);
      end

      // A2 disjoint
      for (genvar u = t + 1; u < MaxTerms; u++) begin : g_disj
        always @* begin
          if (chk && AsA2) assert ((mk[t*M +: M] & mk[u*M +: M]) == '0);
          if (chk && AmA2) assume ((mk[t*M +: M] & mk[u*M +: M]) == '0);
        end
      end

      // A3 order: members of t outrank dropped elements and members of later terms
      wire [M-1:0] behind;  // element j is dropped or belongs to a term after t
      for (genvar j = 0; j < M; j++) begin : g_behind
        wire [MaxTerms-1:0] later_bits;
        for (genvar u = 0; u < MaxTerms; u++) begin : g_later
          if (u > t) begin : g_after
            assign later_bits[u] = mk[u*M + j];
          end else begin : g_before
            assign later_bits[u] = 1'b0;
          end
        end
        assign behind[j] = !kept[j] || (|later_bits);
      end
      for (genvar i = 0; i < M; i++) begin : g_ord_i
        for (genvar j = 0; j < M; j++) begin : g_ord_j
          if (i != j) begin : g_pair
            always @* begin
              if (chk && AsA3 && mk[t*M + i] && behind[j]) assert (outranks[i*M + j]);
              if (chk && AmA3 && mk[t*M + i] && behind[j]) assume (outranks[i*M + j]);
            end
          end
        end
      end
    end
  end

  for (genvar t = 0; t < MaxTerms; t++) begin : g_term
    // prefix counts of the unit's mask: pos[i] = members of term t with index below i
    wire [(M+1)*CntW-1:0] pos;
    assign pos[0 +: CntW] = '0;
    for (genvar i = 0; i < M; i++) begin : g_pos
      assign pos[(i+1)*CntW +: CntW] = pos[i*CntW +: CntW] + CntW'(mask_i[t*M + i]);
    end

    // A4 slots: member i lands in slot pos[i] with its value and index
    for (genvar i = 0; i < M; i++) begin : g_slot_i
      for (genvar k = 0; k < M; k++) begin : g_slot_k
        always @* begin
          if (chk && Asserts[4] && mask_i[t*M + i] && pos[i*CntW +: CntW] == CntW'(k)) begin
            assert (slot_vld_i[t*M + k]);
            assert (idx_i[(t*M + k)*IdxW +: IdxW] == IdxW'(i));
            assert (val_i[(t*M + k)*DataW +: DataW] == data_i[i*DataW +: DataW]);
          end
        end
      end
    end

    // A5 padding and slot-valid bits
    for (genvar k = 0; k < M; k++) begin : g_pad
      always @* begin
        if (chk && Asserts[5]) begin
          assert (slot_vld_i[t*M + k] == (CntW'(k) < n_of[t*CntW +: CntW]));
          if (!slot_vld_i[t*M + k]) begin
            assert (val_i[(t*M + k)*DataW +: DataW] == '0);
            assert (idx_i[(t*M + k)*IdxW +: IdxW] == '0);
          end
        end
      end
    end
  end

endmodule

`default_nettype wire
