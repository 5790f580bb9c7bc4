#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "normname/match.hpp"
#include "normname/names.hpp"
#include "normname/tables.hpp"
#include "keys/cache.hpp"

namespace normname::detail {

class NameParser;

/// A name ready to compare: its key and its parts.
struct Prepared {
  std::string key;
  ParsedName parsed;
  /// NameParser::joined_skeletons(parsed), made once (Context::Impl::prepare) rather than
  /// for every pair compared; empty where not made (then match computes it).
  std::vector<std::string> joined;
};

/// Another entity a name fits, after the one it resolves to (a view into an index image or
/// into strings its owner keeps).
struct RunnerUp {
  std::string_view id;
  double score = 0.0;
};

/// A 64-bit hash of table text, in hex (FNV-1a over words): a stable fingerprint that tells
/// a changed table from its compiled index, not a defence against a forged one.
std::string fingerprint(std::string_view text);
/// Fingerprint of every table the index depends on: all but aliases/, index/ and morphology/ (read at resolve time).
std::string rules_fingerprint(const Tables& tables);

/// How many compared parts agreed and how many conflicted: a name that shares a family name
/// with another and conflicts in its patronymic is someone else, however the alias tables
/// resolve the two (Vladimir Ilyich Putin). Family, given names, patronymics and suffixes
/// count; initials do not (E. and the diminutive Katya are one Ekaterina).
struct PartTally {
  int agree = 0;
  int conflict = 0;
  bool contradicts() const { return agree > 0 && conflict > 0; }
};
/// Some skeleton of one equals some skeleton of the other: each side is read in every
/// convention (Jukov in French = Жуков).
bool same_skeleton(const std::vector<std::string>& a, const std::vector<std::string>& b);
/// Score two parsed names part by part (lib/match/names.cpp). Without `explain` the
/// explanation stays empty; score, verdict and tally are the same.
Match match_names(const ParsedName& a, const ParsedName& b, const NameParser& parser, const MatchOptions& opts,
                  PartTally* tally = nullptr, const std::vector<std::string>* joined_a = nullptr,
                  const std::vector<std::string>* joined_b = nullptr, bool explain = true);
/// Equal keys are the same name (score 1); otherwise part by part.
Match match_prepared(const Prepared& a, const Prepared& b, const NameParser& parser, const MatchOptions& opts,
                     PartTally* tally = nullptr, bool explain = true);
/// Two names of places: their words in order, run together (word breaks differ: Banja Luka,
/// Баня-Лука), with no roles and no gender endings (Ivanovo is not Ivanova); equal keys,
/// equal skeletons, or one letter apart as tables/keys/letter-variants.tsv allows.
Match match_places(const Prepared& a, const Prepared& b, const NameParser& parser, const MatchOptions& opts,
                   bool explain = true);
/// Where a name is looked for: the consonants of its family name, else its first given
/// name's class, else its key; the same under a variant convention (Jukov: Жуков's block),
/// and the consonants of the whole name run together (Banja Luka: Баня-Лука's). Names that
/// share no block are never compared.
std::vector<std::string> blocks_of(const Prepared& p, const NameParser& parser);
/// The family-name blocks narrowed by the first given name (or initial), for a large alias
/// table. Two names can be `same` (match_names) only if their first given names agree: by a
/// skeleton, a name class or an initial's letter; or if one has none; or if the whole names
/// run together agree ("w:" blocks). So an alias is stored under each family block joined
/// with each of its given name's skeletons ("s:"), classes ("c:") and, for an initial, the
/// letters it stands for ("i:"), or with "-" when it has none, and also under the plain
/// family block; a name with a given name looks up its own skeletons, classes and letters and
/// "-"; a name with an initial or none looks up the plain family block. Every pair that can
/// be `same` shares a block (tests/unit/resolve_test.cpp checks this against blocks_of).
enum class BlockSide { stored, query };
std::vector<std::string> narrow_blocks_of(const Prepared& p, const NameParser& parser, BlockSide side);

/// The resolve index: every alias by key, and by blocking key, so that a name is compared
/// only with aliases that share its key or a block. One segment per alias table: its
/// compiled index mapped from DIR/index/NAME.nnx while that is current (lib/index/image.hpp),
/// else the same image built in memory from the table's text.
class AliasIndex {
 public:
  using PrepareFn = std::function<Prepared(std::string_view)>;
  AliasIndex(const Tables& tables, const PrepareFn& prepare, const NameParser& parser, const MatchOptions& opts);
  ~AliasIndex();
  /// `share`, when given: only aliases with a part whose skeleton is one of these are
  /// compared (a declined name read back: the word it read back must be in the alias).
  /// `own_id`, when given: the ID of an alias whose key is the name's (compile, finding its
  /// runner-up); that ID's other aliases are not compared, as they cannot change the runner-up.
  Resolution resolve(const Prepared& name, const MatchOptions& opts, const std::vector<std::string>* share = nullptr,
                     std::string_view own_id = {}) const;
  std::size_t size() const;
  /// The compiled index of the alias table at `table_path` (aliases/NAME.tsv) of `tables`
  /// (those this index was built from): the bytes of DIR/index/NAME.nnx. Empty when there is
  /// no such table.
  std::string compile(const Tables& tables, std::string_view table_path) const;
  /// Whether that table's segment was mapped from a current compiled index.
  bool mapped(std::string_view table_path) const;
  /// Whether that table's segment holds runner-ups computed against the tables now loaded.
  bool runner_ups_current(std::string_view table_path) const;
  /// Whether the entity `id` (after merges) is a person, or of no type the tables give.
  bool is_person(std::string_view id) const;
  /// Whether some alias has this match key (Москва: the key of a name of the tables).
  bool has_key(std::string_view key) const;
  /// The resolution of a name spelled as a name of exactly one entity (its key is an alias's
  /// key), as resolve() gives it but without comparing the name with the other aliases of
  /// its blocks (so without a runner-up); nullopt when no entity or several have that key.
  std::optional<Resolution> exact(const Prepared& name) const { return exact_key(name.key); }
  /// The same for a match key.
  std::optional<Resolution> exact_key(std::string_view key) const;
  /// What resolve() answers for a name whose key is a name's of exactly one entity (an
  /// exact or transliterated spelling), from the key alone: that entity, and as runner-up
  /// the other entity that alias's own name fits best (computed by `tables compile` for a
  /// compiled index, else when first asked for). When several entities have that key
  /// (namesakes), ambiguous between them, as resolve() says; nullopt when none has it.
  std::optional<Resolution> resolve_exact(std::string_view key) const;
  /// Calls `f` with every alias's entity ID (before merges) and its name's gender and parts
  /// (role, text, key), in table order: read in place from a compiled index, where decoding
  /// whole records would cost most of the time.
  struct AliasParts {
    Gender gender = Gender::unknown;
    std::vector<std::pair<Role, std::pair<std::string_view, std::string_view>>> parts;  // role, (text, key)
  };
  void for_each_parts(const std::function<void(std::string_view id, const AliasParts& name)>& f) const;

