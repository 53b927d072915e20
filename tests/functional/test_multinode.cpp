// Multi-node functional tests (issue 5, item 6): real `cairn --daemon` processes on loopback, ports
// picked at run time, driven and observed over their JSON-RPC (tests/functional/devnet_cluster.h).
// Each scenario is its own ctest entry (the function name is the argument), with its own timeout:
//  - fourValidatorsFinalize: 4 validators finalize continuously, agree, and each sees its 3 peers.
//  - restartedValidatorCatchesUp: a SIGKILLed validator's 3 siblings keep finalizing; restarted, it
//    catches up and votes again.
//  - freshNodeSyncsLongChain: a node with an empty folder syncs a chain of >= 3000 blocks (built fast
//    in-process first) and prints the sync rate.
//  - partitionNeverConflicts: a 2/2 cut through test proxies never finalizes conflicting blocks and
//    stalls finality; healed, finality resumes everywhere and all agree.
//  - doubleSignerIsSlashed: a validator double-proposing (test switch) is tombstoned and slashed on
//    every honest node.
//  - misbehavingPeersAreBanned: garbage bytes, an oversized frame and a Ping flood (sent with the
//    network tests' raw peer, tests/p2p/raw_peer.h) get a peer disconnected (and banned, for the two
//    that completed the handshake) while finality goes on.
// Every wait polls the nodes until a deadline; nothing sleeps a fixed time instead of waiting for a
// condition (the partition is held for a fixed time on purpose, while it is being sampled).
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

#include <chrono>
#include <map>

#include "chain/ids.h"
#include "cluster_checks.h"
#include "crypto/ed25519.h"
#include "crypto/secure_memory.h"
#include "devnet_cluster.h"
#include "p2p/frame.h"
#include "p2p/messages.h"
#include "partition_proxy.h"
#include "raw_peer.h"  // tests/p2p: the hand-driven p2p client of the network tests
#include "runtime/node_context.h"
#include "util/clock.h"
#include "util/hex.h"
#include "util/log.h"

using namespace cairn;
using namespace cairn::test;
using namespace std::chrono_literals;

