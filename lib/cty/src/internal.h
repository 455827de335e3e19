// Internal helpers shared by the lib/cty sources. Not installed.
#ifndef EDP_CTY_SRC_INTERNAL_H_
#define EDP_CTY_SRC_INTERNAL_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cty/path.h"
#include "cty/result.h"
#include "cty/type.h"
#include "cty/value.h"

namespace cty::internal {

// Nesting limit for decoders (msgpack, JSON values, JSON type expressions).
constexpr int kMaxDepth = 256;

// ---- strings (strings.cc) ----

// True if every byte is < 0x80.
bool IsASCII(std::string_view s);
bool IsValidUTF8(std::string_view s);
// Unicode NFC, as cty.NormalizeString. ASCII (and already-NFC) input is
// returned unchanged; invalid UTF-8 is returned unchanged.
std::string NormalizeNFC(std::string_view s);
// Go strconv.Quote (used for set ordering hashes and messages).
void AppendGoQuote(std::string* out, std::string_view s);
std::string GoQuote(std::string_view s);
// Go encoding/json string encoding (HTML-safe escapes, invalid UTF-8 as
// \ufffd).
void AppendJSONString(std::string* out, std::string_view s);

// ---- types (type.cc) ----

// cty Type.TestConformance: true if a value of `have` conforms to `want`
// (Dynamic in want matches anything; structure otherwise exact; optional
// attribute markers ignored).
bool TypeConforms(const Type& have, const Type& want);
// go-cty Type.GoString: cty.String, cty.List(cty.Number), ...
std::string CtyTypeGoString(const Type& t);
// Parses one type expression starting at reader position (used by the JSON
// value decoder for {"type": ...}).
class JsonReader;
Result<Type> ParseTypeJSON(JsonReader* r);

// ---- values (value.cc) ----

// Construction without re-deriving types (decoders): `t` must be the exact
// value type (no Dynamic/optional where the values are concrete).
Value MakeObjectExact(const Type& t, std::map<std::string, Value> attrs);
// For list/set element types that may be Dynamic: the element type a list
// of `elems` gets (cty ListVal rule) or an error message if inconsistent.
bool CommonElementType(const Type& declared, const std::vector<Value>& elems, Type* out);
bool CommonElementType(const Type& declared, const std::map<std::string, Value>& elems, Type* out);
// cty's set hash bytes (set ordering for non-primitive element types).
void AppendSetHashBytes(std::string* out, const Value& v);

// ---- JSON reader (json_reader.cc) ----

// A minimal pull reader over a JSON text that keeps number text verbatim.
// Errors are worded like Go's encoding/json.
class JsonReader {
 public:
  explicit JsonReader(std::string_view data) : data_(data) {}

  // Next non-whitespace byte, or 0 at end of input (does not consume).
  char Peek();
  size_t pos() const { return pos_; }
  void set_pos(size_t p) { pos_ = p; }
  bool AtEnd() {
    Peek();
    return pos_ >= data_.size();
  }

  // Each returns false and sets error() on failure.
  bool ReadString(std::string* out);
  bool ReadNumber(std::string_view* text);
  bool ReadLiteral(std::string_view lit);  // "null", "true", "false"
  bool SkipValue(int depth = 0);
  // Arrays: BeginArray consumes '['; Next reports whether another element
  // follows (consuming ',' or ']').
  bool BeginArray();
  bool NextArrayElement(bool first, bool* more);
  // Objects: BeginObject consumes '{'; NextObjectKey reads the next key and
  // the ':' (or consumes '}' and sets *more = false).
  bool BeginObject();
  bool NextObjectKey(bool first, bool* more, std::string* key);
  // Fails unless only whitespace remains.
  bool ExpectEnd();

  const std::string& error() const { return error_; }
  bool Fail(std::string message);
  // "invalid character 'x' <context>" or the EOF error.
  bool FailChar(std::string_view context);

 private:
  std::string_view data_;
  size_t pos_ = 0;
  std::string error_;
};

// Go's quoteChar for JSON syntax errors: 'x', '\n', ...
std::string QuoteJSONChar(char c);

}  // namespace cty::internal

#endif  // EDP_CTY_SRC_INTERNAL_H_
