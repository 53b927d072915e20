// RPC authentication: the cookie file (Bitcoin Core style) for local clients, configured users
// stored as salted HMACs (Bitcoin Core's `rpcauth` format), and the Authenticator that checks an
// `Authorization: Basic ...` header against both.
//
// Thread safety: the free functions are safe from any thread (two processes writing the same cookie
// path race, last one wins: one node per data folder). An Authenticator is immutable after
// construction; Authenticate() may be called from any number of threads at once.
// Ownership: plain values. A Credential holds a password: never log it (nor the header it came from).
// Failure: functions return Result with a one-sentence message for a person; the Authenticator returns
// an AuthFailure kind only (which of the credentials was wrong is never revealed to the client).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace cairn::rpc {

// The user name of the cookie credential, as in Bitcoin Core.
inline constexpr std::string_view COOKIE_USER = "__cookie__";
// Bounds that keep hostile input cheap: the Authorization header, and user names / passwords in it.
inline constexpr std::size_t MAX_AUTH_HEADER_BYTES = 4096;
inline constexpr std::size_t MAX_USER_BYTES = 256;
inline constexpr std::size_t MAX_PASSWORD_BYTES = 1024;

// A user and a clear-text password: the cookie, or what a client sends.
struct Credential {
  std::string user;
  std::string password;
};

// A configured user: "user:salt$hmac" where hmac = hex(HMAC-SHA256(key = salt, msg = password)).
struct UserCredential {
  std::string user;
  std::string salt;
  std::string hmac_hex;  // 64 lower-case hex digits
};

// Writes "__cookie__:<64 hex digits of fresh randomness>" to `path` with mode 0600: through a temporary
// file in the same folder and a rename, so a reader never sees a partial cookie. Call once per start
// (the previous cookie stops working). Fails with a message naming the path.
util::Result<Credential, std::string> CreateCookieFile(const std::string& path);

// Deletes the cookie on a clean stop; a missing file is not an error.
util::Result<void, std::string> RemoveCookieFile(const std::string& path);

// Reads a cookie written by CreateCookieFile (for the client). Fails, naming the path, when the file is
// missing, unreadable, or not "__cookie__:<64 hex digits>" (a trailing newline is tolerated).
util::Result<Credential, std::string> ReadCookieFile(const std::string& path);

// Parses one "user:salt$hmac" entry strictly: non-empty user without ':' or control characters, a salt
// of printable characters without ':' or '$', an hmac of exactly 64 hex digits.
util::Result<UserCredential, std::string> ParseRpcAuth(std::string_view text);

// Builds the "user:salt$hmac" line for `user` and `password` (for `cairn util rpcauth`). Without a
// salt, 16 random bytes in hex are used, as Bitcoin Core's rpcauth.py does. Fails on a user or salt
// that ParseRpcAuth would reject, or an over-long password.
util::Result<std::string, std::string> MakeRpcAuth(std::string_view user, std::string_view password,
                                                   std::optional<std::string> salt = std::nullopt);

// Strict RFC 4648 base64 (no whitespace, padding required, no non-zero trailing bits); nothing on error.
std::optional<std::string> DecodeBase64Strict(std::string_view text);
std::string EncodeBase64(std::string_view bytes);

// "Basic <base64(user:password)>": what a client puts in its Authorization header.
std::string BasicAuthHeader(std::string_view user, std::string_view password);

enum class AuthFailure {
  Missing,    // no Authorization header
  Malformed,  // not "Basic <strict base64 of user:password>", or over the length bounds
  Rejected,   // well-formed but no credential matches
};
std::string_view AuthFailureName(AuthFailure failure);

class Authenticator {
 public:
  // `cookie`: the credential CreateCookieFile returned, if cookie auth is on.
  Authenticator(std::optional<Credential> cookie, std::vector<UserCredential> users);

  // Checks the value of an Authorization header (empty: none was sent). Every comparison of secret
  // material is constant-time, and every configured user is tried, so the time taken does not
  // reveal which part was wrong. Returns the authenticated user name.
  util::Result<std::string, AuthFailure> Authenticate(std::string_view authorization) const;

  bool HasCredentials() const { return m_cookie.has_value() || !m_users.empty(); }

 private:
  std::optional<Credential> m_cookie;
  std::vector<UserCredential> m_users;
};

}  // namespace cairn::rpc
