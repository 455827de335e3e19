// IP network functions (OpenTofu lang/funcs/cidr.go with its ipaddr fork of
// Go's net parser and github.com/apparentlymart/go-cidr): cidrhost
// cidrnetmask cidrsubnet cidrsubnets cidrcontains.
#include <algorithm>
#include <cstring>

#include "internal.h"

namespace funcs::internal {
namespace {

__extension__ typedef unsigned __int128 U128;
__extension__ typedef __int128 S128;

// An address as Go's net package holds it after ParseCIDR's masking: 4 bytes
// for IPv4, 16 for IPv6.
struct IP {
  std::vector<unsigned char> b;
  bool empty() const { return b.empty(); }
};

struct Net {
  IP ip;
  int ones = 0;
  int bits = 0;
};

const unsigned char kV4InV6[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

// Go net.IP.To4.
IP To4(const IP& ip) {
  if (ip.b.size() == 4) return ip;
  if (ip.b.size() == 16 && std::memcmp(ip.b.data(), kV4InV6, 12) == 0) {
    return IP{std::vector<unsigned char>(ip.b.begin() + 12, ip.b.end())};
  }
  return IP{};
}

// Go's dtoi: decimal digits, false past 0xFFFFFF.
bool Dtoi(std::string_view s, size_t* i, int* n) {
  *n = 0;
  size_t k = 0;
  for (; k < s.size() && s[k] >= '0' && s[k] <= '9'; ++k) {
    *n = *n * 10 + (s[k] - '0');
    if (*n >= 0xFFFFFF) return false;
  }
  *i = k;
  return k != 0;
}

// Go 1.16 parseIPv4 (leading zeros allowed), as 16 bytes.
IP ParseIPv4(std::string_view s) {
  unsigned char p[4];
  for (int i = 0; i < 4; ++i) {
    if (s.empty()) return IP{};
    if (i > 0) {
      if (s[0] != '.') return IP{};
      s.remove_prefix(1);
    }
    size_t c;
    int n;
    if (!Dtoi(s, &c, &n) || n > 0xFF) return IP{};
    s.remove_prefix(c);
    p[i] = static_cast<unsigned char>(n);
  }
  if (!s.empty()) return IP{};
  IP ip{std::vector<unsigned char>(kV4InV6, kV4InV6 + 12)};
  ip.b.insert(ip.b.end(), p, p + 4);
  return ip;
}

bool Xtoi(std::string_view s, size_t* i, int* n) {
  *n = 0;
  size_t k = 0;
  for (; k < s.size(); ++k) {
    char c = s[k];
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else break;
    *n = *n * 16 + d;
    if (*n >= 0xFFFFFF) return false;
  }
  *i = k;
  return k != 0;
}

// Go 1.16 parseIPv6 (no zone).
IP ParseIPv6(std::string_view s) {
  std::vector<unsigned char> ip(16, 0);
  int ellipsis = -1;
  if (s.size() >= 2 && s[0] == ':' && s[1] == ':') {
    ellipsis = 0;
    s.remove_prefix(2);
    if (s.empty()) return IP{ip};
  }
  size_t i = 0;
  while (i < 16) {
    size_t c;
    int n;
    if (!Xtoi(s, &c, &n) || n > 0xFFFF) return IP{};
    if (c < s.size() && s[c] == '.') {
      if (ellipsis < 0 && i != 12) return IP{};
      if (i + 4 > 16) return IP{};
      IP ip4 = ParseIPv4(s);
      if (ip4.empty()) return IP{};
      for (int k = 0; k < 4; ++k) ip[i + k] = ip4.b[12 + k];
      s = {};
      i += 4;
      break;
    }
    ip[i] = static_cast<unsigned char>(n >> 8);
    ip[i + 1] = static_cast<unsigned char>(n);
    i += 2;
    s.remove_prefix(c);
    if (s.empty()) break;
    if (s[0] != ':' || s.size() == 1) return IP{};
    s.remove_prefix(1);
    if (s[0] == ':') {
      if (ellipsis >= 0) return IP{};
      ellipsis = static_cast<int>(i);
      s.remove_prefix(1);
      if (s.empty()) break;
    }
  }
  if (!s.empty()) return IP{};
  if (i < 16) {
    if (ellipsis < 0) return IP{};
    size_t n = 16 - i;
    for (size_t j = i; j-- > static_cast<size_t>(ellipsis);) ip[j + n] = ip[j];
    for (size_t j = static_cast<size_t>(ellipsis) + n; j-- > static_cast<size_t>(ellipsis);) ip[j] = 0;
  } else if (ellipsis >= 0) {
    return IP{};
  }
  return IP{ip};
}

IP ParseIP(std::string_view s) {
  IP ip = ParseIPv4(s);
  if (!ip.empty()) return ip;
  return ParseIPv6(s);
}

U128 IPToInt(const IP& ip) {
  U128 v = 0;
  for (unsigned char c : ip.b) v = (v << 8) | c;
  return v;
}

IP FromInt(U128 v, size_t len) {
  IP ip{std::vector<unsigned char>(len)};
  for (size_t k = len; k-- > 0;) {
    ip.b[k] = static_cast<unsigned char>(v & 0xFF);
    v >>= 8;
  }
  return ip;
}

U128 MaskInt(int ones, int bits) {
  if (ones == 0) return 0;
  U128 all = bits == 128 ? ~static_cast<U128>(0) : ((static_cast<U128>(1) << bits) - 1);
  return all & ~((static_cast<U128>(1) << (bits - ones)) - 1) & all;
}

// Go net.ParseCIDR; the network address (masked) in its 4- or 16-byte form.
bool ParseCIDR(std::string_view s, Net* out, std::string* err) {
  *err = "invalid CIDR address: " + std::string(s);
  size_t slash = s.find('/');
  if (slash == std::string_view::npos) return false;
  std::string_view addr = s.substr(0, slash), mask = s.substr(slash + 1);
  int iplen = 4;
  IP ip = ParseIPv4(addr);
  if (ip.empty()) {
    iplen = 16;
    ip = ParseIPv6(addr);
  }
  size_t i;
  int n;
  if (ip.empty() || !Dtoi(mask, &i, &n) || i != mask.size() || n < 0 || n > 8 * iplen) return false;
  if (iplen == 4) ip = To4(ip);
  out->bits = 8 * iplen;
  out->ones = n;
  out->ip = FromInt(IPToInt(ip) & MaskInt(n, out->bits), ip.b.size());
  return true;
}

std::string IPString(const IP& ip) {
  IP v4 = To4(ip);
  if (!v4.empty()) {
    return std::to_string(v4.b[0]) + "." + std::to_string(v4.b[1]) + "." + std::to_string(v4.b[2]) + "." +
           std::to_string(v4.b[3]);
  }
  // Longest run of two or more zero groups becomes "::".
  int e0 = -1, e1 = -1;
  for (int i = 0; i < 16; i += 2) {
    int j = i;
    while (j < 16 && ip.b[static_cast<size_t>(j)] == 0 && ip.b[static_cast<size_t>(j) + 1] == 0) j += 2;
    if (j > i && j - i > e1 - e0) {
      e0 = i;
      e1 = j;
      i = j;
    }
  }
  if (e1 - e0 <= 2) e0 = e1 = -1;
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; i += 2) {
    if (i == e0) {
      out += "::";
      i = e1;
      if (i >= 16) break;
    } else if (i > 0) {
      out += ':';
    }
    unsigned v = (static_cast<unsigned>(ip.b[static_cast<size_t>(i)]) << 8) | ip.b[static_cast<size_t>(i) + 1];
    std::string g;
    if (v == 0) g = "0";
    while (v) {
      g.insert(g.begin(), hex[v & 15]);
      v >>= 4;
    }
    out += g;
  }
  return out;
}

std::string NetString(const Net& n) { return IPString(n.ip) + "/" + std::to_string(n.ones); }

// Go IPNet.Contains.
bool Contains(const Net& n, const IP& ip_in) {
  IP ip = ip_in;
  IP v4 = To4(ip);
  if (!v4.empty()) ip = v4;
  IP nn = n.ip;
  U128 m = MaskInt(n.ones, n.bits);
  IP nn4 = To4(nn);
  if (!nn4.empty()) {
    nn = nn4;
    if (n.bits == 128) m &= 0xFFFFFFFF;  // the mask's IPv4 part
  }
  if (ip.b.size() != nn.b.size()) return false;
  return (IPToInt(nn) & m) == (IPToInt(ip) & m);
}

IP LastAddress(const Net& n) {
  int host = n.bits - n.ones;
  U128 hostmask = host == 0 ? 0 : host == 128 ? ~static_cast<U128>(0) : ((static_cast<U128>(1) << host) - 1);
  return FromInt(IPToInt(n.ip) | hostmask, n.ip.b.size());
}

std::string NumText(const Value& v) { return v.AsNumber().ToString(); }

bool WholeNumber(const Value& v, int64_t* out, std::string* err) {
  const cty::Number& n = v.AsNumber();
  if (!n.IsInteger()) {
    *err = "value must be a whole number";
    return false;
  }
  auto i = n.ToInt64();
  if (!i) {
    *err = "value must be a whole number, between -9223372036854775808 and 9223372036854775807";
    return false;
  }
  *out = *i;
  return true;
}

FuncResult<Value> CidrHost(const Args& a) {
  int64_t num;
  std::string err;
  if (!WholeNumber(a[1], &num, &err)) return Err(err);
  Net n;
  if (!ParseCIDR(a[0].AsString(), &n, &err)) return Err("invalid CIDR expression: " + err);
  int host = n.bits - n.ones;
  U128 max_host = host == 128 ? ~static_cast<U128>(0) : ((static_cast<U128>(1) << host) - 1);
  U128 mag;
  S128 signed_num = num;
  if (num < 0) {
    mag = static_cast<U128>(-(signed_num + 1));  // -num - 1
    signed_num = static_cast<S128>(max_host) - static_cast<S128>(mag);
  } else {
    mag = static_cast<U128>(num);
  }
  if (mag > max_host) {
    std::string shown = num < 0 ? (signed_num < 0 ? "-" : "") + std::to_string(static_cast<int64_t>(signed_num < 0 ? -signed_num : signed_num))
                                : std::to_string(num);
    return Err("prefix of " + std::to_string(n.ones) + " does not accommodate a host numbered " + shown);
  }
  // go-cidr inserts the number below bit 32 for any address with an IPv4
  // form, even a 16-byte IPv4-mapped one.
  int shift = static_cast<int>(n.ip.b.size()) * 8 - (To4(n.ip).empty() ? 128 : 32);
  U128 ip = IPToInt(n.ip) | (static_cast<U128>(signed_num) << shift);
  return Value::String(IPString(FromInt(ip, n.ip.b.size())));
}

FuncResult<Value> CidrSubnet(const Args& a) {
  std::string err;
  auto newbits = ToInt(a[1], &err);
  if (!newbits) return Err(err);
  int64_t num;
  if (!WholeNumber(a[2], &num, &err)) return Err(err);
  Net n;
  if (!ParseCIDR(a[0].AsString(), &n, &err)) return Err("invalid CIDR expression: " + err);
  int64_t new_len = n.ones + *newbits;
  if (new_len > n.bits) {
    return Err("insufficient address space to extend prefix of " + std::to_string(n.ones) + " by " +
               std::to_string(*newbits));
  }
  uint64_t max_net = *newbits >= 64 ? ~0ULL : (*newbits < 0 ? ~0ULL : ((1ULL << *newbits) - 1));
  uint64_t unum = static_cast<uint64_t>(num < 0 ? -num : num);
  if (unum > max_net) {
    return Err("prefix extension of " + std::to_string(*newbits) + " does not accommodate a subnet numbered " +
               NumText(a[2]));
  }
  U128 v = IPToInt(n.ip) | (static_cast<U128>(unum) << (n.bits - new_len));
  if (num < 0) {  // big.Int two's-complement Or, then the magnitude's bytes
    S128 x = -static_cast<S128>(static_cast<U128>(unum) << (n.bits - new_len)) | static_cast<S128>(IPToInt(n.ip));
    v = static_cast<U128>(x < 0 ? -x : x);
  }
  Net out{FromInt(v, n.ip.b.size()), static_cast<int>(new_len), n.bits};
  return Value::String(NetString(out));
}

FuncResult<Value> CidrSubnets(const Args& a) {
  Net base;
  std::string err;
  if (!ParseCIDR(a[0].AsString(), &base, &err)) return ArgErr(0, "invalid CIDR expression: " + err);
  if (a.size() == 1) return Value::EmptyList(Type::String());
  auto first = ToInt(a[1], &err);
  if (!first) return ArgErr(1, err);
  int64_t first_len = *first + base.ones;
  size_t len = base.ip.b.size();
  // go-cidr PreviousSubnet(base, first_len).
  U128 mask = MaskInt(static_cast<int>(std::clamp<int64_t>(first_len, 0, base.bits)), base.bits);
  U128 all = base.bits == 128 ? ~static_cast<U128>(0) : ((static_cast<U128>(1) << base.bits) - 1);
  Net current{FromInt(((IPToInt(base.ip) - 1) & all) & mask, len),
              static_cast<int>(std::clamp<int64_t>(first_len, 0, base.bits)), base.bits};
  std::vector<Value> out;
  for (size_t i = 1; i < a.size(); ++i) {
    auto l = ToInt(a[i], &err);
    if (!l) return ArgErr(static_cast<int>(i), err);
    if (*l < 1) return ArgErr(static_cast<int>(i), "must extend prefix by at least one bit");
    if (*l > 32) return ArgErr(static_cast<int>(i), "may not extend prefix by more than 32 bits");
    int64_t length = *l + base.ones;
    if (length > base.bits) {
      return ArgErr(static_cast<int>(i), "would extend prefix to " + std::to_string(length) +
                                             " bits, which is too long for an " +
                                             (base.bits == 32 ? "IPv4" : "IPv6") + " address");
    }
    // go-cidr NextSubnet(current, length).
    U128 m = MaskInt(static_cast<int>(length), base.bits);
    U128 last = IPToInt(LastAddress(current));
    Net cur_sub{FromInt(last & m, len), static_cast<int>(length), base.bits};
    U128 next_ip = (IPToInt(LastAddress(cur_sub)) + 1) & all;
    Net next{FromInt(next_ip & m, len), static_cast<int>(length), base.bits};
    bool rollover = next_ip == 0;
    if (rollover || !Contains(base, next.ip)) {
      return ArgErr(static_cast<int>(i), "not enough remaining address space for a subnet with a prefix of " +
                                             std::to_string(length) + " bits after " + NetString(current));
    }
    current = next;
    out.push_back(Value::String(NetString(current)));
  }
  return Value::List(Type::String(), std::move(out));
}

FuncResult<Value> CidrContains(const Args& a) {
  const std::string& prefix = a[0].AsString();
  const std::string& addr = a[1].AsString();
  Net containing;
  std::string err;
  if (!ParseCIDR(prefix, &containing, &err)) return Err(err);
  IP start = ParseIP(addr);
  IP end;
  if (start.empty()) {
    Net contained;
    if (!ParseCIDR(addr, &contained, &err)) return Err("invalid IP address or prefix: " + addr);
    start = contained.ip;
    end = LastAddress(contained);
  }
  if (To4(start).empty() != To4(containing.ip).empty()) {
    return Err("address family mismatch: " + prefix + " vs. " + addr);
  }
  bool result = Contains(containing, start);
  if (!end.empty()) result = result && Contains(containing, end);
  return Value::Bool(result);
}

}  // namespace

void AddNetwork(cty::FunctionTable* t) {
  (*t)["cidrhost"] = Fn({Param("prefix", Type::String()), Param("hostnum", Type::Number())}, Static(Type::String()),
                        [](const Args& a, const Type&) { return CidrHost(a); });
  (*t)["cidrnetmask"] = Fn({Param("prefix", Type::String())}, Static(Type::String()),
                           [](const Args& a, const Type&) -> FuncResult<Value> {
                             Net n;
                             std::string err;
                             if (!ParseCIDR(a[0].AsString(), &n, &err)) return Err("invalid CIDR expression: " + err);
                             if (To4(n.ip).empty()) {
                               return Err("IPv6 addresses cannot have a netmask: " + a[0].AsString());
                             }
                             return Value::String(IPString(FromInt(MaskInt(n.ones, n.bits), n.bits / 8)));
                           });
  (*t)["cidrsubnet"] = Fn({Param("prefix", Type::String()), Param("newbits", Type::Number()),
                           Param("netnum", Type::Number())},
                          Static(Type::String()), [](const Args& a, const Type&) { return CidrSubnet(a); });
  (*t)["cidrsubnets"] = Fn({Param("prefix", Type::String())}, Param("newbits", Type::Number()),
                           Static(Type::List(Type::String())), [](const Args& a, const Type&) { return CidrSubnets(a); });
  (*t)["cidrcontains"] = Fn({Param("containing_prefix", Type::String()), Param("contained_ip_or_prefix", Type::String())},
                            Static(Type::Bool()), [](const Args& a, const Type&) { return CidrContains(a); }, false);
}

}  // namespace funcs::internal
