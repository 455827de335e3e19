// AutoMTLS with OpenSSL: certificates, TLS contexts, handshakes and the byte
// pump that connects a TLS connection to a plaintext gRPC socketpair.
//
// Why not gRPC's own TLS: gRPC 1.51 on OpenSSL 3 pins the TLS 1.2 key
// exchange groups to P-256, so OpenSSL rejects go-plugin's ECDSA P-521
// client certificate in TLS 1.2 ("wrong curve"), and 1.51 has no knob for the
// TLS versions or groups. We therefore terminate TLS ourselves and hand gRPC
// a plaintext socketpair end (grpc::AddInsecureChannelFromFd on the server,
// grpc::CreateInsecureChannelFromFd on the client). See handshake.md §6.
//
// Thread safety: contexts are safe to share between threads once built; an
// SSL connection belongs to one thread at a time.
#ifndef EDP_TFPLUGIN_SRC_TLS_H_
#define EDP_TFPLUGIN_SRC_TLS_H_

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace tfplugin::internal {

struct OpenSslFree {
  void operator()(SSL_CTX* p) const { SSL_CTX_free(p); }
  void operator()(SSL* p) const { SSL_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using SslCtxPtr = std::unique_ptr<SSL_CTX, OpenSslFree>;
using SslPtr = std::unique_ptr<SSL, OpenSslFree>;
using X509Ptr = std::unique_ptr<X509, OpenSslFree>;
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, OpenSslFree>;

// Drains the OpenSSL error queue of this thread into "reason; reason".
std::string OpenSslErrors();

enum class CertProfile {
  // Our server certificate (handshake.md §6.5): ECDSA P-256, SHA-256,
  // CN=localhost O=EDP.
  kServerP256,
  // go-plugin's generateCert() (§6.1): ECDSA P-521, SHA-512,
  // CN=localhost O=HashiCorp. Used by PluginClient.
  kGoPluginP521,
};

// A fresh key and self-signed certificate: SAN DNS:localhost, CA:TRUE
// (critical), keyUsage digitalSignature|keyEncipherment|keyAgreement|
// keyCertSign (critical), extendedKeyUsage serverAuth+clientAuth, random
// positive 128-bit serial, valid from now-30s for 262980 hours.
struct SelfSignedCert {
  EvpPkeyPtr key;
  X509Ptr cert;
  std::string der;  // DER of cert
  std::string pem;  // "-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----\n"
};
std::optional<SelfSignedCert> GenerateSelfSignedCert(CertProfile profile, std::string* error);

// Server side of AutoMTLS: presents `server`, requires a client certificate
// and accepts exactly the certificate(s) in `client_cert_pem`; TLS 1.2–1.3;
// groups P-256:P-384:P-521:X25519; default signature algorithms; ALPN "h2".
// Returns nullptr and sets *error on failure (e.g. unparsable PEM).
SslCtxPtr NewServerTlsContext(const SelfSignedCert& server, std::string_view client_cert_pem,
                              std::string* error);

// Client side: presents `client`, trusts exactly `server_cert_der` and checks
// the host name "localhost" (set per connection by TlsConnect); offers ALPN
// "h2". `max_version` is TLS1_3_VERSION normally, TLS1_2_VERSION to force
// TLS 1.2 (tests, Terraform 0.12 behaviour).
SslCtxPtr NewClientTlsContext(const SelfSignedCert& client, std::string_view server_cert_der,
                              int max_version, std::string* error);

// Runs a server/client handshake on the non-blocking connected socket `fd`
// (the SSL does not own fd). Gives up after `timeout` or when `stop_fd`
// (-1: none) becomes readable. On failure returns nullptr and a one-line
// explanation in *error meant for users (e.g. why a client was refused).
SslPtr TlsAccept(SSL_CTX* ctx, int fd, std::chrono::milliseconds timeout, int stop_fd,
                 std::string* error);
SslPtr TlsConnect(SSL_CTX* ctx, int fd, std::chrono::milliseconds timeout, std::string* error);

// Copies bytes both ways between the TLS connection `ssl` (on its
// non-blocking socket) and the non-blocking plaintext socket `plain_fd`
// until either side closes, an error occurs or `stop_fd` (-1: none) becomes
// readable. A clean TLS close shuts down the write side of plain_fd; a
// plaintext EOF sends close_notify. Does not close any fd.
// Returns a description of how the connection ended (for debug logs).
std::string PumpTls(SSL* ssl, int plain_fd, int stop_fd);

// Blocks SIGPIPE in the current thread for its lifetime and discards a
// SIGPIPE raised meanwhile. OpenSSL writes to sockets with write(2), which
// raises SIGPIPE when the peer has gone; the host process (e.g. a test or
// engine using PluginClient) may not ignore SIGPIPE. Handshake and PumpTls
// use it internally.
class ScopedSigpipeBlock {
 public:
  ScopedSigpipeBlock();
  ~ScopedSigpipeBlock();
  ScopedSigpipeBlock(const ScopedSigpipeBlock&) = delete;
  ScopedSigpipeBlock& operator=(const ScopedSigpipeBlock&) = delete;

 private:
  bool was_pending_ = false;
  bool was_blocked_ = false;
};

// "TLSv1.3 TLS_AES_128_GCM_SHA256" for an established connection.
std::string DescribeTls(const SSL* ssl);

}  // namespace tfplugin::internal

#endif  // EDP_TFPLUGIN_SRC_TLS_H_
