// SeenCache: a bounded least-recently-used set, for gossip de-duplication (block ids, vote hashes,
// evidence hashes, tx ids already seen or announced) so a message is handled and relayed once and a
// peer cannot grow our memory by sending new ids forever.
//
// Insert remembers a key and makes it the most recent; beyond `capacity` keys the least recently
// inserted (or re-inserted) one is forgotten. Contains does not refresh recency, so merely asking about
// a key cannot keep it alive.
//
// Keys: chain ids (BlockId, TxId, VoteHash: util::FixedBytes) hash with the std::hash that
// util/bytes.h provides (their leading bytes), so the default Hash works for them.
//
// Thread safety: not thread-safe; one owner at a time (guard it with the owner's lock or strand).
// Ownership: stores copies of the keys.
// Failure: nothing fails except std::bad_alloc; memory is bounded by `capacity`.
#pragma once

#include <cstddef>
#include <functional>
#include <list>
#include <unordered_map>

namespace cairn::p2p {

template <class Key, class Hash = std::hash<Key>>
class SeenCache {
 public:
  // A capacity of 0 is treated as 1 (a cache that remembers nothing would make every gossip message
  // look new and be relayed forever).
  explicit SeenCache(std::size_t capacity) : m_capacity(capacity == 0 ? 1 : capacity) {
    m_index.reserve(m_capacity < 1024 ? m_capacity : 1024);
  }

  // True when `k` was not remembered (and now is); false when it was (it becomes the most recent).
  bool Insert(const Key& k) {
    if (auto it = m_index.find(k); it != m_index.end()) {
      m_order.splice(m_order.begin(), m_order, it->second);
      return false;
    }
    m_order.push_front(k);
    m_index.emplace(k, m_order.begin());
    if (m_order.size() > m_capacity) {
      m_index.erase(m_order.back());
      m_order.pop_back();
    }
    return true;
  }

  bool Contains(const Key& k) const { return m_index.find(k) != m_index.end(); }

  // Forgets `k` (e.g. a tx id whose fetch failed, so a later announcement fetches it again).
  bool Erase(const Key& k) {
    auto it = m_index.find(k);
    if (it == m_index.end()) return false;
    m_order.erase(it->second);
    m_index.erase(it);
    return true;
  }

  void Clear() {
    m_index.clear();
    m_order.clear();
  }

  std::size_t size() const { return m_order.size(); }
  std::size_t capacity() const { return m_capacity; }

 private:
  std::size_t m_capacity;
  std::list<Key> m_order;  // most recent first
  std::unordered_map<Key, typename std::list<Key>::iterator, Hash> m_index;
};

}  // namespace cairn::p2p
