#include <algorithm>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>

#include "index/image.hpp"
#include "match/matcher.hpp"
#include "names/parser.hpp"
#include "normname/error.hpp"
#include "tables/tsv.hpp"

namespace normname::detail {

namespace {
constexpr std::string_view kAliasDir = "aliases/";
const std::set<std::string_view, std::less<>> kEntityTypes = {"person", "place", "organisation"};
const std::set<std::string_view, std::less<>> kAliasKinds = {"preferred", "alias", "former", "misspelling"};
constexpr std::string_view kMerged = "merged";
constexpr std::string_view kIndexDir = "index/";
constexpr std::string_view kIndexExtension = ".nnx";
// On a miss, at most this many more aliases of the name's family block are compared, to
// report the closest (docs/cli.md, "Limits").
constexpr std::uint32_t kMissCandidates = 8;
// The block every alias of an ID is also stored under.
constexpr std::string_view kEntityBlock = "e:";
}  // namespace

std::string fingerprint(std::string_view text) {
  // FNV-1a over 8-byte words, with a shift to carry the high bits down: a table of a million
  // aliases is 60 MB, and start-up hashes it on every run to see whether its index is current.
  constexpr std::uint64_t kPrime = 1099511628211ULL;
  std::uint64_t h = 1469598103934665603ULL ^ text.size();
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, text.data() + i, 8);
    h = (h ^ w) * kPrime;
    h ^= h >> 29;
  }
  for (; i < text.size(); ++i) h = (h ^ static_cast<unsigned char>(text[i])) * kPrime;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

constexpr std::string_view kMorphologyDir = "morphology/";

std::string rules_fingerprint(const Tables& tables) {
  std::string all;
  for (const auto& path : tables.paths()) {
    // Case endings are read at resolve time, never compiled into an index: a change to
    // them leaves every index current.
    if (path.rfind(kAliasDir, 0) == 0 || path.rfind(kIndexDir, 0) == 0 || path.rfind(kMorphologyDir, 0) == 0) continue;
    all += path + '\n' + fingerprint(*tables.find(path)) + '\n';
  }
  return fingerprint(all);
}

struct AliasIndex::Segment {
  std::string table_path;
  std::string neighbours;  // neighbours_fingerprint of this table
  bool runner_ups = false;  // the view's runner-ups were computed against those neighbours
  // Otherwise each alias's runner-up as resolve() finds it for the alias's own name, made
  // when first asked for (a small table read from text, or an index compiled before another
  // table changed).
  mutable std::mutex memo_mutex;
  mutable std::unordered_map<std::uint32_t, std::optional<RunnerUp>> memo;
  mutable std::deque<std::string> memo_ids;  // what memo's views point into (stable addresses)
  std::string owned;         // the image built from the table's text
  index::MappedFile mapped;  // or the compiled index file
  index::ImageView view;
  std::vector<Prepared> prepared;  // built from text: the names as prepared then
  std::string_view bytes() const { return owned.empty() ? mapped.bytes() : std::string_view(owned); }
};

namespace {

// Where `tables compile` writes the index of a table read from `origin` (DIR/aliases/NAME.tsv):
// DIR/index/NAME.nnx.
std::string index_file(const std::string& origin) {
  const std::filesystem::path p(origin);
  return (p.parent_path().parent_path() / "index" / p.stem()).string() + std::string(kIndexExtension);
}

// Tables this large are prepared on several threads: below it, starting them costs more.
constexpr std::size_t kParallelRows = 4096;

// f(i) for every i < n, on every core when n is large; the first exception is rethrown.
template <class F>
void parallel_for(std::size_t n, F&& f) {
  const std::size_t threads = n < kParallelRows ? 1 : std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::exception_ptr> failed(threads);
  std::vector<std::thread> pool;
  for (std::size_t t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      try {
        for (std::size_t i = t; i < n; i += threads) f(i);
      } catch (...) {
        failed[t] = std::current_exception();
      }
    });
  }
  for (auto& th : pool) th.join();
  for (auto& e : failed) {
    if (e) std::rethrow_exception(e);
  }
}

std::vector<Prepared> prepare_all(const std::vector<std::string_view>& names, const AliasIndex::PrepareFn& prepare) {
  std::vector<Prepared> out(names.size());
  parallel_for(names.size(), [&](std::size_t i) { out[i] = prepare(names[i]); });
  return out;
}

