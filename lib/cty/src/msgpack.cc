// cty msgpack codec: a schema-driven reader and a direct writer (no msgpack
// library). See docs in msgpack.h and cty-encoding.md §4-6.
#include "cty/msgpack.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "cty/convert.h"
#include "internal.h"

namespace cty::msgpack {

namespace {

// ---- encoder ----

class Encoder {
 public:
  explicit Encoder(std::string* out) : out_(out) {}

  bool Encode(const Value& v, const Type& t);
  Error TakeError() { return std::move(error_); }

 private:
  void Byte(uint8_t b) { out_->push_back(static_cast<char>(b)); }
  void BE(uint64_t v, int bytes) {
    for (int i = bytes - 1; i >= 0; --i) Byte(static_cast<uint8_t>(v >> (8 * i)));
  }
  void Nil() { Byte(0xc0); }
  void Int(int64_t n);
  void Uint(uint64_t n);
  void Float64(double d) {
    uint64_t bits;
    std::memcpy(&bits, &d, 8);
    Byte(0xcb);
    BE(bits, 8);
  }
  void Str(std::string_view s);
  void Bin(std::string_view s);
  void ArrayLen(size_t n);
  void MapLen(size_t n);
  void ExtHeader(int8_t type, size_t len);
  void Number(const cty::Number& n);
  bool Unknown(const Value& v);
  bool Fail(std::string msg) {
    Path p;
    for (const auto& s : path_) p.steps().push_back(s);
    error_ = Error{std::move(msg), std::move(p)};
    return false;
  }

