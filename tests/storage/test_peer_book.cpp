// PeerBook: the merge rules of Add, MarkConnected / MarkFailed and the dial back-off, the order and
// filters of Candidates, Sample's age filter, bans (persistence, expiry, Unban), Prune and the size
// bound, concurrent writers, and files that are not peer books (refused, left byte for byte as they
// were).
#include <QTest>

#include <algorithm>
#include <atomic>
#include <limits>
#include <thread>
#include <vector>

#include "storage/peer_book.h"
#include "storage_test_util.h"
#include "util/hex.h"

using namespace cairn;
using namespace cairn::test;
using storage::PeerBook;
using storage::PeerRecord;
using storage::PeerSource;
using storage::StorageError;

namespace {

constexpr std::int64_t SECOND = 1000;
constexpr std::int64_t DAY = 24 * 60 * 60 * SECOND;

crypto::PublicKey Key(std::uint8_t fill) {
  crypto::PublicKey k;
  k.bytes.fill(fill);
  return k;
}

PeerRecord Peer(const std::string& host, std::uint16_t port, PeerSource source = PeerSource::Exchange) {
  PeerRecord r;
  r.host = host;
  r.port = port;
  r.source = source;
  return r;
}

std::unique_ptr<PeerBook> OpenBook(const std::string& path = "") {
  auto opened = PeerBook::Open(path);
  if (!opened) qWarning("%s", opened.error().message.c_str());
  return opened ? std::move(*opened) : nullptr;
}

std::vector<std::string> Hosts(const std::vector<PeerRecord>& records) {
  std::vector<std::string> out;
  for (const auto& r : records) out.push_back(r.host);
  return out;
}

std::string IdKey(const crypto::PublicKey& id) { return "id:" + util::ToHex(id.span()); }

}  // namespace

class TestPeerBook : public QObject {
  Q_OBJECT

 private slots:
  void addMergesIntoExistingRecord() {
    auto book = OpenBook();
    QVERIFY(book);
    PeerRecord first = Peer("10.0.0.1", 7452);
    first.first_seen_ms = 100;
    first.last_attempt_ms = 50;
    first.failures = 2;
    STORAGE_VERIFY(book->Add(first));

    // A stronger source with an id and a later sighting: first_seen and failures are kept.
    PeerRecord again = Peer("10.0.0.1", 7452, PeerSource::Seed);
    again.first_seen_ms = 900;
    again.last_seen_ms = 500;
    again.id = Key(0xA1);
    STORAGE_VERIFY(book->Add(again));
    auto r = book->Find("10.0.0.1", 7452);
    QVERIFY(r);
    QCOMPARE(r->source, PeerSource::Seed);
    QCOMPARE(r->first_seen_ms, std::int64_t{100});
    QCOMPARE(r->last_seen_ms, std::int64_t{500});
    QCOMPARE(r->last_attempt_ms, std::int64_t{50});
    QCOMPARE(r->failures, 2u);
    QVERIFY(r->id && *r->id == Key(0xA1));

    // Hearsay from peer exchange neither demotes the source nor replaces a known id, nor moves
    // last_seen backwards.
    PeerRecord hearsay = Peer("10.0.0.1", 7452, PeerSource::Exchange);
    hearsay.id = Key(0xB2);
    hearsay.last_seen_ms = 10;
    STORAGE_VERIFY(book->Add(hearsay));
    r = book->Find("10.0.0.1", 7452);
    QCOMPARE(r->source, PeerSource::Seed);
    QVERIFY(*r->id == Key(0xA1));
    QCOMPARE(r->last_seen_ms, std::int64_t{500});

    STORAGE_VERIFY(book->Add(Peer("10.0.0.1", 7452, PeerSource::Lan)));
    QCOMPARE(book->Find("10.0.0.1", 7452)->source, PeerSource::Seed);
    STORAGE_VERIFY(book->Add(Peer("10.0.0.1", 7452, PeerSource::Manual)));
    QCOMPARE(book->Find("10.0.0.1", 7452)->source, PeerSource::Manual);
    STORAGE_VERIFY(book->Add(Peer("10.0.0.1", 7452, PeerSource::Connect)));
    QCOMPARE(book->Find("10.0.0.1", 7452)->source, PeerSource::Manual);
    QCOMPARE(book->size(), std::size_t{1});

    // An id from Add fills a missing one; another port is another peer; hosts are case-folded.
    PeerRecord v6 = Peer("FE80::1", 7000);
    v6.id = Key(0xC3);
    STORAGE_VERIFY(book->Add(v6));
    QVERIFY(book->Find("fe80::1", 7000) && book->Find("fe80::1", 7000)->id == Key(0xC3));
    STORAGE_VERIFY(book->Add(Peer("10.0.0.1", 7453)));
    QCOMPARE(book->size(), std::size_t{3});

    STORAGE_VERIFY(book->Remove("10.0.0.1", 7453));
    QVERIFY(!book->Find("10.0.0.1", 7453));
    QCOMPARE(book->size(), std::size_t{2});
  }

