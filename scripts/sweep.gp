# SPDX-License-Identifier: Apache-2.0
# Plots the synthetic sweep (tasd sweep) like the paper's Figures 5 and 6.
# usage: gnuplot -e "dir='build/sweep'" scripts/sweep.gp   (reads dir/fig5.dat, dir/fig6.dat)
if (!exists("dir")) dir = 'build/sweep'
set terminal pngcairo size 1200,460 font "DejaVu Sans,10" noenhanced
set datafile commentschars "#"
set grid
set key top left

# ---- Figure 5: dropped non-zeros and dropped magnitude vs density -------------------------
set output dir.'/fig5.png'
set multiplot layout 1,2 title "TASD on 128x128 synthetic matrices (mean of trials): dropped share vs density"
set xlabel "density of the original matrix"
set xrange [0.08:0.77]
set ylabel "% of non-zeros dropped"
set yrange [0:*]
plot dir.'/fig5.dat' index 0 using 1:2  with linespoints lw 2 pt 7 lc rgb "#1f77b4" title "2:4 normal", \
     ''              index 0 using 1:5  with linespoints lw 2 pt 7 lc rgb "#ff7f0e" title "2:4+2:8 normal", \
     ''              index 0 using 1:8  with linespoints lw 2 pt 7 lc rgb "#2ca02c" title "2:4+2:8+2:16 normal", \
     ''              index 1 using 1:2  with linespoints lw 1 dt 2 pt 6 lc rgb "#1f77b4" title "2:4 uniform", \
     ''              index 1 using 1:5  with linespoints lw 1 dt 2 pt 6 lc rgb "#ff7f0e" title "2:4+2:8 uniform", \
     ''              index 1 using 1:8  with linespoints lw 1 dt 2 pt 6 lc rgb "#2ca02c" title "2:4+2:8+2:16 uniform"
set ylabel "% of total magnitude dropped"
plot dir.'/fig5.dat' index 0 using 1:3  with linespoints lw 2 pt 7 lc rgb "#1f77b4" title "2:4 normal", \
     ''              index 0 using 1:6  with linespoints lw 2 pt 7 lc rgb "#ff7f0e" title "2:4+2:8 normal", \
     ''              index 0 using 1:9  with linespoints lw 2 pt 7 lc rgb "#2ca02c" title "2:4+2:8+2:16 normal", \
     ''              index 1 using 1:3  with linespoints lw 1 dt 2 pt 6 lc rgb "#1f77b4" title "2:4 uniform", \
     ''              index 1 using 1:6  with linespoints lw 1 dt 2 pt 6 lc rgb "#ff7f0e" title "2:4+2:8 uniform", \
     ''              index 1 using 1:9  with linespoints lw 1 dt 2 pt 6 lc rgb "#2ca02c" title "2:4+2:8+2:16 uniform"
unset multiplot

# ---- Figure 6: GEMM error vs approximated sparsity ------------------------------------------
set terminal pngcairo size 760,480 font "DejaVu Sans,10" noenhanced
set output dir.'/fig6.png'
set title "256x256 GEMM, one-term TASD on A: ||(A-A*)B||_F / ||AB||_F"
set xlabel "approximated sparsity of the N:M pattern (%)"
set ylabel "relative error"
set xrange [-3:103]
set yrange [0:*]
set key top left
plot dir.'/fig6.dat' index 0 using 1:2 with linespoints lw 2 pt 7 lc rgb "#d62728" title "A 20% sparse, N:4", \
     ''              index 1 using 1:2 with linespoints lw 2 pt 5 lc rgb "#9467bd" title "A 20% sparse, N:8", \
     ''              index 2 using 1:2 with linespoints lw 2 dt 2 pt 6 lc rgb "#d62728" title "A 80% sparse, N:4", \
     ''              index 3 using 1:2 with linespoints lw 2 dt 2 pt 4 lc rgb "#9467bd" title "A 80% sparse, N:8"
