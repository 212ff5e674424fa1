// SPDX-License-Identifier: Apache-2.0
// The harnesses' random generator (splitmix64): one seeded stream per harness, so every run replays from its seed.
#ifndef TASD_TB_RNG_H
#define TASD_TB_RNG_H

#include <cstdint>

// Every harness (tb/unit, tb/tile, tb/pe, tb/systemc, tb/integ) draws its stimulus from this one
// generator. `salt` gives each harness (or each stream inside one) its own sequence for the same
// seed; the value is fixed per call site, so a printed seed always replays the same run.
struct Rng {
  uint64_t s;
  explicit Rng(uint64_t seed, uint64_t salt = 0x1234567ull) : s(seed * 0x9E3779B97F4A7C15ull + salt) {}
  uint64_t next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n); 0 when n is 0.
  uint32_t below(uint32_t n) { return n ? static_cast<uint32_t>(next() % n) : 0; }
  // Uniform in [lo, hi].
  int range(int lo, int hi) { return lo + static_cast<int>(below(static_cast<uint32_t>(hi - lo + 1))); }
  // True with probability p.
  bool chance(double p) { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0) < p; }
};

#endif  // TASD_TB_RNG_H