// "ID ('alias'), ..." of the entities a name fits.
std::string fits_note(const std::vector<EntityMatch>& fits) {
  std::string ids;
  for (const auto& e : fits) ids += (ids.empty() ? "" : ", ") + e.id + " ('" + e.alias + "')";
  return ids;
}

}  // namespace

namespace {
bool is_alias_table(std::string_view path) { return path.rfind(kAliasDir, 0) == 0 && path.ends_with(".tsv"); }
}  // namespace

std::string AliasIndex::neighbours_fingerprint(const std::vector<std::pair<std::string, std::string>>& sources,
                                               std::string_view table_path) const {
  // A runner-up may be an entity of any table, and is one only above the thresholds.
  char thresholds[64];
  std::snprintf(thresholds, sizeof thresholds, "%.17g %.17g\n", opts_.same_threshold, opts_.resolve_threshold);
  std::string all = thresholds;
  for (const auto& [path, source] : sources) {
    if (path != table_path) all += path + '\n' + source + '\n';
  }
  return fingerprint(all);
}

AliasIndex::AliasIndex(const Tables& tables, const PrepareFn& prepare, const NameParser& parser, const MatchOptions& opts)
    : parser_(parser), prepare_(prepare), opts_(opts) {
  const std::string rules = rules_fingerprint(tables);
  std::vector<std::pair<std::string, std::string>> sources;  // alias table, its fingerprint
  for (const std::string& path : tables.paths()) {
    if (is_alias_table(path)) sources.emplace_back(path, fingerprint(*tables.find(path)));
  }
  for (const auto& [path, source] : sources) {
    auto seg = std::make_unique<Segment>();
    seg->table_path = path;
    seg->neighbours = neighbours_fingerprint(sources, path);
    const std::string& text = *tables.find(path);
    // Messages name the file as the user knows it: its path on disk, or tables/... built in.
    const std::string origin = tables.origin(path);
    const std::string where = origin == "built-in" ? "tables/" + path : origin;
    // The compiled index: given with the tables (index/NAME.nnx), else beside the table on disk.
    const std::string stem = path.substr(kAliasDir.size(), path.size() - kAliasDir.size() - 4);
    if (const std::string* given = tables.find(std::string(kIndexDir) + stem + std::string(kIndexExtension))) {
      seg->owned = *given;
    } else if (origin != "built-in") {
      seg->mapped = index::MappedFile(index_file(origin));
    }
    if (auto view = index::ImageView::open(seg->bytes(), source, rules)) {
      seg->view = *view;
      seg->runner_ups = view->runner_ups_for(seg->neighbours);
      merges_ += view->merge_count();
      segments_.push_back(std::move(seg));
      continue;
    }
    // No current index: the text is read and every name prepared.
    build_from_text(*seg, text, where, source, rules);
    merges_ += seg->view.merge_count();
    segments_.push_back(std::move(seg));
  }
}

void AliasIndex::build_from_text(Segment& seg, std::string_view text, const std::string& where, const std::string& source,
                                 const std::string& rules) const {
  seg.owned.clear();
  seg.mapped = index::MappedFile();
  index::Section section;
  std::vector<std::string_view> names;
  for (const auto& row : read_tsv(where, text)) {
    if (row.fields.size() < 3) table_error(where, row.line, "expected at least: id <TAB> kind <TAB> value");
    std::string_view id = row.fields[0], kind = row.fields[1], value = row.fields[2];
    if (id.empty()) table_error(where, row.line, "empty id");
    if (kEntityTypes.count(kind)) {
      section.entities.emplace_back(id, kind);
      continue;
    }
    if (kind == kMerged) {
      section.merges.emplace_back(id, value);
      continue;
    }
    if (!kAliasKinds.count(kind)) table_error(where, row.line, "unknown kind '" + std::string(kind) + "'");
    if (value.empty()) table_error(where, row.line, "empty name");
    section.aliases.push_back({std::string(id), std::string(value), kind == "preferred" || kind == "alias", nullptr, {}});
    names.push_back(value);
  }
  seg.prepared = prepare_all(names, prepare_);
  for (std::size_t i = 0; i < names.size(); ++i) {
    section.aliases[i].prepared = &seg.prepared[i];
    section.aliases[i].blocks = narrow_blocks_of(seg.prepared[i], parser_, BlockSide::stored);
    section.aliases[i].blocks.push_back(std::string(kEntityBlock) + section.aliases[i].id);
  }
  seg.owned = index::build_image(source, rules, section);
  auto view = index::ImageView::open(seg.owned, source, rules);
  if (!view) throw error(errc::bad_table, where + ": cannot build its index");
  seg.view = *view;
}

