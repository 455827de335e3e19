// Hash functions (OpenTofu lang/funcs/crypto.go): md5 sha1 sha256 sha512
// base64sha256 base64sha512 uuidv5 and the impure uuid.
#include <crypt.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include <array>
#include <cstring>

#include "internal.h"

namespace funcs::internal {
namespace {

std::string Hex(const unsigned char* p, size_t n) {
  static const char* h = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += h[p[i] >> 4];
    out += h[p[i] & 15];
  }
  return out;
}

Function StringHash(const EVP_MD* (*md)(), bool base64) {
  return Fn({Param("str", Type::String())}, Static(Type::String()),
            [md, base64](const Args& a, const Type&) -> FuncResult<Value> {
              std::string d = DigestBytes(md(), a[0].AsString());
              if (base64) return Value::String(Base64EncodeBytes(d));
              return Value::String(Hex(reinterpret_cast<const unsigned char*>(d.data()), d.size()));
            });
}

// github.com/google/uuid Parse.
std::optional<std::array<unsigned char, 16>> ParseUUID(std::string s, std::string* err) {
  auto hexv = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::array<unsigned char, 16> u{};
  if (s.size() == 32) {
    for (size_t i = 0; i < 16; ++i) {
      int hi = hexv(s[2 * i]), lo = hexv(s[2 * i + 1]);
      if (hi < 0 || lo < 0) {
        *err = "invalid UUID format";
        return std::nullopt;
      }
      u[i] = static_cast<unsigned char>(hi * 16 + lo);
    }
    return u;
  }
  if (s.size() == 45) {
    std::string prefix = s.substr(0, 9);
    for (char& c : prefix) c = static_cast<char>(tolower(static_cast<unsigned char>(c)));
    if (prefix != "urn:uuid:") {
      *err = "invalid urn prefix: " + GoQuote(s.substr(0, 9));
      return std::nullopt;
    }
    s = s.substr(9);
  } else if (s.size() == 38) {
    if (s.front() != '{' || s.back() != '}') {
      *err = "invalid bracketed UUID format";
      return std::nullopt;
    }
    s = s.substr(1, 36);
  } else if (s.size() != 36) {
    *err = "invalid UUID length: " + std::to_string(s.size());
    return std::nullopt;
  }
  if (s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-') {
    *err = "invalid UUID format";
    return std::nullopt;
  }
  static const int kPos[16] = {0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34};
  for (size_t i = 0; i < 16; ++i) {
    int hi = hexv(s[static_cast<size_t>(kPos[i])]), lo = hexv(s[static_cast<size_t>(kPos[i]) + 1]);
    if (hi < 0 || lo < 0) {
      *err = "invalid UUID format";
      return std::nullopt;
    }
    u[i] = static_cast<unsigned char>(hi * 16 + lo);
  }
  return u;
}

std::string FormatUUID(const unsigned char* u) {
  std::string h = Hex(u, 16);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}

FuncResult<Value> UUIDv5(const Args& a) {
  const std::string& ns = a[0].AsString();
  std::string text = ns == "dns"    ? "6ba7b810-9dad-11d1-80b4-00c04fd430c8"
                     : ns == "url"  ? "6ba7b811-9dad-11d1-80b4-00c04fd430c8"
                     : ns == "oid"  ? "6ba7b812-9dad-11d1-80b4-00c04fd430c8"
                     : ns == "x500" ? "6ba7b814-9dad-11d1-80b4-00c04fd430c8"
                                    : ns;
  std::string err;
  auto space = ParseUUID(text, &err);
  if (!space) return Err("uuidv5() doesn't support namespace " + ns + " (" + err + ")");
  std::string data(reinterpret_cast<const char*>(space->data()), 16);
  data += a[1].AsString();
  std::string d = DigestBytes(EVP_sha1(), data);
  unsigned char u[16];
  std::memcpy(u, d.data(), 16);
  u[6] = static_cast<unsigned char>((u[6] & 0x0f) | 0x50);
  u[8] = static_cast<unsigned char>((u[8] & 0x3f) | 0x80);
  return Value::String(FormatUUID(u));
}

FuncResult<Value> Bcrypt(const Args& a) {
  int64_t cost = 10;
  if (a.size() > 1) {
    std::string err;
    auto c = ToInt(a[1], &err);
    if (!c) return Err(err);
    cost = *c;
  }
  if (a.size() > 2) return Err("bcrypt() takes no more than two arguments");
  const std::string& pw = a[0].AsString();
  if (cost < 4) cost = 10;  // bcrypt.MinCost: Go falls back to DefaultCost
  if (cost > 31) {
    return Err("error occurred generating password crypto/bcrypt: cost " + std::to_string(cost) +
               " is outside allowed range (4,31)");
  }
  if (pw.size() > 72) return Err("error occurred generating password bcrypt: password length exceeds 72 bytes");
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  if (!crypt_gensalt_rn("$2a$", static_cast<unsigned long>(cost), nullptr, 0, setting, sizeof setting)) {
    return Err("error occurred generating password: no salt");
  }
  crypt_data data{};
  const char* out = crypt_rn(pw.c_str(), setting, &data, sizeof data);
  if (!out || out[0] == '*') return Err("error occurred generating password");
  return Value::String(out);
}

// rsadecrypt: PKCS #1 v1.5 decryption with a PEM private key (PKCS #1 or
// PKCS #8), as OpenTofu does with ssh.ParseRawPrivateKey and
// rsa.DecryptPKCS1v15.
FuncResult<Value> RsaDecrypt(const Args& a) {
  const std::string& s = a[0].AsString();
  auto cipher = Base64DecodeAt(s, nullptr);
  if (!cipher) return ArgErr(0, "failed to decode input " + GoQuote(s) + ": cipher text must be base64-encoded");
  const std::string& key = a[1].AsString();
  if (key.find("-----BEGIN") == std::string::npos) return ArgErr(1, "invalid private key: ssh: no key found");
  if (key.find("ENCRYPTED") != std::string::npos) {
    return ArgErr(1, "invalid private key: ssh: this private key is passphrase protected");
  }
  if (key.find("OPENSSH PRIVATE KEY") != std::string::npos) {
    return ArgErr(1, "invalid private key: OpenSSH-format keys are not supported here; use a PEM RSA key");
  }
  BIO* bio = BIO_new_mem_buf(key.data(), static_cast<int>(key.size()));
  EVP_PKEY* pkey = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  ERR_clear_error();
  if (!pkey) return ArgErr(1, "invalid ASN1 data in the given private key");
  if (EVP_PKEY_get_base_id(pkey) != EVP_PKEY_RSA) {
    EVP_PKEY_free(pkey);
    return ArgErr(1, "invalid private key type: not an RSA key");
  }
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(pkey, nullptr);
  std::string out;
  bool ok = ctx && EVP_PKEY_decrypt_init(ctx) > 0 && EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) > 0;
  size_t n = 0;
  const auto* in = reinterpret_cast<const unsigned char*>(cipher->data());
  if (ok) ok = EVP_PKEY_decrypt(ctx, nullptr, &n, in, cipher->size()) > 0;
  if (ok) {
    out.resize(n);
    ok = EVP_PKEY_decrypt(ctx, reinterpret_cast<unsigned char*>(out.data()), &n, in, cipher->size()) > 0;
    out.resize(n);
  }
  EVP_PKEY_CTX_free(ctx);
  EVP_PKEY_free(pkey);
  ERR_clear_error();
  if (!ok) return Err("failed to decrypt: crypto/rsa: decryption error");
  return Value::String(out);
}

}  // namespace

