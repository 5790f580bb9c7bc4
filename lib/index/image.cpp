#include "index/image.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "normname/error.hpp"
#include "normname/limits.hpp"

namespace normname::detail::index {

namespace {

constexpr std::string_view kMagic = "NNAMEIDX";
// Bumped whenever the layout, a record's encoding or the blocking (narrow_blocks_of) changes:
// an older file is then another format, ignored until compiled again.
constexpr std::uint32_t kVersion = 5;
constexpr std::size_t kFingerprintChars = 16;
constexpr std::uint64_t kHeaderBytes = 128;
constexpr std::uint64_t kAliasBytes = 16, kPairBytes = 8, kSlotBytes = 8;
constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;
// A slot whose key has one alias holds that alias's number with this bit set, instead of
// the offset of a posting list of one: a lookup, most of which are for such keys, then
// reads one place in the file fewer. Posting offsets stay below it (kMaxIndexBytes / 4).
constexpr std::uint32_t kInline = 0x80000000u;
constexpr std::uint32_t kCurrent = 1;
// Header fields, as byte offsets.
constexpr std::uint64_t kAtVersion = 8, kAtSource = 16, kAtRules = 32, kAtCounts = 48, kAtPoolSize = 72,
                         kAtNeighbours = 80, kAtAnswerSlots = 96;
// A runner-up's score, in millionths: scores are rounded to three decimals where shown.
constexpr double kScoreUnit = 1e6;
// Slots are at most this full, so that a probe sequence stays short.
constexpr double kMaxLoad = 0.7;
// A decoded string or list is never longer than the name it came from could make it.
constexpr std::uint64_t kMaxListItems = kMaxNameBytes;

std::uint64_t hash64(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

void put32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void set32(std::string& out, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}
void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}
void put_str(std::string& out, std::string_view s) {
  put_varint(out, s.size());
  out += s;
}

// Decodes from a bounded span; any read past its end makes ok false and returns empty.
struct Cursor {
  const char* p;
  const char* end;
  bool ok = true;
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p == end) break;
      const auto b = static_cast<unsigned char>(*p++);
      v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
    ok = false;
    return 0;
  }
  std::uint8_t byte() {
    if (p == end) {
      ok = false;
      return 0;
    }
    return static_cast<std::uint8_t>(*p++);
  }
  std::string_view str() {
    const std::uint64_t n = varint();
    if (!ok || n > static_cast<std::uint64_t>(end - p)) {
      ok = false;
      return {};
    }
    std::string_view s(p, n);
    p += n;
    return s;
  }
  std::uint64_t count() {
    const std::uint64_t n = varint();
    if (n > kMaxListItems) ok = false;
    return ok ? n : 0;
  }
};

void encode(std::string& out, const Prepared& p) {
  put_str(out, p.key);
  out.push_back(static_cast<char>(p.parsed.gender));
  put_varint(out, p.parsed.parts.size());
  for (const NamePart& part : p.parsed.parts) {
    out.push_back(static_cast<char>(part.role));
    out.push_back(static_cast<char>((part.diminutive ? 1 : 0) | (part.feminine_form ? 2 : 0)));
    put_str(out, part.text);
    put_str(out, part.key);
    put_str(out, part.skeleton);
    put_varint(out, part.variant_skeletons.size());
    for (const auto& v : part.variant_skeletons) put_str(out, v);
    put_str(out, part.lang);
    // Most tokens have one language, their own: then the list is left out (count 0).
    const bool only_own = part.languages.size() == 1 && part.languages[0] == part.lang;
    put_varint(out, only_own ? 0 : part.languages.size() + 1);
    if (!only_own) {
      for (const auto& l : part.languages) put_str(out, l);
    }
  }
  put_varint(out, p.parsed.lookalikes.size());
  for (const auto& l : p.parsed.lookalikes) {
    put_str(out, l.written);
    put_str(out, l.read_as);
  }
  put_varint(out, p.joined.size());
  for (const auto& j : p.joined) put_str(out, j);
}

