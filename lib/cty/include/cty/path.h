// cty::Path: a step-by-step address of a value inside another value
// (attribute names and collection keys), as used in conversion errors,
// diagnostics (tfplugin AttributePath) and sensitive-attribute lists.
//
// Thread safety: plain value type.
#ifndef EDP_CTY_PATH_H_
#define EDP_CTY_PATH_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace cty {

class Value;

class PathStep {
 public:
  enum class Kind : uint8_t { kGetAttr, kIndex };

  static PathStep GetAttr(std::string name);
  // A list/tuple index (number), map key (string) or set element (any value).
  static PathStep Index(Value key);
  static PathStep Index(int64_t index);
  static PathStep Index(std::string key);

  Kind kind() const { return kind_; }
  const std::string& name() const { return name_; }  // REQUIRES: kGetAttr
  const Value& key() const;                          // REQUIRES: kIndex

  bool operator==(const PathStep& o) const;
  bool operator!=(const PathStep& o) const { return !(*this == o); }

 private:
  Kind kind_ = Kind::kGetAttr;
  std::string name_;
  std::shared_ptr<const Value> key_;
};

class Path {
 public:
  Path() = default;
  Path(std::initializer_list<PathStep> steps) : steps_(steps) {}

  Path GetAttr(std::string name) const;  // copy with a step appended
  Path Index(int64_t index) const;
  Path Index(std::string key) const;
  Path Index(Value key) const;

  const std::vector<PathStep>& steps() const { return steps_; }
  std::vector<PathStep>& steps() { return steps_; }
  bool empty() const { return steps_.empty(); }
  size_t size() const { return steps_.size(); }
  bool HasPrefix(const Path& prefix) const;

  // HCL-style: a.b[0]["key"] (a leading attribute has no dot).
  std::string ToString() const;

  bool operator==(const Path& o) const { return steps_ == o.steps_; }
  bool operator!=(const Path& o) const { return !(*this == o); }

 private:
  std::vector<PathStep> steps_;
};

}  // namespace cty

#endif  // EDP_CTY_PATH_H_