std::string DigestBytes(const EVP_MD* md, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), out, &n, md, nullptr);
  return std::string(reinterpret_cast<const char*>(out), n);
}

void AddHash(cty::FunctionTable* t, bool pure_only) {
  (*t)["md5"] = StringHash(EVP_md5, false);
  (*t)["sha1"] = StringHash(EVP_sha1, false);
  (*t)["sha256"] = StringHash(EVP_sha256, false);
  (*t)["sha512"] = StringHash(EVP_sha512, false);
  (*t)["base64sha256"] = StringHash(EVP_sha256, true);
  (*t)["base64sha512"] = StringHash(EVP_sha512, true);
  (*t)["rsadecrypt"] = Fn({Param("ciphertext", Type::String()), Param("privatekey", Type::String())},
                          Static(Type::String()), [](const Args& a, const Type&) { return RsaDecrypt(a); });
  (*t)["uuidv5"] = Fn({Param("namespace", Type::String()), Param("name", Type::String())}, Static(Type::String()),
                      [](const Args& a, const Type&) { return UUIDv5(a); });
  // x/crypto/bcrypt GenerateFromPassword ("$2a$", random salt); impure.
  (*t)["bcrypt"] = Fn({Param("str", Type::String())}, Param("cost", Type::Number()), Static(Type::String()),
                      [pure_only](const Args& a, const Type&) -> FuncResult<Value> {
                        if (pure_only) return Value::Unknown(Type::String());
                        return Bcrypt(a);
                      });
  // hashicorp/go-uuid GenerateUUID: 16 random bytes, no version bits.
  // Impure: unknown in pure-only mode (tofu's function.Unpredictable).
  (*t)["uuid"] = Fn({}, Static(Type::String()), [pure_only](const Args&, const Type&) -> FuncResult<Value> {
    if (pure_only) return Value::Unknown(Type::String());
    unsigned char u[16];
    if (RAND_bytes(u, sizeof u) != 1) return Err("failed to read random bytes");
    return Value::String(FormatUUID(u));
  });
}

}  // namespace funcs::internal
