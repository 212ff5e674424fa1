// SPDX-License-Identifier: Apache-2.0
// Integrator helpers for the TASD unit's configuration port: N-field width, cfg_n_i width and packing.
//
// cfg_n_i of tasd_unit_par / tasd_unit_seq holds MaxTerms fields of NW = $clog2(M) + 1 bits; term
// t's N is field t (bits [t*NW +: NW]); 0 disables a term. Example, 4:8+1:8 on an M=8 unit with
// MaxTerms=2: tasd_pkg::cfg_word(8, 4, 1, 0) = 8'h14. libtasd's tasd_unit_cfg_word() computes the
// same word from a parsed series (and refuses one the unit cannot run). Functions use the
// name-assignment form (no `return`) so Yosys 0.23 reads them.
`default_nettype none

package tasd_pkg;

  // The widest cfg_n_i of any legal unit: MaxTerms 3 x NW 5 (M = 16).
  localparam int CfgWordMaxW = 15;

  // Bits of one N field for block size m (m = 4, 8, 16: 3, 4, 5).
  function automatic integer n_width(input integer m);
    n_width = $clog2(m) + 1;
  endfunction

  // Bits of cfg_n_i for block size m and max_terms terms.
  function automatic integer cfg_width(input integer m, input integer max_terms);
    cfg_width = max_terms * ($clog2(m) + 1);
  endfunction

  // The cfg_n_i word of the series n0:m + n1:m + n2:m (give 0 for the terms a unit with fewer
  // MaxTerms does not have, then take the low cfg_width(m, MaxTerms) bits).
  function automatic [CfgWordMaxW-1:0] cfg_word(input integer m, input [4:0] n0, input [4:0] n1,
                                                input [4:0] n2);
    integer nw;
    nw = $clog2(m) + 1;
    cfg_word = {10'd0, n0} | ({10'd0, n1} << nw) | ({10'd0, n2} << (2 * nw));
  endfunction

endpackage

`default_nettype wire
