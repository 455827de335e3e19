// Certificates, TLS contexts and handshakes for AutoMTLS (see tls.h).
#include "tls.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include <cstring>
#include <vector>

namespace tfplugin::internal {
namespace {

constexpr long kValiditySeconds = 262980L * 3600L;  // go-plugin: 262980h
constexpr long kBackdateSeconds = 30;
constexpr char kGroups[] = "P-256:P-384:P-521:X25519";
constexpr unsigned char kAlpnH2[] = {2, 'h', '2'};

struct BioFree {
  void operator()(BIO* p) const { BIO_free(p); }
};
struct BnFree {
  void operator()(BIGNUM* p) const { BN_free(p); }
};
struct ExtFree {
  void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
};

std::string Fail(std::string* error, std::string what) {
  std::string errs = OpenSslErrors();
  if (!errs.empty()) what += ": " + errs;
  if (error != nullptr) *error = what;
  return what;
}

bool AddExtension(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  std::unique_ptr<X509_EXTENSION, ExtFree> ext(
      X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
  return ext != nullptr && X509_add_ext(cert, ext.get(), -1) == 1;
}

bool SetRandomSerial(X509* cert) {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return false;
  bytes[0] &= 0x7F;  // keep the DER INTEGER short and positive
  bytes[0] |= 0x01;  // never zero
  std::unique_ptr<BIGNUM, BnFree> bn(BN_bin2bn(bytes, sizeof bytes, nullptr));
  return bn != nullptr && BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert)) != nullptr;
}

// ALPN: pick "h2" if the client offers it; otherwise continue without ALPN
// (older clients do not send the extension).
int SelectAlpn(SSL*, const unsigned char** out, unsigned char* outlen, const unsigned char* in,
               unsigned int inlen, void*) {
  unsigned char* selected = nullptr;
  if (SSL_select_next_proto(&selected, outlen, kAlpnH2, sizeof kAlpnH2, in, inlen) ==
      OPENSSL_NPN_NEGOTIATED) {
    *out = selected;
    return SSL_TLSEXT_ERR_OK;
  }
  return SSL_TLSEXT_ERR_NOACK;
}

bool ConfigureCommon(SSL_CTX* ctx, const SelfSignedCert& own, int max_version) {
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_max_proto_version(ctx, max_version);
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                            SSL_MODE_RELEASE_BUFFERS);
  SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET | SSL_OP_NO_RENEGOTIATION);
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  return SSL_CTX_set1_groups_list(ctx, kGroups) == 1 &&
         SSL_CTX_use_certificate(ctx, own.cert.get()) == 1 &&
         SSL_CTX_use_PrivateKey(ctx, own.key.get()) == 1 && SSL_CTX_check_private_key(ctx) == 1;
}

// Waits until `fd` is ready for `events` or `stop_fd` is readable. Returns
// false on timeout, stop or poll error.
bool WaitFd(int fd, short events, std::chrono::steady_clock::time_point deadline, int stop_fd,
            bool* stopped) {
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd fds[2] = {{fd, events, 0}, {stop_fd, POLLIN, 0}};
    const int n = ::poll(fds, stop_fd >= 0 ? 2 : 1, static_cast<int>(left.count()));
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (n == 0) continue;  // re-check the deadline
    if (stop_fd >= 0 && (fds[1].revents & POLLIN) != 0) {
      *stopped = true;
      return false;
    }
    return true;  // ready, or POLLERR/POLLHUP: let OpenSSL report it
  }
}

// Explains a failed server-side handshake in user terms.
std::string ExplainAcceptFailure(SSL* ssl, int ssl_error, unsigned long lib_error) {
  const int reason = ERR_GET_REASON(lib_error);
  if (reason == SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE) {
    return "client did not present a certificate; tofu/terraform always send one when "
           "AutoMTLS is on (PLUGIN_CLIENT_CERT was set for this plugin) - is "
           "TF_DISABLE_PLUGIN_TLS set on only one side, or is something else connecting?";
  }
  if (reason == SSL_R_CERTIFICATE_VERIFY_FAILED) {
    const long v = SSL_get_verify_result(ssl);
    return std::string("client certificate rejected (") + X509_verify_cert_error_string(v) +
           "); it must be exactly the certificate passed in PLUGIN_CLIENT_CERT";
  }
  if (reason == SSL_R_HTTP_REQUEST || reason == SSL_R_WRONG_VERSION_NUMBER ||
      reason == SSL_R_PACKET_LENGTH_TOO_LONG || reason == SSL_R_UNKNOWN_PROTOCOL) {
    return "client did not speak TLS (plaintext gRPC?) although AutoMTLS is on - is "
           "TF_DISABLE_PLUGIN_TLS set on only one side?";
  }
  if (ssl_error == SSL_ERROR_SYSCALL || ssl_error == SSL_ERROR_ZERO_RETURN) {
    return "client closed the connection during the TLS handshake (it may have rejected our "
           "certificate)";
  }
  char buf[256];
  ERR_error_string_n(lib_error, buf, sizeof buf);
  return std::string("TLS handshake with client failed: ") + buf;
}

