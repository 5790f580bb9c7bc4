// normname-learn: trains the joint-sequence transliteration model (lib/translit/joint.hpp)
// from a dictionary of name pairs, and measures one on held-out pairs.
//
//   normname-learn train [--order N] [--cutoff C] [--iterations I] --out MODEL PAIRS...
//   normname-learn eval --model MODEL PAIRS     (top-1 and top-3 word accuracy)
//
// PAIRS: Latin <TAB> Cyrillic letters separated by spaces <TAB> count, one pair per line
// (the format of Merhav & Ash's Wikidata dictionary, tests/data/wikidata-en-ru/).
//
// Training, as Phonetisaurus does it: (1) align each pair letter groups to letter groups by
// expectation maximization over a unigram model of graphones (one Latin letter to 0-2
// Cyrillic ones, or two Latin letters to one: sh:ш, x:кс, e: silent), (2) read each pair's best alignment as a
// graphone sequence, (3) fit an interpolated modified Kneser-Ney n-gram model over those
// sequences and write it in back-off form, dropping the rarest long n-grams (--cutoff).
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "text/utf8.hpp"
#include "translit/joint.hpp"

using normname::detail::JointModel;
using normname::detail::to_utf8;

namespace {

std::size_t kMaxLatin = 2, kMaxCyrillic = 2;  // --max-latin, --max-cyrillic
constexpr std::size_t kMaxLetters = 40;  // longer pairs are left out of training

struct Pair {
  std::u32string latin, cyrillic;
  std::size_t count = 1;
};
std::size_t max_copies = 1;  // --max-copies: a pair seen n times trains as min(n, this) pairs
double drop_worst = 0.03;      // --drop-worst F: leave out the share F of pairs that align worst

bool all_of_script(const std::u32string& s, UScriptCode script) {
  return std::all_of(s.begin(), s.end(), [&](char32_t c) {
    if (c == U'\'') return true;
    UErrorCode status = U_ZERO_ERROR;
    return uscript_getScript(static_cast<UChar32>(c), &status) == script;
  });
}

std::vector<Pair> read_pairs(const std::vector<std::string>& files, std::size_t& skipped) {
  std::vector<Pair> out;
  skipped = 0;
  for (const std::string& file : files) {
    std::ifstream in(file);
    if (!in) throw std::runtime_error("cannot read " + file);
    std::string line;
    while (std::getline(in, line)) {
      const std::size_t t1 = line.find('\t');
      const std::size_t t2 = t1 == std::string::npos ? t1 : line.find('\t', t1 + 1);
      if (t2 == std::string::npos) {
        ++skipped;
        continue;
      }
      std::string cyr = line.substr(t1 + 1, t2 - t1 - 1);
      cyr.erase(std::remove(cyr.begin(), cyr.end(), ' '), cyr.end());
      Pair p{JointModel::latin_letters(line.substr(0, t1)), JointModel::cyrillic_letters(cyr)};
      p.count = std::strtoul(line.c_str() + t2 + 1, nullptr, 10);
      if (p.latin.empty() || p.cyrillic.empty() || p.latin.size() > kMaxLetters || p.cyrillic.size() > kMaxLetters ||
          !all_of_script(p.latin, USCRIPT_LATIN) || !all_of_script(p.cyrillic, USCRIPT_CYRILLIC)) {
        ++skipped;
        continue;
      }
      out.push_back(std::move(p));
    }
  }
  return out;
}

bool many_to_many = false;  // --many-to-many: also groups of several letters to several (fewer pairs align well)
bool allowed(std::size_t a, std::size_t b) {
  return a >= 1 && a <= kMaxLatin && b <= kMaxCyrillic && (b > 0 || a == 1) && (many_to_many || a == 1 || b == 1);
}

// --- alignment ------------------------------------------------------------------------------
struct Aligner {
  std::map<std::u32string, std::uint32_t> id_of;  // "latin\tcyrillic"
  std::vector<std::u32string> names;
  struct Edge {
    std::uint16_t i, j, a, b;
    std::uint32_t g;
  };
  std::vector<std::vector<Edge>> edges;  // per pair, in order of (i, j)

