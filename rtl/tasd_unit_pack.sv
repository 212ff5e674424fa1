// SPDX-License-Identifier: Apache-2.0
// TASD unit slot packing: turns per-term element masks into compressed slots (value, index, valid).
//
// Purely combinational. For term t, the members of the block (mask bits) are packed in
// ascending index order: the member with p lower-indexed members goes to slot p. Slot k is
// valid when k < N_t; slots that receive no member hold value 0 and index 0. With a legal
// series and masks that hold exactly N_t members per term (what both TASD units produce),
// exactly the slots k < N_t receive a member.
`default_nettype none

module tasd_unit_pack #(
  parameter int M = 8,         // block size (power of two)
  parameter int DataW = 8,     // element width
  parameter int MaxTerms = 2,  // terms in the series
  localparam int IdxW = $clog2(M),    // bits of an index inside the block
  localparam int NW = $clog2(M) + 1   // bits of one N field
) (
  input  wire [M*DataW-1:0]            data_i,      // element i at [i*DataW +: DataW]
  input  wire [MaxTerms*NW-1:0]        n_i,         // N of term t at [t*NW +: NW]
  input  wire [MaxTerms*M-1:0]         mask_i,      // bit t*M+i: element i belongs to term t
  output logic [MaxTerms*M*DataW-1:0]  val_o,       // term t slot k at [(t*M+k)*DataW +: DataW]
  output logic [MaxTerms*M*IdxW-1:0]   idx_o,       // term t slot k at [(t*M+k)*IdxW +: IdxW]
  output logic [MaxTerms*M-1:0]        slot_vld_o   // bit t*M+k: k < N_t
);

  logic [NW-1:0]   pos;  // members of the current term seen so far (lower indices)
  logic [IdxW-1:0] idx;  // index i as an IdxW-bit value

  always_comb begin
    val_o      = '0;
    idx_o      = '0;
    slot_vld_o = '0;
    pos        = '0;
    idx        = '0;
    for (int t = 0; t < MaxTerms; t++) begin
      pos = '0;
      for (int i = 0; i < M; i++) begin
        idx = i[IdxW-1:0];
        // Element i can only land in slots 0..i.
        for (int k = 0; k < M; k++) begin
          if (k <= i && mask_i[t*M + i] && pos == k[NW-1:0]) begin
            val_o[(t*M + k)*DataW +: DataW] = data_i[i*DataW +: DataW];
            idx_o[(t*M + k)*IdxW +: IdxW]   = idx;
          end
        end
        pos = pos + {{(NW-1){1'b0}}, mask_i[t*M + i]};
      end
      for (int k = 0; k < M; k++) begin
        slot_vld_o[t*M + k] = k[NW-1:0] < n_i[t*NW +: NW];
      end
    end
  end

endmodule

`default_nettype wire
