#pragma once
// A bounded map from strings to values, safe to share between threads. Internal.
//
// Names repeat: a registry holds the same surname thousands of times, so the analysis of a
// token is kept and looked up rather than redone. The map is split into shards, each with
// its own lock, so that threads seldom wait for one another. Each shard is one flat array
// probed linearly (a look-up touches one or two cache lines, where a node-based map chases
// pointers); a shard that fills to half its slots is emptied and fills again with what is
// in use now, so memory stays bounded whatever the input and no bookkeeping is paid per
// look-up as an LRU list would.
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace normname::detail {

template <class Value>
class BoundedCache {
 public:
  static constexpr std::size_t kShards = 16;
  /// Room for about `capacity` entries in all.
  explicit BoundedCache(std::size_t capacity) {
    std::size_t slots = 16;
    while (slots < 2 * capacity / kShards) slots *= 2;
    for (Shard& s : shards_) s.slots.resize(slots);
  }

  /// The value for `key`, made by make() on a miss (outside the lock: make may be slow).
  template <class Make>
  Value get(std::string_view key, Make&& make) const {
    const std::uint64_t h = std::hash<std::string_view>{}(key) | 1;  // 0 marks an empty slot
    Shard& s = shards_[(h >> 59) % kShards];
    const std::size_t mask = s.slots.size() - 1;
    {
      std::lock_guard<std::mutex> lock(s.mutex);
      for (std::size_t i = h & mask;; i = (i + 1) & mask) {
        const Slot& slot = s.slots[i];
        if (slot.hash == 0) break;
        if (slot.hash == h && slot.key == key) return slot.value;
      }
    }
    Value v = make();
    put(s, h, key, v);
    return v;
  }

  /// Replaces or adds the value for `key`.
  void set(std::string_view key, const Value& v) const {
    const std::uint64_t h = std::hash<std::string_view>{}(key) | 1;
    put(shards_[(h >> 59) % kShards], h, key, v);
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::string key;
    Value value{};
  };
  struct Shard {
    std::mutex mutex;
    std::vector<Slot> slots;
    std::size_t used = 0;
  };

  static void put(Shard& s, std::uint64_t h, std::string_view key, const Value& v) {
    std::lock_guard<std::mutex> lock(s.mutex);
    const std::size_t mask = s.slots.size() - 1;
    if (2 * (s.used + 1) > s.slots.size()) {
      for (Slot& slot : s.slots) slot = Slot{};
      s.used = 0;
    }
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      Slot& slot = s.slots[i];
      if (slot.hash == 0) {
        slot.hash = h;
        slot.key.assign(key);
        slot.value = v;
        ++s.used;
        return;
      }
      if (slot.hash == h && slot.key == key) {
        slot.value = v;
        return;
      }
    }
  }

  mutable std::array<Shard, kShards> shards_;
};

}  // namespace normname::detail
