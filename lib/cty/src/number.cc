// cty::Number: int64 fast path plus MPFR values with Go big.Float semantics.
//
// Formatting follows Go's math/big/ftoa.go: the value is converted to an
// exact decimal (mantissa digits + decimal exponent), rounded (shortest
// round-trip for prec < 0, else to a digit count) and then laid out in %f,
// %e or %g style.
#include "cty/number.h"

#include <gmp.h>
#include <mpfr.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>
#include <utility>

#include "cty/result.h"

namespace cty {

struct Number::Big {
  mpfr_t f;
  explicit Big(mpfr_prec_t prec) { mpfr_init2(f, prec); }
  ~Big() { mpfr_clear(f); }
  Big(const Big&) = delete;
  Big& operator=(const Big&) = delete;
};

namespace {

static_assert(sizeof(long) == 8, "this code assumes LP64");

constexpr unsigned kIntPrec = 64;
constexpr unsigned kDoublePrec = 53;
constexpr unsigned kParsePrec = 512;
// Parse refuses numbers whose decimal magnitude exceeds this (see number.h).
constexpr int64_t kMaxDecimalExponent = 100000;

struct Mpz {
  mpz_t z;
  Mpz() { mpz_init(z); }
  ~Mpz() { mpz_clear(z); }
  Mpz(const Mpz&) = delete;
  Mpz& operator=(const Mpz&) = delete;
};

struct Mpfr {
  mpfr_t f;
  explicit Mpfr(mpfr_prec_t prec) { mpfr_init2(f, prec); }
  ~Mpfr() { mpfr_clear(f); }
  Mpfr(const Mpfr&) = delete;
  Mpfr& operator=(const Mpfr&) = delete;
};

int BitLen(uint64_t u) { return u == 0 ? 0 : 64 - __builtin_clzll(u); }
uint64_t AbsU(int64_t v) {
  return v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
}
// Bits needed to represent u exactly in binary floating point.
int SigBits(uint64_t u) { return u == 0 ? 0 : BitLen(u) - __builtin_ctzll(u); }

// Go's math/big decimal: value = 0.mant * 10^exp; mant has no leading or
// trailing zeros and is empty for zero.
struct Decimal {
  std::string mant;
  int64_t exp = 0;
  char At(int64_t i) const {
    return i >= 0 && i < static_cast<int64_t>(mant.size()) ? mant[static_cast<size_t>(i)] : '0';
  }
  int64_t Len() const { return static_cast<int64_t>(mant.size()); }
};

void TrimDecimal(Decimal* d) {
  size_t n = d->mant.size();
  while (n > 0 && d->mant[n - 1] == '0') --n;
  d->mant.resize(n);
  if (n == 0) d->exp = 0;
}

// d = m * 2^shift exactly, m >= 0.
void InitDecimal(Decimal* d, const mpz_t m, long shift) {
  if (mpz_sgn(m) == 0) {
    d->mant.clear();
    d->exp = 0;
    return;
  }
  Mpz n;
  mpz_set(n.z, m);
  if (shift < 0) {
    unsigned long ntz = mpz_scan1(n.z, 0);
    unsigned long s = static_cast<unsigned long>(-shift);
    if (s > ntz) s = ntz;
    mpz_fdiv_q_2exp(n.z, n.z, s);
    shift += static_cast<long>(s);
  }
  if (shift > 0) {
    mpz_mul_2exp(n.z, n.z, static_cast<unsigned long>(shift));
    shift = 0;
  }
  if (shift < 0) {
    // n / 2^k == n * 5^k / 10^k
    Mpz p;
    mpz_ui_pow_ui(p.z, 5, static_cast<unsigned long>(-shift));
    mpz_mul(n.z, n.z, p.z);
  }
  d->mant.resize(mpz_sizeinbase(n.z, 10) + 2);
  mpz_get_str(d->mant.data(), 10, n.z);
  d->mant.resize(std::strlen(d->mant.c_str()));
  d->exp = static_cast<int64_t>(d->mant.size()) + shift;
  TrimDecimal(d);
}

void RoundDown(Decimal* d, int64_t n) {
  if (n < 0 || n >= d->Len()) return;
  d->mant.resize(static_cast<size_t>(n));
  TrimDecimal(d);
}

void RoundUp(Decimal* d, int64_t n) {
  if (n < 0 || n >= d->Len()) return;
  while (n > 0 && d->mant[static_cast<size_t>(n - 1)] >= '9') --n;
  if (n == 0) {
    d->mant.assign("1");
    d->exp++;
    return;
  }
  d->mant[static_cast<size_t>(n - 1)]++;
  d->mant.resize(static_cast<size_t>(n));
}

bool ShouldRoundUp(const Decimal& d, int64_t n) {
  size_t i = static_cast<size_t>(n);
  if (d.mant[i] == '5' && n + 1 == d.Len()) {
    return n > 0 && ((d.mant[i - 1] - '0') & 1) != 0;
  }
  return d.mant[i] >= '5';
}

void RoundDecimal(Decimal* d, int64_t n) {
  if (n < 0 || n >= d->Len()) return;
  if (ShouldRoundUp(*d, n)) {
    RoundUp(d, n);
  } else {
    RoundDown(d, n);
  }
}

// Go's roundShortest: `m` is the |significand| as an integer with exactly
// `prec` bits, x = m * 2^e.
void RoundShortest(Decimal* d, const mpz_t m, long e) {
  if (d->mant.empty()) return;
  Mpz mant, tmp;
  mpz_mul_2exp(mant.z, m, 1);  // lsb is 1/2 ulp
  long exp = e - 1;
  Decimal lower, upper;
  mpz_sub_ui(tmp.z, mant.z, 1);
  InitDecimal(&lower, tmp.z, exp);
  mpz_add_ui(tmp.z, mant.z, 1);
  InitDecimal(&upper, tmp.z, exp);
  bool inclusive = mpz_tstbit(mant.z, 1) == 0;
  for (int64_t i = 0; i < d->Len(); ++i) {
    char l = lower.At(i);
    char u = upper.At(i);
    char c = d->mant[static_cast<size_t>(i)];
    bool okdown = l != c || (inclusive && i + 1 == lower.Len());
    bool okup = c != u && (inclusive || c + 1 < u || i + 1 < upper.Len());
    if (okdown && okup) {
      RoundDecimal(d, i + 1);
      return;
    }
    if (okdown) {
      RoundDown(d, i + 1);
      return;
    }
    if (okup) {
      RoundUp(d, i + 1);
      return;
    }
  }
}

void FmtF(std::string* buf, int64_t prec, const Decimal& d) {
  if (d.exp > 0) {
    int64_t m = std::min(d.Len(), d.exp);
    buf->append(d.mant, 0, static_cast<size_t>(m));
    if (m < d.exp) buf->append(static_cast<size_t>(d.exp - m), '0');
  } else {
    buf->push_back('0');
  }
  if (prec > 0) {
    buf->push_back('.');
    for (int64_t i = 0; i < prec; ++i) buf->push_back(d.At(d.exp + i));
  }
}

void FmtE(std::string* buf, char fmt, int64_t prec, const Decimal& d) {
  buf->push_back(d.mant.empty() ? '0' : d.mant[0]);
  if (prec > 0) {
    buf->push_back('.');
    int64_t i = 1;
    int64_t m = std::min(d.Len(), prec + 1);
    if (i < m) {
      buf->append(d.mant, 1, static_cast<size_t>(m - 1));
      i = m;
    }
    for (; i <= prec; ++i) buf->push_back('0');
  }
  buf->push_back(fmt);
  int64_t exp = d.mant.empty() ? 0 : d.exp - 1;
  if (exp < 0) {
    buf->push_back('-');
    exp = -exp;
  } else {
    buf->push_back('+');
  }
  if (exp < 10) buf->push_back('0');
  buf->append(std::to_string(exp));
}

// Go's Float.Append after the decimal conversion. `m`/`e` (when non-null)
// describe the binary value for shortest rounding; null means `d` is exact
// and needs no shortest rounding (small integers printed exactly).
std::string Format(bool neg, Decimal d, char fmt, int prec, const mpz_t* m, long e) {
  std::string buf;
  if (neg) buf.push_back('-');
  bool shortest = false;
  int64_t p = prec;
  if (prec < 0) {
    shortest = true;
    if (m != nullptr) RoundShortest(&d, *m, e);
    switch (fmt) {
      case 'e':
        p = d.Len() - 1;
        break;
      case 'f':
        p = std::max<int64_t>(d.Len() - d.exp, 0);
        break;
      default:
        p = d.Len();
        break;
    }
  } else {
    switch (fmt) {
      case 'e':
        RoundDecimal(&d, 1 + p);
        break;
      case 'f':
        RoundDecimal(&d, d.exp + p);
        break;
      default:
        if (p == 0) p = 1;
        RoundDecimal(&d, p);
        break;
    }
  }
  switch (fmt) {
    case 'e':
      FmtE(&buf, 'e', p, d);
      return buf;
    case 'f':
      FmtF(&buf, p, d);
      return buf;
    default:
      break;
  }
  // %g
  int64_t eprec = p;
  if (eprec > d.Len() && d.Len() >= d.exp) eprec = d.Len();
  if (shortest) eprec = 6;
  int64_t exp = d.exp - 1;
  if (exp < -4 || exp >= eprec) {
    if (p > d.Len()) p = d.Len();
    FmtE(&buf, 'e', p - 1, d);
    return buf;
  }
  if (p > d.exp) p = d.Len();
  FmtF(&buf, std::max<int64_t>(p - d.exp, 0), d);
  return buf;
}

}  // namespace

// Private access to Number's representation for this file.
struct NumberImpl {
  static Number Small(int64_t v, unsigned prec) {
    Number n;
    n.is_small_ = true;
    n.small_ = v;
    n.small_prec_ = prec;
    return n;
  }

