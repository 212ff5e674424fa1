// SPDX-License-Identifier: Apache-2.0
// Functional coverage bins of the harnesses: named counters declared up front, counted during a run, written as TSV.
//
// A harness declares every bin it means to reach (declare), counts hits (hit) and, at the end of
// the run, writes one file (write): a header line "# funcov <source>" and one line
// "<bin>\t<count>" per bin, in declaration order, zero counts included, so a bin that was never
// reached is visible. tb/common/funcov_report.py merges such files (sums per bin), lists every
// bin with its count and fails when a declared bin has none. Bin names are "<group>/<value>"
// (for example "n_term0/3", "illegal/sum_gt_m"); the harness prefixes nothing, the report groups
// the files by their source line.
#ifndef TASD_TB_FUNCOV_H
#define TASD_TB_FUNCOV_H

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

class TasdFunCov {
 public:
  // A bin the run is meant to hit (a second declaration of the same name is ignored).
  void declare(const std::string &bin) {
    if (index_.count(bin)) return;
    index_[bin] = names_.size();
    names_.push_back(bin);
    counts_.push_back(0);
  }
  // Counts a hit of a declared bin; an undeclared name is counted too (declared on the fly), so a
  // typo shows up in the report as an extra bin instead of vanishing.
  void hit(const std::string &bin, uint64_t n = 1) {
    declare(bin);
    counts_[index_[bin]] += n;
  }
  uint64_t count(const std::string &bin) const {
    auto it = index_.find(bin);
    return it == index_.end() ? 0 : counts_[it->second];
  }
  // Where a run writes its bins: the path its +funcov= plusarg gave, else
  // $TASD_FUNCOV_DIR/<stem>.tsv when that is set (make coverage), else "" (not written).
  static std::string output_path(const std::string &plusarg_path, const std::string &stem) {
    if (!plusarg_path.empty()) return plusarg_path;
    const char *dir = std::getenv("TASD_FUNCOV_DIR");
    return dir && *dir ? std::string(dir) + "/" + stem + ".tsv" : std::string();
  }
  // Writes the bins to path; returns false (and says why on stderr) when the file cannot be written.
  bool write(const std::string &path, const std::string &source) const {
    std::FILE *f = std::fopen(path.c_str(), "w");
    if (!f) {
      std::fprintf(stderr, "funcov: cannot write %s\n", path.c_str());
      return false;
    }
    std::fprintf(f, "# funcov %s\n", source.c_str());
    for (size_t i = 0; i < names_.size(); i++)
      std::fprintf(f, "%s\t%llu\n", names_[i].c_str(), static_cast<unsigned long long>(counts_[i]));
    const bool ok = std::fclose(f) == 0;
    if (!ok) std::fprintf(stderr, "funcov: cannot write %s\n", path.c_str());
    return ok;
  }

 private:
  std::map<std::string, size_t> index_;
  std::vector<std::string> names_;
  std::vector<uint64_t> counts_;
};

#endif