// A hash table of keys to posting lists, appended to `slots` and `postings`, from each key's
// 64-bit hash and an alias that carries it. Keys are grouped by hash: lookups compare what
// they find anyway, so two keys of one hash only share candidates. Sorted by hash, then
// alias, so that the same table always gives the same bytes.
// Open addressing over a power of two of 8-byte slots, at most kMaxLoad full: a slot is the
// high half of a 64-bit hash (its low half chose the slot), then a value (kEmpty: none).
class SlotTable {
 public:
  explicit SlotTable(std::size_t entries) {
    std::uint64_t n = 1;
    while (static_cast<double>(entries) > kMaxLoad * static_cast<double>(n)) n <<= 1;
    if (n > 0x80000000u) throw error(errc::bad_table, "alias table too large for a compiled index");
    hashes_.assign(n, 0);
    values_.assign(n, kEmpty);
  }
  void place(std::uint64_t h, std::uint32_t value) {
    const std::uint64_t mask = hashes_.size() - 1;
    std::uint64_t at = h & mask;
    while (values_[at] != kEmpty) at = (at + 1) & mask;
    hashes_[at] = h;
    values_[at] = value;
  }
  // Appends the slots to `out`; their count.
  std::uint32_t write(std::string& out) const {
    for (std::size_t i = 0; i < hashes_.size(); ++i) {
      put32(out, static_cast<std::uint32_t>(hashes_[i] >> 32));
      put32(out, values_[i]);
    }
    return static_cast<std::uint32_t>(hashes_.size());
  }

 private:
  std::vector<std::uint64_t> hashes_;
  std::vector<std::uint32_t> values_;
};

std::uint32_t build_table(std::vector<std::pair<std::uint64_t, std::uint32_t>>& entries, std::string& slots,
                          std::string& postings) {
  std::sort(entries.begin(), entries.end());
  entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
  std::size_t lists = 0;
  for (std::size_t i = 0; i < entries.size(); ++i) lists += i == 0 || entries[i].first != entries[i - 1].first;
  SlotTable table(lists);
  for (std::size_t i = 0; i < entries.size();) {
    std::size_t j = i;
    while (j < entries.size() && entries[j].first == entries[i].first) ++j;
    if (j - i == 1 && entries[i].second < kInline) {
      table.place(entries[i].first, kInline | entries[i].second);
    } else {
      if (postings.size() / 4 + 1 + (j - i) > kMaxIndexBytes / 4) {
        throw error(errc::bad_table, "alias table too large for a compiled index");
      }
      table.place(entries[i].first, static_cast<std::uint32_t>(postings.size() / 4));
      put32(postings, static_cast<std::uint32_t>(j - i));
      for (std::size_t k = i; k < j; ++k) put32(postings, entries[k].second);
    }
    i = j;
  }
  return table.write(slots);
}

}  // namespace

std::string build_image(std::string_view source_fingerprint, std::string_view rules_fingerprint, const Section& s) {
  std::string pool;
  std::unordered_map<std::string, std::uint32_t> interned;  // IDs and types repeat
  auto intern = [&](const std::string& str) {
    auto [it, fresh] = interned.emplace(str, static_cast<std::uint32_t>(pool.size()));
    if (fresh) put_str(pool, str);
    return it->second;
  };
  auto checked = [&](std::size_t at) {
    if (pool.size() > kMaxIndexBytes) throw error(errc::bad_table, "alias table too large for a compiled index");
    return static_cast<std::uint32_t>(at);
  };
  std::string aliases;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> by_key, by_block;  // hash, alias
  for (std::size_t i = 0; i < s.aliases.size(); ++i) {
    const AliasRecord& a = s.aliases[i];
    const std::uint32_t id = intern(a.id);
    const std::uint32_t name = checked(pool.size());
    put_str(pool, a.name);
    const std::uint32_t prepared = checked(pool.size());
    encode(pool, *a.prepared);
    checked(pool.size());
    put32(aliases, id);
    put32(aliases, name);
    put32(aliases, prepared);
    put32(aliases, a.current ? kCurrent : 0);
    by_key.emplace_back(hash64(a.prepared->key), static_cast<std::uint32_t>(i));
    for (const auto& b : a.blocks) by_block.emplace_back(hash64(b), static_cast<std::uint32_t>(i));
  }
  auto pairs = [&](std::vector<std::pair<std::string, std::string>> v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end(), [](const auto& x, const auto& y) { return x.first == y.first; }), v.end());
    std::string out;
    for (const auto& [k, val] : v) {
      put32(out, intern(k));
      put32(out, intern(val));
    }
    checked(pool.size());
    return std::make_pair(out, static_cast<std::uint32_t>(v.size()));
  };
  const auto [entities, n_entities] = pairs(s.entities);
  const auto [merges, n_merges] = pairs(s.merges);
  std::string key_slots, block_slots, postings;
  const std::uint32_t n_key_slots = build_table(by_key, key_slots, postings);
  const std::uint32_t n_block_slots = build_table(by_block, block_slots, postings);

  std::string out(kHeaderBytes, '\0');
  out.replace(0, kMagic.size(), kMagic);
  set32(out, kAtVersion, kVersion);
  out.replace(kAtSource, kFingerprintChars, std::string(source_fingerprint).substr(0, kFingerprintChars));
  out.replace(kAtRules, kFingerprintChars, std::string(rules_fingerprint).substr(0, kFingerprintChars));
  const std::uint32_t counts[] = {static_cast<std::uint32_t>(s.aliases.size()), n_entities, n_merges, n_key_slots,
                                  n_block_slots, static_cast<std::uint32_t>(postings.size() / 4)};
  for (std::size_t i = 0; i < std::size(counts); ++i) set32(out, kAtCounts + 4 * i, counts[i]);
  set32(out, kAtPoolSize, static_cast<std::uint32_t>(pool.size()));
  set32(out, kAtPoolSize + 4, static_cast<std::uint32_t>(static_cast<std::uint64_t>(pool.size()) >> 32));
  out.reserve(out.size() + aliases.size() + entities.size() + merges.size() + key_slots.size() + block_slots.size() +
              postings.size() + pool.size());
  out += aliases;
  out += entities;
  out += merges;
  out += key_slots;
  out += block_slots;
  out += postings;
  out += pool;
  return out;
}

