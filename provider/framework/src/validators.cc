// Ready-made validators.
#include "framework/validators.h"

#include <regex>
#include <utility>

#include "framework/timeouts.h"
#include "framework/values.h"

namespace framework {
namespace {

bool Skip(const cty::Value& v) { return v.IsNull() || !v.IsKnown(); }

std::string Got(const ValidatorRequest& req, const cty::Value& v) {
  return DisplayValue(v, req.sensitive);
}

std::string Quoted(const std::vector<std::string>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += " ";
    out += "\"" + values[i] + "\"";
  }
  return out + "]";
}

int64_t RuneCount(const std::string& s) {
  int64_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

class StringLength final : public Validator {
 public:
  StringLength(int64_t min, std::optional<int64_t> max) : min_(min), max_(max) {}
  std::string Description() const override {
    if (max_) {
      return "string length must be between " + std::to_string(min_) + " and " +
             std::to_string(*max_);
    }
    return "string length must be at least " + std::to_string(min_);
  }
  void Validate(const ValidatorRequest& req, tfplugin::Diagnostics& diags) const override {
    cty::Value v = req.value.Unmark();
    if (Skip(v) || v.type() != cty::Type::String()) return;
    int64_t n = RuneCount(v.AsString());
    if (n < min_ || (max_ && n > *max_)) {
      diags.AddAttributeError(req.path, "Invalid Attribute Value Length",
                              "Attribute " + DisplayPath(req.path) + " " + Description() +
                                  ", got: " + std::to_string(n));
    }
  }

 private:
  int64_t min_;
  std::optional<int64_t> max_;
};

class OneOf final : public Validator {
 public:
  explicit OneOf(std::vector<std::string> values) : values_(std::move(values)) {}
  std::string Description() const override { return "value must be one of: " + Quoted(values_); }
  std::string MarkdownDescription() const override {
    std::string out = "Possible values: ";
    for (size_t i = 0; i < values_.size(); ++i) {
      if (i) out += ", ";
      out += "`" + values_[i] + "`";
    }
    return out;
  }
  void Validate(const ValidatorRequest& req, tfplugin::Diagnostics& diags) const override {
    cty::Value v = req.value.Unmark();
    if (Skip(v) || v.type() != cty::Type::String()) return;
    for (const auto& allowed : values_) {
      if (v.AsString() == allowed) return;
    }
    diags.AddAttributeError(
        req.path, "Invalid Attribute Value Match",
        "Attribute " + DisplayPath(req.path) + " " + Description() + ", got: " + Got(req, v));
  }

 private:
  std::vector<std::string> values_;
};

class Matches final : public Validator {
 public:
  Matches(std::string pattern, std::string message)
      : pattern_(std::move(pattern)), message_(std::move(message)) {}
  std::string Description() const override {
    if (!message_.empty()) return message_;
    return "value must match regular expression '" + pattern_ + "'";
  }
  void Validate(const ValidatorRequest& req, tfplugin::Diagnostics& diags) const override {
    cty::Value v = req.value.Unmark();
    if (Skip(v) || v.type() != cty::Type::String()) return;
    // Compiled here, not at schema construction: validation is rare and
    // provider start-up builds every schema.
    std::regex re(pattern_, std::regex::ECMAScript);
    if (std::regex_match(v.AsString(), re)) return;
    diags.AddAttributeError(
        req.path, "Invalid Attribute Value Match",
        "Attribute " + DisplayPath(req.path) + " " + Description() + ", got: " + Got(req, v));
  }

 private:
  std::string pattern_;
  std::string message_;
};

// Parses a decimal number 0..max with no leading zeros (except "0").
bool ParseSmallInt(std::string_view s, int max, int& out) {
  if (s.empty() || s.size() > 3) return false;
  if (s.size() > 1 && s[0] == '0') return false;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  if (v > max) return false;
  out = v;
  return true;
}

bool IsIPv4Cidr(std::string_view s) {
  size_t slash = s.find('/');
  if (slash == std::string_view::npos) return false;
  int prefix = 0;
  if (!ParseSmallInt(s.substr(slash + 1), 32, prefix)) return false;
  std::string_view ip = s.substr(0, slash);
  for (int octet = 0; octet < 4; ++octet) {
    size_t dot = ip.find('.');
    std::string_view part = octet < 3 ? ip.substr(0, dot) : ip;
    if (octet < 3 && dot == std::string_view::npos) return false;
    int v = 0;
    if (!ParseSmallInt(part, 255, v)) return false;
    if (octet < 3) ip.remove_prefix(dot + 1);
  }
  return true;
}

class Cidr final : public Validator {
 public:
  std::string Description() const override {
    return "value must be an IPv4 network in CIDR notation, like \"10.0.0.0/16\"";
  }
  void Validate(const ValidatorRequest& req, tfplugin::Diagnostics& diags) const override {
    cty::Value v = req.value.Unmark();
    if (Skip(v) || v.type() != cty::Type::String()) return;
    if (IsIPv4Cidr(v.AsString())) return;
    diags.AddAttributeError(
        req.path, "Invalid Attribute Value",
        "Attribute " + DisplayPath(req.path) + " " + Description() + ", got: " + Got(req, v));
  }
};

class HttpUrl final : public Validator {
 public:
  std::string Description() const override {
    return "value must be an http or https URL with a host, like \"https://host.example/path\"";
  }
  void Validate(const ValidatorRequest& req, tfplugin::Diagnostics& diags) const override {
    cty::Value v = req.value.Unmark();
    if (Skip(v) || v.type() != cty::Type::String()) return;
    std::string_view s = v.AsString();
    std::string_view rest;
    if (s.rfind("https://", 0) == 0) {
      rest = s.substr(8);
    } else if (s.rfind("http://", 0) == 0) {
      rest = s.substr(7);
    }
    std::string_view host = rest.substr(0, rest.find_first_of("/?#"));
    bool ok = !host.empty() && host.find_first_of(" \t\n") == std::string_view::npos;
    if (ok) return;
    diags.AddAttributeError(
        req.path, "Invalid Attribute Value",
        "Attribute " + DisplayPath(req.path) + " " + Description() + ", got: " + Got(req, v));
  }
};

class GoDuration final : public Validator {
 public:
  std::string Description() const override {
    return "value must be a duration such as \"30m\", \"1h30m\" or \"90s\"";
  }
  void Validate(const ValidatorRequest& req, tfplugin::Diagnostics& diags) const override {
    cty::Value v = req.value.Unmark();
    if (Skip(v) || v.type() != cty::Type::String()) return;
    std::string error;
    auto d = ParseGoDuration(v.AsString(), &error);
    if (d && d->count() >= 0) return;
    if (d) error = "the duration must not be negative";
    diags.AddAttributeError(req.path, "Invalid Attribute Value",
                            "Attribute " + DisplayPath(req.path) + " " + Description() +
                                " (units h, m, s, ms), got: " + Got(req, v) + ": " + error);
  }
};

class IntRange final : public Validator {
 public:
  IntRange(int64_t min, std::optional<int64_t> max) : min_(min), max_(max) {}
  std::string Description() const override {
    if (max_) {
      return "value must be a whole number between " + std::to_string(min_) + " and " +
             std::to_string(*max_);
    }
    return "value must be a whole number of at least " + std::to_string(min_);
  }
  void Validate(const ValidatorRequest& req, tfplugin::Diagnostics& diags) const override {
    cty::Value v = req.value.Unmark();
    if (Skip(v) || v.type() != cty::Type::Number()) return;
    const cty::Number& n = v.AsNumber();
    bool ok = n.IsInteger() && n.Compare(cty::Number::FromInt64(min_)) >= 0 &&
              (!max_ || n.Compare(cty::Number::FromInt64(*max_)) <= 0);
    if (ok) return;
    diags.AddAttributeError(
        req.path, "Invalid Attribute Value",
        "Attribute " + DisplayPath(req.path) + " " + Description() + ", got: " + Got(req, v));
  }

 private:
  int64_t min_;
  std::optional<int64_t> max_;
};

class Size final : public Validator {
 public:
  Size(int64_t min, int64_t max) : min_(min), max_(max) {}
  std::string Description() const override {
    return "must contain at least " + std::to_string(min_) + " and at most " +
           std::to_string(max_) + " elements";
  }
  void Validate(const ValidatorRequest& req, tfplugin::Diagnostics& diags) const override {
    cty::Value v = req.value.Unmark();
    if (Skip(v) || !(v.type().IsCollection() || v.type().IsTuple())) return;
    auto n = static_cast<int64_t>(v.LengthInt());
    if (n >= min_ && n <= max_) return;
    diags.AddAttributeError(
        req.path, "Invalid Attribute Value",
        "Attribute " + DisplayPath(req.path) + " " + Description() + ", got: " + std::to_string(n));
  }

 private:
  int64_t min_;
  int64_t max_;
};

class Each final : public Validator {
 public:
  explicit Each(ValidatorPtr inner) : inner_(std::move(inner)) {}
  std::string Description() const override { return "each element: " + inner_->Description(); }
  std::string MarkdownDescription() const override {
    return "Each element: " + inner_->MarkdownDescription();
  }
  void Validate(const ValidatorRequest& req, tfplugin::Diagnostics& diags) const override {
    cty::Value v = req.value.Unmark();
    if (Skip(v)) return;
    const cty::Type& t = v.type();
    ValidatorRequest sub = req;
    if (t.IsMap()) {
      for (const auto& [k, e] : v.MapElements()) {
        sub.path = req.path.Index(k);
        sub.value = e;
        inner_->Validate(sub, diags);
      }
    } else if (t.IsList() || t.IsTuple()) {
      int64_t i = 0;
      for (const auto& e : v.Elements()) {
        sub.path = req.path.Index(i++);
        sub.value = e;
        inner_->Validate(sub, diags);
      }
    } else if (t.IsSet()) {
      for (const auto& e : v.Elements()) {
        sub.value = e;  // set elements cannot be addressed: the set's path
        inner_->Validate(sub, diags);
      }
    }
  }

 private:
  ValidatorPtr inner_;
};

// Shared machinery of the combination validators.
class Combination : public Validator {
 public:
  explicit Combination(std::vector<std::string> names) : names_(std::move(names)) {}
  std::vector<std::string> ReferencedSiblings() const override { return names_; }

 protected:
  enum class State { kSet, kUnset, kUnknown };

  static State StateOf(const cty::Value& v) {
    if (!v.IsKnown()) return State::kUnknown;
    return v.IsNull() ? State::kUnset : State::kSet;
  }
  // The state of sibling `name`; kUnknown if the parent is unknown/null or
  // lacks it (the schema check reports missing names).
  static State Sibling(const ValidatorRequest& req, const std::string& name) {
    const cty::Value& p = req.parent;
    if (!p.type().IsObject() || !p.type().HasAttribute(name)) return State::kUnknown;
    if (!p.IsKnown()) return State::kUnknown;
    if (p.IsNull()) return State::kUnset;
    return StateOf(p.GetAttr(name));
  }
  // Self plus the named siblings (self first), as display paths.
  std::vector<std::string> Members(const ValidatorRequest& req) const {
    std::vector<std::string> out;
    if (!req.name.empty()) out.push_back(DisplayPath(req.path));
    for (const auto& n : names_) {
      if (n == req.name) continue;
      out.push_back(DisplayPath(req.parent_path.GetAttr(n)));
    }
    return out;
  }
  std::string Ticked() const {
    std::string out;
    for (size_t i = 0; i < names_.size(); ++i) {
      if (i) out += i + 1 == names_.size() ? " and " : ", ";
      out += "`" + names_[i] + "`";
    }
    return out;
  }
  static std::string List(const std::vector<std::string>& items) {
    std::string out = "[";
    for (size_t i = 0; i < items.size(); ++i) {
      if (i) out += ",";
      out += items[i];
    }
    return out + "]";
  }
  static void Report(const ValidatorRequest& req, tfplugin::Diagnostics& diags,
                     std::string detail) {
    if (req.path.empty()) {
      diags.AddError("Invalid Attribute Combination", std::move(detail));
    } else {
      diags.AddAttributeError(req.path, "Invalid Attribute Combination", std::move(detail));
    }
  }
  // Counts set members; returns false if any is unknown (skip).
  bool CountSet(const ValidatorRequest& req, int& count) const {
    count = 0;
    if (!req.name.empty()) {
      State s = StateOf(req.value);
      if (s == State::kUnknown) return false;
      if (s == State::kSet) ++count;
    }
    for (const auto& n : names_) {
      if (n == req.name) continue;
      State s = Sibling(req, n);
      if (s == State::kUnknown) return false;
      if (s == State::kSet) ++count;
    }
    return true;
  }

  std::vector<std::string> names_;
};

class Conflicts final : public Combination {
 public:
  using Combination::Combination;
  std::string Description() const override { return "conflicts with " + List(names_); }
  std::string MarkdownDescription() const override { return "Conflicts with " + Ticked(); }
  void Validate(const ValidatorRequest& req, tfplugin::Diagnostics& diags) const override {
    if (req.name.empty()) {
      // Block level: at most one of the names.
      int count = 0;
      if (!CountSet(req, count) || count <= 1) return;
      Report(req, diags, "These attributes cannot be configured together: " + List(Members(req)));
      return;
    }
    if (StateOf(req.value) != State::kSet) return;
    for (const auto& n : names_) {
      if (n == req.name || Sibling(req, n) != State::kSet) continue;
      Report(req, diags,
             "Attribute \"" + DisplayPath(req.parent_path.GetAttr(n)) +
                 "\" cannot be specified when \"" + DisplayPath(req.path) + "\" is specified");
    }
  }
};

class ExactlyOne final : public Combination {
 public:
  using Combination::Combination;
  std::string Description() const override {
    return "exactly one of " + List(names_) + " must be set";
  }
  std::string MarkdownDescription() const override {
    return "Exactly one of " + Ticked() + " must be set";
  }
  void Validate(const ValidatorRequest& req, tfplugin::Diagnostics& diags) const override {
    int count = 0;
    if (!CountSet(req, count)) return;
    if (count == 1) return;
    if (count == 0) {
      Report(req, diags,
             "No attribute specified when one (and only one) of " + List(Members(req)) +
                 " is required");
      return;
    }
    // Attribute-level: only report once, on the set members.
    if (!req.name.empty() && StateOf(req.value) != State::kSet) return;
    Report(req, diags,
           std::to_string(count) + " attributes specified when one (and only one) of " +
               List(Members(req)) + " is required");
  }
};

class AtLeastOne final : public Combination {
 public:
  using Combination::Combination;
  std::string Description() const override {
    return "at least one of " + List(names_) + " must be set";
  }
  std::string MarkdownDescription() const override {
    return "At least one of " + Ticked() + " must be set";
  }
  void Validate(const ValidatorRequest& req, tfplugin::Diagnostics& diags) const override {
    int count = 0;
    if (!CountSet(req, count) || count > 0) return;
    Report(req, diags,
           "At least one attribute out of " + List(Members(req)) + " must be specified");
  }
};

class RequiredWithV final : public Combination {
 public:
  using Combination::Combination;
  std::string Description() const override { return "requires " + List(names_) + " to be set"; }
  std::string MarkdownDescription() const override { return "Requires " + Ticked() + " to be set"; }
  void Validate(const ValidatorRequest& req, tfplugin::Diagnostics& diags) const override {
    if (StateOf(req.value) != State::kSet) return;
    for (const auto& n : names_) {
      if (n == req.name || Sibling(req, n) != State::kUnset) continue;
      Report(req, diags,
             "Attribute \"" + DisplayPath(req.parent_path.GetAttr(n)) +
                 "\" must be specified when \"" + DisplayPath(req.path) + "\" is specified");
    }
  }
};

}  // namespace

ValidatorPtr StringLengthBetween(int64_t min, int64_t max) {
  return std::make_shared<StringLength>(min, max);
}
ValidatorPtr StringLengthAtLeast(int64_t min) {
  return std::make_shared<StringLength>(min, std::nullopt);
}
ValidatorPtr StringOneOf(std::vector<std::string> values) {
  return std::make_shared<OneOf>(std::move(values));
}
ValidatorPtr StringMatches(std::string pattern, std::string message) {
  return std::make_shared<Matches>(std::move(pattern), std::move(message));
}
ValidatorPtr IsCidr() { return std::make_shared<Cidr>(); }
ValidatorPtr IsHttpUrl() { return std::make_shared<HttpUrl>(); }
ValidatorPtr IsGoDuration() { return std::make_shared<GoDuration>(); }
ValidatorPtr IntBetween(int64_t min, int64_t max) { return std::make_shared<IntRange>(min, max); }
ValidatorPtr IntAtLeast(int64_t min) { return std::make_shared<IntRange>(min, std::nullopt); }
ValidatorPtr SizeBetween(int64_t min, int64_t max) { return std::make_shared<Size>(min, max); }
ValidatorPtr EachValue(ValidatorPtr inner) { return std::make_shared<Each>(std::move(inner)); }
ValidatorPtr ConflictsWith(std::vector<std::string> names) {
  return std::make_shared<Conflicts>(std::move(names));
}
ValidatorPtr ExactlyOneOf(std::vector<std::string> names) {
  return std::make_shared<ExactlyOne>(std::move(names));
}
ValidatorPtr AtLeastOneOf(std::vector<std::string> names) {
  return std::make_shared<AtLeastOne>(std::move(names));
}
ValidatorPtr RequiredWith(std::vector<std::string> names) {
  return std::make_shared<RequiredWithV>(std::move(names));
}

}  // namespace framework