  // Takes ownership of a finished MPFR value; integers that fit int64 (other
  // than -0) use the small form.
  static Number FromBig(std::shared_ptr<Number::Big> big) {
    mpfr_srcptr f = big->f;
    unsigned prec = static_cast<unsigned>(mpfr_get_prec(f));
    if (mpfr_zero_p(f)) {
      if (!mpfr_signbit(f)) return Small(0, prec);
    } else if (mpfr_number_p(f) && mpfr_integer_p(f) && mpfr_fits_slong_p(f, MPFR_RNDN)) {
      return Small(mpfr_get_si(f, MPFR_RNDN), prec);
    }
    Number n;
    n.is_small_ = false;
    n.small_ = 0;
    n.big_ = std::move(big);
    return n;
  }

  static std::shared_ptr<Number::Big> NewBig(unsigned prec) {
    return std::make_shared<Number::Big>(static_cast<mpfr_prec_t>(prec));
  }

  // Sets `tmp` to the value of `n` exactly and returns a pointer to an MPFR
  // value holding `n` (tmp or n's own). tmp must have >= 64 bits.
  static mpfr_srcptr View(const Number& n, Mpfr* tmp) {
    if (!n.is_small_) return n.big_->f;
    mpfr_set_si(tmp->f, n.small_, MPFR_RNDN);
    return tmp->f;
  }

