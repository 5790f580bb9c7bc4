#pragma once
// The binary alias index (`normname tables compile` writes it as DIR/index/NAME.nnx): one
// alias table's names already prepared (key, parsed parts, skeletons), its entity types and
// merges, and hash tables from match key and blocking key to the aliases that carry them.
// resolve maps the file into memory and reads it in place: opening it costs nothing per
// alias, and only the pages of the aliases a name is compared with are ever read.
//
// Layout (docs/tables.md, "The compiled index"): a fixed header, then sections of
// little-endian u32 words and a pool of strings, each string a LEB128 length and its bytes.
//   header      magic, format version, the two fingerprints, counts, section offsets
//   aliases     per alias: id, name and prepared record (pool offsets), flags
//   entities    per entity row, sorted by id: id, type (pool offsets)
//   merges      per merge row, sorted by the merged id: from, to (pool offsets)
//   key slots   open addressing, a power of two: hash (2 words), postings offset
//   block slots the same for blocking keys
//   postings    at an offset: a count, then that many alias numbers
//   pool        the strings
//   answers     (compiled only) open addressing by match key: the pool offset of that key's
//               answer (its first alias, ID, name, runner-up), read by resolve_exact
// The file comes from whoever can write the tables directory, so nothing in it is trusted:
// every offset and count is checked against the section it points into when it is read, and
// a record that does not decode is reported as such (the caller prepares that name from its
// text). A hash collision can only add candidates, which are then compared as usual.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "match/matcher.hpp"

namespace normname::detail::index {

/// What the builder needs of one alias.
struct AliasRecord {
  std::string id;
  std::string name;
  bool current = true;
  const Prepared* prepared = nullptr;
  std::vector<std::string> blocks;  // blocks_of(prepared)
};

struct Section {
  std::vector<AliasRecord> aliases;
  std::vector<std::pair<std::string, std::string>> entities;  // id, type
  std::vector<std::pair<std::string, std::string>> merges;    // from, to
};

/// The index file's bytes, without answers. Throws error{errc::bad_table} when the table is
/// too large for the format (kMaxIndexBytes of strings, see limits.hpp).
std::string build_image(std::string_view source_fingerprint, std::string_view rules_fingerprint, const Section& s);
/// The image (as build_image wrote it) with the answers section: per match key, its first
/// alias's number, ID, name and runner-up (runner_ups[alias]: another entity its own name
/// fits, resolve's runner-up for a name spelled as it) in one place, and whether all of the
/// key's aliases have that ID; and `neighbours_fingerprint` (what the runner-ups were
/// computed against: the other alias tables and the thresholds) in its header. Throws
/// error{errc::bad_table} as build_image does.
std::string with_answers(std::string_view image, const std::vector<std::optional<RunnerUp>>& runner_ups,
                         std::string_view neighbours_fingerprint);

/// A validated view of an index image (mapped file or owned bytes); does not own them.
class ImageView {
 public:
  /// A view when the bytes are an index of this format whose fingerprints are the given
  /// ones; nullopt when they are another format, stale, or damaged in the header.
  static std::optional<ImageView> open(std::string_view bytes, std::string_view source_fingerprint,
                                       std::string_view rules_fingerprint);

  std::uint32_t size() const { return n_aliases_; }
  /// Fields of alias i (< size()); nullopt when the record points outside the file.
  std::optional<std::string_view> id(std::uint32_t i) const;
  std::optional<std::string_view> name(std::uint32_t i) const;
  bool current(std::uint32_t i) const;
  /// Whether the answers' runner-ups were computed against these neighbours.
  bool runner_ups_for(std::string_view neighbours_fingerprint) const;
  using RunnerUp = detail::RunnerUp;
  /// Whether the image has an answers section (a compiled index), and the answer for a
  /// match key: nullopt when no alias of the image has the key (or the answer does not decode).
  struct Answer {
    std::uint32_t alias = 0;  // the first alias with the key
    bool one_id = false;      // every alias with the key has this ID
    std::string_view id, name;
    std::optional<RunnerUp> runner_up;
  };
  bool has_answers() const { return answer_slots_ != 0; }
  /// `key_hash` is hash(key): a caller that looks a key up in several images hashes it once.
  std::optional<Answer> answer(std::string_view key, std::uint64_t key_hash) const;
  std::optional<Answer> answer(std::string_view key) const { return answer(key, hash(key)); }
  static std::uint64_t hash(std::string_view key);
  /// Decodes alias i's prepared name; false when the record does not decode.
  bool prepared(std::uint32_t i, Prepared& out) const;
  /// Only the match key of alias i's record (a view into the bytes); nullopt when it does
  /// not decode.
  std::optional<std::string_view> key(std::uint32_t i) const;
  /// Only the gender and each part's role, text and key of that record, as views into the
  /// bytes (no allocation); false when the record does not decode.
  struct PartView {
    Role role = Role::family;
    std::string_view text, key;
  };
  bool parts(std::uint32_t i, Gender& gender, std::vector<PartView>& out) const;
  /// Appends to `out` the aliases whose match key / a blocking key is `key` (and, rarely,
  /// aliases of another key with the same 64-bit hash). Numbers out of range are skipped.
  /// At most `limit` of them, the first in table order.
  void by_key(std::string_view key, std::vector<std::uint32_t>& out, std::uint32_t limit = kAll) const;
  void by_block(std::string_view block, std::vector<std::uint32_t>& out, std::uint32_t limit = kAll) const;
  /// by_key for a key whose hash(key) the caller has.
  void by_key_hash(std::uint64_t key_hash, std::vector<std::uint32_t>& out) const;
  static constexpr std::uint32_t kAll = 0xFFFFFFFFu;
  /// The entity type of an ID ("person", ...), and what a merged ID was merged into.
  std::optional<std::string_view> type_of(std::string_view id) const;
  std::optional<std::string_view> merged_into(std::string_view id) const;

  std::uint32_t entity_count() const { return n_entities_; }
  std::uint32_t merge_count() const { return n_merges_; }

 private:
  std::optional<std::string_view> string_at(std::uint32_t pool_offset) const;
  // The bytes of alias i's prepared record, to the end of the pool; false when outside it.
  bool record(std::uint32_t i, const char*& begin, const char*& end) const;
  std::uint32_t word(std::uint64_t byte_offset) const;  // caller checked the bounds
  void lookup(std::uint64_t slots_at, std::uint32_t slot_count, std::uint64_t key_hash, std::vector<std::uint32_t>& out,
              std::uint32_t limit) const;
  std::optional<std::string_view> find_sorted(std::uint64_t at, std::uint32_t count, std::string_view id) const;

  std::string_view bytes_;
  std::uint32_t n_aliases_ = 0, n_entities_ = 0, n_merges_ = 0, key_slots_ = 0, block_slots_ = 0, n_postings_ = 0;
  std::uint64_t aliases_at_ = 0, entities_at_ = 0, merges_at_ = 0, key_slots_at_ = 0, block_slots_at_ = 0,
                postings_at_ = 0, pool_at_ = 0, pool_size_ = 0, answers_at_ = 0;
  std::uint32_t answer_slots_ = 0;
};

/// A file mapped read-only into memory, unmapped on destruction. The index is replaced only
/// by rename (write_atomically), so a mapping keeps the file it was opened on.
class MappedFile {
 public:
  MappedFile() = default;
  /// Maps `path`; empty (bytes() empty) when it does not exist or cannot be mapped.
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(MappedFile&& o) noexcept;
  MappedFile& operator=(MappedFile&& o) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  std::string_view bytes() const { return {static_cast<const char*>(data_), size_}; }

 private:
  void* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace normname::detail::index
