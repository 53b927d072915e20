#include "rpc/auth.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <system_error>

#include "crypto/secure_memory.h"
#include "util/hex.h"

namespace cairn::rpc {
namespace {

constexpr std::size_t COOKIE_SECRET_BYTES = 32;
constexpr std::size_t HMAC_BYTES = 32;
constexpr std::size_t MAX_SALT_BYTES = 256;
// A cookie file is one short line; anything much longer is not ours.
constexpr std::size_t MAX_COOKIE_FILE_BYTES = 1024;

std::string ErrnoText() { return std::generic_category().message(errno); }

bool IsPrintableAscii(char c) { return c > 0x20 && c < 0x7f; }

std::optional<std::string> CheckUser(std::string_view user) {
  bool ok = !user.empty() && user.size() <= MAX_USER_BYTES;
  for (char c : user) ok = ok && IsPrintableAscii(c) && c != ':';
  if (ok) return std::nullopt;
  return "rpcauth user must be 1-" + std::to_string(MAX_USER_BYTES) +
         " printable ASCII characters without spaces or ':'";
}

std::optional<std::string> CheckSalt(std::string_view salt) {
  bool ok = !salt.empty() && salt.size() <= MAX_SALT_BYTES;
  for (char c : salt) ok = ok && IsPrintableAscii(c) && c != ':' && c != '$';
  if (ok) return std::nullopt;
  return "rpcauth salt must be 1-" + std::to_string(MAX_SALT_BYTES) +
         " printable ASCII characters without spaces, ':' or '$'";
}

std::array<std::uint8_t, HMAC_BYTES> HmacSha256(std::string_view key, std::string_view message) {
  std::array<std::uint8_t, HMAC_BYTES> out{};
  unsigned int out_len = 0;
  // The key is the salt text itself, not its hex decoding: that is what rpcauth.py computes.
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), out.data(), &out_len);
  return out;
}

bool EqualCt(std::string_view a, std::string_view b) {
  return a.size() == b.size() && (a.empty() || CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0);
}

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

util::Result<Credential, std::string> CreateCookieFile(const std::string& path) {
  std::array<std::uint8_t, COOKIE_SECRET_BYTES> raw{};
  crypto::RandomBytes(raw);
  Credential cookie{std::string(COOKIE_USER), util::ToHex(raw)};
  crypto::Wipe(raw);
  const std::string content = cookie.user + ":" + cookie.password;

  const std::string tmp = path + ".tmp";
  // A temporary left by a crash is removed so that O_EXCL guarantees a file we created, with our mode,
  // and O_NOFOLLOW refuses a planted symlink.
  ::unlink(tmp.c_str());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return util::Err("cannot create cookie file '" + tmp + "': " + ErrnoText());
  std::string error;
  // The umask can only clear bits; fchmod states the mode outright.
  if (::fchmod(fd, 0600) != 0) error = "cannot set mode 0600 on '" + tmp + "': " + ErrnoText();
  std::size_t written = 0;
  while (error.empty() && written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) error = "cannot write cookie file '" + tmp + "': " + ErrnoText();
    else written += static_cast<std::size_t>(n);
  }
  if (error.empty() && ::fsync(fd) != 0) error = "cannot sync cookie file '" + tmp + "': " + ErrnoText();
  if (::close(fd) != 0 && error.empty()) error = "cannot close cookie file '" + tmp + "': " + ErrnoText();
  if (error.empty() && ::rename(tmp.c_str(), path.c_str()) != 0) {
    error = "cannot move cookie file into place at '" + path + "': " + ErrnoText();
  }
  if (!error.empty()) {
    ::unlink(tmp.c_str());
    return util::Err(std::move(error));
  }
  return cookie;
}

util::Result<void, std::string> RemoveCookieFile(const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    return util::Err("cannot remove cookie file '" + path + "': " + ErrnoText());
  }
  return {};
}

util::Result<Credential, std::string> ReadCookieFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return util::Err("cannot read cookie file '" + path + "': " + ErrnoText());
  }
  std::string content;
  std::array<char, 256> chunk{};
  std::string error;
  for (;;) {
    const ssize_t n = ::read(fd, chunk.data(), chunk.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) error = "cannot read cookie file '" + path + "': " + ErrnoText();
    if (n <= 0) break;
    content.append(chunk.data(), static_cast<std::size_t>(n));
    if (content.size() > MAX_COOKIE_FILE_BYTES) break;
  }
  ::close(fd);
  if (!error.empty()) return util::Err(std::move(error));
  if (content.ends_with('\n')) content.pop_back();
  if (content.ends_with('\r')) content.pop_back();
  const std::string prefix = std::string(COOKIE_USER) + ":";
  const std::string_view secret = std::string_view(content).substr(std::min(prefix.size(), content.size()));
  if (!content.starts_with(prefix) || secret.size() != 2 * COOKIE_SECRET_BYTES || !util::ParseHex(secret)) {
    return util::Err("cookie file '" + path + "' is malformed (expected " + prefix + "<64 hex digits>)");
  }
  return Credential{std::string(COOKIE_USER), std::string(secret)};
}

util::Result<UserCredential, std::string> ParseRpcAuth(std::string_view text) {
  const auto colon = text.find(':');
  const auto dollar = colon == std::string_view::npos ? std::string_view::npos : text.find('$', colon + 1);
  if (dollar == std::string_view::npos) return util::Err(std::string("rpcauth entry must look like user:salt$hmac"));
  UserCredential out{std::string(text.substr(0, colon)), std::string(text.substr(colon + 1, dollar - colon - 1)),
                     std::string(text.substr(dollar + 1))};
  if (auto bad = CheckUser(out.user)) return util::Err(std::move(*bad));
  if (auto bad = CheckSalt(out.salt)) return util::Err(std::move(*bad));
  const auto hmac = util::ParseHex(out.hmac_hex);
  if (!hmac || hmac->size() != HMAC_BYTES) {
    return util::Err(std::string("rpcauth hmac must be 64 hex digits (HMAC-SHA256 of the password keyed by the salt)"));
  }
  out.hmac_hex = util::ToHex(*hmac);  // one spelling, so equal entries compare equal
  return out;
}

