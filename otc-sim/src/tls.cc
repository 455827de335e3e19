#include "otcsim/tls.h"

#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <memory>

namespace otcsim {
namespace {

struct Free {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(X509_NAME* p) const { X509_NAME_free(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Free>;
using CertPtr = std::unique_ptr<X509, Free>;

KeyPtr NewKey() { return KeyPtr(EVP_EC_gen("P-256")); }

bool AddExt(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) return false;
  bool ok = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return ok;
}

CertPtr NewCert(EVP_PKEY* key, const char* cn, X509* issuer, EVP_PKEY* issuer_key, bool ca) {
  CertPtr cert(X509_new());
  X509_set_version(cert.get(), 2);
  unsigned char serial[16];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7f;
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 60L * 60 * 24 * 365);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("otc-sim"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn), -1, -1, 0);
  X509* iss = issuer != nullptr ? issuer : cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(iss));
  bool ok = true;
  if (ca) {
    ok = ok && AddExt(cert.get(), iss, NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
    ok = ok && AddExt(cert.get(), iss, NID_key_usage, "critical,keyCertSign,cRLSign");
    ok = ok && AddExt(cert.get(), iss, NID_subject_key_identifier, "hash");
  } else {
    ok = ok && AddExt(cert.get(), iss, NID_basic_constraints, "critical,CA:FALSE");
    ok = ok && AddExt(cert.get(), iss, NID_key_usage, "critical,digitalSignature,keyEncipherment");
    ok = ok && AddExt(cert.get(), iss, NID_ext_key_usage, "serverAuth");
    ok = ok && AddExt(cert.get(), iss, NID_subject_alt_name,
                      "IP:127.0.0.1,IP:::1,DNS:localhost,DNS:*.localhost");
    ok = ok && AddExt(cert.get(), iss, NID_authority_key_identifier, "keyid:always");
  }
  if (!ok || X509_sign(cert.get(), issuer_key, EVP_sha256()) == 0) return nullptr;
  return cert;
}

}  // namespace

SSL_CTX* CreateTlsContext(const std::string& ca_path, std::string* err) {
  KeyPtr ca_key = NewKey();
  KeyPtr srv_key = NewKey();
  if (!ca_key || !srv_key) {
    *err = "cannot generate EC keys";
    return nullptr;
  }
  CertPtr ca = NewCert(ca_key.get(), "otc-sim local CA", nullptr, ca_key.get(), true);
  if (!ca) {
    *err = "cannot create CA certificate";
    return nullptr;
  }
  CertPtr srv = NewCert(srv_key.get(), "localhost", ca.get(), ca_key.get(), false);
  if (!srv) {
    *err = "cannot create server certificate";
    return nullptr;
  }
  std::FILE* f = std::fopen(ca_path.c_str(), "w");
  if (f == nullptr) {
    *err = "cannot write CA file " + ca_path;
    return nullptr;
  }
  PEM_write_X509(f, ca.get());
  std::fclose(f);
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  if (SSL_CTX_use_certificate(ctx, srv.get()) != 1 || SSL_CTX_add1_chain_cert(ctx, ca.get()) != 1 ||
      SSL_CTX_use_PrivateKey(ctx, srv_key.get()) != 1) {
    *err = "cannot configure TLS context";
    SSL_CTX_free(ctx);
    return nullptr;
  }
  return ctx;
}

}  // namespace otcsim