  static bool IsInf(const Number& n) { return !n.is_small_ && mpfr_inf_p(n.big_->f); }
  static bool IsZero(const Number& n) {
    return n.is_small_ ? n.small_ == 0 : mpfr_zero_p(n.big_->f) != 0;
  }
  static int Sign(const Number& n) {
    if (n.is_small_) return n.small_ < 0 ? -1 : (n.small_ > 0 ? 1 : 0);
    return mpfr_sgn(n.big_->f);
  }
  static bool SignBit(const Number& n) {
    return n.is_small_ ? n.small_ < 0 : mpfr_signbit(n.big_->f) != 0;
  }

  // A small value that prints exactly (ulp <= 1 at its precision).
  static bool ExactlyPrintable(const Number& n) {
    return n.is_small_ && BitLen(AbsU(n.small_)) <= static_cast<int>(n.small_prec_);
  }

  using MpfrOp = int (*)(mpfr_ptr, mpfr_srcptr, mpfr_srcptr, mpfr_rnd_t);
  static Number BigOp(const Number& a, const Number& b, MpfrOp op) {
    unsigned prec = std::max(a.precision(), b.precision());
    Mpfr ta(kIntPrec), tb(kIntPrec);
    auto r = NewBig(prec);
    op(r->f, View(a, &ta), View(b, &tb), MPFR_RNDN);
    return FromBig(std::move(r));
  }