  void addRefusesBadArguments() {
    auto book = OpenBook();
    QVERIFY(book);
    for (const auto& bad : {Peer("", 1), Peer("10.0.0.1", 0), Peer(std::string(65, '1'), 1), Peer("10.0.0.1 x", 1)}) {
      auto added = book->Add(bad);
      QVERIFY(!added);
      QCOMPARE(added.error().kind, StorageError::Kind::Misuse);
    }
    QCOMPARE(book->size(), std::size_t{0});
    QVERIFY(!book->MarkConnected("", 1, Key(1), 1));
  }

  void markConnectedResetsFailuresAndSetsId() {
    auto book = OpenBook();
    QVERIFY(book);
    PeerRecord p = Peer("192.168.1.5", 7452, PeerSource::Lan);
    p.id = Key(0x01);
    p.first_seen_ms = 10;
    STORAGE_VERIFY(book->Add(p));
    for (int i = 0; i < 3; ++i) STORAGE_VERIFY(book->MarkFailed("192.168.1.5", 7452, 1000 + i));
    auto r = book->Find("192.168.1.5", 7452);
    QCOMPARE(r->failures, 3u);
    QCOMPARE(r->last_attempt_ms, std::int64_t{1002});

    // The handshake proves the identity: it replaces the one on record.
    STORAGE_VERIFY(book->MarkConnected("192.168.1.5", 7452, Key(0x02), 5000));
    r = book->Find("192.168.1.5", 7452);
    QCOMPARE(r->failures, 0u);
    QVERIFY(r->id && *r->id == Key(0x02));
    QCOMPARE(r->last_seen_ms, std::int64_t{5000});
    QCOMPARE(r->first_seen_ms, std::int64_t{10});
    QCOMPARE(r->source, PeerSource::Lan);

    // An unknown address is learnt as an inbound peer; MarkFailed of an unknown one changes nothing.
    STORAGE_VERIFY(book->MarkConnected("192.168.1.6", 7452, Key(0x03), 6000));
    r = book->Find("192.168.1.6", 7452);
    QVERIFY(r);
    QCOMPARE(r->source, PeerSource::Inbound);
    QCOMPARE(r->first_seen_ms, std::int64_t{6000});
    STORAGE_VERIFY(book->MarkFailed("192.168.1.7", 7452, 6000));
    QCOMPARE(book->size(), std::size_t{2});
  }