util::Result<std::string, std::string> MakeRpcAuth(std::string_view user, std::string_view password,
                                                   std::optional<std::string> salt) {
  if (auto bad = CheckUser(user)) return util::Err(std::move(*bad));
  if (password.size() > MAX_PASSWORD_BYTES) {
    return util::Err("rpcauth password must be at most " + std::to_string(MAX_PASSWORD_BYTES) + " bytes");
  }
  if (!salt) {
    std::array<std::uint8_t, 16> raw{};
    crypto::RandomBytes(raw);
    salt = util::ToHex(raw);
  }
  if (auto bad = CheckSalt(*salt)) return util::Err(std::move(*bad));
  const auto hmac = HmacSha256(*salt, password);
  return std::string(user) + ":" + *salt + "$" + util::ToHex(hmac);
}

std::optional<std::string> DecodeBase64Strict(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    const std::size_t pad = last ? (text[i + 3] == '=') + (text[i + 2] == '=' && text[i + 3] == '=') : 0;
    std::uint32_t group = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      const int v = j >= 4 - pad ? 0 : Base64Value(text[i + j]);
      if (v < 0) return std::nullopt;  // also catches '=' anywhere but the final padding
      group = (group << 6) | static_cast<std::uint32_t>(v);
    }
    // Non-zero bits under the padding would let two texts decode alike: not canonical, so refused.
    if ((pad == 1 && (group & 0xff) != 0) || (pad == 2 && (group & 0xffff) != 0)) return std::nullopt;
    out.push_back(static_cast<char>(group >> 16));
    if (pad < 2) out.push_back(static_cast<char>((group >> 8) & 0xff));
    if (pad < 1) out.push_back(static_cast<char>(group & 0xff));
  }
  return out;
}

std::string EncodeBase64(std::string_view bytes) {
  static constexpr char ALPHABET[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    std::uint32_t group = 0;
    for (std::size_t j = 0; j < 3; ++j) {
      group = (group << 8) | (j < n ? static_cast<std::uint8_t>(bytes[i + j]) : 0u);
    }
    for (std::size_t j = 0; j < 4; ++j) {
      out.push_back(j <= n ? ALPHABET[(group >> (18 - 6 * j)) & 0x3f] : '=');
    }
  }
  return out;
}

std::string BasicAuthHeader(std::string_view user, std::string_view password) {
  std::string joined;
  joined.reserve(user.size() + 1 + password.size());
  joined.append(user).append(":").append(password);
  return "Basic " + EncodeBase64(joined);
}

std::string_view AuthFailureName(AuthFailure failure) {
  switch (failure) {
    case AuthFailure::Missing: return "no credentials";
    case AuthFailure::Malformed: return "malformed credentials";
    case AuthFailure::Rejected: return "wrong credentials";
  }
  return "unknown";
}

Authenticator::Authenticator(std::optional<Credential> cookie, std::vector<UserCredential> users)
    : m_cookie(std::move(cookie)), m_users(std::move(users)) {}

util::Result<std::string, AuthFailure> Authenticator::Authenticate(std::string_view authorization) const {
  if (authorization.empty()) return util::Err(AuthFailure::Missing);
  constexpr std::string_view SCHEME = "Basic ";
  if (authorization.size() > MAX_AUTH_HEADER_BYTES || authorization.size() <= SCHEME.size()) {
    return util::Err(AuthFailure::Malformed);
  }
  // The scheme name is case-insensitive (RFC 7617); the credentials are not.
  for (std::size_t i = 0; i < SCHEME.size(); ++i) {
    const char c = authorization[i];
    const char lower = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    const char want = SCHEME[i] >= 'A' && SCHEME[i] <= 'Z' ? static_cast<char>(SCHEME[i] - 'A' + 'a') : SCHEME[i];
    if (lower != want) return util::Err(AuthFailure::Malformed);
  }
  const auto decoded = DecodeBase64Strict(authorization.substr(SCHEME.size()));
  if (!decoded) return util::Err(AuthFailure::Malformed);
  const auto colon = decoded->find(':');
  if (colon == std::string::npos || colon == 0 || colon > MAX_USER_BYTES ||
      decoded->size() - colon - 1 > MAX_PASSWORD_BYTES) {
    return util::Err(AuthFailure::Malformed);
  }
  const std::string_view user = std::string_view(*decoded).substr(0, colon);
  const std::string_view password = std::string_view(*decoded).substr(colon + 1);

  // No early exit: every credential is checked so the timing does not say which one nearly matched.
  std::optional<std::string> matched;
  if (m_cookie) {
    const bool ok = EqualCt(user, m_cookie->user) & EqualCt(password, m_cookie->password);
    if (ok) matched = m_cookie->user;
  }
  for (const auto& entry : m_users) {
    const auto expected = util::ParseHex(entry.hmac_hex);
    const auto actual = HmacSha256(entry.salt, password);
    const bool ok = EqualCt(user, entry.user) & (expected && expected->size() == HMAC_BYTES &&
                                                  CRYPTO_memcmp(expected->data(), actual.data(), HMAC_BYTES) == 0);
    if (ok && !matched) matched = entry.user;
  }
  if (!matched) return util::Err(AuthFailure::Rejected);
  return std::move(*matched);
}

}  // namespace cairn::rpc
