// cty::Path, cty::PathStep and cty::Error rendering.
#include "cty/path.h"

#include "cty/result.h"
#include "cty/value.h"
#include "internal.h"

namespace cty {

namespace {
const Value& NullKey() {
  static const auto* v = new Value();
  return *v;
}
}  // namespace

PathStep PathStep::GetAttr(std::string name) {
  PathStep s;
  s.kind_ = Kind::kGetAttr;
  s.name_ = std::move(name);
  return s;
}

PathStep PathStep::Index(Value key) {
  PathStep s;
  s.kind_ = Kind::kIndex;
  s.key_ = std::make_shared<const Value>(std::move(key));
  return s;
}

PathStep PathStep::Index(int64_t index) { return Index(Value::Int(index)); }
PathStep PathStep::Index(std::string key) { return Index(Value::String(key)); }

const Value& PathStep::key() const { return key_ ? *key_ : NullKey(); }

bool PathStep::operator==(const PathStep& o) const {
  if (kind_ != o.kind_) return false;
  if (kind_ == Kind::kGetAttr) return name_ == o.name_;
  return key().RawEquals(o.key());
}

Path Path::GetAttr(std::string name) const {
  Path p = *this;
  p.steps_.push_back(PathStep::GetAttr(std::move(name)));
  return p;
}

Path Path::Index(int64_t index) const {
  Path p = *this;
  p.steps_.push_back(PathStep::Index(index));
  return p;
}

Path Path::Index(std::string key) const {
  Path p = *this;
  p.steps_.push_back(PathStep::Index(std::move(key)));
  return p;
}

Path Path::Index(Value key) const {
  Path p = *this;
  p.steps_.push_back(PathStep::Index(std::move(key)));
  return p;
}

bool Path::HasPrefix(const Path& prefix) const {
  if (prefix.steps_.size() > steps_.size()) return false;
  for (size_t i = 0; i < prefix.steps_.size(); ++i) {
    if (steps_[i] != prefix.steps_[i]) return false;
  }
  return true;
}

std::string Path::ToString() const {
  std::string out;
  for (const auto& step : steps_) {
    if (step.kind() == PathStep::Kind::kGetAttr) {
      if (!out.empty()) out.push_back('.');
      out.append(step.name());
      continue;
    }
    const Value& k = step.key();
    out.push_back('[');
    if (!k.IsKnown()) {
      out.push_back('?');
    } else if (k.IsNull()) {
      out.append("null");
    } else if (k.type().kind() == Kind::kNumber) {
      out.append(k.AsNumber().ToString());
    } else if (k.type().kind() == Kind::kString) {
      internal::AppendGoQuote(&out, k.AsString());
    } else {
      out.append(k.GoString());
    }
    out.push_back(']');
  }
  return out;
}

std::string Error::ToString() const {
  if (path.empty()) return message;
  return path.ToString() + ": " + message;
}

}  // namespace cty