  void backoffDoublesUpToAnHour() {
    QCOMPARE(storage::PeerBackoffMs(0), std::int64_t{0});
    QCOMPARE(storage::PeerBackoffMs(1), 5 * SECOND);
    QCOMPARE(storage::PeerBackoffMs(2), 10 * SECOND);
    QCOMPARE(storage::PeerBackoffMs(3), 20 * SECOND);
    QCOMPARE(storage::PeerBackoffMs(10), 2560 * SECOND);
    QCOMPARE(storage::PeerBackoffMs(11), 3600 * SECOND);
    QCOMPARE(storage::PeerBackoffMs(4'000'000'000u), 3600 * SECOND);

    auto book = OpenBook();
    QVERIFY(book);
    STORAGE_VERIFY(book->Add(Peer("10.0.0.9", 1)));
    auto candidate = [&](std::int64_t now) { return book->Candidates(10, now, {}).size() == 1; };
    QVERIFY(candidate(0));
    STORAGE_VERIFY(book->MarkFailed("10.0.0.9", 1, 1000));
    QVERIFY(!candidate(1000));
    QVERIFY(!candidate(1000 + 5 * SECOND - 1));
    QVERIFY(candidate(1000 + 5 * SECOND));
    STORAGE_VERIFY(book->MarkFailed("10.0.0.9", 1, 10'000));
    QVERIFY(!candidate(10'000 + 10 * SECOND - 1));
    QVERIFY(candidate(10'000 + 10 * SECOND));
    for (int i = 0; i < 30; ++i) STORAGE_VERIFY(book->MarkFailed("10.0.0.9", 1, 100'000));
    QVERIFY(!candidate(100'000 + 3600 * SECOND - 1));
    QVERIFY(candidate(100'000 + 3600 * SECOND));
    // Success ends the back-off at once.
    STORAGE_VERIFY(book->MarkConnected("10.0.0.9", 1, Key(9), 100'001));
    QVERIFY(candidate(100'002));
  }

  void candidatesOrderExcludeAndBans() {
    auto book = OpenBook();
    QVERIFY(book);
    auto add = [&](const std::string& host, std::int64_t last_seen, std::uint32_t failures,
                   PeerSource source = PeerSource::Exchange) {
      PeerRecord r = Peer(host, 7452, source);
      r.last_seen_ms = last_seen;
      r.failures = failures;
      r.id = Key(static_cast<std::uint8_t>(host.back()));
      STORAGE_VERIFY(book->Add(r));
    };
    add("10.0.0.1", 300, 0);
    add("10.0.0.2", 300, 1);                     // same recency, one failure: after .1
    add("10.0.0.3", 0, 0);                       // never connected: after both
    add("10.0.0.4", 500, 0);                     // most recent: first
    add("10.0.0.5", 0, 0, PeerSource::Manual);   // never connected, stronger source: before .3
    const std::int64_t now = 10 * DAY;
    QCOMPARE(Hosts(book->Candidates(10, now, {})),
             (std::vector<std::string>{"10.0.0.4", "10.0.0.1", "10.0.0.2", "10.0.0.5", "10.0.0.3"}));
    QCOMPARE(Hosts(book->Candidates(2, now, {})), (std::vector<std::string>{"10.0.0.4", "10.0.0.1"}));
    QCOMPARE(Hosts(book->Candidates(10, now, {"10.0.0.4:7452", "10.0.0.2:7452", "10.0.0.1:1"})),
             (std::vector<std::string>{"10.0.0.1", "10.0.0.5", "10.0.0.3"}));
    QVERIFY(book->Candidates(0, now, {}).empty());

    // Banned hosts and identities are not dialled; expired bans no longer count.
    STORAGE_VERIFY(book->Ban("10.0.0.4", now + SECOND, "test"));
    STORAGE_VERIFY(book->Ban(IdKey(Key('1')), now + SECOND, "test"));
    STORAGE_VERIFY(book->Ban("10.0.0.3", now - SECOND, "expired"));
    QCOMPARE(Hosts(book->Candidates(10, now, {})), (std::vector<std::string>{"10.0.0.2", "10.0.0.5", "10.0.0.3"}));
    QCOMPARE(book->Candidates(10, now + SECOND, {}).size(), std::size_t{5});

    // IPv6 addresses are excluded in either form.
    STORAGE_VERIFY(book->Add(Peer("::1", 9)));
    QCOMPARE(storage::PeerAddressKey("::1", 9), std::string("[::1]:9"));
    QCOMPARE(book->Candidates(10, now + SECOND, {"[::1]:9"}).size(), std::size_t{5});
    QCOMPARE(book->Candidates(10, now + SECOND, {"::1:9"}).size(), std::size_t{5});
    QCOMPARE(book->Candidates(10, now + SECOND, {}).size(), std::size_t{6});
  }

  void sampleFiltersByAgeInRandomOrder() {
    auto book = OpenBook();
    QVERIFY(book);
    const std::int64_t now = 100 * DAY;
    auto add = [&](const std::string& host, std::int64_t last_seen) {
      PeerRecord r = Peer(host, 7452);
      r.last_seen_ms = last_seen;
      STORAGE_VERIFY(book->Add(r));
    };
    add("10.1.0.1", now - 100);
    add("10.1.0.2", now - DAY);  // exactly at the limit: included
    add("10.1.0.3", now - DAY - 1);
    add("10.1.0.4", 0);  // never seen
    auto sample = Hosts(book->Sample(10, now, DAY));
    std::sort(sample.begin(), sample.end());
    QCOMPARE(sample, (std::vector<std::string>{"10.1.0.1", "10.1.0.2"}));
    QCOMPARE(book->Sample(1, now, DAY).size(), std::size_t{1});
    QVERIFY(book->Sample(0, now, DAY).empty());
    // Even a huge age never includes a never-seen peer.
    QCOMPARE(book->Sample(10, now, std::numeric_limits<std::int64_t>::max()).size(), std::size_t{3});
    STORAGE_VERIFY(book->Ban("10.1.0.1", now + 1, "test"));
    QCOMPARE(Hosts(book->Sample(10, now, 1000)), std::vector<std::string>{});

    for (int i = 0; i < 40; ++i) add("10.2.0." + std::to_string(i), now);
    const auto first = Hosts(book->Sample(40, now, 1000));
    QCOMPARE(first.size(), std::size_t{40});
    bool reordered = false;
    for (int attempt = 0; attempt < 20 && !reordered; ++attempt) reordered = Hosts(book->Sample(40, now, 1000)) != first;
    QVERIFY2(reordered, "Sample returned the same order 20 times");
  }

  void bansPersistExpireAndUnban() {
    TempFolder dir;
    const std::string path = dir.Path(storage::PEER_BOOK_FILE_NAME);
    {
      auto book = OpenBook(path);
      QVERIFY(book);
      STORAGE_VERIFY(book->Ban("10.0.0.7", 5000, "flooding"));
      // Upper-case hex is the same identity.
      STORAGE_VERIFY(book->Ban("id:" + std::string(64, 'A').replace(0, 2, "AB"), 9000, "invalid block"));
      STORAGE_VERIFY(book->Ban("10.0.0.8", 3000, "malformed"));
      STORAGE_VERIFY(book->Add(Peer("10.0.0.9", 7452, PeerSource::Seed)));
      QVERIFY(!book->Ban("id:1234", 9000, "short"));
      QVERIFY(!book->Ban("", 9000, "empty"));
    }
    QVERIFY(FileExists(path));
    auto book = OpenBook(path);
    QVERIFY(book);
    QCOMPARE(book->size(), std::size_t{1});
    auto ban = book->BanOf("10.0.0.7", 1000);
    QVERIFY(ban);
    QCOMPARE(ban->reason, std::string("flooding"));
    QCOMPARE(ban->until_ms, std::int64_t{5000});
    QVERIFY(book->BanOf("id:ab" + std::string(62, 'a'), 1000));
    QVERIFY(book->BanOf("id:AB" + std::string(62, 'A'), 1000));
    QVERIFY(!book->BanOf("10.0.0.7", 5000));  // expired at until_ms
    QVERIFY(!book->BanOf("10.0.0.1", 1000));

    auto bans = book->Bans(1000);
    QCOMPARE(bans.size(), std::size_t{3});
    QCOMPARE(bans[0].key, std::string("10.0.0.8"));
    QCOMPARE(bans[1].key, std::string("10.0.0.7"));
    QCOMPARE(bans[2].key, "id:ab" + std::string(62, 'a'));
    QCOMPARE(book->Bans(4000).size(), std::size_t{2});

    // The longer ban wins, with its reason.
    STORAGE_VERIFY(book->Ban("10.0.0.7", 2000, "shorter"));
    QCOMPARE(book->BanOf("10.0.0.7", 1000)->reason, std::string("flooding"));
    STORAGE_VERIFY(book->Ban("10.0.0.7", 7000, "longer"));
    QCOMPARE(book->BanOf("10.0.0.7", 6000)->reason, std::string("longer"));

    auto unbanned = book->Unban("10.0.0.7");
    QVERIFY(unbanned && *unbanned);
    unbanned = book->Unban("10.0.0.7");
    QVERIFY(unbanned && !*unbanned);
    QVERIFY(!book->BanOf("10.0.0.7", 1000));
    unbanned = book->Unban("id:AB" + std::string(62, 'A'));
    QVERIFY(unbanned && *unbanned);
    unbanned = book->Unban("not a key");
    QVERIFY(unbanned && !*unbanned);
  }

  void pruneForgetsDeadPeersAndExpiredBans() {
    auto book = OpenBook();
    QVERIFY(book);
    const std::int64_t now = 100 * DAY;
    auto add = [&](const std::string& host, std::int64_t last_seen, std::uint32_t failures) {
      PeerRecord r = Peer(host, 7452);
      r.last_seen_ms = last_seen;
      r.failures = failures;
      STORAGE_VERIFY(book->Add(r));
    };
    add("10.0.0.1", now - 8 * DAY, 10);  // dead: forgotten
    add("10.0.0.2", 0, 12);              // never reached, many failures: forgotten
    add("10.0.0.3", now - 6 * DAY, 10);  // seen this week: kept
    add("10.0.0.4", 0, 9);               // not enough failures: kept
    STORAGE_VERIFY(book->Ban("10.9.0.1", now, "expired now"));
    STORAGE_VERIFY(book->Ban("10.9.0.2", now + 1, "active"));
    STORAGE_VERIFY(book->Prune(now));
    QVERIFY(!book->Find("10.0.0.1", 7452));
    QVERIFY(!book->Find("10.0.0.2", 7452));
    QVERIFY(book->Find("10.0.0.3", 7452));
    QVERIFY(book->Find("10.0.0.4", 7452));
    auto gone = book->Unban("10.9.0.1");
    QVERIFY(gone && !*gone);  // already removed by Prune
    auto kept = book->Unban("10.9.0.2");
    QVERIFY(kept && *kept);
  }

  void boundKeepsTheBestTenThousand() {
    auto book = OpenBook();
    QVERIFY(book);
    const std::int64_t now = 100 * DAY;
    auto host = [](int i) {
      return "10." + std::to_string(i / 65536) + "." + std::to_string(i / 256 % 256) + "." + std::to_string(i % 256);
    };
    // 9,990 good peers from seeds, 20 peers that keep failing, 20 never seen.
    for (int i = 0; i < 9990; ++i) {
      PeerRecord r = Peer(host(i), 7452, PeerSource::Seed);
      r.last_seen_ms = now - i;
      STORAGE_VERIFY(book->Add(r));
    }
    for (int i = 0; i < 20; ++i) {
      PeerRecord r = Peer("172.16.0." + std::to_string(i), 7452);
      r.last_seen_ms = now;
      r.failures = 3;
      STORAGE_VERIFY(book->Add(r));
    }
    for (int i = 0; i < 20; ++i) {
      PeerRecord r = Peer("172.17.0." + std::to_string(i), 7452);
      r.first_seen_ms = i;  // the older half goes first
      STORAGE_VERIFY(book->Add(r));
    }
    QCOMPARE(book->size(), std::size_t{10'030});
    STORAGE_VERIFY(book->Prune(now));
    QCOMPARE(book->size(), storage::MAX_PEER_BOOK_RECORDS);
    for (int i = 0; i < 20; ++i) QVERIFY(!book->Find("172.16.0." + std::to_string(i), 7452));
    for (int i = 0; i < 10; ++i) QVERIFY(!book->Find("172.17.0." + std::to_string(i), 7452));
    for (int i = 10; i < 20; ++i) QVERIFY(book->Find("172.17.0." + std::to_string(i), 7452));
    QVERIFY(book->Find(host(0), 7452));
    QVERIFY(book->Find(host(9989), 7452));

    // Between prunes Add lets the book grow by the slack only, then drops back to the bound itself,
    // weak sources first: every seed survives a flood of peer exchange.
    for (std::size_t i = 0; i < storage::PEER_BOOK_SLACK; ++i) {
      STORAGE_VERIFY(book->Add(Peer("192.168." + std::to_string(i / 256) + "." + std::to_string(i % 256), 1)));
    }
    QCOMPARE(book->size(), storage::MAX_PEER_BOOK_RECORDS + storage::PEER_BOOK_SLACK);
    STORAGE_VERIFY(book->Add(Peer("192.168.200.1", 1)));
    QCOMPARE(book->size(), storage::MAX_PEER_BOOK_RECORDS);
    for (int i = 0; i < 9990; i += 97) QVERIFY(book->Find(host(i), 7452));
    QVERIFY(book->Find(host(9989), 7452));
  }

  void concurrentWriters() {
    auto book = OpenBook();
    QVERIFY(book);
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 100; ++i) {
          const std::string host = "10." + std::to_string(t) + ".0." + std::to_string(i);
          if (!book->Add(Peer(host, 7452))) ++failures;
          if (!book->MarkFailed(host, 7452, i)) ++failures;
          (void)book->Candidates(5, i, {});
        }
      });
    }
    for (auto& th : threads) th.join();
    QCOMPARE(failures.load(), 0);
    QCOMPARE(book->size(), std::size_t{400});
  }

  void reopenKeepsRecords() {
    TempFolder dir;
    const std::string path = dir.Path("peers.sqlite");
    {
      auto book = OpenBook(path);
      QVERIFY(book);
      STORAGE_VERIFY(book->MarkConnected("10.0.0.1", 7452, Key(5), 1234));
      STORAGE_VERIFY(book->MarkFailed("10.0.0.1", 7452, 2000));
    }
    auto book = OpenBook(path);
    QVERIFY(book);
    auto r = book->Find("10.0.0.1", 7452);
    QVERIFY(r);
    QCOMPARE(r->failures, 1u);
    QCOMPARE(r->last_seen_ms, std::int64_t{1234});
    QVERIFY(r->id == Key(5));
    QCOMPARE(RawQueryInt(path, "PRAGMA application_id"), std::int64_t{storage::PEER_BOOK_APPLICATION_ID});
  }

  void refusesFilesThatAreNotPeerBooks() {
    TempFolder dir;
    auto refused = [&](const std::string& path, const char* why, const char* words) {
      const std::string before = FileHash(path);
      auto opened = PeerBook::Open(path);
      QVERIFY2(!opened, why);
      QCOMPARE(opened.error().kind, StorageError::Kind::Invalid);
      QVERIFY2(opened.error().message.find(words) != std::string::npos, opened.error().message.c_str());
      QVERIFY2(opened.error().message.find("peer book") != std::string::npos, opened.error().message.c_str());
      QCOMPARE(FileHash(path), before);
      QVERIFY(!FileExists(path + "-wal"));
    };

    const std::string text = dir.Path("text");
    WriteAll(text, util::AsBytes(std::string_view("not a database at all, just some words in a file")));
    refused(text, "a text file", "not a SQLite database");

    const std::string empty = dir.Path("empty");
    WriteAll(empty, {});
    refused(empty, "an empty file", "empty");

    const std::string foreign = dir.Path("foreign.sqlite");
    QVERIFY(RawSql(foreign, "CREATE TABLE t(x); INSERT INTO t VALUES(1);"));
    refused(foreign, "another application's database", "another application");

    const std::string chain = dir.Path("chain.sqlite");
    QVERIFY(RawSql(chain, "PRAGMA application_id = 1128352082; CREATE TABLE meta(key, value);"));
    refused(chain, "a chain database", "chain database");

    // A peer book written by a newer Cairn.
    const std::string future = dir.Path("future.sqlite");
    {
      auto book = OpenBook(future);
      QVERIFY(book);
      STORAGE_VERIFY(book->Add(Peer("10.0.0.1", 1)));
    }
    QVERIFY(RawSql(future, "PRAGMA user_version = 2;"));
    refused(future, "a newer peer book", "newer");

    // A peer book whose tables were changed by another tool.
    const std::string tampered = dir.Path("tampered.sqlite");
    { QVERIFY(OpenBook(tampered)); }
    QVERIFY(RawSql(tampered, "CREATE TABLE extra(x);"));
    refused(tampered, "a changed schema", "tables");
  }
};

QTEST_APPLESS_MAIN(TestPeerBook)
#include "test_peer_book.moc"
