// SPDX-License-Identifier: Apache-2.0
// TASD unit slot packing: turns per-term element masks into compressed slots (value, index, valid).
//
// Purely combinational. For term t, the members of the block (mask bits) are packed in
// ascending index order: the member with p lower-indexed members goes to slot p. Slot k is
// valid when k < N_t; slots that receive no member hold value 0 and index 0. With a legal
// series and masks that hold exactly N_t members per term (what both TASD units produce),
// exactly the slots k < N_t receive a member. Only MaxSlots slots per term exist (the unit's
// legality check refuses N_t > MaxSlots), so a lean unit's packing and output register shrink.
`default_nettype none

module tasd_unit_pack #(
  parameter int M = 8,         // block size (power of two)
  parameter int DataW = 8,     // element width
  parameter int MaxTerms = 2,  // terms in the series
  parameter int MaxSlots = M,  // slots per term, 1..M (N_t <= MaxSlots)
  localparam int IdxW = $clog2(M),    // bits of an index inside the block
  localparam int NW = $clog2(M) + 1   // bits of one N field
) (
  input  wire [M*DataW-1:0]                 data_i,      // element i at [i*DataW +: DataW]
  input  wire [MaxTerms*NW-1:0]             n_i,         // N of term t at [t*NW +: NW]
  input  wire [MaxTerms*M-1:0]              mask_i,      // bit t*M+i: element i belongs to term t
  output wire [MaxTerms*MaxSlots*DataW-1:0] val_o,       // term t slot k at [(t*MaxSlots+k)*DataW +: DataW]
  output wire [MaxTerms*MaxSlots*IdxW-1:0]  idx_o,       // term t slot k at [(t*MaxSlots+k)*IdxW +: IdxW]
  output wire [MaxTerms*MaxSlots-1:0]       slot_vld_o   // bit t*MaxSlots+k: k < N_t
);

  localparam int SlotN = MaxTerms * MaxSlots;  // slots of all terms

  // Automatic functions with locals only (no always_comb re-reading its own module-level
  // temporaries, which Icarus 11 re-triggers forever).
  // Slot values and indices of all terms: {val, idx}.
  function automatic logic [SlotN*(DataW+IdxW)-1:0] pack(input logic [M*DataW-1:0] d,
                                                        input logic [MaxTerms*M-1:0] k);
    logic [SlotN*DataW-1:0] v;
    logic [SlotN*IdxW-1:0]  x;
    logic [NW-1:0]               pos;  // members of term t with a lower index
    logic [IdxW-1:0]             idx;
    v = '0;
    x = '0;
    for (int t = 0; t < MaxTerms; t++) begin
      pos = '0;
      for (int i = 0; i < M; i++) begin
        idx = i[IdxW-1:0];
        // Element i can only land in slots 0..i.
        for (int s = 0; s < MaxSlots; s++) begin
          if (s <= i && k[t*M + i] && pos == s[NW-1:0]) begin
            v[(t*MaxSlots + s)*DataW +: DataW] = d[i*DataW +: DataW];
            x[(t*MaxSlots + s)*IdxW +: IdxW]   = idx;
          end
        end
        pos = pos + {{(NW-1){1'b0}}, k[t*M + i]};
      end
    end
    pack = {v, x};
  endfunction

  function automatic logic [SlotN-1:0] slot_valid(input logic [MaxTerms*NW-1:0] n);
    logic [SlotN-1:0] sv;
    sv = '0;
    for (int t = 0; t < MaxTerms; t++) begin
      for (int s = 0; s < MaxSlots; s++) begin
        sv[t*MaxSlots + s] = s[NW-1:0] < n[t*NW +: NW];
      end
    end
    slot_valid = sv;
  endfunction

  assign {val_o, idx_o} = pack(data_i, mask_i);
  assign slot_vld_o     = slot_valid(n_i);

endmodule

`default_nettype wire
