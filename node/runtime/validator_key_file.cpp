#include "runtime/validator_key_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "crypto/secure_memory.h"
#include "util/hex.h"
#include "util/log.h"

namespace cairn::runtime {
namespace {

constexpr std::string_view MAGIC = "CAIRNHOT";
constexpr std::string_view CHECKSUM_TAG = "cairn-validator-hot-key";
constexpr std::uint8_t FLAG_VALIDATING = 0x01;
// Offsets of the fields (validator_key_file.h).
constexpr std::size_t VERSION_AT = 8;
constexpr std::size_t FLAGS_AT = 12;
constexpr std::size_t GENESIS_AT = 13;
constexpr std::size_t ACCOUNT_AT = 45;
constexpr std::size_t OPERATOR_AT = 49;
constexpr std::size_t CONSENSUS_AT = 69;
constexpr std::size_t VRF_AT = 101;
constexpr std::size_t CHECKSUM_AT = 133;
static_assert(CHECKSUM_AT + crypto::Hash256::SIZE == VALIDATOR_HOT_KEY_FILE_SIZE);
// A file larger than this is not ours; reading stops there.
constexpr std::size_t READ_LIMIT = 4096;

void PutU32(std::uint8_t* p, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

std::uint32_t GetU32(const std::uint8_t* p) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

std::string Sys(const std::string& path, std::string_view what) {
  return path + ": " + std::string(what) + " failed: " + std::strerror(errno);
}

util::Result<void, std::string> SyncDirectory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return util::Err(Sys(dir, "opening the folder for fsync"));
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return util::Err(Sys(dir, "fsync of the folder"));
  return {};
}

// The whole file (at most READ_LIMIT + 1 bytes) in secure memory; nullopt when it does not exist.
util::Result<std::optional<crypto::SecureBuffer>, std::string> ReadAll(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno == ENOENT) return std::optional<crypto::SecureBuffer>();
    return util::Err(Sys(path, "opening the validator key file"));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return util::Err(path + " is not a regular file; it was left unchanged");
  }
  crypto::SecureBuffer buffer(READ_LIMIT + 1);
  std::size_t got = 0;
  while (got < buffer.size()) {
    const ssize_t n = ::read(fd, buffer.data() + got, buffer.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return util::Err(Sys(path, "reading the validator key file"));
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  crypto::SecureBuffer exact = crypto::SecureBuffer::CopyOf(buffer.span().first(got));
  return std::optional<crypto::SecureBuffer>(std::move(exact));
}

std::string Damaged(const std::string& path, std::string_view why) {
  return path + " is damaged (" + std::string(why) +
         "); it was left unchanged: move it away (the node then validates with the devnet key) or restore it";
}

util::Result<HotValidatorKeys, std::string> Decode(const std::string& path, util::ByteSpan b,
                                                   const crypto::Hash256& genesis_hash) {
  const bool magic_ok = b.size() >= MAGIC.size() && std::memcmp(b.data(), MAGIC.data(), MAGIC.size()) == 0;
  if (!magic_ok) return util::Err(path + " is not a Cairn validator key file; it was left unchanged");
  if (b.size() >= VERSION_AT + 4 && GetU32(b.data() + VERSION_AT) > VALIDATOR_HOT_KEY_VERSION) {
    return util::Err(path + " was written by a newer Cairn (format " + std::to_string(GetU32(b.data() + VERSION_AT)) +
                     "; this program reads format " + std::to_string(VALIDATOR_HOT_KEY_VERSION) +
                     "); it was left unchanged");
  }
  if (b.size() != VALIDATOR_HOT_KEY_FILE_SIZE) {
    return util::Err(Damaged(path, std::to_string(b.size()) + " bytes instead of " +
                                       std::to_string(VALIDATOR_HOT_KEY_FILE_SIZE)));
  }
  const crypto::Hash256 checksum = crypto::TaggedHash(CHECKSUM_TAG, b.first(CHECKSUM_AT));
  if (!crypto::ConstantTimeEqual(checksum.span(), b.subspan(CHECKSUM_AT))) {
    return util::Err(Damaged(path, "its checksum does not match: a changed or lost byte"));
  }
  if (GetU32(b.data() + VERSION_AT) != VALIDATOR_HOT_KEY_VERSION) return util::Err(Damaged(path, "format version 0"));
  const std::uint8_t flags = b[FLAGS_AT];
  if ((flags & ~FLAG_VALIDATING) != 0) return util::Err(Damaged(path, "unknown flags"));
  if (crypto::Hash256::FromSpan(b.subspan(GENESIS_AT, crypto::Hash256::SIZE)) != genesis_hash) {
    return util::Err(path + " holds the validator keys of another chain (genesis " +
                     util::ToHex(b.subspan(GENESIS_AT, 8)) + "..., not " + util::ToHex(genesis_hash.span().first(8)) +
                     "...); it was left unchanged: move it away to start this chain");
  }
  auto consensus = crypto::SecretKey::FromSeed(b.subspan(CONSENSUS_AT, crypto::ED25519_SEED_SIZE));
  auto vrf = crypto::SecretKey::FromSeed(b.subspan(VRF_AT, crypto::ED25519_SEED_SIZE));
  if (!consensus || !vrf) return util::Err(Damaged(path, "a key seed has the wrong size"));
  HotValidatorKeys hot{GetU32(b.data() + ACCOUNT_AT), (flags & FLAG_VALIDATING) != 0,
                       ValidatorKeys{std::move(*consensus), std::move(*vrf),
                                     chain::Address::FromSpan(b.subspan(OPERATOR_AT, chain::Address::SIZE))}};
  return hot;
}

crypto::SecureBuffer Encode(const crypto::Hash256& genesis_hash, const HotValidatorKeys& hot) {
  crypto::SecureBuffer out(VALIDATOR_HOT_KEY_FILE_SIZE);
  std::uint8_t* p = out.data();
  std::memcpy(p, MAGIC.data(), MAGIC.size());
  PutU32(p + VERSION_AT, VALIDATOR_HOT_KEY_VERSION);
  p[FLAGS_AT] = hot.validating ? FLAG_VALIDATING : 0;
  std::memcpy(p + GENESIS_AT, genesis_hash.data(), crypto::Hash256::SIZE);
  PutU32(p + ACCOUNT_AT, hot.account);
  std::memcpy(p + OPERATOR_AT, hot.keys.operator_address.data(), chain::Address::SIZE);
  std::memcpy(p + CONSENSUS_AT, hot.keys.consensus.seed().data(), crypto::ED25519_SEED_SIZE);
  std::memcpy(p + VRF_AT, hot.keys.vrf.seed().data(), crypto::ED25519_SEED_SIZE);
  const crypto::Hash256 checksum = crypto::TaggedHash(CHECKSUM_TAG, out.span().first(CHECKSUM_AT));
  std::memcpy(p + CHECKSUM_AT, checksum.data(), crypto::Hash256::SIZE);
  return out;
}

}  // namespace

std::string ValidatorHotKeyPath(const std::string& network_dir) {
  return (std::filesystem::path(network_dir) / VALIDATOR_HOT_KEY_FILE_NAME).string();
}

util::Result<std::optional<HotValidatorKeys>, std::string> ReadValidatorHotKey(const std::string& network_dir,
                                                                               const crypto::Hash256& genesis_hash) {
  const std::string path = ValidatorHotKeyPath(network_dir);
  auto bytes = ReadAll(path);
  if (!bytes) return util::Err(bytes.error());
  if (!*bytes) return std::optional<HotValidatorKeys>();
  auto decoded = Decode(path, (*bytes)->span(), genesis_hash);
  if (!decoded) return util::Err(decoded.error());
  return std::optional<HotValidatorKeys>(std::move(decoded).value());
}

util::Result<void, std::string> WriteValidatorHotKey(const std::string& network_dir, const crypto::Hash256& genesis_hash,
                                                     const HotValidatorKeys& hot) {
  const std::string path = ValidatorHotKeyPath(network_dir);
  // Only a file that validates may be replaced; its reason is the answer otherwise.
  if (auto existing = ReadValidatorHotKey(network_dir, genesis_hash); !existing) return util::Err(existing.error());
  const crypto::SecureBuffer bytes = Encode(genesis_hash, hot);
  std::array<std::uint8_t, 6> random{};
  crypto::RandomBytes(random);
  const std::string temp = path + ".writing-" + util::ToHex(random);
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return util::Err(Sys(temp, "creating the validator key file"));
  std::size_t written = 0;
  bool ok = true;
  while (ok && written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) written += static_cast<std::size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  const int err = errno;
  ::close(fd);
  if (!ok) {
    ::unlink(temp.c_str());
    errno = err;
    return util::Err(Sys(temp, "writing the validator key file"));
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int rename_err = errno;
    ::unlink(temp.c_str());
    errno = rename_err;
    return util::Err(Sys(path, "putting the validator key file in place"));
  }
  return SyncDirectory(std::filesystem::path(path).parent_path().string());
}

util::Result<ChosenValidatorKeys, std::string> ChooseValidatorKeys(const std::string& network_dir,
                                                                   const chain::Genesis& genesis,
                                                                   ValidatorKeys devnet_keys) {
  auto hot = ReadValidatorHotKey(network_dir, chain::ComputeGenesisHash(genesis));
  if (!hot) return util::Err(hot.error());
  if (!*hot) return ChosenValidatorKeys{std::move(devnet_keys), true, std::nullopt};
  HotValidatorKeys& h = **hot;
  CAIRN_LOG(Consensus, Info) << "validator keys: wallet account " << h.account << " (consensus key "
                             << util::ToHex(h.keys.consensus.public_key().span().first(8)) << "...) from "
                             << ValidatorHotKeyPath(network_dir)
                             << (h.validating ? "" : "; block and vote production is off (wallet.stop_validating)");
  return ChosenValidatorKeys{std::move(h.keys), h.validating, h.account};
}

}  // namespace cairn::runtime