  static Number Copy(const Number& a, unsigned prec) {
    Mpfr ta(kIntPrec);
    auto r = NewBig(prec);
    mpfr_set(r->f, View(a, &ta), MPFR_RNDN);
    return FromBig(std::move(r));
  }

  static std::string Text(const Number& n, char fmt, int prec) {
    if (fmt != 'e' && fmt != 'f' && fmt != 'g') fmt = 'g';
    if (ExactlyPrintable(n)) {
      Decimal d;
      if (n.small_ != 0) {
        char tmp[24];
        auto res = std::to_chars(tmp, tmp + sizeof(tmp), AbsU(n.small_));
        d.mant.assign(tmp, res.ptr);
        d.exp = d.Len();
        TrimDecimal(&d);
      }
      return Format(n.small_ < 0, std::move(d), fmt, prec, nullptr, 0);
    }
    // Big (or a small integer too wide for its precision).
    Mpfr tmp(n.is_small_ ? n.small_prec_ : kIntPrec);
    mpfr_srcptr f;
    if (n.is_small_) {
      mpfr_set_si(tmp.f, n.small_, MPFR_RNDN);  // exact by construction
      f = tmp.f;
    } else {
      f = n.big_->f;
    }
    bool neg = mpfr_signbit(f) != 0;
    if (mpfr_inf_p(f)) return neg ? "-Inf" : "+Inf";
    Decimal d;
    if (mpfr_zero_p(f)) return Format(neg, std::move(d), fmt, prec, nullptr, 0);
    Mpz m;
    long e = static_cast<long>(mpfr_get_z_2exp(m.z, f));
    mpz_abs(m.z, m.z);
    InitDecimal(&d, m.z, e);
    const mpz_t* mp = &m.z;
    return Format(neg, std::move(d), fmt, prec, mp, e);
  }
};

Number::Number() = default;

Number Number::FromInt64(int64_t v) { return NumberImpl::Small(v, kIntPrec); }

Number Number::FromUint64(uint64_t v) {
  if (v <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return NumberImpl::Small(static_cast<int64_t>(v), kIntPrec);
  }
  auto b = NumberImpl::NewBig(kIntPrec);
  mpfr_set_ui(b->f, v, MPFR_RNDN);
  return NumberImpl::FromBig(std::move(b));
}

Number Number::FromDouble(double v) {
  auto b = NumberImpl::NewBig(kDoublePrec);
  mpfr_set_d(b->f, v, MPFR_RNDN);
  return NumberImpl::FromBig(std::move(b));
}

Number Number::Infinity(bool negative) {
  auto b = NumberImpl::NewBig(kDoublePrec);
  mpfr_set_inf(b->f, negative ? -1 : 1);
  return NumberImpl::FromBig(std::move(b));
}

Result<Number> Number::Parse(std::string_view s) {
  auto fail = [] { return Result<Number>::Fail("a number is required"); };
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  size_t n = s.size();
  size_t i = 0;
  bool neg = false;
  if (i < n && (s[i] == '+' || s[i] == '-')) {
    neg = s[i] == '-';
    ++i;
  }
  std::string_view rest = s.substr(i);
  if (rest == "Inf" || rest == "inf") {
    auto b = NumberImpl::NewBig(kParsePrec);
    mpfr_set_inf(b->f, neg ? -1 : 1);
    return NumberImpl::FromBig(std::move(b));
  }
  size_t int_start = i;
  while (i < n && is_digit(s[i])) ++i;
  size_t int_end = i;
  size_t frac_start = i, frac_end = i;
  bool has_dot = false;
  if (i < n && s[i] == '.') {
    has_dot = true;
    ++i;
    frac_start = i;
    while (i < n && is_digit(s[i])) ++i;
    frac_end = i;
  }
  size_t mant_end = i;
  if (int_end == int_start && frac_end == frac_start) return fail();
  char exp_char = 0;
  int64_t exp = 0;
  if (i < n && (s[i] == 'e' || s[i] == 'E' || s[i] == 'p' || s[i] == 'P')) {
    exp_char = static_cast<char>(s[i] | 0x20);
    ++i;
    bool eneg = false;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
      eneg = s[i] == '-';
      ++i;
    }
    size_t ds = i;
    while (i < n && is_digit(s[i])) {
      if (exp < 1000000000000000LL) exp = exp * 10 + (s[i] - '0');
      ++i;
    }
    if (i == ds) return fail();
    if (eneg) exp = -exp;
  }
  if (i != n) return fail();