  std::string* out_;
  std::vector<PathStep> path_;
  Error error_;
};

void Encoder::Uint(uint64_t n) {
  if (n <= 0x7f) {
    Byte(static_cast<uint8_t>(n));
  } else if (n <= 0xff) {
    Byte(0xcc);
    BE(n, 1);
  } else if (n <= 0xffff) {
    Byte(0xcd);
    BE(n, 2);
  } else if (n <= 0xffffffffULL) {
    Byte(0xce);
    BE(n, 4);
  } else {
    Byte(0xcf);
    BE(n, 8);
  }
}

void Encoder::Int(int64_t n) {
  if (n >= 0) {
    Uint(static_cast<uint64_t>(n));
  } else if (n >= -32) {
    Byte(static_cast<uint8_t>(n));
  } else if (n >= std::numeric_limits<int8_t>::min()) {
    Byte(0xd0);
    BE(static_cast<uint64_t>(n), 1);
  } else if (n >= std::numeric_limits<int16_t>::min()) {
    Byte(0xd1);
    BE(static_cast<uint64_t>(n), 2);
  } else if (n >= std::numeric_limits<int32_t>::min()) {
    Byte(0xd2);
    BE(static_cast<uint64_t>(n), 4);
  } else {
    Byte(0xd3);
    BE(static_cast<uint64_t>(n), 8);
  }
}

void Encoder::Str(std::string_view s) {
  size_t n = s.size();
  if (n < 32) {
    Byte(static_cast<uint8_t>(0xa0 | n));
  } else if (n <= 0xff) {
    Byte(0xd9);
    BE(n, 1);
  } else if (n <= 0xffff) {
    Byte(0xda);
    BE(n, 2);
  } else {
    Byte(0xdb);
    BE(n, 4);
  }
  out_->append(s);
}

void Encoder::Bin(std::string_view s) {
  size_t n = s.size();
  if (n <= 0xff) {
    Byte(0xc4);
    BE(n, 1);
  } else if (n <= 0xffff) {
    Byte(0xc5);
    BE(n, 2);
  } else {
    Byte(0xc6);
    BE(n, 4);
  }
  out_->append(s);
}

void Encoder::ArrayLen(size_t n) {
  if (n < 16) {
    Byte(static_cast<uint8_t>(0x90 | n));
  } else if (n <= 0xffff) {
    Byte(0xdc);
    BE(n, 2);
  } else {
    Byte(0xdd);
    BE(n, 4);
  }
}

void Encoder::MapLen(size_t n) {
  if (n < 16) {
    Byte(static_cast<uint8_t>(0x80 | n));
  } else if (n <= 0xffff) {
    Byte(0xde);
    BE(n, 2);
  } else {
    Byte(0xdf);
    BE(n, 4);
  }
}

void Encoder::ExtHeader(int8_t type, size_t len) {
  switch (len) {
    case 1: Byte(0xd4); break;
    case 2: Byte(0xd5); break;
    case 4: Byte(0xd6); break;
    case 8: Byte(0xd7); break;
    case 16: Byte(0xd8); break;
    default:
      if (len <= 0xff) {
        Byte(0xc7);
        BE(len, 1);
      } else if (len <= 0xffff) {
        Byte(0xc8);
        BE(len, 2);
      } else {
        Byte(0xc9);
        BE(len, 4);
      }
  }
  Byte(static_cast<uint8_t>(type));
}

void Encoder::Number(const cty::Number& n) {
  if (n.IsInfinity()) {
    Float64(n.IsNegative() ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity());
    return;
  }
  // cty >= 1.14.4: int64 -> compact int; other integers -> decimal string;
  // non-integers exactly representable as float64 -> float64.
  if (auto i = n.ToInt64()) {
    Int(*i);
  } else if (!n.IsInteger() && n.IsExactDouble()) {
    Float64(n.ToDouble());
  } else {
    Str(n.ToString());
  }
}

constexpr size_t kMaxPrefixBytes = 256;

bool Encoder::Unknown(const Value& v) {
  const Type& t = v.type();
  const Refinements& r = v.refinements();
  if (t.IsDynamic() || r.empty()) {
    out_->append("\xd4\x00\x00", 3);
    return true;
  }
  std::string body;
  Encoder sub(&body);
  size_t entries = 0;
  if (r.not_null) {
    ++entries;
    sub.Int(1);
    sub.Byte(0xc2);
  }
  if (t.kind() == Kind::kNumber) {
    if (r.number_lower) {
      ++entries;
      sub.Int(3);
      sub.ArrayLen(2);
      sub.Number(*r.number_lower);
      sub.Byte(r.number_lower_inclusive ? 0xc3 : 0xc2);
    }
    if (r.number_upper) {
      ++entries;
      sub.Int(4);
      sub.ArrayLen(2);
      sub.Number(*r.number_upper);
      sub.Byte(r.number_upper_inclusive ? 0xc3 : 0xc2);
    }
  } else if (t.kind() == Kind::kString) {
    if (r.string_prefix) {
      std::string_view p = *r.string_prefix;
      if (p.size() > kMaxPrefixBytes) {
        size_t cut = kMaxPrefixBytes;
        while (cut > 0 && (static_cast<unsigned char>(p[cut]) & 0xC0) == 0x80) --cut;
        p = p.substr(0, cut);
      }
      if (!p.empty()) {
        ++entries;
        sub.Int(2);
        sub.Str(p);
      }
    }
  } else if (t.IsCollection()) {
    if (r.length_lower) {
      ++entries;
      sub.Int(5);
      sub.Int(*r.length_lower);
    }
    if (r.length_upper) {
      ++entries;
      sub.Int(6);
      sub.Int(*r.length_upper);
    }
  }
  if (entries == 0) {
    out_->append("\xd4\x00\x00", 3);
    return true;
  }
  std::string payload;
  Encoder hdr(&payload);
  hdr.MapLen(entries);
  payload.append(body);
  ExtHeader(0x0c, payload.size());
  out_->append(payload);
  return true;
}

bool Encoder::Encode(const Value& v, const Type& t) {
  if (v.IsMarked()) return Fail("value has marks, so it cannot be serialized");
  if (t.IsDynamic() && !v.type().IsDynamic()) {
    ArrayLen(2);
    Bin(v.type().ToJSON());
    return Encode(v, v.type());
  }
  if (!v.IsKnown()) return Unknown(v);
  if (v.IsNull()) {
    Nil();
    return true;
  }
  switch (t.kind()) {
    case Kind::kString:
      Str(v.AsString());
      return true;
    case Kind::kNumber:
      Number(v.AsNumber());
      return true;
    case Kind::kBool:
      Byte(v.AsBool() ? 0xc3 : 0xc2);
      return true;
    case Kind::kList:
    case Kind::kSet: {
      const auto& el = v.Elements();
      ArrayLen(el.size());
      const Type& et = t.element();
      for (size_t i = 0; i < el.size(); ++i) {
        path_.push_back(t.IsSet() ? PathStep::Index(el[i]) : PathStep::Index(static_cast<int64_t>(i)));
        if (!Encode(el[i], et)) return false;
        path_.pop_back();
      }
      return true;
    }
    case Kind::kMap: {
      const auto& at = v.Attributes();
      MapLen(at.size());
      const Type& et = t.element();
      for (const auto& [k, e] : at) {
        Str(k);
        path_.push_back(PathStep::Index(k));
        if (!Encode(e, et)) return false;
        path_.pop_back();
      }
      return true;
    }
    case Kind::kTuple: {
      const auto& ets = t.tuple_elements();
      const auto& el = v.Elements();
      ArrayLen(ets.size());
      for (size_t i = 0; i < ets.size() && i < el.size(); ++i) {
        path_.push_back(PathStep::Index(static_cast<int64_t>(i)));
        if (!Encode(el[i], ets[i])) return false;
        path_.pop_back();
      }
      return true;
    }
    case Kind::kObject: {
      const auto& ats = t.attributes();
      const auto& at = v.Attributes();
      MapLen(ats.size());
      auto vi = at.begin();
      for (const auto& [name, aty] : ats) {
        Str(name);
        while (vi != at.end() && vi->first < name) ++vi;
        path_.push_back(PathStep::GetAttr(name));
        if (vi == at.end() || vi->first != name) return Fail("attribute is missing from the value");
        if (!Encode(vi->second, aty)) return false;
        path_.pop_back();
      }
      return true;
    }
    case Kind::kDynamic:
      // A known value always has a concrete type; unreachable.
      Nil();
      return true;
  }
  return true;
}

// ---- decoder ----

struct Frame {
  enum Kind : uint8_t { kAttr, kIndex, kKey } kind;
  std::string_view name;
  int64_t index;
};

class Decoder {
 public:
  Decoder(std::string_view data)
      : p_(reinterpret_cast<const uint8_t*>(data.data())), end_(p_ + data.size()) {}