std::string with_answers(std::string_view image, const std::vector<std::optional<RunnerUp>>& runner_ups,
                         std::string_view neighbours_fingerprint) {
  std::string out(image);
  const auto view = ImageView::open(out, out.substr(kAtSource, kFingerprintChars), out.substr(kAtRules, kFingerprintChars));
  auto header = [&](std::uint64_t at) {
    std::uint32_t v = 0;
    for (int k = 0; k < 4; ++k) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(out[at + k])) << (8 * k);
    return v;
  };
  if (!view || header(kAtAnswerSlots) != 0) throw error(errc::bad_table, "not an index to add answers to");
  const std::uint32_t n = view->size();
  std::uint64_t pool_size = header(kAtPoolSize) | static_cast<std::uint64_t>(header(kAtPoolSize + 4)) << 32;
  if (runner_ups.size() != n) throw error(errc::bad_table, "runner-ups do not fit the index");
  auto grow = [&](auto&& write) {
    const std::size_t before = out.size();
    write();
    pool_size += out.size() - before;
    if (pool_size > kMaxIndexBytes) throw error(errc::bad_table, "alias table too large for a compiled index");
  };
  // Each key's first alias, and whether every alias of the key has its ID.
  struct First {
    std::uint32_t alias;
    bool one_id;
  };
  std::unordered_map<std::string, First> first;
  std::vector<std::string> ids(n), names(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    const auto id = view->id(i);
    const auto name = view->name(i);
    const auto key = view->key(i);
    if (!id || !name || !key) continue;
    ids[i] = std::string(*id);
    names[i] = std::string(*name);
    auto [it, fresh] = first.try_emplace(std::string(*key), First{i, true});
    if (!fresh && ids[it->second.alias] != ids[i]) it->second.one_id = false;
  }
  // The answers: per key, in one place, what resolve_exact reads (docs/tables.md).
  std::vector<const std::pair<const std::string, First>*> keys;
  keys.reserve(first.size());
  for (const auto& e : first) keys.push_back(&e);
  std::sort(keys.begin(), keys.end(), [](auto* x, auto* y) { return x->first < y->first; });
  SlotTable table(keys.size());
  for (const auto* e : keys) {
    const std::uint32_t a = e->second.alias;
    table.place(hash64(e->first), static_cast<std::uint32_t>(pool_size));
    grow([&] {
      put_str(out, e->first);
      out.push_back(static_cast<char>(e->second.one_id ? 1 : 0));
      put_varint(out, a);
      put_str(out, ids[a]);
      put_str(out, names[a]);
      put_str(out, runner_ups[a] ? runner_ups[a]->id : std::string_view());
      put_varint(out, runner_ups[a] ? static_cast<std::uint64_t>(std::clamp(runner_ups[a]->score, 0.0, 1.0) * kScoreUnit + 0.5) : 0);
    });
  }
  const std::uint32_t slots = table.write(out);
  set32(out, kAtPoolSize, static_cast<std::uint32_t>(pool_size));
  set32(out, kAtPoolSize + 4, static_cast<std::uint32_t>(pool_size >> 32));
  set32(out, kAtAnswerSlots, slots);
  out.replace(kAtNeighbours, kFingerprintChars, std::string(neighbours_fingerprint).substr(0, kFingerprintChars));
  return out;
}