  // Fast path: a plain integer that fits int64 comfortably.
  if (exp_char == 0 && !has_dot && int_end - int_start <= 18) {
    int64_t v = 0;
    for (size_t k = int_start; k < int_end; ++k) v = v * 10 + (s[k] - '0');
    if (v != 0 || !neg) return NumberImpl::Small(neg ? -v : v, kParsePrec);
  }

  // Magnitude guard: position of the leading nonzero digit.
  int64_t lead = 0;
  bool nonzero = false;
  for (size_t k = int_start; k < int_end && !nonzero; ++k) {
    if (s[k] != '0') {
      nonzero = true;
      lead = static_cast<int64_t>(int_end - k);
    }
  }
  for (size_t k = frac_start; k < frac_end && !nonzero; ++k) {
    if (s[k] != '0') {
      nonzero = true;
      lead = -static_cast<int64_t>(k - frac_start);
    }
  }
  if (nonzero) {
    int64_t magnitude = exp_char == 'p' ? lead - 1 + exp * 3 / 10 : lead - 1 + exp;
    if (magnitude > kMaxDecimalExponent || magnitude < -kMaxDecimalExponent) return fail();
  }

  auto b = NumberImpl::NewBig(kParsePrec);
  if (!nonzero) {
    mpfr_set_zero(b->f, neg ? -1 : 1);
    return NumberImpl::FromBig(std::move(b));
  }
  std::string text(s.substr(0, exp_char == 'p' ? mant_end : n));
  char* endp = nullptr;
  mpfr_strtofr(b->f, text.c_str(), &endp, 10, MPFR_RNDN);
  if (endp == nullptr || *endp != '\0') return fail();
  if (exp_char == 'p') mpfr_mul_2si(b->f, b->f, static_cast<long>(exp), MPFR_RNDN);
  return NumberImpl::FromBig(std::move(b));
}

bool Number::IsInt64() const {
  if (is_small_) return true;
  return mpfr_number_p(big_->f) && mpfr_integer_p(big_->f) && mpfr_fits_slong_p(big_->f, MPFR_RNDN);
}

bool Number::IsUint64() const {
  if (is_small_) return small_ >= 0;
  return mpfr_number_p(big_->f) && mpfr_integer_p(big_->f) && mpfr_fits_ulong_p(big_->f, MPFR_RNDN);
}

bool Number::IsInteger() const {
  if (is_small_) return true;
  return mpfr_number_p(big_->f) && mpfr_integer_p(big_->f);
}

bool Number::IsInfinity() const { return NumberImpl::IsInf(*this); }
bool Number::IsNegative() const { return NumberImpl::Sign(*this) < 0; }
bool Number::IsZero() const { return NumberImpl::IsZero(*this); }

