// SPDX-License-Identifier: Apache-2.0
// Formal harness for the spec alone: the rank definition (A0) implies size, disjointness and order.
//
// Read only by Yosys. Proves, for every block and every legal configuration, that the masks the
// definition gives (term t = ranks [S_{t-1}, S_t)) have the properties A1..A3 of
// tasd_unit_spec_chk (group 6, the "spec lemma"). The unit proofs may then assume the lemma.
`default_nettype none

module tasd_formal_spec #(
  parameter int M = 8,        // block size
  parameter int DataW = 8,    // element width
  parameter int MaxTerms = 2,   // terms
  parameter int Asserts = 'h40, // groups asserted (6: spec lemma, 7: strict total order)
  parameter int Assumes = 'h80, // groups assumed (proven by another run)
  parameter bit FreeOrder = 1'b0 // 1: the order is the free input order_i, not from data_i
) (
  input wire [M*DataW-1:0]                data_i,  // free: block
  input wire [MaxTerms*($clog2(M)+1)-1:0] cfg_n_i, // free: configuration
  input wire [M*M-1:0]                    order_i  // free: an order (used when FreeOrder)
);
  wire legal;
  tasd_unit_spec_chk #(.M(M), .DataW(DataW), .MaxTerms(MaxTerms), .Asserts(Asserts), .Assumes(Assumes), .FreeOrder(FreeOrder))
    u_chk (
      .en_i(1'b1), .data_i(data_i), .cfg_n_i(cfg_n_i), .val_i('0), .idx_i('0), .slot_vld_i('0),
      .mask_i('0), .order_i(order_i), .legal_o(legal)
    );
endmodule

`default_nettype wire