std::uint64_t ImageView::hash(std::string_view key) { return hash64(key); }

std::optional<ImageView::Answer> ImageView::answer(std::string_view key, std::uint64_t h) const {
  if (answer_slots_ == 0) return std::nullopt;
  const std::uint32_t hi = static_cast<std::uint32_t>(h >> 32);
  std::uint32_t at = static_cast<std::uint32_t>(h) & (answer_slots_ - 1);
  for (std::uint32_t probes = 0; probes < answer_slots_; ++probes, at = (at + 1) & (answer_slots_ - 1)) {
    const std::uint64_t slot = answers_at_ + kSlotBytes * at;
    const std::uint32_t blob = word(slot + 4);
    if (blob == kEmpty) return std::nullopt;
    if (word(slot) != hi || blob >= pool_size_) continue;
    Cursor c{bytes_.data() + pool_at_ + blob, bytes_.data() + pool_at_ + pool_size_};
    if (c.str() != key || !c.ok) continue;
    Answer a;
    a.one_id = c.byte() == 1;
    const std::uint64_t alias = c.varint();
    a.id = c.str();
    a.name = c.str();
    const std::string_view ru = c.str();
    const std::uint64_t score = c.varint();
    if (!c.ok || alias >= n_aliases_ || a.id.empty()) return std::nullopt;
    a.alias = static_cast<std::uint32_t>(alias);
    if (!ru.empty()) a.runner_up = RunnerUp{ru, std::min(1.0, static_cast<double>(score) / kScoreUnit)};
    return a;
  }
  return std::nullopt;
}

std::uint32_t ImageView::word(std::uint64_t at) const {
  const auto* b = reinterpret_cast<const unsigned char*>(bytes_.data() + at);
  return static_cast<std::uint32_t>(b[0]) | static_cast<std::uint32_t>(b[1]) << 8 | static_cast<std::uint32_t>(b[2]) << 16 |
         static_cast<std::uint32_t>(b[3]) << 24;
}

std::optional<ImageView> ImageView::open(std::string_view bytes, std::string_view source_fingerprint,
                                         std::string_view rules_fingerprint) {
  if (bytes.size() < kHeaderBytes || bytes.substr(0, kMagic.size()) != kMagic) return std::nullopt;
  ImageView v;
  v.bytes_ = bytes;
  if (v.word(kAtVersion) != kVersion) return std::nullopt;
  // Stale (the table or the rules changed since compile): the text is the truth.
  if (bytes.substr(kAtSource, kFingerprintChars) != source_fingerprint ||
      bytes.substr(kAtRules, kFingerprintChars) != rules_fingerprint) {
    return std::nullopt;
  }
  v.n_aliases_ = v.word(kAtCounts);
  v.n_entities_ = v.word(kAtCounts + 4);
  v.n_merges_ = v.word(kAtCounts + 8);
  v.key_slots_ = v.word(kAtCounts + 12);
  v.block_slots_ = v.word(kAtCounts + 16);
  v.n_postings_ = v.word(kAtCounts + 20);
  v.pool_size_ = v.word(kAtPoolSize) | static_cast<std::uint64_t>(v.word(kAtPoolSize + 4)) << 32;
  auto power_of_two = [](std::uint32_t n) { return n != 0 && (n & (n - 1)) == 0; };
  if (!power_of_two(v.key_slots_) || !power_of_two(v.block_slots_)) return std::nullopt;
  // Counts are 32-bit, so these sums cannot overflow 64 bits; the file must be exactly them.
  v.aliases_at_ = kHeaderBytes;
  v.entities_at_ = v.aliases_at_ + kAliasBytes * v.n_aliases_;
  v.merges_at_ = v.entities_at_ + kPairBytes * v.n_entities_;
  v.key_slots_at_ = v.merges_at_ + kPairBytes * v.n_merges_;
  v.block_slots_at_ = v.key_slots_at_ + kSlotBytes * v.key_slots_;
  v.postings_at_ = v.block_slots_at_ + kSlotBytes * v.block_slots_;
  v.pool_at_ = v.postings_at_ + 4 * static_cast<std::uint64_t>(v.n_postings_);
  v.answer_slots_ = v.word(kAtAnswerSlots);
  if (v.answer_slots_ != 0 && !power_of_two(v.answer_slots_)) return std::nullopt;
  v.answers_at_ = v.pool_at_ + v.pool_size_;
  if (v.pool_size_ > kMaxIndexBytes || v.answers_at_ + kSlotBytes * v.answer_slots_ != bytes.size()) return std::nullopt;
  return v;
}