bool Number::IsExactDouble() const {
  if (is_small_) {
    return SigBits(AbsU(small_)) <= 53;
  }
  mpfr_srcptr f = big_->f;
  if (mpfr_inf_p(f) || mpfr_zero_p(f)) return true;
  double d = mpfr_get_d(f, MPFR_RNDN);
  if (d == 0 || d == std::numeric_limits<double>::infinity() ||
      d == -std::numeric_limits<double>::infinity()) {
    return false;
  }
  return mpfr_cmp_d(f, d) == 0;
}

std::optional<int64_t> Number::ToInt64() const {
  if (is_small_) return small_;
  if (!IsInt64()) return std::nullopt;
  return mpfr_get_si(big_->f, MPFR_RNDN);
}

std::optional<uint64_t> Number::ToUint64() const {
  if (is_small_) {
    if (small_ < 0) return std::nullopt;
    return static_cast<uint64_t>(small_);
  }
  if (!IsUint64()) return std::nullopt;
  return mpfr_get_ui(big_->f, MPFR_RNDN);
}

double Number::ToDouble() const {
  if (is_small_) return static_cast<double>(small_);
  return mpfr_get_d(big_->f, MPFR_RNDN);
}

unsigned Number::precision() const {
  return is_small_ ? small_prec_ : static_cast<unsigned>(mpfr_get_prec(big_->f));
}

std::string Number::ToString() const {
  if (NumberImpl::ExactlyPrintable(*this)) return std::to_string(small_);
  return NumberImpl::Text(*this, 'f', -1);
}

std::string Number::Text(char format, int prec) const { return NumberImpl::Text(*this, format, prec); }

bool Number::CtyEquals(const Number& o) const {
  if (NumberImpl::ExactlyPrintable(*this) && NumberImpl::ExactlyPrintable(o)) {
    return small_ == o.small_;
  }
  std::string a = ToString();
  std::string b = o.ToString();
  if (a == "-0") a = "0";
  if (b == "-0") b = "0";
  return a == b;
}

