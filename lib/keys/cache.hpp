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
#include <algorithm>
#include <array>
#include <atomic>
#include <memory>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
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

namespace normname::detail {

/// The lock of a cache threads share. A look-up holds it for a few dozen nanoseconds, so a
/// thread that finds it taken spins (and after a while yields) rather than sleeping in the
/// kernel as a contended std::mutex does: on two busy threads that sleep and wake-up cost
/// more than the look-ups.
class SpinLock {
 public:
  void lock() noexcept {
    for (unsigned spins = 0; flag_.exchange(true, std::memory_order_acquire);) {
      while (flag_.load(std::memory_order_relaxed)) {
        if (++spins < kSpinsBeforeYield) {
#if defined(__x86_64__) || defined(__i386__)
          __builtin_ia32_pause();
#endif
        } else {
          std::this_thread::yield();  // the holder may have been preempted
        }
      }
    }
  }
  void unlock() noexcept { flag_.store(false, std::memory_order_release); }

 private:
  static constexpr unsigned kSpinsBeforeYield = 256;
  std::atomic<bool> flag_{false};
};

/// The lock of a cache one thread owns (a thread_local one): none.
struct NoLock {
  void lock() noexcept {}
  void unlock() noexcept {}
};

/// A bounded map from short strings to short byte strings, kept flat: per shard one array
/// of 8-byte slots (a tag of the hash and an offset) and one fixed arena holding each
/// entry's key and value side by side, so a look-up touches the slot (the arrays of all
/// shards fit in L2) and one place in the arena; prefetch() lets a caller start both loads
/// for several keys before it needs the first. A reader copies the value out under the
/// shard's lock, so a shard can be emptied at any time: it is when its slots are half full
/// or its arena is full. Keys or values longer than kMaxBytes are not kept.
/// Lock is SpinLock for a cache threads share, NoLock for one a single thread owns.
template <class Lock>
class BasicFlatCache {
 public:
  static constexpr std::size_t kShards = 16;
  static constexpr std::size_t kMaxBytes = 0xFFFF;

  BasicFlatCache(std::size_t entries, std::size_t arena_bytes) {
    std::size_t slots = 16;
    while (slots < 2 * entries / kShards) slots *= 2;
    const std::size_t cap = std::max<std::size_t>(arena_bytes / kShards, 4 * (kMaxBytes + 4));
    for (Shard& s : shards_) {
      s.slots = std::make_unique<std::atomic<std::uint64_t>[]>(slots);
      for (std::size_t i = 0; i < slots; ++i) s.slots[i].store(0, std::memory_order_relaxed);
      s.mask = slots - 1;
      s.arena = std::make_unique_for_overwrite<char[]>(cap);
      s.cap = cap;
    }
  }

  static std::uint64_t hash(std::string_view key) { return std::hash<std::string_view>{}(key); }

  /// A hint that `key` (of hash `h`) will be looked up soon: step 0 loads its first slot,
  /// step 1 (once that is likely in cache) the arena entry the slot points to. Reads are
  /// relaxed and unlocked; a stale answer only makes the hint useless.
  void prefetch(std::uint64_t h, int step) const {
    const Shard& s = shard(h);
    const std::atomic<std::uint64_t>* slot = &s.slots[h & s.mask];
    if (step == 0) return __builtin_prefetch(slot);
    const std::uint64_t v = slot->load(std::memory_order_relaxed);
    if (v != 0) __builtin_prefetch(s.arena.get() + static_cast<std::uint32_t>(v));
  }

  /// Appends the value for `key` (of hash `h`) to `out` and returns true, or returns false.
  bool append_to(std::string_view key, std::uint64_t h, std::string& out) const {
    Shard& s = shard(h);
    const std::uint32_t tag = tag_of(h);
    std::lock_guard<Lock> lock(s.mutex);
    for (std::size_t i = h & s.mask;; i = (i + 1) & s.mask) {
      const std::uint64_t slot = s.slots[i].load(std::memory_order_relaxed);
      if (slot == 0) return false;
      if (static_cast<std::uint32_t>(slot >> 32) != tag) continue;
      const char* at = s.arena.get() + static_cast<std::uint32_t>(slot);
      const std::size_t klen = read16(at), vlen = read16(at + 2);
      if (std::string_view(at + 4, klen) != key) continue;
      out.append(at + 4 + klen, vlen);
      return true;
    }
  }