  std::uint32_t id(const std::u32string& k) {
    auto [it, added] = id_of.try_emplace(k, static_cast<std::uint32_t>(names.size()));
    if (added) names.push_back(k);
    return it->second;
  }

  void build(const std::vector<Pair>& pairs) {
    edges.resize(pairs.size());
    for (std::size_t n = 0; n < pairs.size(); ++n) {
      const Pair& p = pairs[n];
      for (std::size_t i = 0; i < p.latin.size(); ++i) {
        for (std::size_t j = 0; j <= p.cyrillic.size(); ++j) {
          for (std::size_t a = 1; a <= kMaxLatin && i + a <= p.latin.size(); ++a) {
            for (std::size_t b = 0; b <= kMaxCyrillic && j + b <= p.cyrillic.size(); ++b) {
              if (!allowed(a, b)) continue;
              std::u32string k = p.latin.substr(i, a) + U'\t' + p.cyrillic.substr(j, b);
              edges[n].push_back({static_cast<std::uint16_t>(i), static_cast<std::uint16_t>(j),
                                  static_cast<std::uint16_t>(a), static_cast<std::uint16_t>(b), id(k)});
            }
          }
        }
      }
    }
  }

  // One EM iteration: expected graphone counts under `prob`, normalized into the next prob.
  // Returns the data's log likelihood.
  double iterate(const std::vector<Pair>& pairs, std::vector<double>& prob) {
    std::vector<double> counts(prob.size(), 0.0);
    double loglik = 0;
    std::vector<double> alpha, beta;
    for (std::size_t n = 0; n < pairs.size(); ++n) {
      const std::size_t L = pairs[n].latin.size(), M = pairs[n].cyrillic.size(), W = M + 1;
      alpha.assign((L + 1) * W, 0.0);
      beta.assign((L + 1) * W, 0.0);
      alpha[0] = 1;
      for (const Edge& e : edges[n]) alpha[(e.i + e.a) * W + e.j + e.b] += alpha[e.i * W + e.j] * prob[e.g];
      beta[L * W + M] = 1;
      for (auto it = edges[n].rbegin(); it != edges[n].rend(); ++it) {
        beta[it->i * W + it->j] += prob[it->g] * beta[(it->i + it->a) * W + it->j + it->b];
      }
      const double z = alpha[L * W + M];
      if (!(z > 0)) continue;
      loglik += std::log(z);
      for (const Edge& e : edges[n]) {
        counts[e.g] += alpha[e.i * W + e.j] * prob[e.g] * beta[(e.i + e.a) * W + e.j + e.b] / z;
      }
    }
    double total = 0;
    for (double c : counts) total += c;
    for (std::size_t g = 0; g < prob.size(); ++g) prob[g] = counts[g] / total;
    return loglik;
  }