std::optional<std::string_view> ImageView::string_at(std::uint32_t off) const {
  if (off >= pool_size_) return std::nullopt;
  Cursor c{bytes_.data() + pool_at_ + off, bytes_.data() + pool_at_ + pool_size_};
  std::string_view s = c.str();
  if (!c.ok) return std::nullopt;
  return s;
}

std::optional<std::string_view> ImageView::id(std::uint32_t i) const {
  if (i >= n_aliases_) return std::nullopt;
  return string_at(word(aliases_at_ + kAliasBytes * i));
}

std::optional<std::string_view> ImageView::name(std::uint32_t i) const {
  if (i >= n_aliases_) return std::nullopt;
  return string_at(word(aliases_at_ + kAliasBytes * i + 4));
}

bool ImageView::current(std::uint32_t i) const {
  return i < n_aliases_ && (word(aliases_at_ + kAliasBytes * i + 12) & kCurrent) != 0;
}

bool ImageView::runner_ups_for(std::string_view neighbours_fingerprint) const {
  return !neighbours_fingerprint.empty() &&
         bytes_.substr(kAtNeighbours, kFingerprintChars) == neighbours_fingerprint.substr(0, kFingerprintChars);
}

bool ImageView::record(std::uint32_t i, const char*& begin, const char*& end) const {
  if (i >= n_aliases_) return false;
  const std::uint32_t off = word(aliases_at_ + kAliasBytes * i + 8);
  if (off >= pool_size_) return false;
  begin = bytes_.data() + pool_at_ + off;
  end = bytes_.data() + pool_at_ + pool_size_;
  return true;
}

bool ImageView::prepared(std::uint32_t i, Prepared& out) const {
  const char *begin, *end;
  if (!record(i, begin, end)) return false;
  Cursor c{begin, end};
  out = Prepared{};
  out.key = std::string(c.str());
  const std::uint8_t gender = c.byte();
  if (gender > static_cast<std::uint8_t>(Gender::female)) return false;
  out.parsed.gender = static_cast<Gender>(gender);
  const std::uint64_t parts = c.count();
  for (std::uint64_t k = 0; k < parts && c.ok; ++k) {
    NamePart part;
    const std::uint8_t role = c.byte();
    if (role > static_cast<std::uint8_t>(Role::suffix)) return false;
    part.role = static_cast<Role>(role);
    const std::uint8_t flags = c.byte();
    part.diminutive = (flags & 1) != 0;
    part.feminine_form = (flags & 2) != 0;
    part.text = std::string(c.str());
    part.key = std::string(c.str());
    part.skeleton = std::string(c.str());
    const std::uint64_t variants = c.count();
    for (std::uint64_t j = 0; j < variants && c.ok; ++j) part.variant_skeletons.emplace_back(c.str());
    part.lang = std::string(c.str());
    const std::uint64_t langs = c.count();
    if (langs == 0) {
      part.languages.push_back(part.lang);
    } else {
      for (std::uint64_t j = 0; j + 1 < langs && c.ok; ++j) part.languages.emplace_back(c.str());
    }
    out.parsed.parts.push_back(std::move(part));
  }
  const std::uint64_t lookalikes = c.count();
  for (std::uint64_t j = 0; j < lookalikes && c.ok; ++j) {
    LookalikeWord w;
    w.written = std::string(c.str());
    w.read_as = std::string(c.str());
    out.parsed.lookalikes.push_back(std::move(w));
  }
  const std::uint64_t joined = c.count();
  for (std::uint64_t j = 0; j < joined && c.ok; ++j) out.joined.emplace_back(c.str());
  return c.ok;
}

std::optional<std::string_view> ImageView::key(std::uint32_t i) const {
  const char *begin, *end;
  if (!record(i, begin, end)) return std::nullopt;
  Cursor c{begin, end};
  const std::string_view k = c.str();
  if (!c.ok) return std::nullopt;
  return k;
}

