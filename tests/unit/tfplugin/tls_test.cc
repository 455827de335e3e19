// AutoMTLS building blocks (lib/tfplugin/src/tls.h): certificate profiles
// checked with OpenSSL, in-process handshakes over a socketpair (TLS 1.3,
// TLS 1.2 with the P-521 client certificate, refusals with clear reasons),
// and the byte pump.
#include "tls.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <ctime>
#include <future>
#include <string>
#include <thread>

namespace tfplugin::internal {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

X509Ptr ParseDer(const std::string& der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  return X509Ptr(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
}

std::string CurveName(X509* cert) {
  EVP_PKEY* key = X509_get0_pubkey(cert);
  char name[64] = {};
  size_t len = 0;
  if (EVP_PKEY_get_group_name(key, name, sizeof name, &len) != 1) return "";
  return name;
}

std::string SubjectField(X509* cert, int nid) {
  char buf[256] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(cert), nid, buf, sizeof buf);
  return buf;
}

bool HasDnsSan(X509* cert, const std::string& name) {
  auto* sans = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  bool found = false;
  for (int i = 0; sans != nullptr && i < sk_GENERAL_NAME_num(sans); ++i) {
    const GENERAL_NAME* gn = sk_GENERAL_NAME_value(sans, i);
    if (gn->type == GEN_DNS) {
      const auto* s = reinterpret_cast<const char*>(ASN1_STRING_get0_data(gn->d.dNSName));
      found = found || name == std::string(s, static_cast<size_t>(ASN1_STRING_length(gn->d.dNSName)));
    }
  }
  GENERAL_NAMES_free(sans);
  return found;
}

void CheckProfile(const SelfSignedCert& c, const char* curve, int sig_nid, const char* org) {
  X509Ptr x = ParseDer(c.der);
  ASSERT_TRUE(x);
  EXPECT_EQ(X509_get_version(x.get()), X509_VERSION_3);
  EXPECT_EQ(CurveName(x.get()), curve);
  EXPECT_EQ(X509_get_signature_nid(x.get()), sig_nid);
  EXPECT_EQ(SubjectField(x.get(), NID_commonName), "localhost");
  EXPECT_EQ(SubjectField(x.get(), NID_organizationName), org);
  EXPECT_EQ(X509_NAME_cmp(X509_get_subject_name(x.get()), X509_get_issuer_name(x.get())), 0);
  EXPECT_TRUE(HasDnsSan(x.get(), "localhost"));
  EXPECT_EQ(X509_verify(x.get(), X509_get0_pubkey(x.get())), 1) << "self-signed";

  // Extensions: CA:TRUE critical, KU, EKU server+client.
  EXPECT_NE(X509_get_extension_flags(x.get()) & EXFLAG_CA, 0u);
  EXPECT_EQ(X509_EXTENSION_get_critical(
                X509_get_ext(x.get(), X509_get_ext_by_NID(x.get(), NID_basic_constraints, -1))),
            1);
  EXPECT_EQ(X509_get_key_usage(x.get()),
            static_cast<uint32_t>(KU_DIGITAL_SIGNATURE | KU_KEY_ENCIPHERMENT | KU_KEY_AGREEMENT |
                                  KU_KEY_CERT_SIGN));
  EXPECT_EQ(X509_get_extended_key_usage(x.get()), static_cast<uint32_t>(XKU_SSL_SERVER | XKU_SSL_CLIENT));

  // Validity: notBefore = now - 30 s (allow a few seconds of test time),
  // notAfter ~ 30 years.
  const time_t now = std::time(nullptr);
  int days = 0;
  int secs = 0;
  ASSERT_EQ(ASN1_TIME_diff(&days, &secs, X509_get0_notBefore(x.get()), nullptr), 1);
  const long before = static_cast<long>(days) * 86400 + secs;  // notBefore -> now
  EXPECT_GE(before, 29);
  EXPECT_LE(before, 40);
  ASSERT_EQ(ASN1_TIME_diff(&days, &secs, nullptr, X509_get0_notAfter(x.get())), 1);
  EXPECT_GT(days, 29 * 365);
  (void)now;

  // Serial: positive, non-zero, at most 128 bits.
  BIGNUM* serial = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x.get()), nullptr);
  ASSERT_NE(serial, nullptr);
  EXPECT_FALSE(BN_is_negative(serial));
  EXPECT_FALSE(BN_is_zero(serial));
  EXPECT_LE(BN_num_bits(serial), 128);
  EXPECT_GT(BN_num_bits(serial), 64);  // random, not a counter
  BN_free(serial);

  // PEM is the same certificate.
  BIO* bio = BIO_new_mem_buf(c.pem.data(), static_cast<int>(c.pem.size()));
  X509Ptr from_pem(PEM_read_bio_X509(bio, nullptr, nullptr, nullptr));
  BIO_free(bio);
  ASSERT_TRUE(from_pem);
  EXPECT_EQ(X509_cmp(from_pem.get(), x.get()), 0);
  EXPECT_THAT(c.pem, StartsWith("-----BEGIN CERTIFICATE-----\n"));
}

