// cty::Number: an arbitrary-precision number with go-cty (math/big.Float)
// semantics.
//
// Representation: an exact int64 fast path; everything else is a binary
// floating-point value with a per-value precision and round-to-nearest-even
// rounding, exactly like Go's big.Float (implemented with MPFR):
//   FromInt64 -> precision 64, FromDouble -> 53, Parse -> 512 bits
//   (cty.ParseNumberVal), arithmetic -> max precision of the operands.
// Values can be +/-Infinity; there is no NaN (operations that would produce
// NaN fail with an error, as cty's do).
//
// Text form (ToString) is big.Float.Text('f', -1): the shortest decimal that
// identifies the value at its precision, no exponent ("0.1", "1e100" is
// written as 1 followed by 100 zeros).
//
// Remarks: Parse rejects (with cty's "a number is required") text whose
// decimal exponent exceeds +/-100000; Go would accept it and then print
// megabytes of digits, which a provider must not do for hostile input.
//
// Thread safety: immutable; safe to share between threads.
#ifndef EDP_CTY_NUMBER_H_
#define EDP_CTY_NUMBER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace cty {

template <typename T>
class Result;

class Number {
 public:
  Number();  // zero
  static Number FromInt64(int64_t v);
  static Number FromUint64(uint64_t v);
  static Number FromDouble(double v);  // REQUIRES: !isnan(v)
  static Number Infinity(bool negative = false);
  // Decimal text with optional sign, fraction and exponent ("-1.5e3"), as
  // cty.ParseNumberVal accepts. Error message on failure is cty's.
  static Result<Number> Parse(std::string_view text);

  bool IsInt64() const;           // exactly representable as int64
  bool IsUint64() const;          // exactly representable as uint64
  bool IsInteger() const;         // finite with no fractional part
  bool IsInfinity() const;
  bool IsNegative() const;        // < 0 (or -Inf)
  bool IsZero() const;
  // Exactly a float64 value (msgpack encodes such numbers as float64).
  bool IsExactDouble() const;
  std::optional<int64_t> ToInt64() const;    // nullopt unless IsInt64()
  std::optional<uint64_t> ToUint64() const;  // nullopt unless IsUint64()
  double ToDouble() const;                   // nearest float64
  unsigned precision() const;                // bits; 64 for the int64 fast path

  std::string ToString() const;  // Text('f', -1); "+Inf"/"-Inf" for infinities
  // Go big.Float.Text(format, prec) for format 'f', 'e' or 'g'. A negative
  // prec asks for the shortest text that identifies the value at its
  // precision (ToString() is Text('f', -1); big.Float.String() is
  // Text('g', 10)).
  std::string Text(char format, int prec) const;

  // cty's number equality (Value.Equals/RawEquals, set membership): two
  // numbers are equal when their Text('f', -1) forms are equal, with -0 equal
  // to 0. Unlike Compare this is sensitive to precision: 0.1 parsed (512
  // bits) equals 0.1 from a float64 (both print "0.1"), but 2^60 from a
  // float64 (prints 1152921504606847000) differs from the int64 2^60.
  bool CtyEquals(const Number& o) const;

  // Numeric comparison (1 == 1.0, precision ignored).
  int Compare(const Number& other) const;
  bool operator==(const Number& o) const { return Compare(o) == 0; }
  bool operator!=(const Number& o) const { return Compare(o) != 0; }
  bool operator<(const Number& o) const { return Compare(o) < 0; }

  // Arithmetic as cty's stdlib/HCL operators: result precision is the max of
  // the operands'; int64 fast path when exact. Errors (e.g. division of zero
  // by zero, Inf - Inf) are reported as cty does.
  Result<Number> Add(const Number& o) const;
  Result<Number> Subtract(const Number& o) const;
  Result<Number> Multiply(const Number& o) const;
  Result<Number> Divide(const Number& o) const;
  Result<Number> Modulo(const Number& o) const;
  Number Negate() const;
  Number Abs() const;

  struct Big;  // implementation detail (MPFR value + precision)

 private:
  friend struct NumberImpl;  // number.cc
  bool is_small_ = true;
  unsigned small_prec_ = 64;  // Go precision of the small form
  int64_t small_ = 0;
  std::shared_ptr<const Big> big_;
};

}  // namespace cty

#endif  // EDP_CTY_NUMBER_H_