  bool DecodeValue(const Type& t, Value* out);
  size_t remaining() const { return static_cast<size_t>(end_ - p_); }
  Error TakeError() { return std::move(error_); }

 private:
  bool Fail(std::string msg);
  bool Need(size_t n) {
    if (remaining() < n) return Fail("unexpected EOF");
    return true;
  }
  bool PeekCode(uint8_t* c) {
    if (p_ >= end_) return Fail("EOF");
    *c = *p_;
    return true;
  }
  uint64_t ReadBE(int bytes) {
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v = (v << 8) | p_[i];
    p_ += bytes;
    return v;
  }
  static bool IsExt(uint8_t c) { return (c >= 0xc7 && c <= 0xc9) || (c >= 0xd4 && c <= 0xd8); }
  // Length-prefixed headers. Return false with *ok=true if the code is not
  // of the wanted family (caller reports), false with *ok=false on EOF.
  bool ArrayLen(uint8_t c, uint64_t* n);
  bool MapLen(uint8_t c, uint64_t* n);
  bool StrOrBin(uint8_t c, std::string_view* s);
  bool ExtHeader(uint8_t c, uint8_t* type, uint64_t* len);
  bool ReadInt(uint8_t c, int64_t* v, bool* is_int);
  bool Skip(int depth);

  bool DecodeNumber(uint8_t c, Value* out);
  bool DecodeDynamic(Value* out);
  bool DecodeUnknown(const Type& t, Value* out);
  bool DecodeCollection(const Type& t, uint8_t c, Value* out);
  bool DecodeMap(const Type& t, uint8_t c, Value* out);
  bool DecodeTuple(const Type& t, uint8_t c, Value* out);
  bool DecodeObject(const Type& t, uint8_t c, Value* out);