std::string AliasIndex::compile(const Tables& tables, std::string_view table_path) const {
  for (const auto& s : segments_) {
    if (s->table_path != table_path) continue;
    // Each alias's runner-up, found by resolving its own name against every table now
    // loaded: an exact spelling of a name is then answered from its key alone (resolve_exact).
    std::vector<std::optional<RunnerUp>> runner_ups(s->view.size());
    std::vector<std::string> ids(s->view.size());
    compute_runner_ups(*s, runner_ups, ids);
    // Built from the text when this context loaded: those are the bytes, so a table is
    // prepared once, not once to load and again to compile. A mapped index is built again,
    // so that compile always writes what this version of normname would.
    if (!s->prepared.empty() || s->view.size() == 0) return index::with_answers(s->bytes(), runner_ups, s->neighbours);
    Segment fresh;
    const std::string& text = *tables.find(table_path);
    const std::string origin = tables.origin(table_path);
    build_from_text(fresh, text, origin == "built-in" ? "tables/" + std::string(table_path) : origin, fingerprint(text),
                    rules_fingerprint(tables));
    return index::with_answers(fresh.owned, runner_ups, s->neighbours);
  }
  return {};
}

void AliasIndex::compute_runner_ups(const Segment& seg, std::vector<std::optional<RunnerUp>>& out,
                                    std::vector<std::string>& ids) const {
  // Only the first alias of a key is ever asked (resolve_exact answers with it), and only
  // where the key is one entity's.
  parallel_for(seg.view.size(), [&](std::size_t i) {
    const auto a = static_cast<std::uint32_t>(i);
    Prepared scratch;
    const Prepared& p = prepared_of(seg, a, scratch);
    Ref first{nullptr, 0};
    const auto exact = exact_at(p.key, first);
    const auto own = seg.view.id(a);
    if (!exact || first.segment != &seg || first.alias != a || !own) return;
    const Resolution r = resolve(p, opts_, nullptr, *own);
    if (r.id == exact->id && r.runner_up) {
      ids[a] = *r.runner_up;
      out[a] = RunnerUp{ids[a], r.runner_up_score};
    }
  });
}

const Prepared& AliasIndex::prepared_of(const Segment& seg, std::uint32_t alias, Prepared& scratch) const {
  if (!seg.prepared.empty()) return seg.prepared[alias];
  // A record that does not decode is prepared from its text, which is the truth.
  if (!seg.view.prepared(alias, scratch)) scratch = prepare_(*seg.view.name(alias));
  return scratch;
}

std::optional<Resolution> AliasIndex::resolve_exact(std::string_view name_key) const {
  Ref first{nullptr, 0};
  std::vector<EntityMatch> namesakes;
  std::optional<std::optional<RunnerUp>> answered;  // the runner-up an answer gave, if one did
  std::optional<Resolution> r = exact_at(name_key, first, &namesakes, &answered);
  if (namesakes.size() > 1) {
    // Spelled as names of several entities (namesakes): ambiguous between them, as resolve()
    // reports it, in the order of their IDs.
    std::sort(namesakes.begin(), namesakes.end(), [](const EntityMatch& x, const EntityMatch& y) { return x.id < y.id; });
    Resolution amb;
    amb.ambiguous = true;
    amb.explanation = "fits several entities: " + fits_note(namesakes);
    amb.fits = std::move(namesakes);
    return amb;
  }
  if (!r) return r;
  // The runner-up of the alias that answered, the first with the key.
  const Segment& s = *first.segment;
  const std::uint32_t a = first.alias;
  std::optional<RunnerUp> ru;
  if (s.runner_ups && answered) {
    ru = *answered;
  } else {
    std::unique_lock lock(s.memo_mutex);
    auto it = s.memo.find(a);
    if (it == s.memo.end()) {
      lock.unlock();
      Prepared scratch;
      const Resolution full = resolve(prepared_of(s, a, scratch), opts_);
      lock.lock();
      std::optional<RunnerUp> made;
      if (full.id == r->id && full.runner_up) {
        s.memo_ids.push_back(*full.runner_up);
        made = RunnerUp{s.memo_ids.back(), full.runner_up_score};
      }
      it = s.memo.emplace(a, made).first;
    }
    ru = it->second;
  }
  if (ru) {
    r->runner_up = std::string(ru->id);
    r->runner_up_score = ru->score;
  }
  return r;
}