TEST(CertTest, ServerProfileIsP256Sha256) {
  std::string error;
  auto c = GenerateSelfSignedCert(CertProfile::kServerP256, &error);
  ASSERT_TRUE(c) << error;
  CheckProfile(*c, "prime256v1", NID_ecdsa_with_SHA256, "EDP");
}

TEST(CertTest, GoPluginClientProfileIsP521Sha512) {
  std::string error;
  auto c = GenerateSelfSignedCert(CertProfile::kGoPluginP521, &error);
  ASSERT_TRUE(c) << error;
  CheckProfile(*c, "secp521r1", NID_ecdsa_with_SHA512, "HashiCorp");
}

TEST(SigpipeTest, WritesToAClosedPeerDoNotKillTheProcess) {
  // SIGPIPE keeps its default action (terminate) in this test binary.
  int fds[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
  ::close(fds[1]);
  {
    ScopedSigpipeBlock block;
    errno = 0;
    EXPECT_EQ(::write(fds[0], "x", 1), -1);
    EXPECT_EQ(errno, EPIPE);
  }
  sigset_t pending;
  sigemptyset(&pending);
  sigpending(&pending);
  EXPECT_EQ(sigismember(&pending, SIGPIPE), 0);
  sigset_t mask;
  pthread_sigmask(SIG_BLOCK, nullptr, &mask);
  EXPECT_EQ(sigismember(&mask, SIGPIPE), 0) << "mask restored";
  ::close(fds[0]);
}

TEST(CertTest, EveryCallMakesAFreshKeyAndSerial) {
  auto a = GenerateSelfSignedCert(CertProfile::kServerP256, nullptr);
  auto b = GenerateSelfSignedCert(CertProfile::kServerP256, nullptr);
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->der, b->der);
  EXPECT_NE(ASN1_INTEGER_cmp(X509_get0_serialNumber(a->cert.get()),
                             X509_get0_serialNumber(b->cert.get())),
            0);
  EXPECT_NE(EVP_PKEY_eq(a->key.get(), b->key.get()), 1);
}

// One server and one client handshake over a socketpair.
struct HandshakeResult {
  SslPtr server;
  SslPtr client;
  std::string server_error;
  std::string client_error;
};

HandshakeResult RunHandshake(SSL_CTX* server_ctx, SSL_CTX* client_ctx, int fds[2]) {
  HandshakeResult r;
  auto server = std::async(std::launch::async, [&] {
    return TlsAccept(server_ctx, fds[0], std::chrono::seconds(5), -1, &r.server_error);
  });
  r.client = TlsConnect(client_ctx, fds[1], std::chrono::seconds(5), &r.client_error);
  if (!r.client) ::shutdown(fds[1], SHUT_RDWR);  // unblock the server
  r.server = server.get();
  return r;
}

class TlsHandshakeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds_), 0);
    server_cert_ = GenerateSelfSignedCert(CertProfile::kServerP256, nullptr);
    client_cert_ = GenerateSelfSignedCert(CertProfile::kGoPluginP521, nullptr);
    ASSERT_TRUE(server_cert_ && client_cert_);
  }
  void TearDown() override {
    ::close(fds_[0]);
    ::close(fds_[1]);
  }
  SslCtxPtr ServerCtx(const std::string& trusted_pem) {
    std::string error;
    SslCtxPtr ctx = NewServerTlsContext(*server_cert_, trusted_pem, &error);
    EXPECT_TRUE(ctx) << error;
    return ctx;
  }
  SslCtxPtr ClientCtx(int max_version) {
    std::string error;
    SslCtxPtr ctx = NewClientTlsContext(*client_cert_, server_cert_->der, max_version, &error);
    EXPECT_TRUE(ctx) << error;
    return ctx;
  }

  int fds_[2] = {-1, -1};
  std::optional<SelfSignedCert> server_cert_;
  std::optional<SelfSignedCert> client_cert_;
};