std::string ExplainConnectFailure(SSL* ssl, int ssl_error, unsigned long lib_error) {
  const int reason = ERR_GET_REASON(lib_error);
  if (reason == SSL_R_CERTIFICATE_VERIFY_FAILED) {
    const long v = SSL_get_verify_result(ssl);
    return std::string("server certificate rejected (") + X509_verify_cert_error_string(v) +
           "); it must be the certificate from the handshake line, valid for localhost";
  }
  if (ssl_error == SSL_ERROR_SYSCALL || ssl_error == SSL_ERROR_ZERO_RETURN) {
    return "plugin closed the connection during the TLS handshake (did it reject our "
           "client certificate?)";
  }
  char buf[256];
  ERR_error_string_n(lib_error, buf, sizeof buf);
  return std::string("TLS handshake with plugin failed: ") + buf;
}

SslPtr Handshake(SSL_CTX* ctx, int fd, std::chrono::milliseconds timeout, int stop_fd,
                 bool server, std::string* error) {
  ScopedSigpipeBlock no_sigpipe;
  ERR_clear_error();
  SslPtr ssl(SSL_new(ctx));
  if (!ssl || SSL_set_fd(ssl.get(), fd) != 1) {
    Fail(error, "cannot create TLS connection");
    return nullptr;
  }
  if (server) {
    SSL_set_accept_state(ssl.get());
  } else {
    SSL_set_connect_state(ssl.get());
    SSL_set_tlsext_host_name(ssl.get(), "localhost");
    if (SSL_set1_host(ssl.get(), "localhost") != 1) {
      Fail(error, "cannot set TLS host name");
      return nullptr;
    }
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const int rc = SSL_do_handshake(ssl.get());
    if (rc == 1) return ssl;
    const int e = SSL_get_error(ssl.get(), rc);
    if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
      bool stopped = false;
      if (!WaitFd(fd, e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline, stop_fd, &stopped)) {
        if (error != nullptr) {
          *error = stopped ? "TLS handshake aborted: shutting down"
                           : "TLS handshake timed out after " +
                                 std::to_string(timeout.count()) + " ms";
        }
        return nullptr;
      }
      continue;
    }
    const unsigned long lib_error = ERR_peek_last_error();
    std::string why = server ? ExplainAcceptFailure(ssl.get(), e, lib_error)
                             : ExplainConnectFailure(ssl.get(), e, lib_error);
    ERR_clear_error();
    if (error != nullptr) *error = std::move(why);
    return nullptr;
  }
}

}  // namespace

ScopedSigpipeBlock::ScopedSigpipeBlock() {
  sigset_t pipe_set;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  sigset_t pending;
  sigemptyset(&pending);
  sigpending(&pending);
  was_pending_ = sigismember(&pending, SIGPIPE) == 1;
  sigset_t old;
  pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
  was_blocked_ = sigismember(&old, SIGPIPE) == 1;
}

ScopedSigpipeBlock::~ScopedSigpipeBlock() {
  sigset_t pipe_set;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  if (!was_pending_) {
    // Consume a SIGPIPE our writes raised, so unblocking cannot deliver it.
    const timespec zero{0, 0};
    while (sigtimedwait(&pipe_set, nullptr, &zero) == -1 && errno == EINTR) {
    }
  }
  if (!was_blocked_) pthread_sigmask(SIG_UNBLOCK, &pipe_set, nullptr);
}

std::string OpenSslErrors() {
  std::string out;
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out;
}