AliasIndex::~AliasIndex() = default;

std::size_t AliasIndex::size() const {
  std::size_t n = 0;
  for (const auto& s : segments_) n += s->view.size();
  return n;
}

bool AliasIndex::mapped(std::string_view table_path) const {
  for (const auto& s : segments_) {
    if (s->table_path == table_path) return s->prepared.empty() && s->view.size() > 0;
  }
  return false;
}

bool AliasIndex::runner_ups_current(std::string_view table_path) const {
  for (const auto& s : segments_) {
    if (s->table_path == table_path) return s->runner_ups;
  }
  return false;
}

std::string AliasIndex::final_id(std::string_view id) const {
  std::string cur(id);
  // Follow merge records; a cycle would be a table error that lint reports, so cap the walk.
  for (std::size_t hops = 0; hops <= merges_; ++hops) {
    std::optional<std::string_view> next;
    for (const auto& s : segments_) {
      if ((next = s->view.merged_into(cur))) break;
    }
    if (!next) break;
    cur = std::string(*next);
  }
  return cur;
}

bool AliasIndex::is_person(std::string_view id) const {
  return person_.get(id, [&] { return type_is_person(id); });
}

bool AliasIndex::type_is_person(std::string_view id) const {
  auto type_of = [&](std::string_view x) -> std::optional<std::string_view> {
    for (const auto& s : segments_) {
      if (auto t = s->view.type_of(x)) return t;
    }
    return std::nullopt;
  };
  auto t = type_of(final_id(id));
  if (!t) t = type_of(id);
  return !t || *t == "person";
}

bool AliasIndex::alias_has_key(const Segment& seg, std::uint32_t alias, std::string_view key) const {
  if (!seg.prepared.empty()) return seg.prepared[alias].key == key;
  if (const auto k = seg.view.key(alias)) return *k == key;
  // A record that does not decode is prepared from its text, which is the truth.
  const auto name = seg.view.name(alias);
  return name && prepare_(*name).key == key;
}

bool AliasIndex::has_key(std::string_view key) const {
  std::vector<std::uint32_t> found;
  for (const auto& s : segments_) {
    found.clear();
    s->view.by_key(key, found, 4);
    for (std::uint32_t a : found) {
      if (alias_has_key(*s, a, key)) return true;
    }
  }
  return false;
}

std::optional<Resolution> AliasIndex::exact_key(std::string_view name_key) const {
  Ref first{nullptr, 0};
  return exact_at(name_key, first);
}

std::optional<Resolution> AliasIndex::exact_at(std::string_view name_key, Ref& first, std::vector<EntityMatch>* namesakes,
                                               std::optional<std::optional<RunnerUp>>* answered_runner_up) const {
  if (name_key.empty()) return std::nullopt;
  std::optional<Resolution> r;
  std::string_view first_id;  // its ID before merges: its other aliases need no final_id
  // Alias a of segment s, whose key is the name's: false when it is of another entity than
  // the first and no namesakes are asked for.
  auto take = [&](const Segment& s, std::uint32_t a, std::string_view id, std::string_view name) {
    if (r) {
      if (id == first_id) return true;
      // Two entities: resolve() says which fit; or, with `namesakes`, each entity with its
      // first alias of the key, as resolve() reports them.
      std::string entity = final_id(id);
      if (entity == *r->id) return true;
      if (!namesakes) return false;
      if (namesakes->empty()) namesakes->push_back({*r->id, r->alias, 1.0});
      if (std::none_of(namesakes->begin(), namesakes->end(), [&](const EntityMatch& e) { return e.id == entity; })) {
        namesakes->push_back({std::move(entity), std::string(name), 1.0});
      }
      return true;
    }
    r.emplace();
    r->id = merges_ ? final_id(id) : std::string(id);
    r->score = 1.0;
    r->alias = std::string(name);
    r->explanation.reserve(r->alias.size() + 24);
    r->explanation.append("spelled as its name '").append(r->alias).append("'");
    first = {&s, a};
    first_id = id;
    return true;
  };
  thread_local std::vector<std::uint32_t> found;
  const std::uint64_t hash = index::ImageView::hash(name_key);
  for (const auto& s : segments_) {
    const bool none_yet = !r;
    std::optional<index::ImageView::Answer> ans;
    if (s->view.has_answers()) {
      // A compiled index answers for each of its keys in one place.
      ans = s->view.answer(name_key, hash);
      if (!ans) continue;
      if (ans->one_id && !take(*s, ans->alias, ans->id, ans->name)) return std::nullopt;
    }
    if (!ans || !ans->one_id) {
      found.clear();
      s->view.by_key_hash(hash, found);
      for (std::uint32_t a : found) {
        const auto id = s->view.id(a);
        if (!id || (r && *id == first_id)) continue;
        const auto name = s->view.name(a);
        if (!name || !alias_has_key(*s, a, name_key)) continue;
        if (!take(*s, a, *id, *name)) return std::nullopt;
      }
    }
    // The answer's runner-up is its first alias's: the one taken, when it was taken here.
    if (none_yet && r && ans && first.alias == ans->alias && answered_runner_up) *answered_runner_up = ans->runner_up;
  }
  if (namesakes && !namesakes->empty()) return std::nullopt;
  return r;
}

