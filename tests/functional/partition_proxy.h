// PartitionProxy: TCP forwarders on loopback that a multi-node test puts between its nodes, one link
// per directed node pair (node `from` dials the link's port, the link forwards to node `to`'s p2p
// port), so the test can cut the network into groups and heal it again without touching the nodes.
//
// A cut link closes its open connections at once (both sockets) and from then on accepts and
// immediately closes every new one, so the dialling node sees a failed handshake and backs off, the
// way a real partition looks to it. A healed link forwards again; the nodes re-dial on their own.
//
// Thread safety: every public method may be called from any thread (the test's); the forwarding runs
// on the proxy's own I/O thread. Cut/Heal/AddLink return once the I/O thread has applied them: after
// Cut returns, no byte crosses a cut link any more.
// Ownership: the proxy owns its io_context, thread, listeners and connections; the destructor closes
// everything and joins the thread.
// Failure: AddLink fails with one sentence when it cannot listen; a connection that cannot reach its
// target is simply closed (the dialling node retries).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "util/result.h"

namespace cairn::test {

class PartitionProxy {
 public:
  PartitionProxy();
  ~PartitionProxy();
  PartitionProxy(const PartitionProxy&) = delete;
  PartitionProxy& operator=(const PartitionProxy&) = delete;

  // A link for `from` -> `to` (the test's node numbers): listens on 127.0.0.1 (a port the OS picks)
  // and forwards to 127.0.0.1:`target_port`. Returns the listening port.
  util::Result<std::uint16_t, std::string> AddLink(int from, int to, std::uint16_t target_port);

  // Cuts every link for which `crosses(from, to)` holds; the others are left as they are.
  void Cut(const std::function<bool(int from, int to)>& crosses);
  // Heals every link.
  void HealAll();

  // Connections a link forwarded (accepted while healed) and refused (accepted while cut): for the
  // test's diagnostics.
  struct LinkCounts {
    std::size_t forwarded = 0;
    std::size_t refused = 0;
    std::size_t open = 0;
  };
  LinkCounts Counts(int from, int to) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace cairn::test