std::optional<SelfSignedCert> GenerateSelfSignedCert(CertProfile profile, std::string* error) {
  ERR_clear_error();
  const bool p521 = profile == CertProfile::kGoPluginP521;
  SelfSignedCert out;
  out.key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", p521 ? "P-521" : "P-256"));
  if (!out.key) {
    Fail(error, "cannot generate EC key");
    return std::nullopt;
  }
  out.cert.reset(X509_new());
  X509* x = out.cert.get();
  X509_NAME* name = x != nullptr ? X509_get_subject_name(x) : nullptr;
  const auto* org = reinterpret_cast<const unsigned char*>(p521 ? "HashiCorp" : "EDP");
  const auto* cn = reinterpret_cast<const unsigned char*>("localhost");
  const bool ok =
      x != nullptr && X509_set_version(x, X509_VERSION_3) == 1 && SetRandomSerial(x) &&
      X509_gmtime_adj(X509_getm_notBefore(x), -kBackdateSeconds) != nullptr &&
      X509_gmtime_adj(X509_getm_notAfter(x), kValiditySeconds) != nullptr &&
      X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, org, -1, -1, 0) == 1 &&
      X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, cn, -1, -1, 0) == 1 &&
      X509_set_issuer_name(x, name) == 1 && X509_set_pubkey(x, out.key.get()) == 1 &&
      AddExtension(x, NID_basic_constraints, "critical,CA:TRUE") &&
      AddExtension(x, NID_key_usage,
                   "critical,digitalSignature,keyEncipherment,keyAgreement,keyCertSign") &&
      AddExtension(x, NID_ext_key_usage, "serverAuth,clientAuth") &&
      AddExtension(x, NID_subject_alt_name, "DNS:localhost") &&
      AddExtension(x, NID_subject_key_identifier, "hash") &&
      X509_sign(x, out.key.get(), p521 ? EVP_sha512() : EVP_sha256()) > 0;
  if (!ok) {
    Fail(error, "cannot build self-signed certificate");
    return std::nullopt;
  }
  unsigned char* der = nullptr;
  const int der_len = i2d_X509(x, &der);
  if (der_len <= 0) {
    Fail(error, "cannot encode certificate");
    return std::nullopt;
  }
  out.der.assign(reinterpret_cast<const char*>(der), static_cast<size_t>(der_len));
  OPENSSL_free(der);
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), x) != 1) {
    Fail(error, "cannot encode certificate as PEM");
    return std::nullopt;
  }
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  out.pem.assign(data, static_cast<size_t>(len));
  return out;
}

SslCtxPtr NewServerTlsContext(const SelfSignedCert& server, std::string_view client_cert_pem,
                              std::string* error) {
  ERR_clear_error();
  SslCtxPtr ctx(SSL_CTX_new(TLS_server_method()));
  if (!ctx || !ConfigureCommon(ctx.get(), server, TLS1_3_VERSION)) {
    Fail(error, "cannot configure TLS server");
    return nullptr;
  }
  // Trust store and CertificateRequest CA list = the client's certificate(s).
  std::unique_ptr<BIO, BioFree> bio(
      BIO_new_mem_buf(client_cert_pem.data(), static_cast<int>(client_cert_pem.size())));
  X509_STORE* store = SSL_CTX_get_cert_store(ctx.get());
  int count = 0;
  while (bio) {
    X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!cert) break;
    if (X509_STORE_add_cert(store, cert.get()) != 1 ||
        SSL_CTX_add_client_CA(ctx.get(), cert.get()) != 1) {
      Fail(error, "cannot trust PLUGIN_CLIENT_CERT");
      return nullptr;
    }
    ++count;
  }
  ERR_clear_error();  // the loop ends with a "no start line" error
  if (count == 0) {
    if (error != nullptr) *error = "PLUGIN_CLIENT_CERT holds no PEM certificate";
    return nullptr;
  }
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  SSL_CTX_set_num_tickets(ctx.get(), 0);
  SSL_CTX_set_alpn_select_cb(ctx.get(), SelectAlpn, nullptr);
  return ctx;
}

SslCtxPtr NewClientTlsContext(const SelfSignedCert& client, std::string_view server_cert_der,
                              int max_version, std::string* error) {
  ERR_clear_error();
  SslCtxPtr ctx(SSL_CTX_new(TLS_client_method()));
  if (!ctx || !ConfigureCommon(ctx.get(), client, max_version)) {
    Fail(error, "cannot configure TLS client");
    return nullptr;
  }
  const auto* p = reinterpret_cast<const unsigned char*>(server_cert_der.data());
  X509Ptr server(d2i_X509(nullptr, &p, static_cast<long>(server_cert_der.size())));
  if (!server) {
    Fail(error, "the plugin's certificate (handshake field 6) is not a DER certificate");
    return nullptr;
  }
  if (X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx.get()), server.get()) != 1 ||
      SSL_CTX_set_alpn_protos(ctx.get(), kAlpnH2, sizeof kAlpnH2) != 0) {
    Fail(error, "cannot configure TLS client");
    return nullptr;
  }
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
  return ctx;
}

SslPtr TlsAccept(SSL_CTX* ctx, int fd, std::chrono::milliseconds timeout, int stop_fd,
                 std::string* error) {
  return Handshake(ctx, fd, timeout, stop_fd, /*server=*/true, error);
}

SslPtr TlsConnect(SSL_CTX* ctx, int fd, std::chrono::milliseconds timeout, std::string* error) {
  return Handshake(ctx, fd, timeout, -1, /*server=*/false, error);
}

std::string DescribeTls(const SSL* ssl) {
  std::string out = SSL_get_version(ssl);
  if (const SSL_CIPHER* c = SSL_get_current_cipher(ssl)) {
    out += ' ';
    out += SSL_CIPHER_get_name(c);
  }
  return out;
}

}  // namespace tfplugin::internal