void AliasIndex::for_each_parts(const std::function<void(std::string_view id, const AliasParts& name)>& f) const {
  AliasParts name;
  std::vector<index::ImageView::PartView> views;
  for (const auto& s : segments_) {
    for (std::uint32_t a = 0; a < s->view.size(); ++a) {
      const auto id = s->view.id(a);
      if (!id) continue;
      name.parts.clear();
      if (!s->prepared.empty()) {
        const Prepared& p = s->prepared[a];
        name.gender = p.parsed.gender;
        for (const NamePart& part : p.parsed.parts) name.parts.push_back({part.role, {part.text, part.key}});
        f(*id, name);
      } else if (s->view.parts(a, name.gender, views)) {
        for (const auto& v : views) name.parts.push_back({v.role, {v.text, v.key}});
        f(*id, name);
      } else if (const auto text = s->view.name(a)) {
        // A record that does not decode is prepared from its text, which is the truth.
        const Prepared p = prepare_(*text);
        name.gender = p.parsed.gender;
        for (const NamePart& part : p.parsed.parts) name.parts.push_back({part.role, {part.text, part.key}});
        f(*id, name);
      }
    }
  }
}

std::size_t AliasIndex::word_count(const Prepared& p) {
  std::size_t n = 0;
  for (const auto& part : p.parsed.parts) {
    if (part.role != Role::title && part.role != Role::suffix) n += 1 + std::count(part.key.begin(), part.key.end(), ' ');
  }
  return n;
}

