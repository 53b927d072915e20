// Turns chain and api values into what the explorer's QML shows: hex ids, addresses with the running
// network's prefix, amounts as base-unit strings (QML formats them with Units), finality and status
// names, memos as plain text, and a transaction's payload as label/value rows.
//
// Thread safety: pure functions, callable from any thread except AddressText/AddressPrefix, which read
// the Session (GUI thread; elsewhere pass the prefix explicitly). Failure: parsers answer nullopt.
#pragma once

#include <QCoreApplication>
#include <QString>
#include <QVariantList>
#include <QVariantMap>

#include <optional>
#include <string>

#include "api/node.h"
#include "util/hex.h"

namespace cairn::ui::explorer {

template <std::size_t N>
QString Hex(const util::FixedBytes<N>& bytes) {
  return QString::fromStdString(util::ToHex(bytes.span()));
}

// The prefix of addresses on the running network (Session), "tcairn" without a session.
QString AddressPrefix();
QString AddressText(const chain::Address& address, const QString& prefix);
QString AddressText(const chain::Address& address);  // with AddressPrefix()
// Base units as a decimal string: amounts exceed 2^53, JavaScript's exact-integer limit.
inline QString AmountText(chain::Amount amount) { return QString::number(static_cast<qulonglong>(amount)); }
QString FinalityText(api::Finality finality);  // "pending", "justified", "finalized"
QString TxStatusText(api::TxStatus status);    // "pending", "included", "finalized"
QString KindCode(chain::PayloadKind kind);     // "transfer", "register_validator", ...
QString KindLabel(chain::PayloadKind kind);
QString EvidenceKindText(chain::EvidenceKind kind);  // "Double vote", ... (translated)    // "Transfer", "Register validator", ... (translated)
// The memo as text when it is valid UTF-8 (shown as plain text), else "0x" + hex.
QString MemoText(const util::Bytes& memo);
// The error of an api call as one sentence for a person.
QString ErrorSentence(const api::Error& error);
QString NotRunningSentence();

// Payload fields as rows {label, value, type}: type "text", "number", "amount" (value in base units),
// "address" (linkable to the account), "validator" (an operator address, linkable to the validator),
// "key" (hex, monospace), "proposal" (an id).
QVariantList PayloadRows(const chain::Payload& payload, const QString& prefix);
// The amount a payload moves (transfer, delegation, ...), if any, and its counterparty address.
std::optional<chain::Amount> PayloadAmount(const chain::Payload& payload);
std::optional<chain::Address> PayloadCounterparty(const chain::Payload& payload);

// "123" -> 123; anything but plain decimal digits (no sign, no spaces) -> nullopt.
std::optional<std::uint64_t> ParseDecimal(const QString& text);
// 64 hex digits, optional "0x" -> the hash.
std::optional<crypto::Hash256> ParseHash(const QString& text);

}  // namespace cairn::ui::explorer
