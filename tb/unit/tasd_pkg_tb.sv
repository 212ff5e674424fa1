// SPDX-License-Identifier: Apache-2.0
// Icarus check of rtl/tasd_pkg.sv: cfg_word / cfg_width equal libtasd's tasd_unit_cfg_word for every series.
//
// +vec=<file from tasd_pkg_vec>: lines "M MaxTerms N0 N1 N2 word". Exit status 0 when every word
// matches, 1 on a mismatch, 2 when the file cannot be read or holds no line.
`default_nettype none

module tasd_pkg_tb;
  integer fd, rc, m, t, n0, n1, n2, word, lines, errors;
  reg [8*256-1:0] vecfile;
  reg [tasd_pkg::CfgWordMaxW-1:0] got, mask;
  initial begin
    if (!$value$plusargs("vec=%s", vecfile)) begin
      $display("PKG FAIL: give +vec=<file>");
      $finish_and_return(2);
    end
    fd = $fopen(vecfile, "r");
    if (fd == 0) begin
      $display("PKG FAIL: cannot open %0s", vecfile);
      $finish_and_return(2);
    end
    lines = 0;
    errors = 0;
    rc = $fscanf(fd, "%d %d %d %d %d %h\n", m, t, n0, n1, n2, word);
    while (rc == 6) begin
      lines = lines + 1;
      mask = (1 << tasd_pkg::cfg_width(m, t)) - 1;
      got = tasd_pkg::cfg_word(m, n0[4:0], n1[4:0], n2[4:0]) & mask;
      if (got !== word[tasd_pkg::CfgWordMaxW-1:0] || tasd_pkg::n_width(m) != $clog2(m) + 1) begin
        $display("PKG MISMATCH M=%0d T=%0d N=%0d,%0d,%0d: SV %h, libtasd %h", m, t, n0, n1, n2, got, word);
        errors = errors + 1;
      end
      rc = $fscanf(fd, "%d %d %d %d %d %h\n", m, t, n0, n1, n2, word);
    end
    if (lines == 0) begin
      $display("PKG FAIL: no vectors in %0s", vecfile);
      $finish_and_return(2);
    end
    if (errors != 0) begin
      $display("PKG FAIL %0d of %0d words differ", errors, lines);
      $finish_and_return(1);
    end
    $display("PKG PASS %0d words equal libtasd's", lines);
    $finish;
  end
endmodule

`default_nettype wire