Resolution AliasIndex::resolve(const Prepared& name, const MatchOptions& opts, const std::vector<std::string>* share,
                               std::string_view own_id) const {
  Resolution r;
  if (name.key.empty()) return r;
  // Candidates: the aliases spelled alike once transliterated, and those in a block the name
  // looks up (narrow_blocks_of: every alias that can be `same` is among them).
  std::vector<Ref> candidates;
  std::vector<std::uint32_t> found;
  auto gather = [&](const std::vector<std::string>& blocks, bool with_key, std::uint32_t limit = index::ImageView::kAll) {
    candidates.clear();
    for (const auto& seg : segments_) {
      found.clear();
      if (with_key) seg->view.by_key(name.key, found);
      for (const std::string& block : blocks) seg->view.by_block(block, found, limit);
      std::sort(found.begin(), found.end());
      found.erase(std::unique(found.begin(), found.end()), found.end());
      for (std::uint32_t a : found) candidates.push_back({seg.get(), a});
    }
  };
  // Best alias per ID, then the best ID and the next best other one.
  // Candidates are compared without explanations; the one reported is explained at the end
  // (explain_best), with the same verdict.
  struct Best {
    double score = -1;
    std::string alias;
    Match match;
    Ref ref{nullptr, 0};          // the alias `match` is with
    bool place_words = false;     // vetoed: a place's words must all agree
    std::string contradicted_by;  // a current name of the entity the input contradicts
    bool contradicted = false;    // vetoed by that name
    bool exact = false;           // one of its names spelled as the input
    std::size_t alias_words = 0;  // words of the alias's name parts
    std::vector<std::string> ids;  // the IDs of its aliases compared (before merges)
  };
  std::map<std::string, Best> by_id;
  std::vector<std::string> joined;  // of the name, when a place needs it
  Prepared decoded;
  std::set<std::pair<const Segment*, std::uint32_t>> seen;
  auto alias_of = [&](const Ref& ref) -> const Prepared& { return prepared_of(*ref.segment, ref.alias, decoded); };
  auto explain_best = [&](const Best& b) {
    if (b.exact || !b.ref.segment) return b.match.explanation;
    const Prepared& alias = alias_of(b.ref);
    const auto id = b.ref.segment->view.id(b.ref.alias);
    std::string e = !id || is_person(*id) ? match_prepared(name, alias, parser_, opts).explanation
                                          : match_places(name, alias, parser_, opts).explanation;
    if (b.place_words) e += "; a place's words must all agree";
    if (b.contradicted) e += "; contradicts " + b.contradicted_by;
    return e;
  };
  std::unordered_map<std::string_view, bool> person_of;  // views into the index images
  auto evaluate = [&](const Ref& ref) {
    const index::ImageView& view = ref.segment->view;
    const auto id = view.id(ref.alias);
    const auto alias_name = view.name(ref.alias);
    if (!id || !alias_name || !seen.insert({ref.segment, ref.alias}).second) return;  // damaged, or done
    const Prepared& alias = alias_of(ref);
    // The name's own entity, which its key already made exact: only its runner-up is asked.
    if (!own_id.empty() && *id == own_id && alias.key != name.key) return;
    if (share && std::none_of(alias.parsed.parts.begin(), alias.parsed.parts.end(), [&](const NamePart& p) {
          return std::find(share->begin(), share->end(), p.skeleton) != share->end();
        })) {
      // ... or whose words run together are that word (Banjaluku: Banja Luka).
      const std::vector<std::string> run = alias.joined.empty() ? parser_.joined_skeletons(alias.parsed) : alias.joined;
      if (run.empty() || std::find(share->begin(), share->end(), run.front()) == share->end()) return;
    }
    const bool current = view.current(ref.alias);
    PartTally tally;
    // A place is compared as a place: its words, not a person's roles. An entity's type is
    // looked up once per resolve, not once per alias compared.
    auto [at, fresh] = person_of.try_emplace(*id, false);
    if (fresh) at->second = is_person(*id);
    const bool person = at->second;
    Match m = person ? match_prepared(name, alias, parser_, opts, &tally, /*explain=*/false)
                     : match_places(name, alias, parser_, opts, /*explain=*/false);
    bool place_words = false;
    Best& b = by_id[final_id(*id)];
    if (std::find(b.ids.begin(), b.ids.end(), *id) == b.ids.end()) b.ids.emplace_back(*id);
    // Vladimir Ilyich Putin fits the alias Vladimir Putin but contradicts Владимир
    // Владимирович Путин: an entity's current names are all facts about it.
    if (current && tally.contradicts() && b.contradicted_by.empty()) b.contradicted_by = std::string(*alias_name);
    if (m.same && !person && word_count(name) != word_count(alias)) {
      // A place has no optional given name: Novi Beograd is not Beograd, Nizhny Novgorod is
      // not Novgorod; unless the words differ only in where they break (Sankt Peterburg).
      if (joined.empty()) joined = name.joined.empty() ? parser_.joined_skeletons(name.parsed) : name.joined;
      if (!same_skeleton(joined, alias.joined.empty() ? parser_.joined_skeletons(alias.parsed) : alias.joined)) {
        m.same = false;
        m.score = std::min(m.score, opts.same_threshold / 2);
        place_words = true;
      }
    }
    if (alias.key == name.key && !b.exact) {
      // The input spelled as one of the entity's names (same key once normalized and
      // romanized) is that entity, whatever else it is called: that name is the evidence,
      // not a tie with another of its names that happened to score as high.
      b.exact = true;
      m.same = true;
      m.score = 1.0;
      m.explanation = "spelled as its name '" + std::string(*alias_name) + "'";
      b.score = m.score;
      b.alias = std::string(*alias_name);
      b.match = m;
      b.ref = ref;
      b.alias_words = word_count(alias);
      b.place_words = false;
      return;
    }
    if (m.score > b.score && !b.exact) {
      b.score = m.score;
      b.alias = std::string(*alias_name);
      b.match = m;
      b.ref = ref;
      b.alias_words = word_count(alias);
      b.place_words = place_words;
    }
  };
  gather(narrow_blocks_of(name, parser_, BlockSide::query), true);
  for (const Ref& ref : candidates) evaluate(ref);
  const std::vector<std::string> blocks = blocks_of(name, parser_);
  const bool any_same = std::any_of(by_id.begin(), by_id.end(), [](const auto& e) { return e.second.match.same; });
  if (!any_same) {
    // A miss: what came closest is reported (Resolution::candidate), also from the name's
    // family block, as a name with no narrowing would see it; but only the first
    // kMissCandidates aliases of it, because in a large table that block is large and most
    // names looked up in an archive are misses.
    gather(blocks, false, kMissCandidates + static_cast<std::uint32_t>(seen.size()));
    std::size_t compared = 0;
    for (const Ref& ref : candidates) {
      if (seen.count({ref.segment, ref.alias})) continue;
      if (++compared > kMissCandidates) break;
      evaluate(ref);
    }
  } else {
    // An entity that matched is checked against its other current names in the name's
    // blocks, which the narrowing left out: one that contradicts the name vetoes it.
    std::vector<std::string> matched;
    for (const auto& [id, b] : by_id) {
      if (b.match.same && !b.exact) matched.insert(matched.end(), b.ids.begin(), b.ids.end());
    }
    for (const std::string& id : matched) {
      gather({std::string(kEntityBlock) + id}, false);
      for (const Ref& ref : candidates) {
        if (!ref.segment->view.current(ref.alias) || seen.count({ref.segment, ref.alias})) continue;
        const std::vector<std::string> theirs = blocks_of(alias_of(ref), parser_);
        if (std::find_first_of(theirs.begin(), theirs.end(), blocks.begin(), blocks.end()) != theirs.end()) evaluate(ref);
      }
    }
  }
  for (auto& [id, b] : by_id) {
    if (b.contradicted_by.empty() || !b.match.same || b.exact) continue;
    b.contradicted = true;
    b.match.same = false;
    b.score = std::min(b.score, opts.same_threshold / 2);
  }
  // The entities the name fits (same), best first; exact spellings of a name of theirs first.
  std::vector<const std::pair<const std::string, Best>*> fit;
  const std::pair<const std::string, Best>* closest = nullptr;
  for (const auto& entry : by_id) {
    if (entry.second.match.same && entry.second.score >= opts.resolve_threshold) fit.push_back(&entry);
    if (!closest || entry.second.score > closest->second.score) closest = &entry;
  }
  if (!closest) return r;
  std::stable_sort(fit.begin(), fit.end(), [](const auto* x, const auto* y) {
    if (x->second.exact != y->second.exact) return x->second.exact;
    return x->second.score > y->second.score;
  });
  const std::size_t exact = static_cast<std::size_t>(
      std::count_if(fit.begin(), fit.end(), [](const auto* e) { return e->second.exact; }));
  // One entity, by an exact spelling of one of its names (the tables say this name is
  // theirs) or as the only one it fits; not a family name alone, which many people share
  // and which names one of them only where a text has named them in full first.
  // (A person whose name is one word, Porfirije, is named by it in full.)
  const bool lone_family = !fit.empty() && !exact && word_count(name) == 1 && fit.front()->second.alias_words > 1 &&
                           std::any_of(name.parsed.parts.begin(), name.parsed.parts.end(),
                                       [](const NamePart& p) { return p.role == Role::family; }) &&
                           is_person(fit.front()->first);
  if (exact == 1 || (exact == 0 && fit.size() == 1 && !lone_family)) {
    const auto* best = fit.front();
    r.explanation = explain_best(best->second);
    r.id = best->first;
    r.score = best->second.score;
    r.alias = best->second.alias;
    if (fit.size() > 1) {
      r.runner_up = fit[1]->first;
      r.runner_up_score = fit[1]->second.score;
    }
    return r;
  }
  if (!fit.empty()) {
    r.ambiguous = true;
    const std::size_t n = exact > 1 ? exact : fit.size();
    for (std::size_t i = 0; i < n; ++i) r.fits.push_back({fit[i]->first, fit[i]->second.alias, fit[i]->second.score});
    r.explanation = (r.fits.size() > 1 ? "fits several entities: " : "a family name alone fits ") + fits_note(r.fits);
    return r;
  }
  r.explanation = explain_best(closest->second);
  r.candidate = closest->first;
  r.rejected_alias = closest->second.alias;
  r.rejected_score = closest->second.score;
  return r;
}

}  // namespace normname::detail