bool ImageView::parts(std::uint32_t i, Gender& gender, std::vector<PartView>& out) const {
  out.clear();
  const char *begin, *end;
  if (!record(i, begin, end)) return false;
  Cursor c{begin, end};
  (void)c.str();  // the key
  const std::uint8_t g = c.byte();
  if (g > static_cast<std::uint8_t>(Gender::female)) return false;
  gender = static_cast<Gender>(g);
  const std::uint64_t parts = c.count();
  for (std::uint64_t k = 0; k < parts && c.ok; ++k) {
    PartView part;
    const std::uint8_t role = c.byte();
    if (role > static_cast<std::uint8_t>(Role::suffix)) return false;
    part.role = static_cast<Role>(role);
    (void)c.byte();  // flags
    part.text = c.str();
    part.key = c.str();
    (void)c.str();  // skeleton
    const std::uint64_t variants = c.count();
    for (std::uint64_t j = 0; j < variants && c.ok; ++j) (void)c.str();
    (void)c.str();  // language
    const std::uint64_t langs = c.count();
    for (std::uint64_t j = 0; j + 1 < langs && c.ok; ++j) (void)c.str();
    out.push_back(part);
  }
  return c.ok;
}

void ImageView::lookup(std::uint64_t slots_at, std::uint32_t slot_count, std::uint64_t h,
                       std::vector<std::uint32_t>& out, std::uint32_t limit) const {
  const std::uint32_t lo = static_cast<std::uint32_t>(h & 0xFFFFFFFFu), hi = static_cast<std::uint32_t>(h >> 32);
  std::uint32_t at = lo & (slot_count - 1);
  // At most one pass over the slots, however the file was made.
  for (std::uint32_t probes = 0; probes < slot_count; ++probes, at = (at + 1) & (slot_count - 1)) {
    const std::uint64_t slot = slots_at + kSlotBytes * at;
    const std::uint32_t postings = word(slot + 4);
    if (postings == kEmpty) return;
    if (word(slot) != hi) continue;
    if (postings & kInline) {
      if ((postings & ~kInline) < n_aliases_ && limit > 0) out.push_back(postings & ~kInline);
      continue;
    }
    if (postings >= n_postings_) continue;
    std::uint32_t count = word(postings_at_ + 4ULL * postings);
    if (count > n_postings_ - postings - 1) continue;
    count = std::min(count, limit);
    for (std::uint32_t k = 0; k < count; ++k) {
      const std::uint32_t a = word(postings_at_ + 4ULL * (postings + 1 + k));
      if (a < n_aliases_) out.push_back(a);
    }
  }
}

void ImageView::by_key(std::string_view key, std::vector<std::uint32_t>& out, std::uint32_t limit) const {
  lookup(key_slots_at_, key_slots_, hash64(key), out, limit);
}
void ImageView::by_key_hash(std::uint64_t key_hash, std::vector<std::uint32_t>& out) const {
  lookup(key_slots_at_, key_slots_, key_hash, out, kAll);
}
void ImageView::by_block(std::string_view block, std::vector<std::uint32_t>& out, std::uint32_t limit) const {
  lookup(block_slots_at_, block_slots_, hash64(block), out, limit);
}

std::optional<std::string_view> ImageView::find_sorted(std::uint64_t at, std::uint32_t count, std::string_view id) const {
  // Binary search: a file sorted wrongly makes lookups miss, never read out of bounds.
  std::uint32_t lo = 0, hi = count;
  while (lo < hi) {
    const std::uint32_t mid = lo + (hi - lo) / 2;
    const auto k = string_at(word(at + kPairBytes * mid));
    if (!k) return std::nullopt;
    if (*k == id) return string_at(word(at + kPairBytes * mid + 4));
    if (*k < id) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return std::nullopt;
}

std::optional<std::string_view> ImageView::type_of(std::string_view id) const {
  return find_sorted(entities_at_, n_entities_, id);
}
std::optional<std::string_view> ImageView::merged_into(std::string_view id) const {
  return find_sorted(merges_at_, n_merges_, id);
}

MappedFile::MappedFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    void* p = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (p != MAP_FAILED) {
      data_ = p;
      size_ = static_cast<std::size_t>(st.st_size);
    }
  }
  ::close(fd);  // the mapping stays valid without the descriptor
}

MappedFile::~MappedFile() {
  if (data_) ::munmap(data_, size_);
}

MappedFile::MappedFile(MappedFile&& o) noexcept : data_(o.data_), size_(o.size_) {
  o.data_ = nullptr;
  o.size_ = 0;
}

MappedFile& MappedFile::operator=(MappedFile&& o) noexcept {
  if (this != &o) {
    if (data_) ::munmap(data_, size_);
    data_ = o.data_;
    size_ = o.size_;
    o.data_ = nullptr;
    o.size_ = 0;
  }
  return *this;
}

}  // namespace normname::detail::index
