// SPDX-License-Identifier: Apache-2.0
// Sequential TASD unit (the paper's design, the baseline): extracts the largest remaining element of a held block once per cycle.
//
// Same ports and outputs as tasd_unit_par. The unit holds one block; every cycle a comparator
// tree picks the largest remaining magnitude (lower index on ties) and assigns it to the
// current term (term t while the extraction count is in [N_0+..+N_{t-1}, N_0+..+N_t)).
// Extraction stops after sum N_t elements; a block with sum N_t = 0 still takes one cycle.
//
// Timing: a block takes max(1, sum N_t) cycles in the extractor; the next block is accepted in
// the cycle the last extraction finishes, so the throughput is one block per max(1, sum N_t)
// cycles with no extra bubble. Latency from the input handshake to out_valid_o is
// max(1, sum N_t) + PipeStages cycles (PipeStages = 2 adds a register before slot packing).
// cfg_n_i, err_o and reset behave as in tasd_unit_par: the series is captured with the block,
// no block is accepted while err_o is high or rst_ni is low, and reset abandons the held block
// and empties the output stages.
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

module tasd_unit_seq #(
  parameter int M = 8,           // block size: 4, 8 or 16
  parameter int DataW = 8,       // element width (signed two's complement): 4..16
  parameter int MaxTerms = 2,    // terms of the series the unit produces: 1..3
  parameter int PipeStages = 1,  // register stages after the extractor: 1 or 2
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
  localparam int Nodes = 2*M - 1;  // comparator tree nodes: root 0, leaf i at M-1+i

  // ---- Configuration check and prefix sums (of the offered series). ----
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

  // ---- Held block and extraction state. ----
  logic                   busy_q;   // a block is held
  logic [M*DataW-1:0]     data_q;   // the held block
  logic [MaxTerms*NW-1:0] n_q;      // its series
  logic [MaxTerms*NW-1:0] lim_q;    // its prefix sums
  logic [M-1:0]           taken_q;  // elements already extracted
  logic [MaxTerms*M-1:0]  mask_q;   // members decided so far
  logic [NW-1:0]          cnt_q;    // extractions done (0..M)

  logic [NW-1:0] tot;
  assign tot = lim_q[(MaxTerms-1)*NW +: NW];

  // Combinational steps are automatic functions (locals only) or continuous assigns, so no
  // always_comb re-reads a module-level variable it writes (Icarus 11 loops on those).

  // ---- Comparator tree: largest magnitude among the remaining elements, lower index on ties. ----
  logic [M*MagW-1:0] mag;  // |x_i| of the held block at [i*MagW +: MagW]
  for (genvar g = 0; g < M; g++) begin : g_mag
    wire [MagW-1:0] ext = {data_q[g*DataW + DataW-1], data_q[g*DataW +: DataW]};
    assign mag[g*MagW +: MagW] = ext[MagW-1] ? (~ext + 1'b1) : ext;
  end

  // Index of the winner: heap-ordered tree, root 0, leaf i at M-1+i, so a left child always
  // covers lower indices than its sibling and wins ties.
  function automatic logic [IdxW-1:0] argmax(input logic [M*MagW-1:0] m, input logic [M-1:0] taken);
    logic [Nodes*MagW-1:0] t_mag;
    logic [Nodes*IdxW-1:0] t_idx;
    logic [Nodes-1:0]      t_vld;
    logic                  take_r;
    t_mag = '0;
    t_idx = '0;
    t_vld = '0;
    for (int i = 0; i < M; i++) begin
      t_mag[(M-1+i)*MagW +: MagW] = m[i*MagW +: MagW];
      t_idx[(M-1+i)*IdxW +: IdxW] = i[IdxW-1:0];
      t_vld[M-1+i]                = !taken[i];
    end
    for (int n = M - 2; n >= 0; n--) begin
      take_r = t_vld[2*n+2] && (!t_vld[2*n+1] ||
               (t_mag[(2*n+2)*MagW +: MagW] > t_mag[(2*n+1)*MagW +: MagW]));
      t_vld[n]              = t_vld[2*n+1] || t_vld[2*n+2];
      t_mag[n*MagW +: MagW] = take_r ? t_mag[(2*n+2)*MagW +: MagW] : t_mag[(2*n+1)*MagW +: MagW];
      t_idx[n*IdxW +: IdxW] = take_r ? t_idx[(2*n+2)*IdxW +: IdxW] : t_idx[(2*n+1)*IdxW +: IdxW];
    end
    argmax = t_idx[0 +: IdxW];
  endfunction

  // Members after this step: the picked element joins the term that owns extraction number cnt.
  function automatic logic [MaxTerms*M-1:0] add_member(input logic [MaxTerms*M-1:0] k,
                                                       input logic [M-1:0] p,
                                                       input logic [NW-1:0] cnt,
                                                       input logic [MaxTerms*NW-1:0] s);
    logic [MaxTerms*M-1:0] r;
    logic [NW-1:0]         lo;
    r  = k;
    lo = '0;
    for (int t = 0; t < MaxTerms; t++) begin
      if (cnt >= lo && cnt < s[t*NW +: NW]) begin
        r[t*M +: M] = k[t*M +: M] | p;
      end
      lo = s[t*NW +: NW];
    end
    add_member = r;
  endfunction

  // ---- One extraction step. ----
  logic                  extract;  // this cycle extracts an element
  logic                  last;     // this cycle finishes the held block
  logic [IdxW-1:0]       best;     // index of the largest remaining element
  logic [M-1:0]          pick;     // one-hot: the extracted element
  logic [MaxTerms*M-1:0] mask_d;

  assign extract = busy_q && (cnt_q < tot);
  assign last    = busy_q && ((cnt_q + 1'b1) >= tot);
  assign best    = argmax(mag, taken_q);
  for (genvar g = 0; g < M; g++) begin : g_pick
    assign pick[g] = extract && (best == g[IdxW-1:0]);
  end
  assign mask_d  = add_member(mask_q, pick, cnt_q, lim_q);

  // ---- Back end: optional mid register, packing, output register. ----
  logic be_ready;
  logic accept;
  logic advance;

  tasd_unit_out #(.M(M), .DataW(DataW), .MaxTerms(MaxTerms), .PipeStages(PipeStages),
                  .MaxSlots(MaxSlots), .HoldBlock(HoldBlock)) u_out (
    .clk_i         (clk_i),
    .rst_ni        (rst_ni),
    .in_valid_i    (last),
    .in_ready_o    (be_ready),
    .in_data_i     (data_q),
    .in_n_i        (n_q),
    .in_mask_i     (mask_d),
    .out_valid_o   (out_valid_o),
    .out_ready_i   (out_ready_i),
    .out_blk_i     (out_blk_i),
    .out_val_o     (out_val_o),
    .out_idx_o     (out_idx_o),
    .out_slot_vld_o(out_slot_vld_o),
    .out_mask_o    (out_mask_o)
  );

  // Nothing is accepted under an illegal series or during reset.
  assign in_ready_o = !err && rst_ni && (!busy_q || (last && be_ready));
  assign accept     = in_valid_i && in_ready_o;
  // The last step waits for the back end; earlier steps never wait.
  assign advance    = busy_q && (!last || be_ready);

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      busy_q <= 1'b0;
    end else if (accept) begin
      busy_q <= 1'b1;
    end else if (last && be_ready) begin
      busy_q <= 1'b0;
    end
  end

  // Datapath state has no reset: it is loaded with every accepted block and used only while busy_q.
  always_ff @(posedge clk_i) begin
    if (accept) begin
      data_q  <= in_data_i;
      n_q     <= cfg_n_i;
      lim_q   <= lim;
      taken_q <= '0;
      mask_q  <= '0;
      cnt_q   <= '0;
    end else if (advance) begin
      taken_q <= taken_q | pick;
      mask_q  <= mask_d;
      cnt_q   <= cnt_q + 1'b1;
    end
  end

  assign err_o = err;

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
