# SPDX-License-Identifier: Apache-2.0
# Accuracy (% of the int8 network) against MACs kept, per TASDER method, every model and target (like the paper's figure 16).
# usage: gnuplot -e "dir='build/nn'" scripts/networks.gp
if (!exists("dir")) dir = "build/nn"
set terminal pngcairo size 900,600 noenhanced
set output dir."/networks.png"
set title "TASD on Fashion-MNIST networks: top-1 (% of int8) vs MACs kept (TASDER, every model/level/target)"
set xlabel "MACs kept (% of dense)"
set ylabel "test top-1 (% of the int8 network)"
set grid
set key bottom right
set xrange [0:105]
set arrow from 0,99 to 105,99 nohead dashtype 2 lc rgb "gray"
set label "99 %" at 2,99.06 tc rgb "gray"
plot dir."/plot-network-W.dat" using 1:2 with points pt 7 ps 1.3 title "network-wise TASD-W", \
     dir."/plot-layer-W.dat" using 1:2 with points pt 5 ps 1.3 title "layer-wise TASD-W", \
     dir."/plot-layer-A.dat" using 1:2 with points pt 9 ps 1.5 title "layer-wise TASD-A", \
     dir."/plot-mixed.dat" using 1:2 with points pt 13 ps 1.5 title "per layer W or A"
