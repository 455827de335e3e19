// Handshake line, base64 and version negotiation (see tfplugin/handshake.h).
#include "tfplugin/handshake.h"

#include <algorithm>
#include <charconv>
#include <cstdint>

namespace tfplugin {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Index in kAlphabet, or -1.
int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Decimal integer (optional sign), the whole string; like Go strconv.Atoi.
std::optional<int> ParseInt(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  int value = 0;
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, value);
  if (s.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      parts.push_back(s.substr(start));
      return parts;
    }
    parts.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

}  // namespace

std::string Base64EncodeNoPad(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t v = (static_cast<uint32_t>(static_cast<unsigned char>(bytes[i])) << 16) |
                       (static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8) |
                       static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 2]));
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
    out.push_back(kAlphabet[v & 63]);
  }
  const size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t v = static_cast<uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2) v |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    if (rest == 2) out.push_back(kAlphabet[(v >> 6) & 63]);
  }
  return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  // Strip up to two '=' of padding; then the length must fit padded groups.
  size_t pad = 0;
  while (!text.empty() && text.back() == '=' && pad < 2) {
    text.remove_suffix(1);
    ++pad;
  }
  const size_t rem = text.size() % 4;
  if (rem == 1) return std::nullopt;
  if (pad > 0 && (rem == 0 || pad != 4 - rem)) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    const int v = Base64Value(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  // Non-zero leftover bits are tolerated, as Go's (non-strict) decoder does.
  return out;
}

std::string FormatHandshakeLine(const HandshakeLine& h) {
  std::string line;
  line.reserve(64 + h.address.size() + h.server_cert_der.size() * 4 / 3);
  line += std::to_string(h.core_version);
  line += '|';
  line += std::to_string(h.app_version);
  line += '|';
  line += h.network;
  line += '|';
  line += h.address;
  line += '|';
  line += h.protocol;
  line += '|';
  line += Base64EncodeNoPad(h.server_cert_der);
  line += '\n';
  return line;
}

std::optional<HandshakeLine> ParseHandshakeLine(std::string_view line, std::string* error) {
  auto fail = [&](std::string message) -> std::optional<HandshakeLine> {
    if (error != nullptr) *error = std::move(message);
    return std::nullopt;
  };
  line = TrimSpace(line);
  const std::vector<std::string_view> parts = Split(line, '|');
  if (parts.size() < 4) {
    return fail("Unrecognized remote plugin message: " + std::string(line));
  }
  HandshakeLine h;
  const auto core = ParseInt(parts[0]);
  if (!core) return fail("Error parsing core protocol version: \"" + std::string(parts[0]) + "\"");
  h.core_version = *core;
  const auto app = ParseInt(parts[1]);
  if (!app) return fail("Error parsing protocol version: \"" + std::string(parts[1]) + "\"");
  h.app_version = *app;
  h.network = std::string(parts[2]);
  h.address = std::string(parts[3]);
  h.protocol = parts.size() >= 5 ? std::string(parts[4]) : std::string("netrpc");
  if (parts.size() >= 6 && parts[5].size() > 50) {
    auto der = Base64Decode(parts[5]);
    if (!der) return fail("error parsing server certificate: invalid base64");
    h.server_cert_der = std::move(*der);
  }
  return h;
}

NegotiatedVersion NegotiateProtocolVersion(const char* client_versions,
                                           const std::vector<int>& supported) {
  NegotiatedVersion result;
  std::vector<int> server = supported;
  std::sort(server.begin(), server.end(), std::greater<int>());
  result.version = server.back();  // lowest: the legacy default
  if (client_versions == nullptr) return result;

  std::vector<int> offered;
  for (std::string_view item : Split(client_versions, ',')) {
    const std::string_view trimmed = TrimSpace(item);
    if (trimmed.empty()) continue;
    if (auto v = ParseInt(trimmed)) {
      offered.push_back(*v);
    } else {
      result.invalid_items.emplace_back(item);
    }
  }
  for (int v : server) {
    if (std::find(offered.begin(), offered.end(), v) != offered.end()) {
      result.version = v;
      result.common = true;
      return result;
    }
  }
  return result;
}

std::string JoinProtocolVersions(const std::vector<int>& versions) {
  std::string out;
  for (size_t i = 0; i < versions.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(versions[i]);
  }
  return out;
}

}  // namespace tfplugin