TEST_F(TlsHandshakeTest, Tls13WithP521ClientCertificate) {
  auto s = ServerCtx(client_cert_->pem);
  auto c = ClientCtx(TLS1_3_VERSION);
  HandshakeResult r = RunHandshake(s.get(), c.get(), fds_);
  ASSERT_TRUE(r.server) << r.server_error;
  ASSERT_TRUE(r.client) << r.client_error;
  EXPECT_THAT(DescribeTls(r.client.get()), StartsWith("TLSv1.3 "));
  const unsigned char* alpn = nullptr;
  unsigned int alpn_len = 0;
  SSL_get0_alpn_selected(r.server.get(), &alpn, &alpn_len);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(alpn), alpn_len), "h2");
  X509Ptr peer(SSL_get1_peer_certificate(r.server.get()));
  ASSERT_TRUE(peer);
  EXPECT_EQ(X509_cmp(peer.get(), client_cert_->cert.get()), 0);
}

TEST_F(TlsHandshakeTest, Tls12WithP521ClientCertificate) {
  // The case gRPC 1.51's own TLS stack refuses ("wrong curve").
  auto s = ServerCtx(client_cert_->pem);
  auto c = ClientCtx(TLS1_2_VERSION);
  HandshakeResult r = RunHandshake(s.get(), c.get(), fds_);
  ASSERT_TRUE(r.server) << r.server_error;
  ASSERT_TRUE(r.client) << r.client_error;
  EXPECT_THAT(DescribeTls(r.server.get()), StartsWith("TLSv1.2 "));
}

TEST_F(TlsHandshakeTest, ClientWithoutCertificateIsRefusedWithClearReason) {
  auto s = ServerCtx(client_cert_->pem);
  std::string error;
  SslCtxPtr c(SSL_CTX_new(TLS_client_method()));
  SSL_CTX_set_verify(c.get(), SSL_VERIFY_NONE, nullptr);
  HandshakeResult r = RunHandshake(s.get(), c.get(), fds_);
  EXPECT_FALSE(r.server);
  EXPECT_THAT(r.server_error, HasSubstr("client did not present a certificate"));
  EXPECT_THAT(r.server_error, HasSubstr("TF_DISABLE_PLUGIN_TLS"));
}

TEST_F(TlsHandshakeTest, WrongClientCertificateIsRefused) {
  auto other = GenerateSelfSignedCert(CertProfile::kGoPluginP521, nullptr);
  ASSERT_TRUE(other);
  auto s = ServerCtx(other->pem);  // trusts a different certificate
  auto c = ClientCtx(TLS1_3_VERSION);
  HandshakeResult r = RunHandshake(s.get(), c.get(), fds_);
  EXPECT_FALSE(r.server);
  EXPECT_THAT(r.server_error, HasSubstr("client certificate rejected"));
  EXPECT_THAT(r.server_error, HasSubstr("PLUGIN_CLIENT_CERT"));
}

TEST_F(TlsHandshakeTest, ClientRejectsUnexpectedServerCertificate) {
  auto s = ServerCtx(client_cert_->pem);
  auto other = GenerateSelfSignedCert(CertProfile::kServerP256, nullptr);
  std::string error;
  SslCtxPtr c = NewClientTlsContext(*client_cert_, other->der, TLS1_3_VERSION, &error);
  ASSERT_TRUE(c) << error;
  HandshakeResult r = RunHandshake(s.get(), c.get(), fds_);
  EXPECT_FALSE(r.client);
  EXPECT_THAT(r.client_error, HasSubstr("server certificate rejected"));
}

TEST_F(TlsHandshakeTest, PlaintextClientIsExplained) {
  auto s = ServerCtx(client_cert_->pem);
  const std::string preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
  ASSERT_EQ(::write(fds_[1], preface.data(), preface.size()),
            static_cast<ssize_t>(preface.size()));
  std::string error;
  SslPtr ssl = TlsAccept(s.get(), fds_[0], std::chrono::seconds(5), -1, &error);
  EXPECT_FALSE(ssl);
  EXPECT_THAT(error, HasSubstr("did not speak TLS"));
}

TEST_F(TlsHandshakeTest, HandshakeTimesOut) {
  auto s = ServerCtx(client_cert_->pem);
  std::string error;
  SslPtr ssl = TlsAccept(s.get(), fds_[0], std::chrono::milliseconds(50), -1, &error);
  EXPECT_FALSE(ssl);
  EXPECT_THAT(error, HasSubstr("timed out"));
}