  const uint8_t* p_;
  const uint8_t* end_;
  std::vector<Frame> path_;
  int depth_ = 0;
  bool eof_ = false;  // set when a header read failed for lack of bytes
  Error error_;
};

bool Decoder::Fail(std::string msg) {
  Path p;
  for (const auto& f : path_) {
    switch (f.kind) {
      case Frame::kAttr:
        p.steps().push_back(PathStep::GetAttr(std::string(f.name)));
        break;
      case Frame::kKey:
        p.steps().push_back(PathStep::Index(std::string(f.name)));
        break;
      case Frame::kIndex:
        p.steps().push_back(PathStep::Index(f.index));
        break;
    }
  }
  error_ = Error{std::move(msg), std::move(p)};
  return false;
}

bool Decoder::ArrayLen(uint8_t c, uint64_t* n) {
  eof_ = false;
  if (c >= 0x90 && c <= 0x9f) {
    ++p_;
    *n = c & 0x0f;
    return true;
  }
  if (c == 0xdc || c == 0xdd) {
    int b = c == 0xdc ? 2 : 4;
    if (remaining() < static_cast<size_t>(1 + b)) {
      eof_ = true;
      return Fail("unexpected EOF");
    }
    ++p_;
    *n = ReadBE(b);
    return true;
  }
  return false;
}

bool Decoder::MapLen(uint8_t c, uint64_t* n) {
  eof_ = false;
  if (c >= 0x80 && c <= 0x8f) {
    ++p_;
    *n = c & 0x0f;
    return true;
  }
  if (c == 0xde || c == 0xdf) {
    int b = c == 0xde ? 2 : 4;
    if (remaining() < static_cast<size_t>(1 + b)) {
      eof_ = true;
      return Fail("unexpected EOF");
    }
    ++p_;
    *n = ReadBE(b);
    return true;
  }
  return false;
}

bool Decoder::StrOrBin(uint8_t c, std::string_view* s) {
  eof_ = false;
  uint64_t n;
  int b;
  if (c >= 0xa0 && c <= 0xbf) {
    n = c & 0x1f;
    b = 0;
  } else if (c == 0xd9 || c == 0xc4) {
    b = 1;
  } else if (c == 0xda || c == 0xc5) {
    b = 2;
  } else if (c == 0xdb || c == 0xc6) {
    b = 4;
  } else {
    return false;
  }
  if (remaining() < static_cast<size_t>(1 + b)) {
    eof_ = true;
    return Fail("unexpected EOF");
  }
  ++p_;
  if (b > 0) n = ReadBE(b);
  if (remaining() < n) {
    eof_ = true;
    return Fail("unexpected EOF");
  }
  *s = std::string_view(reinterpret_cast<const char*>(p_), static_cast<size_t>(n));
  p_ += n;
  return true;
}

bool Decoder::ExtHeader(uint8_t c, uint8_t* type, uint64_t* len) {
  eof_ = false;
  int b = 0;
  switch (c) {
    case 0xd4: *len = 1; break;
    case 0xd5: *len = 2; break;
    case 0xd6: *len = 4; break;
    case 0xd7: *len = 8; break;
    case 0xd8: *len = 16; break;
    case 0xc7: b = 1; break;
    case 0xc8: b = 2; break;
    case 0xc9: b = 4; break;
    default: return false;
  }
  if (remaining() < static_cast<size_t>(2 + b)) {
    eof_ = true;
    return Fail("unexpected EOF");
  }
  ++p_;
  if (b > 0) *len = ReadBE(b);
  *type = *p_++;
  return true;
}

bool Decoder::ReadInt(uint8_t c, int64_t* v, bool* is_int) {
  *is_int = true;
  if (c <= 0x7f) {
    ++p_;
    *v = c;
    return true;
  }
  if (c >= 0xe0) {
    ++p_;
    *v = static_cast<int8_t>(c);
    return true;
  }
  int b;
  bool sign;
  switch (c) {
    case 0xcc: b = 1; sign = false; break;
    case 0xcd: b = 2; sign = false; break;
    case 0xce: b = 4; sign = false; break;
    case 0xcf: b = 8; sign = false; break;
    case 0xd0: b = 1; sign = true; break;
    case 0xd1: b = 2; sign = true; break;
    case 0xd2: b = 4; sign = true; break;
    case 0xd3: b = 8; sign = true; break;
    default:
      *is_int = false;
      return false;
  }
  if (!Need(static_cast<size_t>(1 + b))) return false;
  ++p_;
  uint64_t u = ReadBE(b);
  if (sign) {
    int shift = 64 - 8 * b;
    *v = static_cast<int64_t>(u << shift) >> shift;
  } else {
    *v = static_cast<int64_t>(u);  // uint64 > int64 max wraps; callers check
  }
  return true;
}

bool Decoder::Skip(int depth) {
  if (depth > internal::kMaxDepth) return Fail("value is nested too deeply");
  uint8_t c = 0;
  if (!PeekCode(&c)) return false;
  if (c <= 0x7f || c >= 0xe0 || c == 0xc0 || c == 0xc2 || c == 0xc3) {
    ++p_;
    return true;
  }
  int64_t iv;
  bool is_int;
  if (ReadInt(c, &iv, &is_int)) return true;
  if (is_int) return false;
  if (c == 0xca || c == 0xcb) {
    size_t n = c == 0xca ? 5 : 9;
    if (!Need(n)) return false;
    p_ += n;
    return true;
  }
  std::string_view s;
  if (StrOrBin(c, &s)) return true;
  if (eof_) return false;
  uint64_t n;
  if (ArrayLen(c, &n)) {
    for (uint64_t i = 0; i < n; ++i) {
      if (!Skip(depth + 1)) return false;
    }
    return true;
  }
  if (eof_) return false;
  if (MapLen(c, &n)) {
    for (uint64_t i = 0; i < 2 * n; ++i) {
      if (!Skip(depth + 1)) return false;
    }
    return true;
  }
  if (eof_) return false;
  uint8_t type;
  if (ExtHeader(c, &type, &n)) {
    if (!Need(n)) return false;
    p_ += n;
    return true;
  }
  if (eof_) return false;
  return Fail("msgpack: invalid code=" + std::string(1, "0123456789abcdef"[c >> 4]) + "0123456789abcdef"[c & 15]);
}

std::string Hex2(uint8_t c) {
  const char* h = "0123456789abcdef";
  return std::string{h[c >> 4], h[c & 15]};
}

bool Decoder::DecodeValue(const Type& t, Value* out) {
  uint8_t c = 0;
  if (!PeekCode(&c)) return false;
  if (IsExt(c)) return DecodeUnknown(t, out);
  if (t.IsDynamic()) return DecodeDynamic(out);
  if (c == 0xc0) {
    ++p_;
    *out = Value::Null(t);
    return true;
  }
  switch (t.kind()) {
    case Kind::kString: {
      std::string_view s;
      if (!StrOrBin(c, &s)) return eof_ ? false : Fail("string is required");
      *out = Value::String(s);
      return true;
    }
    case Kind::kNumber:
      return DecodeNumber(c, out);
    case Kind::kBool:
      if (c != 0xc2 && c != 0xc3) return Fail("bool is required");
      ++p_;
      *out = Value::Bool(c == 0xc3);
      return true;
    case Kind::kList:
    case Kind::kSet:
      return DecodeCollection(t, c, out);
    case Kind::kMap:
      return DecodeMap(t, c, out);
    case Kind::kTuple:
      return DecodeTuple(t, c, out);
    case Kind::kObject:
      return DecodeObject(t, c, out);
    case Kind::kDynamic:
      break;
  }
  return Fail("unsupported type " + t.FriendlyName());
}

bool Decoder::DecodeNumber(uint8_t c, Value* out) {
  if (c == 0xcf) {
    if (!Need(9)) return false;
    ++p_;
    *out = Value::Number(cty::Number::FromUint64(ReadBE(8)));
    return true;
  }
  int64_t iv;
  bool is_int;
  if (ReadInt(c, &iv, &is_int)) {
    *out = Value::Number(cty::Number::FromInt64(iv));
    return true;
  }
  if (is_int) return false;
  if (c == 0xca || c == 0xcb) {
    size_t n = c == 0xca ? 4 : 8;
    if (!Need(n + 1)) return false;
    ++p_;
    double d;
    if (c == 0xca) {
      uint32_t bits = static_cast<uint32_t>(ReadBE(4));
      float f;
      std::memcpy(&f, &bits, 4);
      d = f;
    } else {
      uint64_t bits = ReadBE(8);
      std::memcpy(&d, &bits, 8);
    }
    if (std::isnan(d)) return Fail("number is required");
    *out = Value::Number(cty::Number::FromDouble(d));
    return true;
  }
  std::string_view s;
  if (!StrOrBin(c, &s)) return eof_ ? false : Fail("number is required");
  auto n = cty::Number::Parse(s);
  if (!n.ok()) return Fail("number is required");
  *out = Value::Number(*n);
  return true;
}

bool Decoder::DecodeDynamic(Value* out) {
  uint8_t c = 0;
  if (!PeekCode(&c)) return false;
  if (c == 0xc0) {
    ++p_;
    *out = Value::Null(Type::Dynamic());
    return true;
  }
  uint64_t n;
  if (!ArrayLen(c, &n)) {
    return eof_ ? false : Fail("msgpack: invalid code=" + Hex2(c) + " decoding array length");
  }
  if (n != 2) return Fail("dynamic value array must have exactly two elements");
  if (!PeekCode(&c)) return false;
  std::string_view tj;
  if (!StrOrBin(c, &tj)) return eof_ ? false : Fail("msgpack: invalid code=" + Hex2(c) + " decoding bytes length");
  auto t = Type::FromJSON(tj);
  if (!t.ok()) return Fail(t.error().message);
  if (++depth_ > internal::kMaxDepth) return Fail("value is nested too deeply");
  bool ok = DecodeValue(*t, out);
  --depth_;
  return ok;
}

bool Decoder::DecodeUnknown(const Type& t, Value* out) {
  uint8_t c = *p_;
  uint8_t code;
  uint64_t len;
  if (!ExtHeader(c, &code, &len)) return false;
  if (len <= 1) {
    if (!Need(len)) return false;
    p_ += len;
    *out = Value::Unknown(t);
    return true;
  }
  if (code != 0x0c) {
    return Fail("unsupported extension type 0x" + Hex2(code) + " with len " + std::to_string(len));
  }
  if (len > 1024) return Fail("oversize unknown value refinement");
  if (!Need(len)) return false;
  const uint8_t* body_end = p_ + len;
  const uint8_t* saved_end = end_;
  end_ = body_end;
  auto body_fail = [&](const char* what) {
    end_ = saved_end;
    return Fail(std::string("failed to decode msgpack extension body: ") + what);
  };
  uint64_t entries;
  if (p_ >= end_ || !MapLen(*p_, &entries)) return body_fail("not a map");
  if (t.IsDynamic()) {
    end_ = saved_end;
    p_ = body_end;
    *out = Value::DynamicVal();
    return true;
  }
  Refinements r;
  bool is_null = false;
  for (uint64_t i = 0; i < entries; ++i) {
    int64_t key;
    bool is_int;
    if (p_ >= end_ || !ReadInt(*p_, &key, &is_int)) return body_fail("non-integer key in map");
    if (p_ >= end_) return body_fail("unexpected EOF");
    uint8_t vc = *p_;
    switch (key) {
      case 1:
        if (vc != 0xc2 && vc != 0xc3) return body_fail("null refinement is not boolean");
        ++p_;
        if (vc == 0xc3) {
          is_null = true;
        } else {
          r.not_null = true;
        }
        break;
      case 2: {
        if (t.kind() != Kind::kString) return body_fail("string prefix refinement for non-string type");
        std::string_view s;
        if (!StrOrBin(vc, &s)) return body_fail("string prefix refinement is not string");
        if (!internal::IsValidUTF8(s)) return body_fail("string prefix refinement is not valid UTF-8");
        std::string p = internal::NormalizeNFC(s);
        if (!r.string_prefix || p.size() > r.string_prefix->size()) r.string_prefix = std::move(p);
        break;
      }
      case 3:
      case 4: {
        if (t.kind() != Kind::kNumber) return body_fail("numeric bound refinement for non-number type");
        static const Type* bound_type = new Type(Type::Tuple({Type::Number(), Type::Bool()}));
        Value bound;
        if (!DecodeValue(*bound_type, &bound) || bound.IsNull() || !bound.IsWhollyKnown() ||
            bound.Elements()[0].IsNull() || bound.Elements()[1].IsNull()) {
          return body_fail("length bound refinement must be [number, bool] array");
        }
        const cty::Number& n = bound.Elements()[0].AsNumber();
        bool inc = bound.Elements()[1].AsBool();
        if (key == 3) {
          r.number_lower = n;
          r.number_lower_inclusive = inc;
        } else {
          r.number_upper = n;
          r.number_upper_inclusive = inc;
        }
        break;
      }
      case 5:
      case 6: {
        if (!t.IsCollection()) return body_fail("length lower bound refinement for non-collection type");
        int64_t v;
        bool vint;
        if (!ReadInt(vc, &v, &vint) || (vc == 0xcf && v < 0)) {
          return body_fail("length bound refinement must be integer or [integer, bool] array");
        }
        if (key == 5) {
          if (v > r.length_lower.value_or(0)) r.length_lower = v;
        } else {
          if (v < 0) return body_fail("collection length upper bound is less than lower bound");
          if (!r.length_upper || v < *r.length_upper) r.length_upper = v;
        }
        break;
      }
      default:
        if (!Skip(0)) return body_fail("unexpected EOF");
        break;
    }
  }
  end_ = saved_end;
  p_ = body_end;  // trailing bytes in the payload are ignored
  if (r.length_lower && r.length_upper && *r.length_upper < *r.length_lower) {
    return Fail("failed to decode msgpack extension body: collection length upper bound is less than lower bound");
  }
  if (r.number_lower && r.number_upper) {
    int cmp = r.number_lower->Compare(*r.number_upper);
    bool bad = (r.number_lower_inclusive && r.number_upper_inclusive) ? cmp > 0 : cmp >= 0;
    if (bad) return Fail("failed to decode msgpack extension body: number lower bound is greater than upper bound");
  }
  if (is_null) {
    *out = Value::Null(t);
  } else {
    *out = Value::Unknown(t, std::move(r));
  }
  return true;
}

bool Decoder::DecodeCollection(const Type& t, uint8_t c, Value* out) {
  uint64_t n;
  if (!ArrayLen(c, &n)) return eof_ ? false : Fail(t.IsList() ? "a list is required" : "a set is required");
  const Type& et = t.element();
  std::vector<Value> elems;
  elems.reserve(static_cast<size_t>(std::min<uint64_t>(n, remaining())));
  if (++depth_ > internal::kMaxDepth) return Fail("value is nested too deeply");
  path_.push_back(Frame{Frame::kIndex, {}, 0});
  for (uint64_t i = 0; i < n; ++i) {
    path_.back().index = static_cast<int64_t>(i);
    Value v;
    if (!DecodeValue(et, &v)) return false;
    elems.push_back(std::move(v));
  }
  path_.pop_back();
  --depth_;
  if (et.HasDynamic()) {
    Type common;
    if (!internal::CommonElementType(et, elems, &common)) {
      return Fail(t.IsList() ? "inconsistent list element types" : "inconsistent set element types");
    }
  }
  *out = t.IsList() ? Value::List(et, std::move(elems)) : Value::Set(et, std::move(elems));
  return true;
}

bool Decoder::DecodeMap(const Type& t, uint8_t c, Value* out) {
  uint64_t n;
  if (!MapLen(c, &n)) return eof_ ? false : Fail("a map is required");
  const Type& et = t.element();
  std::map<std::string, Value> elems;
  if (++depth_ > internal::kMaxDepth) return Fail("value is nested too deeply");
  for (uint64_t i = 0; i < n; ++i) {
    uint8_t kc = 0;
    if (!PeekCode(&kc)) return false;
    std::string_view key;
    if (!StrOrBin(kc, &key)) return eof_ ? false : Fail("non-string key in map");
    path_.push_back(Frame{Frame::kKey, key, 0});
    Value v;
    if (!DecodeValue(et, &v)) return false;
    path_.pop_back();
    elems.insert_or_assign(elems.end(), std::string(key), std::move(v));
  }
  --depth_;
  if (et.HasDynamic()) {
    Type common;
    if (!internal::CommonElementType(et, elems, &common)) return Fail("inconsistent map element types");
  }
  *out = Value::Map(et, std::move(elems));
  return true;
}

bool Decoder::DecodeTuple(const Type& t, uint8_t c, Value* out) {
  uint64_t n;
  if (!ArrayLen(c, &n)) return eof_ ? false : Fail("a tuple is required");
  const auto& ets = t.tuple_elements();
  if (n != ets.size()) return Fail("a tuple of length " + std::to_string(ets.size()) + " is required");
  std::vector<Value> elems;
  elems.reserve(ets.size());
  if (++depth_ > internal::kMaxDepth) return Fail("value is nested too deeply");
  path_.push_back(Frame{Frame::kIndex, {}, 0});
  for (size_t i = 0; i < ets.size(); ++i) {
    path_.back().index = static_cast<int64_t>(i);
    Value v;
    if (!DecodeValue(ets[i], &v)) return false;
    elems.push_back(std::move(v));
  }
  path_.pop_back();
  --depth_;
  *out = Value::Tuple(std::move(elems));
  return true;
}

bool Decoder::DecodeObject(const Type& t, uint8_t c, Value* out) {
  uint64_t n;
  if (!MapLen(c, &n)) return eof_ ? false : Fail("an object is required");
  const auto& ats = t.attributes();
  if (n != ats.size()) {
    return Fail("an object with " + std::to_string(ats.size()) + " attributes is required (" + std::to_string(n) +
                " given)");
  }
  std::map<std::string, Value> attrs;
  if (++depth_ > internal::kMaxDepth) return Fail("value is nested too deeply");
  // Terraform sends attributes in sorted order, so walk the schema in step
  // with the input and only search when the order differs.
  auto next = ats.begin();
  for (uint64_t i = 0; i < n; ++i) {
    uint8_t kc = 0;
    if (!PeekCode(&kc)) return false;
    std::string_view key;
    if (!StrOrBin(kc, &key)) return eof_ ? false : Fail("all keys must be strings");
    path_.push_back(Frame{Frame::kAttr, key, 0});
    auto it = next;
    if (it == ats.end() || it->first != key) it = ats.find(internal::NormalizeNFC(key));
    if (it == ats.end()) return Fail("unsupported attribute");
    next = std::next(it);
    size_t before = attrs.size();
    auto slot = attrs.emplace_hint(attrs.end(), it->first, Value());
    if (attrs.size() == before) return Fail("duplicate attribute");
    if (!DecodeValue(it->second, &slot->second)) return false;
    path_.pop_back();
  }
  --depth_;
  *out = Value::ObjectOf(t, std::move(attrs));
  return true;
}

}  // namespace

Result<std::string> Marshal(const Value& v, const Type& type) {
  Value val = v;
  if (!internal::TypeConforms(v.type(), type)) {
    if (v.ContainsMarked()) return Result<std::string>::Fail("value has marks, so it cannot be serialized");
    auto c = Convert(v, type);
    if (!c.ok()) return c.error();
    val = std::move(c).value();
  }
  std::string out;
  out.reserve(256);
  Encoder enc(&out);
  if (!enc.Encode(val, type)) return enc.TakeError();
  return out;
}

Result<Value> Unmarshal(std::string_view data, const Type& type) {
  Decoder dec(data);
  Value v;
  if (!dec.DecodeValue(type, &v)) return dec.TakeError();
  if (dec.remaining() != 0) {
    return Result<Value>::Fail("extra data after msgpack value (" + std::to_string(dec.remaining()) +
                               " bytes)");
  }
  return v;
}

}  // namespace cty::msgpack