  /// Adds the value for `key` (of hash `h`), or replaces it (the old bytes stay in the arena
  /// until the shard is emptied).
  void set(std::string_view key, std::uint64_t h, std::string_view value) const {
    if (key.size() > kMaxBytes || value.size() > kMaxBytes) return;
    Shard& s = shard(h);
    const std::uint32_t tag = tag_of(h);
    std::lock_guard<Lock> lock(s.mutex);
    const std::size_t need = 4 + key.size() + value.size();
    if (2 * (s.used + 1) > s.mask + 1 || s.size + need > s.cap) {
      for (std::size_t i = 0; i <= s.mask; ++i) s.slots[i].store(0, std::memory_order_relaxed);
      s.size = 0;
      s.used = 0;
    }
    const std::uint64_t offset = s.size;
    char* at = s.arena.get() + offset;
    at[0] = static_cast<char>(key.size() & 0xFF);
    at[1] = static_cast<char>(key.size() >> 8);
    at[2] = static_cast<char>(value.size() & 0xFF);
    at[3] = static_cast<char>(value.size() >> 8);
    std::copy(key.begin(), key.end(), at + 4);
    std::copy(value.begin(), value.end(), at + 4 + key.size());
    s.size += need;
    const std::uint64_t slot = (std::uint64_t{tag} << 32) | offset;
    for (std::size_t i = h & s.mask;; i = (i + 1) & s.mask) {
      const std::uint64_t v = s.slots[i].load(std::memory_order_relaxed);
      if (v == 0) {
        s.slots[i].store(slot, std::memory_order_relaxed);
        ++s.used;
        return;
      }
      if (static_cast<std::uint32_t>(v >> 32) != tag) continue;
      const char* old = s.arena.get() + static_cast<std::uint32_t>(v);
      if (std::string_view(old + 4, read16(old)) == key) {
        s.slots[i].store(slot, std::memory_order_relaxed);
        return;
      }
    }
  }

 private:
  struct alignas(64) Shard {
    Lock mutex;
    // tag << 32 | arena offset; 0 = empty (tags are odd). Atomic only so that prefetch()
    // may read without the lock.
    std::unique_ptr<std::atomic<std::uint64_t>[]> slots;
    std::size_t mask = 0;
    std::unique_ptr<char[]> arena;  // never reallocated: prefetch() may read its address
    std::size_t size = 0, cap = 0, used = 0;
  };
  static std::uint32_t tag_of(std::uint64_t h) { return static_cast<std::uint32_t>(h >> 32) | 1; }
  static std::size_t read16(const char* p) {
    return static_cast<unsigned char>(p[0]) | (std::size_t{static_cast<unsigned char>(p[1])} << 8);
  }
  Shard& shard(std::uint64_t h) const { return shards_[(h >> 27) % kShards]; }

  mutable std::array<Shard, kShards> shards_;
};

using FlatCache = BasicFlatCache<SpinLock>;
using LocalFlatCache = BasicFlatCache<NoLock>;

}  // namespace normname::detail

namespace normname::detail {

/// A value built at its first use, once, whichever thread asks first. A build that throws
/// is tried again by the next caller.
template <class T>
class Lazy {
 public:
  explicit Lazy(std::function<std::unique_ptr<T>()> make) : make_(std::move(make)) {}
  const T& get() const {
    std::call_once(once_, [&] { value_ = make_(); });
    return *value_;
  }

 private:
  std::function<std::unique_ptr<T>()> make_;
  mutable std::once_flag once_;
  mutable std::unique_ptr<T> value_;
};

}  // namespace normname::detail
