// The error value of every keystore operation (keystore.h, keystore_validator.h).
//
// Kinds keep DESIGN.md's two families apart: the first group says the caller, the user or the file is
// wrong (show the message, nothing to retry); Io says this machine failed (disk, permissions, another
// process holding the file: retry or stop safely). Messages are one or two sentences for the user; a
// message about a file names the file. No message ever contains a passphrase, a mnemonic word the user
// typed, a seed or a key.
// Thread safety: plain values. Ownership: a KeystoreError owns its message.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cairn::wallet {

enum class KeystoreErrorKind : std::uint8_t {
  InvalidInput,      // a label, address, passphrase, word count, mnemonic or account index is unusable
  NotFound,          // the wallet file does not exist
  AlreadyExists,     // refusing to overwrite an existing file
  NotAWallet,        // not a SQLite file, or a SQLite file of another application (or a chain database)
  FutureVersion,     // written by a newer Cairn: this build cannot read it
  Damaged,           // truncated, corrupt, fails its checksum, or holds values no Cairn writes
  WrongChain,        // a wallet of another chain
  WrongKind,         // the operation needs secrets and this is a watch-only wallet
  WrongPassphrase,   // the passphrase does not decrypt the secret (or the file was altered: AEAD cannot tell)
  TryLater,          // refused without trying: too many wrong passphrases; KeystoreError::retry_after_ms
  Locked,            // needs Unlock first
  Unconfirmed,       // the new mnemonic has not been confirmed yet (ConfirmMnemonic)
  MnemonicMismatch,  // ConfirmMnemonic: the words are not this wallet's recovery phrase
  UnknownAccount,    // no such account or address book entry
  Io,                // local fault: file system, SQLite, memory for the key derivation
};

std::string_view KeystoreErrorKindName(KeystoreErrorKind kind);

struct KeystoreError {
  KeystoreErrorKind kind = KeystoreErrorKind::Io;
  std::string message;
  // TryLater only: milliseconds until the next attempt is accepted.
  std::int64_t retry_after_ms = 0;
};

}  // namespace cairn::wallet