TEST_F(TlsHandshakeTest, UnparsableClientPemIsAnError) {
  std::string error;
  EXPECT_FALSE(NewServerTlsContext(*server_cert_, "not a pem", &error));
  EXPECT_THAT(error, HasSubstr("PLUGIN_CLIENT_CERT"));
}

TEST_F(TlsHandshakeTest, PumpEndsWhenTlsPeerVanishes) {
  auto s = ServerCtx(client_cert_->pem);
  auto c = ClientCtx(TLS1_3_VERSION);
  HandshakeResult r = RunHandshake(s.get(), c.get(), fds_);
  ASSERT_TRUE(r.server && r.client) << r.server_error << r.client_error;
  int app[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, app), 0);
  std::string ended;
  std::thread pump([&] { ended = PumpTls(r.server.get(), app[1], -1); });
  ::shutdown(fds_[1], SHUT_RDWR);  // the client's socket dies without close_notify
  const std::string data(256 * 1024, 'z');
  for (int i = 0; i < 20; ++i) {
    [[maybe_unused]] const ssize_t n = ::write(app[0], data.data(), data.size());
  }
  pump.join();  // must end (EPIPE / EOF), and must not kill the process
  EXPECT_FALSE(ended.empty());
  ::close(app[0]);
  ::close(app[1]);
}

// Client app <-> [plain pair] <-> pump <-> TLS <-> pump <-> [plain pair] <-> server app.
TEST_F(TlsHandshakeTest, PumpCarriesDataBothWaysAndPropagatesClose) {
  auto s = ServerCtx(client_cert_->pem);
  auto c = ClientCtx(TLS1_3_VERSION);
  HandshakeResult r = RunHandshake(s.get(), c.get(), fds_);
  ASSERT_TRUE(r.server && r.client) << r.server_error << r.client_error;

  int server_app[2];
  int client_app[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, server_app), 0);
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, client_app), 0);
  std::thread server_pump([&] { PumpTls(r.server.get(), server_app[1], -1); });
  std::thread client_pump([&] { PumpTls(r.client.get(), client_app[1], -1); });

  // 4 MiB from the client app to the server app, echoed back.
  std::string payload(4 * 1024 * 1024, '\0');
  for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(i * 7 + i / 4096);
  std::thread echo([&] {
    std::string got;
    char buf[65536];
    while (got.size() < payload.size()) {
      pollfd p{server_app[0], POLLIN, 0};
      ::poll(&p, 1, 5000);
      const ssize_t n = ::read(server_app[0], buf, sizeof buf);
      if (n > 0) got.append(buf, static_cast<size_t>(n));
      if (n == 0) break;
    }
    size_t off = 0;
    while (off < got.size()) {
      pollfd p{server_app[0], POLLOUT, 0};
      ::poll(&p, 1, 5000);
      const ssize_t n = ::write(server_app[0], got.data() + off, got.size() - off);
      if (n > 0) off += static_cast<size_t>(n);
    }
  });
  std::string back;
  size_t sent = 0;
  char buf[65536];
  while (back.size() < payload.size()) {
    pollfd p{client_app[0], static_cast<short>(POLLIN | (sent < payload.size() ? POLLOUT : 0)), 0};
    ASSERT_GT(::poll(&p, 1, 10000), 0) << "stalled at sent=" << sent << " back=" << back.size();
    if (sent < payload.size() && (p.revents & POLLOUT) != 0) {
      const ssize_t n = ::write(client_app[0], payload.data() + sent, payload.size() - sent);
      if (n > 0) sent += static_cast<size_t>(n);
    }
    if ((p.revents & POLLIN) != 0) {
      const ssize_t n = ::read(client_app[0], buf, sizeof buf);
      if (n > 0) back.append(buf, static_cast<size_t>(n));
    }
  }
  echo.join();
  EXPECT_TRUE(back == payload);

  // Closing the client app ends both pumps; the server app sees EOF.
  ::close(client_app[0]);
  client_pump.join();
  server_pump.join();
  pollfd p{server_app[0], POLLIN, 0};
  ASSERT_GT(::poll(&p, 1, 5000), 0);
  EXPECT_EQ(::read(server_app[0], buf, sizeof buf), 0);
  ::close(client_app[1]);
  ::close(server_app[0]);
  ::close(server_app[1]);
}

}  // namespace
}  // namespace tfplugin::internal