 private:
  struct Segment;
  struct Ref {
    const Segment* segment;
    std::uint32_t alias;
  };
  void build_from_text(Segment& seg, std::string_view text, const std::string& where, const std::string& source,
                       const std::string& rules) const;
  // Alias `alias` of `seg` prepared: as kept, decoded into `scratch`, or from its text.
  const Prepared& prepared_of(const Segment& seg, std::uint32_t alias, Prepared& scratch) const;
  void compute_runner_ups(const Segment& seg, std::vector<std::optional<RunnerUp>>& out,
                          std::vector<std::string>& ids) const;
  // What a table's runner-ups depend on: the other alias tables (path, fingerprint) and the
  // thresholds.
  std::string neighbours_fingerprint(const std::vector<std::pair<std::string, std::string>>& sources,
                                     std::string_view table_path) const;
  // The resolution by key alone; with `namesakes`, when several entities have the key, each
  // of them with its first alias of it (then nullopt).
  // `answered_runner_up`: set to the answer's runner-up when the first alias is a compiled
  // answer's.
  std::optional<Resolution> exact_at(std::string_view key, Ref& first, std::vector<EntityMatch>* namesakes = nullptr,
                                     std::optional<std::optional<RunnerUp>>* answered_runner_up = nullptr) const;
  std::string final_id(std::string_view id) const;
  bool type_is_person(std::string_view id) const;  // is_person, uncached
  // Whether alias `alias` of `seg` has match key `key` (by_key also finds hash collisions).
  bool alias_has_key(const Segment& seg, std::uint32_t alias, std::string_view key) const;
  static std::size_t word_count(const Prepared& p);  // words of its name parts

  const NameParser& parser_;
  PrepareFn prepare_;
  MatchOptions opts_;
  // is_person by ID: a type is a binary search over a large table's entities, each step a
  // string somewhere in the index, and a text names the same people again and again.
  static constexpr std::size_t kCacheTypes = std::size_t{1} << 14;
  BoundedCache<bool> person_{kCacheTypes};
  std::vector<std::unique_ptr<Segment>> segments_;
  std::size_t merges_ = 0;
};

/// Groups names that are the same entity. A name joins the group whose members it all
/// matches (no conflict with any member), best average score first, else starts a group:
/// P. Nikitin may join Pyotr Nikitin or Pavel Nikitin, never both into one group.
/// `ids[i]`, when not empty, is the alias-table ID names[i] resolves to: names with one ID
/// are one group whatever their spelling (Moscow, Москва).
std::vector<std::size_t> cluster_prepared(const std::vector<Prepared>& names, const std::vector<std::string>& ids,
                                          const NameParser& parser, const MatchOptions& opts);

}  // namespace normname::detail
