// textencodebase64, textdecodebase64 (IANA character sets via ICU
// converters, as OpenTofu uses golang.org/x/text's ianaindex) and
// base64gunzip (zlib; decoding is deterministic, so results match Go's
// compress/gzip). base64gzip is not provided: its output must match Go's
// compress/flate byte for byte, and zlib's encoder (tried, with Go's gzip
// framing) agrees only on inputs without back-references.
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/uenum.h>
#include <zlib.h>

#include <cctype>
#include <memory>
#include <optional>

#include "internal.h"

namespace funcs::internal {
namespace {

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using Converter = std::unique_ptr<UConverter, ConverterCloser>;

bool EqualFold(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

// The converter for an IANA name or alias (matched exactly, ignoring case,
// as x/text's ianaindex does) and the IANA registry name to show.
Converter OpenIana(const std::string& name, std::string* iana) {
  UErrorCode st = U_ZERO_ERROR;
  const char* standard = ucnv_getStandardName(name.c_str(), "IANA", &st);
  if (U_FAILURE(st) || standard == nullptr) return nullptr;
  st = U_ZERO_ERROR;
  const char* canonical = ucnv_getCanonicalName(standard, "IANA", &st);
  if (U_FAILURE(st) || canonical == nullptr) return nullptr;
  st = U_ZERO_ERROR;
  UEnumeration* names = ucnv_openStandardNames(canonical, "IANA", &st);
  bool listed = false;
  if (U_SUCCESS(st)) {
    const char* alias;
    while ((alias = uenum_next(names, nullptr, &st)) != nullptr && U_SUCCESS(st)) {
      if (EqualFold(alias, name)) listed = true;
    }
    uenum_close(names);
  }
  if (!listed) return nullptr;
  *iana = std::string(standard) == "ANSI_X3.4-1968" ? "US-ASCII" : standard;  // IANA's current name
  st = U_ZERO_ERROR;
  Converter c(ucnv_open(name.c_str(), &st));
  if (U_FAILURE(st)) return nullptr;
  return c;
}

FuncResult<Value> TextEncode(const Args& a) {
  const std::string& enc_name = a[1].AsString();
  std::string iana;
  Converter c = OpenIana(enc_name, &iana);
  if (!c) {
    return ArgErr(1, GoQuote(enc_name) + " is not a supported IANA encoding name or alias in this OpenTofu version");
  }
  UErrorCode st = U_ZERO_ERROR;
  ucnv_setFromUCallBack(c.get(), UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &st);
  const std::string& in = a[0].AsString();
  // UTF-8 -> UTF-16 -> target.
  std::u16string u16(in.size() + 1, u'\0');
  int32_t u16len = 0;
  st = U_ZERO_ERROR;
  UConverter* utf8 = ucnv_open("UTF-8", &st);
  u16len = ucnv_toUChars(utf8, reinterpret_cast<UChar*>(u16.data()), static_cast<int32_t>(u16.size()), in.data(),
                         static_cast<int32_t>(in.size()), &st);
  ucnv_close(utf8);
  if (U_FAILURE(st)) return ArgErr(0, "the given string contains characters that cannot be represented in " + iana);
  std::string prefix;
  if (iana == "UTF-16") {  // x/text: big-endian with a byte-order mark
    prefix = "\xFE\xFF";
    st = U_ZERO_ERROR;
    c.reset(ucnv_open("UTF-16BE", &st));
    st = U_ZERO_ERROR;
    ucnv_setFromUCallBack(c.get(), UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &st);
  }
  std::string out(static_cast<size_t>(u16len) * 4 + 16, '\0');
  st = U_ZERO_ERROR;
  int32_t n = ucnv_fromUChars(c.get(), out.data(), static_cast<int32_t>(out.size()),
                              reinterpret_cast<const UChar*>(u16.data()), u16len, &st);
  if (U_FAILURE(st)) return ArgErr(0, "the given string contains characters that cannot be represented in " + iana);
  out.resize(static_cast<size_t>(n));
  return Value::String(Base64EncodeBytes(prefix + out));
}

FuncResult<Value> TextDecode(const Args& a) {
  const std::string& enc_name = a[1].AsString();
  std::string iana;
  Converter c = OpenIana(enc_name, &iana);
  if (!c) {
    return ArgErr(1, GoQuote(enc_name) + " is not a supported IANA encoding name or alias in this OpenTofu version");
  }
  size_t bad = 0;
  auto raw = Base64DecodeAt(a[0].AsString(), &bad);
  if (!raw) return ArgErr(0, "the given value is has an invalid base64 symbol at offset " + std::to_string(bad));
  UErrorCode st = U_ZERO_ERROR;
  std::u16string u16(raw->size() * 2 + 16, u'\0');
  int32_t n = ucnv_toUChars(c.get(), reinterpret_cast<UChar*>(u16.data()), static_cast<int32_t>(u16.size()),
                            raw->data(), static_cast<int32_t>(raw->size()), &st);
  std::string out;
  bool replaced = U_FAILURE(st);
  if (!replaced) {
    u16.resize(static_cast<size_t>(n));
    for (size_t i = 0; i < u16.size(); ++i) {
      char32_t r = u16[i];
      if (r >= 0xD800 && r < 0xDC00 && i + 1 < u16.size()) {
        r = 0x10000 + ((r - 0xD800) << 10) + (u16[i + 1] - 0xDC00);
        ++i;
      }
      if (r == 0xFFFD || r == 0x1A) replaced = true;  // ICU substitutes U+FFFD (SUB for some charsets)
      AppendRune(&out, r);
    }
  }
  if (replaced) return ArgErr(0, "the given string contains symbols that are not defined for " + iana);
  return Value::String(out);
}

FuncResult<Value> Gunzip(const Args& a) {
  auto raw = Base64DecodeAt(a[0].AsString(), nullptr);
  if (!raw) return Err("failed to decode base64 data " + RedactString(a[0].AsString(), false));
  if (raw->empty()) return Err("failed to gunzip bytestream: EOF");
  if (raw->size() < 10 || static_cast<unsigned char>((*raw)[0]) != 0x1f ||
      static_cast<unsigned char>((*raw)[1]) != 0x8b || (*raw)[2] != 8) {
    if (raw->size() < 10) return Err("failed to gunzip bytestream: unexpected EOF");
    return Err("failed to gunzip bytestream: gzip: invalid header");
  }
  std::string out;
  size_t pos = 0;
  // Go's gzip.Reader reads concatenated members.
  while (pos < raw->size()) {
    z_stream zs{};
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) return Err("failed to gunzip bytestream: zlib init failed");
    zs.next_in = reinterpret_cast<Bytef*>(raw->data() + pos);
    zs.avail_in = static_cast<uInt>(raw->size() - pos);
    int rc;
    char buf[16384];
    do {
      zs.next_out = reinterpret_cast<Bytef*>(buf);
      zs.avail_out = sizeof buf;
      rc = inflate(&zs, Z_NO_FLUSH);
      out.append(buf, sizeof buf - zs.avail_out);
    } while (rc == Z_OK);
    size_t used = raw->size() - pos - zs.avail_in;
    inflateEnd(&zs);
    if (rc == Z_BUF_ERROR) return Err("failed to read gunzip raw data: unexpected EOF");
    if (rc != Z_STREAM_END) {
      std::string m = zs.msg ? zs.msg : "";
      if (m.find("check") != std::string::npos || m.find("length") != std::string::npos) {
        return Err("failed to read gunzip raw data: gzip: invalid checksum");
      }
      return Err("failed to read gunzip raw data: flate: corrupt input before offset " + std::to_string(used));
    }
    pos += used;
    if (pos < raw->size() && static_cast<unsigned char>((*raw)[pos]) != 0x1f) {
      return Err("failed to read gunzip raw data: gzip: invalid header");
    }
  }
  return Value::String(out);
}

}  // namespace

void AddCharset(cty::FunctionTable* t) {
  (*t)["textencodebase64"] = Fn({Param("string", Type::String()), Param("encoding", Type::String())},
                                Static(Type::String()), [](const Args& a, const Type&) { return TextEncode(a); });
  (*t)["textdecodebase64"] = Fn({Param("source", Type::String()), Param("encoding", Type::String())},
                                Static(Type::String()), [](const Args& a, const Type&) { return TextDecode(a); });
  (*t)["base64gunzip"] = Fn({Param("str", Type::String())}, Static(Type::String()),
                            [](const Args& a, const Type&) { return Gunzip(a); });
}

}  // namespace funcs::internal
