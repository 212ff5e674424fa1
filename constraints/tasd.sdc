# SPDX-License-Identifier: Apache-2.0
# Timing constraints for every TASD IP block: one clock on clk_i, I/O delays as a fraction of the period.
#
# The synthesis flow (synth/run_synth.py) sets these Tcl globals before read_sdc; the defaults
# below apply when the file is read on its own:
#   tasd_clk_period_ns  clock period in ns (rtl/configs.tsv gives it per configuration)
#   tasd_io_fraction    input and output delay as a fraction of the period (external logic
#                       uses that share of the cycle on each side of the block)
if {![info exists ::tasd_clk_period_ns]} { set ::tasd_clk_period_ns 10.0 }
if {![info exists ::tasd_io_fraction]} { set ::tasd_io_fraction 0.2 }

set tasd_period $::tasd_clk_period_ns
set tasd_io_delay [expr {$::tasd_io_fraction * $tasd_period}]

create_clock -name clk -period $tasd_period [get_ports clk_i]

# Every data input except the clock arrives tasd_io_delay after the edge; every output must be
# stable tasd_io_delay before the next edge. The reset is a synchronous data input here.
set tasd_data_inputs [delete_from_list [all_inputs] [get_ports clk_i]]
set_input_delay $tasd_io_delay -clock clk $tasd_data_inputs
set_output_delay $tasd_io_delay -clock clk [all_outputs]

# Inputs are driven by a unit-size inverter; each output drives a load of four inverter inputs.
set_driving_cell -lib_cell INVX1 -pin Y $tasd_data_inputs
set_load 0.04 [all_outputs]

# Path groups, so the report shows the worst path of each kind separately.
group_path -name in2reg -from $tasd_data_inputs -to [all_registers -data_pins]
group_path -name reg2reg -from [all_registers -clock_pins] -to [all_registers -data_pins]
group_path -name reg2out -from [all_registers -clock_pins] -to [all_outputs]
group_path -name in2out -from $tasd_data_inputs -to [all_outputs]