  // The best alignment of pair n as graphone names; empty when there is none.
  std::vector<std::uint32_t> viterbi(const Pair& p, std::size_t n, const std::vector<double>& prob) const {
    const std::size_t L = p.latin.size(), M = p.cyrillic.size(), W = M + 1;
    std::vector<double> best((L + 1) * W, -1);
    std::vector<std::int64_t> back((L + 1) * W, -1);
    best[0] = 0;
    const auto& es = edges[n];
    for (std::size_t e = 0; e < es.size(); ++e) {
      const double from = best[es[e].i * W + es[e].j];
      if (from < 0 || prob[es[e].g] <= 0) continue;
      const double v = from + -std::log(prob[es[e].g]);
      double& to = best[(es[e].i + es[e].a) * W + es[e].j + es[e].b];
      // best holds costs (>= 0); -1 is "not reached"
      if (to < 0 || v < to) {
        to = v;
        back[(es[e].i + es[e].a) * W + es[e].j + es[e].b] = static_cast<std::int64_t>(e);
      }
    }
    std::vector<std::uint32_t> out;
    if (back[L * W + M] < 0) return out;
    std::size_t cell = L * W + M;
    while (cell != 0) {
      const Edge& e = es[static_cast<std::size_t>(back[cell])];
      out.push_back(e.g);
      cell = e.i * W + e.j;
    }
    std::reverse(out.begin(), out.end());
    return out;
  }
};

// --- n-gram model ---------------------------------------------------------------------------
using Ngram = std::u32string;  // graphone ids; 0 is the word boundary

struct Counts {
  std::unordered_map<Ngram, double> c;   // the count this order's estimate uses
  std::unordered_map<Ngram, double> raw; // occurrences
};

void write_model(const std::vector<std::vector<std::uint32_t>>& sequences, const std::vector<std::u32string>& graphone_names,
                 std::size_t order, double cutoff, std::ostream& out, const std::string& header) {
  // Graphone ids in the model: 1.. in order of first use; 0 the boundary.
  std::vector<std::uint32_t> remap(graphone_names.size(), 0);
  std::vector<std::uint32_t> used;
  std::vector<Counts> by(order + 1);
  for (const auto& seq : sequences) {
    Ngram s(1, U'\0');
    for (std::uint32_t g : seq) {
      if (!remap[g]) {
        used.push_back(g);
        remap[g] = static_cast<std::uint32_t>(used.size());
      }
      s.push_back(static_cast<char32_t>(remap[g]));
    }
    s.push_back(U'\0');
    for (std::size_t end = 1; end < s.size(); ++end) {
      for (std::size_t n = 1; n <= order && n <= end + 1; ++n) {
        if (end + 1 < n) break;
        by[n].raw[s.substr(end + 1 - n, n)] += 1;
      }
    }
  }
  // Kneser-Ney counts: the highest order and n-grams at the word start count occurrences;
  // lower orders count the distinct graphones seen before them.
  for (std::size_t n = 1; n <= order; ++n) {
    if (n == order) {
      by[n].c = by[n].raw;
      continue;
    }
    for (const auto& [g, v] : by[n].raw) {
      if (g[0] == U'\0' && g.size() >= 2) by[n].c[g] = v;  // "<s> ...": no left context
    }
    for (const auto& [g, v] : by[n + 1].raw) by[n].c[g.substr(1)] += 1;
  }
  // Discounts per order (Chen & Goodman's estimates).
  std::vector<std::array<double, 4>> D(order + 1);
  for (std::size_t n = 1; n <= order; ++n) {
    double nk[5] = {0, 0, 0, 0, 0};
    for (const auto& [g, v] : by[n].c) {
      const auto k = static_cast<std::size_t>(v + 0.5);
      if (k >= 1 && k <= 4) nk[k] += 1;
    }
    // Too few counts to estimate (a tiny training set): Kneser and Ney's usual 0.5, 1, 1.5.
    auto ratio = [](double a, double b) { return b > 0 ? a / b : 0.0; };
    const double y = ratio(nk[1], nk[1] + 2 * nk[2]);
    D[n] = {0, nk[1] && nk[2] ? std::clamp(1 - 2 * y * ratio(nk[2], nk[1]), 0.05, 0.95) : 0.5,
            nk[2] && nk[3] ? std::clamp(2 - 3 * y * ratio(nk[3], nk[2]), 0.1, 1.9) : 1.0,
            nk[3] && nk[4] ? std::clamp(3 - 4 * y * ratio(nk[4], nk[3]), 0.2, 2.9) : 1.5};
  }
  auto discount = [&](std::size_t n, double c) { return c >= 3 ? D[n][3] : D[n][static_cast<std::size_t>(c + 0.5)]; };
  // Per context: total count and the weight left for the lower order.
  std::vector<std::unordered_map<Ngram, std::pair<double, double>>> ctx(order + 1);  // total, gamma numerator
  for (std::size_t n = 1; n <= order; ++n) {
    for (const auto& [g, v] : by[n].c) {
      auto& t = ctx[n][g.substr(0, n - 1)];
      t.first += v;
      t.second += discount(n, v);
    }
  }
  const double vocab = static_cast<double>(used.size() + 1);
  std::vector<std::unordered_map<Ngram, double>> prob(order + 1);
  auto p_of = [&](auto&& self, const Ngram& g) -> double {
    const std::size_t n = g.size();
    if (n == 0) return 1.0 / vocab;
    auto it = prob[n].find(g);
    if (it != prob[n].end()) return it->second;
    const auto ct = ctx[n].find(g.substr(0, n - 1));
    if (ct == ctx[n].end()) return self(self, g.substr(1));
    const auto c = by[n].c.find(g);
    const double own = c == by[n].c.end() ? 0 : std::max(c->second - discount(n, c->second), 0.0) / ct->second.first;
    return own + ct->second.second / ct->second.first * self(self, g.substr(1));
  };
  for (std::size_t n = 1; n <= order; ++n) {
    for (const auto& [g, v] : by[n].c) prob[n][g] = p_of(p_of, g);
  }
  // Keep the n-grams of order >= 3 seen at least `cutoff` times, and every context of one kept.
  std::vector<std::map<Ngram, double>> kept(order + 1);
  for (std::size_t n = order; n >= 1; --n) {
    for (const auto& [g, v] : by[n].c) {
      const auto raw = by[n].raw.find(g);
      if (n >= 3 && (raw == by[n].raw.end() || raw->second < cutoff)) continue;
      kept[n][g] = prob[n][g];
    }
  }
  for (std::size_t n = order; n >= 2; --n) {
    for (const auto& [g, v] : kept[n]) {
      for (std::size_t m = n - 1; m >= 1; --m) {
        const Ngram prefix = g.substr(0, m);
        if (!kept[m].count(prefix) && prob[m].count(prefix)) kept[m][prefix] = prob[m][prefix];
      }
    }
  }
  out << header << "order\t" << order << "\n";
  for (std::uint32_t g : used) {
    const std::u32string& name = graphone_names[g];
    const std::size_t tab = name.find(U'\t');
    out << "g\t" << to_utf8(name.substr(0, tab)) << "\t" << to_utf8(name.substr(tab + 1)) << "\n";
  }
  char buf[64];
  std::size_t written = 0;
  for (std::size_t n = 1; n <= order; ++n) {
    for (const auto& [g, p] : kept[n]) {
      out << "n\t";
      for (std::size_t i = 0; i < g.size(); ++i) out << (i ? " " : "") << static_cast<std::uint32_t>(g[i]);
      std::snprintf(buf, sizeof buf, "\t%.3f", std::log(p));
      out << buf;
      if (n < order) {
        const auto ct = ctx[n + 1].find(g);
        if (ct != ctx[n + 1].end()) {
          std::snprintf(buf, sizeof buf, "\t%.3f", std::log(ct->second.second / ct->second.first));
          out << buf;
        }
      }
      out << "\n";
      ++written;
    }
  }
  std::cerr << "learn: " << used.size() << " graphones, " << written << " n-grams\n";
}

int train(std::size_t order, double cutoff, std::size_t iterations, const std::string& out_path,
          const std::vector<std::string>& files) {
  std::size_t skipped = 0;
  const std::vector<Pair> pairs = read_pairs(files, skipped);
  std::cerr << "learn: " << pairs.size() << " pairs (" << skipped << " left out)\n";
  Aligner al;
  al.build(pairs);
  std::vector<double> prob(al.names.size(), 1.0 / static_cast<double>(al.names.size()));
  for (std::size_t it = 0; it < iterations; ++it) {
    const double ll = al.iterate(pairs, prob);
    std::cerr << "learn: EM iteration " << it + 1 << ": log likelihood " << ll << "\n";
  }
  // Best alignments, scored per graphone: the pairs that align worst are mostly not
  // transliterations (another name of the person, a misread record) and are left out.
  std::vector<std::pair<double, std::vector<std::uint32_t>>> aligned;
  for (std::size_t n = 0; n < pairs.size(); ++n) {
    auto seq = al.viterbi(pairs[n], n, prob);
    if (seq.empty()) continue;
    double cost = 0;
    for (std::uint32_t g : seq) cost -= std::log(prob[g]);
    const std::size_t copies = std::clamp<std::size_t>(pairs[n].count, 1, max_copies);
    for (std::size_t c = 0; c < copies; ++c) aligned.emplace_back(cost / static_cast<double>(seq.size()), seq);
  }
  std::stable_sort(aligned.begin(), aligned.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  aligned.resize(aligned.size() - static_cast<std::size_t>(drop_worst * static_cast<double>(aligned.size())));
  std::vector<std::vector<std::uint32_t>> sequences;
  for (auto& [cost, seq] : aligned) sequences.push_back(std::move(seq));
  std::ostringstream header;
  header << "# normname joint-sequence transliteration model (lib/translit/joint.hpp), written by\n"
            "# tools/learn (scripts/learn-translit.sh): do not edit by hand.\n"
;
  header << "# trained on:";
  for (const std::string& f : files) header << " " << f.substr(f.find_last_of('/') + 1);
  header << " (see README.md beside this file for the source and licence)\n"
         << "# pairs: " << pairs.size() << ", order " << order << ", cutoff " << cutoff << ", EM iterations "
         << iterations << "\n";
  const std::string tmp = out_path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    write_model(sequences, al.names, order, cutoff, out, header.str());
    out.flush();
    if (!out) throw std::runtime_error("cannot write " + tmp);
  }
  if (std::rename(tmp.c_str(), out_path.c_str()) != 0) throw std::runtime_error("cannot rename to " + out_path);
  return 0;
}

int eval(const std::string& model_path, const std::string& file) {
  std::ifstream in(model_path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  JointModel model(text, model_path);
  std::size_t skipped = 0;
  const std::vector<Pair> pairs = read_pairs({file}, skipped);
  std::size_t top1 = 0, top3 = 0, top10 = 0;
  for (const Pair& p : pairs) {
    const auto r = model.best(p.latin, 10);
    for (std::size_t i = 0; i < r.size(); ++i) {
      if (r[i].cyrillic == p.cyrillic) {
        top1 += i < 1;
        top3 += i < 3;
        top10 += 1;
        break;
      }
    }
  }
  const double n = static_cast<double>(pairs.size());
  std::printf("pairs %zu  top-1 %.4f  top-3 %.4f  top-10 %.4f  (n-grams %zu)\n", pairs.size(), top1 / n, top3 / n,
              top10 / n, model.ngrams());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
      std::cerr << "usage: normname-learn train|eval ...\n";
      return 64;
    }
    std::size_t order = 6, iterations = 8;
    double cutoff = 2;
    std::string out, model;
    std::vector<std::string> files;
    for (std::size_t i = 1; i < args.size(); ++i) {
      auto value = [&]() -> const std::string& {
        if (i + 1 >= args.size()) throw std::runtime_error(args[i] + " needs a value");
        return args[++i];
      };
      if (args[i] == "--order") order = std::stoul(value());
      else if (args[i] == "--cutoff") cutoff = std::stod(value());
      else if (args[i] == "--iterations") iterations = std::stoul(value());
      else if (args[i] == "--out") out = value();
      else if (args[i] == "--max-latin") kMaxLatin = std::stoul(value());
      else if (args[i] == "--max-cyrillic") kMaxCyrillic = std::stoul(value());
      else if (args[i] == "--many-to-many") many_to_many = true;
      else if (args[i] == "--max-copies") max_copies = std::stoul(value());
      else if (args[i] == "--drop-worst") drop_worst = std::stod(value());
      else if (args[i] == "--model") model = value();
      else files.push_back(args[i]);
    }
    if (args[0] == "train" && !out.empty() && !files.empty() && order >= 1 && order <= 12) {
      return train(order, cutoff, iterations, out, files);
    }
    if (args[0] == "eval" && !model.empty() && files.size() == 1) return eval(model, files[0]);
    std::cerr << "usage: normname-learn train [--order N] [--cutoff C] [--iterations I] --out MODEL PAIRS...\n"
                 "       normname-learn eval --model MODEL PAIRS\n";
    return 64;
  } catch (const std::exception& e) {
    std::cerr << "normname-learn: " << e.what() << "\n";
    return 1;
  }
}
