#include "chain/ids.h"

namespace cairn::chain {

bool IsValidChainId(std::string_view text) {
  if (text.empty() || text.size() > CHAIN_ID_MAX) return false;
  for (char c : text) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

util::Result<ChainId, std::string> ChainId::Parse(std::string_view text) {
  if (text.empty()) return util::Err(std::string("chain id is empty"));
  if (text.size() > CHAIN_ID_MAX) return util::Err(std::string("chain id is longer than 32 characters"));
  if (!IsValidChainId(text)) return util::Err(std::string("chain id may contain only a-z, 0-9 and '-'"));
  return Unchecked(std::string(text));
}

void Write(Writer& w, const ChainId& id) { w.Text(id.str()); }

ChainId ReadChainId(Reader& r, std::string_view name) {
  const std::size_t at = r.offset();
  std::string text = r.Text(name, 1, CHAIN_ID_MAX, TextRule::SingleLine);
  if (!r.ok()) return {};
  if (!IsValidChainId(text)) {
    r.FailAt(DecodeErrorKind::InvalidValue, name, at, "chain id may contain only a-z, 0-9 and '-'");
    return {};
  }
  return ChainId::Unchecked(std::move(text));
}

util::Bytes SigningMessage(std::string_view tag, const ChainId& chain_id, const crypto::Hash256& genesis_hash,
                           util::ByteSpan encoding) {
  Writer w;
  w.Raw(util::AsBytes(tag));
  w.U8(0);
  Write(w, chain_id);
  w.Fixed(genesis_hash);
  w.Raw(encoding);
  return w.Take();
}

}  // namespace cairn::chain