// QVERIFY2 with the cluster's diagnostics (the failure and the last lines of every node's log). QTest
// cuts long messages, so the whole dump goes to the log first.
#define VERIFY_CLUSTER(condition, cluster)                                                                          \
  do {                                                                                                              \
    if (!(condition)) {                                                                                             \
      qWarning().noquote() << (cluster).Why();                                                                      \
      QFAIL(qPrintable(QString::fromUtf8(#condition).left(160) + QStringLiteral(" failed: ") + (cluster).error())); \
    }                                                                                                               \
  } while (false)

namespace {

// A freshly started cluster needs the genesis delay plus a few slots before anything is final.
constexpr auto FIRST_FINALITY_TIMEOUT = 60s;
constexpr auto PROGRESS_TIMEOUT = 45s;

QString Str(const char* text) { return QString::fromUtf8(text); }

std::optional<QJsonObject> ValidatorByIndex(DevnetCluster& c, int k, qint64 index) {
  const auto list = c.CallObject(k, QStringLiteral("validator.list"));
  if (!list) return std::nullopt;
  for (const QJsonValue& v : list->value(QStringLiteral("validators")).toArray()) {
    if (v.toObject().value(QStringLiteral("index")).toInteger(-1) == index) return v.toObject();
  }
  return std::nullopt;
}

quint64 Tokens(const QJsonObject& validator) {
  return validator.value(QStringLiteral("tokens")).toString().toULongLong();
}

// The chain a raw peer must claim in its Status to be accepted by node k.
struct ChainIdentity {
  chain::ChainId chain_id;
  crypto::Hash256 genesis_hash;
};
std::optional<ChainIdentity> ChainOf(DevnetCluster& c, int k) {
  const auto info = c.CallObject(k, QStringLiteral("node.info"));
  if (!info) return std::nullopt;
  auto chain_id = chain::ChainId::Parse(info->value(QStringLiteral("chain_id")).toString().toStdString());
  auto genesis = util::ParseFixedHex<32>(info->value(QStringLiteral("genesis_hash")).toString().toStdString());
  if (!chain_id || !genesis) return std::nullopt;
  return ChainIdentity{*chain_id, crypto::Hash256::FromSpan(genesis->span())};
}

bool BansList(DevnetCluster& c, int k, const QString& identity_hex, QString* reason = nullptr) {
  const auto bans = c.CallObject(k, QStringLiteral("net.bans"));
  if (!bans) return false;
  for (const QJsonValue& b : bans->value(QStringLiteral("bans")).toArray()) {
    if (b.toObject().value(QStringLiteral("address")).toString().contains(identity_hex)) {
      if (reason != nullptr) *reason = b.toObject().value(QStringLiteral("reason")).toString();
      return true;
    }
  }
  return false;
}

}  // namespace

class TestMultinode : public QObject {
  Q_OBJECT

 private slots:
  void fourValidatorsFinalize() {
    QElapsedTimer timer;
    timer.start();
    DevnetCluster c(Str(CAIRN_BINARY));
    VERIFY_CLUSTER(c.Create(4, 0), c);
    c.SeedEveryone();
    VERIFY_CLUSTER(c.StartAll(), c);
    const auto all = Range(1, 4);

    VERIFY_CLUSTER(c.WaitUntil([&] { return AllFinalizedAtLeast(c, all, 8); }, FIRST_FINALITY_TIMEOUT,
                               Str("every node's finalized height >= 8")),
                   c);
    qInfo().noquote() << "finalized >= 8 everywhere after" << timer.elapsed() << "ms:" << c.Summary();
    VERIFY_CLUSTER(AgreeOnFinalized(c, all), c);

    // Finality keeps advancing: every node passes the highest height finalized so far.
    const qint64 high = MaxFinalized(c, all);
    VERIFY_CLUSTER(c.WaitUntil([&] { return AllFinalizedAtLeast(c, all, high + 1); }, PROGRESS_TIMEOUT,
                               QStringLiteral("every node's finalized height > %1").arg(high)),
                   c);
    VERIFY_CLUSTER(AgreeOnFinalized(c, all), c);

    // Each node is connected to the three others (distinct identities).
    VERIFY_CLUSTER(c.WaitUntil(
                       [&] {
                         for (int k : all) {
                           const auto peers = c.CallObject(k, QStringLiteral("net.peers"));
                           if (!peers) return false;
                           QSet<QString> ids;
                           for (const QJsonValue& p : peers->value(QStringLiteral("peers")).toArray()) {
                             ids.insert(p.toObject().value(QStringLiteral("id")).toString());
                           }
                           if (ids.size() != 3 || peers->value(QStringLiteral("peers")).toArray().size() != 3)
                             return false;
                         }
                         return true;
                       },
                       PROGRESS_TIMEOUT, Str("each node's net.peers lists its 3 siblings")),
                   c);
    qInfo().noquote() << "done after" << timer.elapsed() << "ms:" << c.Summary();
  }

  void restartedValidatorCatchesUp() {
    QElapsedTimer timer;
    timer.start();
    DevnetCluster c(Str(CAIRN_BINARY));
    VERIFY_CLUSTER(c.Create(4, 0), c);
    c.SeedEveryone();
    VERIFY_CLUSTER(c.StartAll(), c);
    const auto all = Range(1, 4);
    const auto rest = Range(1, 3);
    VERIFY_CLUSTER(c.WaitUntil([&] { return AllFinalizedAtLeast(c, all, 4); }, FIRST_FINALITY_TIMEOUT,
                               Str("every node's finalized height >= 4")),
                   c);

    const auto at_kill_4 = c.Head(4);
    VERIFY_CLUSTER(at_kill_4, c);
    c.Kill(4);
    const qint64 at_kill = MaxFinalized(c, rest);
    qInfo().noquote() << "node 4 SIGKILLed after" << timer.elapsed() << "ms:" << c.Summary();
    // 3 of 4 equal stakes are >= 2/3: finality goes on without node 4 (long enough for node 4 to fall
    // well behind).
    constexpr qint64 MISSED = 10;
    VERIFY_CLUSTER(c.WaitUntil([&] { return AllFinalizedAtLeast(c, rest, at_kill + MISSED); }, PROGRESS_TIMEOUT,
                               QStringLiteral("nodes 1-3 finalize past %1 without node 4").arg(at_kill + MISSED)),
                   c);
    VERIFY_CLUSTER(AgreeOnFinalized(c, rest), c);

    const auto before_restart = c.Head(1);
    VERIFY_CLUSTER(before_restart, c);
    QVERIFY2(
        before_restart->height >= at_kill_4->height + MISSED - 2,
        qPrintable(
            QStringLiteral("node 1 at %1, node 4 stopped at %2").arg(before_restart->height).arg(at_kill_4->height)));
    VERIFY_CLUSTER(c.Start(4), c);
    qInfo().noquote() << "node 4 restarted after" << timer.elapsed() << "ms:" << c.Summary();
    const auto first_status = c.CallObject(4, QStringLiteral("validator.status"));
    VERIFY_CLUSTER(first_status, c);
    const qint64 votes_at_start = first_status->value(QStringLiteral("votes_cast")).toInteger();

    // Its head reaches the others' (height of node 1 at the restart, then within a block or two of it).
    VERIFY_CLUSTER(c.WaitUntil(
                       [&] {
                         const auto h4 = c.Head(4);
                         const auto h1 = c.Head(1);
                         return h4 && h1 && h4->height >= before_restart->height && h4->height + 2 >= h1->height;
                       },
                       PROGRESS_TIMEOUT, Str("node 4's head reaches node 1's")),
                   c);
    qInfo().noquote() << "node 4 caught up after" << timer.elapsed() << "ms:" << c.Summary();

    // It votes again (votes_cast counts this process's votes).
    qint64 votes = votes_at_start;
    VERIFY_CLUSTER(c.WaitUntil(
                       [&] {
                         const auto status = c.CallObject(4, QStringLiteral("validator.status"));
                         if (status) votes = status->value(QStringLiteral("votes_cast")).toInteger();
                         return votes >= votes_at_start + 3;
                       },
                       PROGRESS_TIMEOUT, Str("node 4's validator.status votes_cast grows after the restart")),
                   c);

    // Finality continues on all four, node 4 included, and they agree.
    const qint64 high = MaxFinalized(c, all);
    VERIFY_CLUSTER(c.WaitUntil([&] { return AllFinalizedAtLeast(c, all, high + 2); }, PROGRESS_TIMEOUT,
                               QStringLiteral("all four finalize past %1").arg(high + 2)),
                   c);
    VERIFY_CLUSTER(AgreeOnFinalized(c, all), c);
    qInfo().noquote() << "votes_cast by the restarted node 4:" << votes << "; done after" << timer.elapsed()
                      << "ms:" << c.Summary();
  }

  void freshNodeSyncsLongChain() {
    constexpr qint64 BLOCKS = 3000;
    constexpr std::int64_t SLOT_MS = 1000;
    QElapsedTimer timer;
    timer.start();
    DevnetCluster c(Str(CAIRN_BINARY));
    const std::int64_t genesis = (QDateTime::currentMSecsSinceEpoch() / 1000 - (BLOCKS + 10)) * 1000;
    VERIFY_CLUSTER(c.Create(1, 1, genesis), c);

    // The long chain, made in-process: node 1's folder, a manual clock stepped slot by slot (one block
    // per slot) up to the present, so that the daemon continues it at the current slot.
    qint64 built = 0;
    {
      // One info line per slot would bury the test's own output: warnings only, into a file.
      util::LogConfig quiet;
      quiet.levels.fill(util::LogLevel::Warn);
      quiet.file_path = QDir(c.node(1).datadir).filePath(QStringLiteral("build.log")).toStdString();
      QVERIFY(util::ConfigureLogging(quiet));
      util::ManualClock clock(genesis - 700);
      runtime::NodeConfig config;
      config.network_dir = c.node(1).network_dir.toStdString();
      config.clock = &clock;
      config.tick_source = runtime::TickSource::External;
      runtime::NodeContext node(config);
      auto started = node.Start();
      QVERIFY2(started, started ? "" : started.error().c_str());
      chain::Slot slot = 1;
      for (;;) {
        const std::int64_t now_slot = (QDateTime::currentMSecsSinceEpoch() - genesis) / SLOT_MS;
        if (static_cast<std::int64_t>(slot) >= now_slot) break;
        clock.SetMs(genesis + static_cast<std::int64_t>(slot) * SLOT_MS);
        node.RunDueTicks();
        clock.SetMs(genesis + static_cast<std::int64_t>(slot) * SLOT_MS + SLOT_MS / 3 + 1);
        node.RunDueTicks();
        ++slot;
      }
      const auto status = node.status();
      QVERIFY2(!status.halted, status.halt_reason.c_str());
      built = static_cast<qint64>(status.head_height);
      node.Stop();
    }
    qInfo().noquote() << "built" << built << "blocks in-process in" << timer.elapsed() << "ms";
    QVERIFY2(built >= BLOCKS, qPrintable(QString::number(built)));

    c.node(2).peer_args << QStringLiteral("--seed") << c.P2pAddress(1);
    VERIFY_CLUSTER(c.Start(1), c);
    const auto source = c.Head(1);
    VERIFY_CLUSTER(source && source->height >= built, c);
    QElapsedTimer sync;
    sync.start();
    VERIFY_CLUSTER(c.Start(2), c);
    qint64 reached = 0;
    VERIFY_CLUSTER(c.WaitUntil(
                       [&] {
                         const auto head = c.Head(2);
                         if (head) reached = head->height;
                         return reached >= source->height;
                       },
                       150s, QStringLiteral("node 2 syncs to height %1").arg(source->height)),
                   c);
    const double seconds = static_cast<double>(sync.elapsed()) / 1000.0;
    qInfo().noquote() << QStringLiteral("SYNC: node 2 synced %1 blocks in %2 s from an empty folder: %3 blocks/s")
                             .arg(reached)
                             .arg(seconds, 0, 'f', 1)
                             .arg(static_cast<double>(reached) / seconds, 0, 'f', 0);

    const auto mine = c.BlockAt(2, 1500);
    const auto theirs = c.BlockAt(1, 1500);
    VERIFY_CLUSTER(mine && theirs, c);
    QCOMPARE(mine->value(QStringLiteral("id")).toString(), theirs->value(QStringLiteral("id")).toString());
    QCOMPARE(mine->value(QStringLiteral("height")).toInteger(), 1500);
    // And it follows the tip afterwards (gossip, not only the catch-up).
    const auto tip = c.Head(1);
    VERIFY_CLUSTER(tip, c);
    VERIFY_CLUSTER(c.WaitUntil(
                       [&] {
                         const auto head = c.Head(2);
                         return head && head->height > tip->height;
                       },
                       PROGRESS_TIMEOUT, Str("node 2 follows node 1's new blocks")),
                   c);
  }

  void partitionNeverConflicts() {
    QElapsedTimer timer;
    timer.start();
    DevnetCluster c(Str(CAIRN_BINARY));
    VERIFY_CLUSTER(c.Create(4, 0), c);
    PartitionProxy proxy;
    // Node i reaches node j only through the link i -> j; --connect alone: no other peers are dialled.
    for (int i = 1; i <= 4; ++i) {
      for (int j = 1; j <= 4; ++j) {
        if (i == j) continue;
        auto port = proxy.AddLink(i, j, c.node(j).p2p_port);
        QVERIFY2(port, port ? "" : port.error().c_str());
        c.node(i).peer_args << QStringLiteral("--connect") << QStringLiteral("127.0.0.1:%1").arg(*port);
      }
    }
    VERIFY_CLUSTER(c.StartAll(), c);
    const auto all = Range(1, 4);
    FinalityWatch watch(c);
    // A conflict ends a wait at once (the condition holds) and is reported right after it.
    VERIFY_CLUSTER(c.WaitUntil([&] { return !watch.Sample(all) || AllFinalizedAtLeast(c, all, 5); },
                               FIRST_FINALITY_TIMEOUT, Str("every node's finalized height >= 5 through the proxies")),
                   c);
    QVERIFY2(watch.conflict().isEmpty(), qPrintable(watch.conflict()));
    VERIFY_CLUSTER(AgreeOnFinalized(c, all), c);

    const auto side = [](int node) { return node <= 2 ? 0 : 1; };
    proxy.Cut([&](int from, int to) { return side(from) != side(to); });
    const qint64 before_cut = MaxFinalized(c, all);
    qInfo().noquote() << "cut {1,2} | {3,4} after" << timer.elapsed() << "ms:" << c.Summary();

    // Held for PARTITION; sampled all along. After SETTLE (votes in flight at the cut have landed) no
    // node may finalize anything more: 2 of 4 equal stakes are below 2/3.
    constexpr auto PARTITION = 20s;
    constexpr auto SETTLE = 4s;
    const auto cut_at = std::chrono::steady_clock::now();
    std::map<int, qint64> settled;
    bool stalled = true;
    QString stall_failure;
    const bool held = c.WaitUntil(
        [&] {
          std::map<int, qint64> finalized;
          if (!watch.Sample(all, &finalized)) return true;  // ends the wait; checked below
          const auto since = std::chrono::steady_clock::now() - cut_at;
          if (since >= SETTLE) {
            if (settled.empty()) {
              settled = finalized;
              qInfo().noquote() << "settled after the cut:" << c.Summary();
            }
            for (const auto& [k, f] : finalized) {
              if (settled.count(k) != 0 && f > settled[k] && stalled) {
                stalled = false;
                stall_failure =
                    QStringLiteral("node %1 finalized height %2 during the partition (was %3 after settling)")
                        .arg(k)
                        .arg(f)
                        .arg(settled[k]);
              }
            }
          }
          return since >= PARTITION;
        },
        PARTITION + 10s, Str("the partition is held"));
    VERIFY_CLUSTER(held, c);
    QVERIFY2(watch.conflict().isEmpty(),
             qPrintable(QStringLiteral("CONFLICT during the partition: ") + watch.conflict()));
    QVERIFY2(stalled, qPrintable(stall_failure + c.Tails(10)));
    QVERIFY2(!settled.empty(), "no sample after the settling time");
    for (int i = 1; i <= 4; ++i) {
      for (int j = 1; j <= 4; ++j) {
        if (i != j && side(i) != side(j)) QCOMPARE(proxy.Counts(i, j).open, std::size_t{0});
      }
    }
    qInfo().noquote() << "partition held" << watch.rounds() << "sampling rounds;" << c.Summary();

    proxy.HealAll();
    qInfo().noquote() << "healed after" << timer.elapsed() << "ms";
    const qint64 target = std::max(before_cut, MaxFinalized(c, all)) + 3;
    VERIFY_CLUSTER(c.WaitUntil([&] { return !watch.Sample(all) || AllFinalizedAtLeast(c, all, target); }, 120s,
                               QStringLiteral("finality resumes on all four past %1").arg(target)),
                   c);
    QVERIFY2(watch.conflict().isEmpty(), qPrintable(QStringLiteral("CONFLICT after healing: ") + watch.conflict()));
    VERIFY_CLUSTER(AgreeOnFinalized(c, all), c);
    QVERIFY2(watch.Sample(all), qPrintable(watch.conflict()));
    qInfo().noquote() << "finality resumed after" << timer.elapsed() << "ms;" << watch.rounds() << "rounds,"
                      << watch.cross_checks() << "cross-checks," << watch.heights_seen() << "finalized heights seen;"
                      << c.Summary();
  }

  void doubleSignerIsSlashed() {
    QElapsedTimer timer;
    timer.start();
    DevnetCluster c(Str(CAIRN_BINARY));
    VERIFY_CLUSTER(c.Create(4, 0), c);
    c.SeedEveryone();
    c.node(4).extra_args << QStringLiteral("--test-double-propose");
    VERIFY_CLUSTER(c.StartAll(), c);

    const auto status = c.CallObject(4, QStringLiteral("validator.status"));
    VERIFY_CLUSTER(status && !status->value(QStringLiteral("index")).isNull(), c);
    const qint64 index = status->value(QStringLiteral("index")).toInteger();
    const auto initial = ValidatorByIndex(c, 1, index);
    VERIFY_CLUSTER(initial, c);
    const quint64 initial_tokens = Tokens(*initial);
    QVERIFY(initial_tokens > 0);
    QCOMPARE(initial->value(QStringLiteral("status")).toString(), QStringLiteral("candidate"));

    const auto honest = Range(1, 3);
    QJsonObject seen;
    const bool slashed = c.WaitUntil(
        [&] {
          for (int k : honest) {
            const auto v = ValidatorByIndex(c, k, index);
            if (!v) return false;
            seen = *v;
            if (v->value(QStringLiteral("status")).toString() != QStringLiteral("tombstoned")) return false;
            if (Tokens(*v) >= initial_tokens) return false;
          }
          return true;
        },
        90s, QStringLiteral("validator %1 tombstoned with fewer tokens on nodes 1-3").arg(index));
    if (!slashed)
      qWarning().noquote() << "validator as last seen:" << QJsonDocument(seen).toJson(QJsonDocument::Compact);
    VERIFY_CLUSTER(slashed, c);
    // Slashed, not merely unpaid: below an honest validator that started with the same stake.
    const auto own = c.CallObject(1, QStringLiteral("validator.status"));
    VERIFY_CLUSTER(own, c);
    const auto honest_validator = ValidatorByIndex(c, 1, own->value(QStringLiteral("index")).toInteger());
    VERIFY_CLUSTER(honest_validator, c);
    QVERIFY2(Tokens(seen) < Tokens(*honest_validator),
             qPrintable(QStringLiteral("%1 vs %2").arg(Tokens(seen)).arg(Tokens(*honest_validator))));
    qInfo().noquote() << "validator" << index << "tombstoned: tokens" << initial_tokens << "->" << Tokens(seen)
                      << "after" << timer.elapsed() << "ms:" << c.Summary();
    // The honest three go on finalizing, and agree.
    const qint64 high = MaxFinalized(c, honest);
    VERIFY_CLUSTER(c.WaitUntil([&] { return AllFinalizedAtLeast(c, honest, high + 2); }, PROGRESS_TIMEOUT,
                               QStringLiteral("nodes 1-3 finalize past %1 after the slash").arg(high + 2)),
                   c);
    VERIFY_CLUSTER(AgreeOnFinalized(c, honest), c);
  }

  void misbehavingPeersAreBanned() {
    QElapsedTimer timer;
    timer.start();
    DevnetCluster c(Str(CAIRN_BINARY));
    VERIFY_CLUSTER(c.Create(3, 0), c);
    c.SeedEveryone();
    VERIFY_CLUSTER(c.StartAll(), c);
    const auto all = Range(1, 3);
    VERIFY_CLUSTER(c.WaitUntil([&] { return AllFinalizedAtLeast(c, all, 3); }, FIRST_FINALITY_TIMEOUT,
                               Str("every node's finalized height >= 3")),
                   c);
    const qint64 before = MaxFinalized(c, all);
    const std::uint16_t port = c.node(1).p2p_port;
    const auto chain = ChainOf(c, 1);
    VERIFY_CLUSTER(chain, c);

    // (a) 64 KiB of random bytes instead of a handshake: the node closes the connection.
    {
      QElapsedTimer garbage_timer;
      garbage_timer.start();
      RawPeer garbage;
      QVERIFY(garbage.Connect(port));
      util::Bytes noise(64 * 1024);
      crypto::RandomBytes(noise);
      (void)garbage.SendRaw(noise);  // may fail half-way: the node is allowed to close early
      // Well before the handshake deadline (10 s): closed because of the bytes, not because of silence.
      QVERIFY2(garbage.WaitClosed(5s), "node 1 kept a connection that sent 64 KiB of garbage");
      qInfo() << "garbage: closed after" << garbage_timer.elapsed() << "ms";
    }

    // (b) A peer past the handshake and the Status declares a message far above the frame limit.
    const crypto::SecretKey oversize_id = crypto::SecretKey::Generate();
    const QString oversize_hex = QString::fromStdString(util::ToHex(oversize_id.public_key().span()));
    {
      RawPeer peer;
      QVERIFY(peer.Connect(port));
      QVERIFY2(peer.Establish(oversize_id, chain->chain_id, chain->genesis_hash, 10s),
               "no Status exchange with node 1");
      util::Bytes chunk;
      const std::uint32_t declared = static_cast<std::uint32_t>(p2p::MAX_MESSAGE_BYTES) + 1;
      for (int i = 0; i < 4; ++i) chunk.push_back(static_cast<std::uint8_t>(declared >> (8 * i)));  // u32 LE
      chunk.push_back(static_cast<std::uint8_t>(p2p::MessageKind::NewBlock));
      chunk.resize(chunk.size() + 64, 0);
      QVERIFY(peer.SendChunk(chunk));
      QVERIFY2(peer.WaitClosed(10s), "node 1 kept a peer that declared an oversized message");
      const auto& goodbye = peer.last_disconnect();
      qInfo() << "oversized: closed; disconnect reason" << (goodbye ? static_cast<int>(goodbye->reason) : -1)
              << (goodbye ? goodbye->text.c_str() : "");
    }
    QString reason;
    VERIFY_CLUSTER(c.WaitUntil([&] { return BansList(c, 1, oversize_hex, &reason); }, 10s,
                               Str("net.bans on node 1 lists the oversized sender")),
                   c);
    qInfo().noquote() << "ban of the oversized sender:" << reason;
    // Its identity is refused when it comes back, even with a proper Status: closed within 5 s, while
    // an accepted peer would be kept (the node pings only every 15 s).
    {
      RawPeer again;
      QVERIFY(again.Connect(port));
      const bool accepted = again.Establish(oversize_id, chain->chain_id, chain->genesis_hash, 5s);
      QVERIFY2(again.WaitClosed(5s), accepted ? "a banned identity was accepted again" : "a banned identity was kept");
    }

    // (c) A Ping flood from a ready peer: over its token bucket, scored as flooding, banned.
    const crypto::SecretKey flood_id = crypto::SecretKey::Generate();
    const QString flood_hex = QString::fromStdString(util::ToHex(flood_id.public_key().span()));
    {
      RawPeer peer;
      QVERIFY(peer.Connect(port));
      QVERIFY2(peer.Establish(flood_id, chain->chain_id, chain->genesis_hash, 10s), "no Status exchange with node 1");
      int pings = 0;
      for (; pings < 2000; ++pings) {
        if (!peer.SendMessage(p2p::Ping{static_cast<std::uint64_t>(pings)})) break;  // closed on us: enough
      }
      QVERIFY2(peer.WaitClosed(10s), "node 1 kept a peer that flooded Pings");
      qInfo() << "ping flood: closed after" << pings << "pings sent";
    }
    VERIFY_CLUSTER(c.WaitUntil([&] { return BansList(c, 1, flood_hex, &reason); }, 10s,
                               Str("net.bans on node 1 lists the Ping flooder")),
                   c);
    qInfo().noquote() << "ban of the flooder:" << reason;

    // Meanwhile the network works: the siblings are still node 1's peers and finality advances.
    VERIFY_CLUSTER(c.WaitUntil([&] { return AllFinalizedAtLeast(c, all, before + 3); }, PROGRESS_TIMEOUT,
                               QStringLiteral("finality advances past %1 on all three").arg(before + 3)),
                   c);
    VERIFY_CLUSTER(AgreeOnFinalized(c, all), c);
    VERIFY_CLUSTER(c.WaitUntil(
                       [&] {
                         const auto peers = c.CallObject(1, QStringLiteral("net.peers"));
                         return peers && peers->value(QStringLiteral("peers")).toArray().size() == 2;
                       },
                       PROGRESS_TIMEOUT, Str("node 1 keeps its 2 siblings as peers")),
                   c);
    qInfo().noquote() << "done after" << timer.elapsed() << "ms:" << c.Summary();
  }
};

QTEST_GUILESS_MAIN(TestMultinode)
#include "test_multinode.moc"
