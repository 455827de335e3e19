// base64gzip must produce the bytes Go's compress/gzip writes (tofu's
// Base64GzipFunc: Write, Flush, Close). Expected values were produced by Go
// 1.19's compress/gzip for the same inputs.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <zlib.h>

#include <string>

#include "funcs/funcs.h"

namespace funcs {
namespace {

using cty::Value;

std::string Base64Gzip(const std::string& s) {
  static const cty::FunctionTable t = EncodingFunctions();
  auto r = t.at("base64gzip").Call({Value::String(s)});
  EXPECT_TRUE(r.ok()) << r.error().message;
  return r.ok() ? r.value().AsString() : "";
}

// Standard base64 decode of known-good text (test helper, input trusted).
std::string B64Decode(const std::string& s) {
  std::string out(s.size(), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(s.data()), static_cast<int>(s.size()));
  if (n < 0) return "";
  size_t pad = 0;
  if (!s.empty() && s.back() == '=') ++pad;
  if (s.size() >= 2 && s[s.size() - 2] == '=') ++pad;
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

std::string Sha256Hex(const std::string& s) {
  unsigned char md[32];
  unsigned int len = 0;
  EVP_Digest(s.data(), s.size(), md, &len, EVP_sha256(), nullptr);
  static const char* h = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < len; ++i) {
    out += h[md[i] >> 4];
    out += h[md[i] & 15];
  }
  return out;
}

// The generator the Go side used: x = x*1103515245 + 12345 (uint32).
std::string Lcg(size_t n, uint32_t seed, uint32_t mod) {
  std::string out(n, '\0');
  uint32_t x = seed;
  for (size_t i = 0; i < n; ++i) {
    x = x * 1103515245u + 12345u;
    uint32_t v = (x >> 16) & 0x7fff;
    out[i] = static_cast<char>(mod == 256 ? v & 0xff : 'a' + v % mod);
  }
  return out;
}

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// Inflates a gzip stream with zlib (independent check of validity).
std::string Gunzip(const std::string& gz) {
  z_stream zs{};
  EXPECT_EQ(inflateInit2(&zs, 16 + MAX_WBITS), Z_OK);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  zs.avail_in = static_cast<uInt>(gz.size());
  std::string out;
  char buf[65536];
  int rc;
  do {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
  } while (rc == Z_OK);
  EXPECT_EQ(rc, Z_STREAM_END);
  inflateEnd(&zs);
  return out;
}

TEST(Base64Gzip, SmallInputsMatchGo) {
  EXPECT_EQ(Base64Gzip(""), "H4sIAAAAAAAA/wAAAP//AQAA//8AAAAAAAAAAA==");
  EXPECT_EQ(Base64Gzip("test"), "H4sIAAAAAAAA/ypJLS4BAAAA//8BAAD//wx+f9gEAAAA");
  EXPECT_EQ(Base64Gzip("hello world hello world hello world"),
            "H4sIAAAAAAAA/8pIzcnJVyjPL8pJUcDBBgAAAP//AQAA//+7/kIPIwAAAA==");
  EXPECT_EQ(Base64Gzip(Repeat("abc", 1000)), "H4sIAAAAAAAA/+zCMQ0AAAwCMK0b/j1gg6NJ7wMAAIwrAAAA//8BAAD//wtFuSu4CwAA");
  EXPECT_EQ(Base64Gzip("h\xC3\xA9llo w\xC3\xB6rld \xE2\x9C\x93 \xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E h\xC3\xA9llo w\xC3\xB6rld"),
            "H4sIAAAAAAAA/8o4vDInJ1+h/PC2opwUhUdzJis8m7702Zw1L1bNU0CRAwAAAP//AQAA//9WtDHdKQAAAA==");
}

TEST(Base64Gzip, HeaderIsGos) {
  std::string gz = B64Decode(Base64Gzip("x"));
  ASSERT_GE(gz.size(), 10u);
  // ID, CM=deflate, no flags, mtime 0, XFL 0, OS 255 (unknown).
  EXPECT_EQ(gz.substr(0, 10), std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", 10));
}

TEST(Base64Gzip, LargeInputsMatchGo) {
  struct C {
    std::string input;
    size_t size;
    const char* sha256;
  };
  const C cases[] = {
      // Several 16384-token blocks, window sliding.
      {Lcg(200000, 1, 16), 104684, "c0049314ed123b4b7418ffcdcc32a7713624a9cf6b215163a4836b0a33712d45"},
      {Lcg(300000, 7, 4), 85918, "c8f2dfc8c7ed30e2d8e469dd80cb234299df7ace4cd4e3744b3825ba76a06abe"},
      // Incompressible: stored blocks.
      {Lcg(100000, 3, 256), 100063, "2c506a5ed015ac9688a26ed44cf44bce1f2559e739e59bba5014e6b2154f6e19"},
      // Long runs: maximal matches.
      {std::string(70000, 'a'), 113, "333428744953f673d600f9279d615ac25956b939086990529e1ed489371fef82"},
      {Repeat("the quick brown fox jumps over the lazy dog; ", 5000), 740,
       "66c68f45787635ba70b7c34d638df12b2f397450438f8fecce66746e921917b9"},
  };
  for (const C& c : cases) {
    std::string gz = B64Decode(Base64Gzip(c.input));
    EXPECT_EQ(gz.size(), c.size);
    EXPECT_EQ(Sha256Hex(gz), c.sha256);
    EXPECT_EQ(Gunzip(gz), c.input) << "output must inflate back to the input";
  }
}

TEST(Base64Gzip, RoundTripsThroughBase64Gunzip) {
  static const cty::FunctionTable t = EncodingFunctions();
  std::string input = Lcg(5000, 11, 26);
  auto gz = t.at("base64gzip").Call({Value::String(input)});
  ASSERT_TRUE(gz.ok());
  auto back = t.at("base64gunzip").Call({gz.value()});
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back.value().AsString(), input);
  // Unknown and sensitive arguments follow the function rules.
  auto u = t.at("base64gzip").Call({Value::Unknown(cty::Type::String())});
  ASSERT_TRUE(u.ok());
  EXPECT_FALSE(u.value().IsKnown());
  auto s = t.at("base64gzip").Call({Value::String("pw").Mark(cty::kMarkSensitive)});
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s.value().IsSensitive());
}

}  // namespace
}  // namespace funcs
