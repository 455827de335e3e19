// tfplugin handshake: the pieces of the go-plugin start-up protocol shared by
// the plugin server (tfplugin/serve.h) and the plugin client
// (tfplugin/plugin_client.h). Spec: reference/protocol/handshake.md §2–§5.
//
// The handshake line a plugin prints on stdout once it is ready:
//
//   1|6|unix|/tmp/plugin123456|grpc|MIIBszCCAVmgAwIBAgIQ...\n
//
//   tfplugin::HandshakeLine h{.app_version = 6, .network = "unix",
//                             .address = "/tmp/plugin123456",
//                             .server_cert_der = der};
//   std::string line = tfplugin::FormatHandshakeLine(h);
//
// Thread safety: pure functions over values.
#ifndef EDP_TFPLUGIN_HANDSHAKE_H_
#define EDP_TFPLUGIN_HANDSHAKE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tfplugin {

inline constexpr std::string_view kMagicCookieKey = "TF_PLUGIN_MAGIC_COOKIE";
inline constexpr std::string_view kMagicCookieValue =
    "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
// What go-plugin servers print on stderr when started without the cookie.
inline constexpr std::string_view kNotAPluginMessage =
    "This binary is a plugin. These are not meant to be executed directly.\n"
    "Please execute the program that consumes these plugins, which will\n"
    "load any plugins automatically\n";

// The app protocol versions this library serves, newest first.
inline constexpr int kSupportedProtocolVersions[] = {6, 5};

struct HandshakeLine {
  int core_version = 1;         // field 1; always 1
  int app_version = 0;          // field 2; negotiated 5 or 6
  std::string network;          // field 3; "unix" or "tcp"
  std::string address;          // field 4; socket path or 127.0.0.1:PORT
  std::string protocol = "grpc";  // field 5
  std::string server_cert_der;  // field 6 decoded; empty without AutoMTLS
};

// "CORE|APP|NETWORK|ADDRESS|PROTOCOL|CERT\n" with the certificate as
// unpadded standard base64 (empty field when server_cert_der is empty).
std::string FormatHandshakeLine(const HandshakeLine& h);

// Parses a handshake line the way go-plugin clients do: surrounding
// whitespace (including "\r\n") is trimmed; at least 4 '|'-separated fields
// are required; a missing field 5 means "netrpc"; field 6 is taken as a
// certificate only when longer than 50 characters and may be padded or
// unpadded base64; fields beyond 6 are ignored. Returns nullopt and sets
// *error (if non-null) when the line is unusable: fewer than 4 fields,
// non-numeric versions, undecodable certificate. Semantic checks (core
// version 1, network kind, protocol "grpc", offered app version) are left to
// the caller, which can word them for its context.
std::optional<HandshakeLine> ParseHandshakeLine(std::string_view line, std::string* error);

// Standard-alphabet base64 without '=' padding (Go base64.RawStdEncoding).
std::string Base64EncodeNoPad(std::string_view bytes);
// Decodes standard-alphabet base64, padded or not. Returns nullopt on any
// character outside the alphabet, misplaced padding or an impossible length.
std::optional<std::string> Base64Decode(std::string_view text);

struct NegotiatedVersion {
  int version = 0;        // the version to serve
  bool common = false;    // false: no version in common (or none offered)
  std::vector<std::string> invalid_items;  // unparsable list items, ignored
};

// go-plugin's server-side negotiation (server.go protocolVersion):
// `client_versions` is PLUGIN_PROTOCOL_VERSIONS (nullptr when unset);
// `supported` lists the server's versions in any order. The newest supported
// version the client offers wins; with no common version, or the variable
// absent, the lowest supported version is returned (common == false), and
// the client reports the mismatch. Empty and unparsable items are ignored.
// REQUIRES: !supported.empty().
NegotiatedVersion NegotiateProtocolVersion(const char* client_versions,
                                           const std::vector<int>& supported);

// "5,6" from {5, 6}.
std::string JoinProtocolVersions(const std::vector<int>& versions);

}  // namespace tfplugin

#endif  // EDP_TFPLUGIN_HANDSHAKE_H_