int Number::Compare(const Number& o) const {
  if (is_small_ && o.is_small_) return small_ < o.small_ ? -1 : (small_ > o.small_ ? 1 : 0);
  Mpfr ta(kIntPrec), tb(kIntPrec);
  int c = mpfr_cmp(NumberImpl::View(*this, &ta), NumberImpl::View(o, &tb));
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

namespace {
bool FitsPrec(int64_t r, unsigned prec) { return SigBits(AbsU(r)) <= static_cast<int>(prec); }
}  // namespace

Result<Number> Number::Add(const Number& o) const {
  bool ainf = NumberImpl::IsInf(*this), binf = NumberImpl::IsInf(o);
  if (ainf && binf && NumberImpl::SignBit(*this) != NumberImpl::SignBit(o)) {
    return Result<Number>::Fail("can't compute sum of opposing infinities");
  }
  unsigned prec = std::max(precision(), o.precision());
  int64_t r;
  if (is_small_ && o.is_small_ && !__builtin_add_overflow(small_, o.small_, &r) && FitsPrec(r, prec)) {
    return NumberImpl::Small(r, prec);
  }
  return NumberImpl::BigOp(*this, o, mpfr_add);
}

Result<Number> Number::Subtract(const Number& o) const {
  bool ainf = NumberImpl::IsInf(*this), binf = NumberImpl::IsInf(o);
  if (ainf && binf && NumberImpl::SignBit(*this) == NumberImpl::SignBit(o)) {
    return Result<Number>::Fail("can't subtract infinity from itself");
  }
  unsigned prec = std::max(precision(), o.precision());
  int64_t r;
  if (is_small_ && o.is_small_ && !__builtin_sub_overflow(small_, o.small_, &r) && FitsPrec(r, prec)) {
    return NumberImpl::Small(r, prec);
  }
  return NumberImpl::BigOp(*this, o, mpfr_sub);
}

Result<Number> Number::Multiply(const Number& o) const {
  bool ainf = NumberImpl::IsInf(*this), binf = NumberImpl::IsInf(o);
  if ((ainf && NumberImpl::IsZero(o)) || (binf && NumberImpl::IsZero(*this))) {
    return Result<Number>::Fail("can't multiply zero by infinity");
  }
  unsigned prec = std::max(precision(), o.precision());
  int64_t r;
  if (is_small_ && o.is_small_ && !__builtin_mul_overflow(small_, o.small_, &r) && FitsPrec(r, prec) &&
      !(r == 0 && ((small_ < 0) != (o.small_ < 0)))) {
    return NumberImpl::Small(r, prec);
  }
  return NumberImpl::BigOp(*this, o, mpfr_mul);
}

Result<Number> Number::Divide(const Number& o) const {
  bool ainf = NumberImpl::IsInf(*this), binf = NumberImpl::IsInf(o);
  if ((ainf && binf) || (NumberImpl::IsZero(*this) && NumberImpl::IsZero(o))) {
    return Result<Number>::Fail("can't divide zero by zero or infinity by infinity");
  }
  unsigned prec = std::max(precision(), o.precision());
  if (is_small_ && o.is_small_ && o.small_ != 0 && !(small_ == std::numeric_limits<int64_t>::min() && o.small_ == -1) &&
      small_ % o.small_ == 0 && !(small_ == 0 && o.small_ < 0)) {
    int64_t q = small_ / o.small_;
    if (FitsPrec(q, prec)) return NumberImpl::Small(q, prec);
  }
  return NumberImpl::BigOp(*this, o, mpfr_div);
}

Result<Number> Number::Modulo(const Number& o) const {
  if (NumberImpl::IsInf(*this) || NumberImpl::IsInf(o)) {
    auto r = Multiply(o);
    if (!r.ok()) return Result<Number>::Fail("can't use modulo with zero and infinity");
    return r;
  }
  if (NumberImpl::IsZero(o)) return *this;
  unsigned pa = precision();
  if (is_small_ && o.is_small_ && pa >= kIntPrec && o.small_prec_ >= kIntPrec) {
    if (o.small_ == -1) return NumberImpl::Small(0, pa);
    return NumberImpl::Small(small_ % o.small_, pa);
  }
  // a - b * trunc(a / b), with Go's precisions: the quotient at max(pa, pb),
  // the rest at a's precision.
  unsigned pq = std::max(pa, o.precision());
  Mpfr ta(kIntPrec), tb(kIntPrec);
  mpfr_srcptr a = NumberImpl::View(*this, &ta);
  mpfr_srcptr b = NumberImpl::View(o, &tb);
  Mpfr q(pq);
  mpfr_div(q.f, a, b, MPFR_RNDN);
  mpfr_trunc(q.f, q.f);
  auto work = NumberImpl::NewBig(pa);
  mpfr_set(work->f, q.f, MPFR_RNDN);
  mpfr_mul(work->f, b, work->f, MPFR_RNDN);
  mpfr_sub(work->f, a, work->f, MPFR_RNDN);
  return NumberImpl::FromBig(std::move(work));
}

Number Number::Negate() const {
  if (is_small_ && small_ != 0 && small_ != std::numeric_limits<int64_t>::min()) {
    return NumberImpl::Small(-small_, small_prec_);
  }
  Mpfr ta(kIntPrec);
  auto r = NumberImpl::NewBig(precision());
  mpfr_neg(r->f, NumberImpl::View(*this, &ta), MPFR_RNDN);
  return NumberImpl::FromBig(std::move(r));
}

Number Number::Abs() const {
  if (is_small_ && small_ != std::numeric_limits<int64_t>::min()) {
    return NumberImpl::Small(small_ < 0 ? -small_ : small_, small_prec_);
  }
  Mpfr ta(kIntPrec);
  auto r = NumberImpl::NewBig(precision());
  mpfr_abs(r->f, NumberImpl::View(*this, &ta), MPFR_RNDN);
  return NumberImpl::FromBig(std::move(r));
}

}  // namespace cty
