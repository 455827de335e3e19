// Value helpers for resources and the framework.
#include "framework/values.h"

#include <utility>

namespace framework {

cty::Value AttrOf(const cty::Value& object, std::string_view name) {
  const cty::Type& t = object.type().attribute(name);
  if (object.IsNull()) return cty::Value::Null(t);
  if (!object.IsKnown()) return cty::Value::Unknown(t);
  return object.GetAttr(name);
}

std::optional<std::string> GetString(const cty::Value& object, std::string_view name) {
  if (!object.type().IsObject() || !object.type().HasAttribute(name)) return std::nullopt;
  cty::Value v = AttrOf(object, name).Unmark();
  if (v.IsNull() || !v.IsKnown() || v.type() != cty::Type::String()) return std::nullopt;
  return v.AsString();
}

std::optional<int64_t> GetInt(const cty::Value& object, std::string_view name) {
  if (!object.type().IsObject() || !object.type().HasAttribute(name)) return std::nullopt;
  cty::Value v = AttrOf(object, name).Unmark();
  if (v.IsNull() || !v.IsKnown() || v.type() != cty::Type::Number()) return std::nullopt;
  return v.AsNumber().ToInt64();
}

std::optional<bool> GetBool(const cty::Value& object, std::string_view name) {
  if (!object.type().IsObject() || !object.type().HasAttribute(name)) return std::nullopt;
  cty::Value v = AttrOf(object, name).Unmark();
  if (v.IsNull() || !v.IsKnown() || v.type() != cty::Type::Bool()) return std::nullopt;
  return v.AsBool();
}

cty::Value WithAttr(const cty::Value& object, std::string_view name, cty::Value v) {
  std::map<std::string, cty::Value> attrs = object.Attributes();
  attrs.insert_or_assign(std::string(name), std::move(v));
  return cty::Value::ObjectOf(object.type(), std::move(attrs));
}

namespace {

cty::Result<cty::Value> SetAt(const cty::Value& node, const cty::Path& path, size_t i,
                              cty::Value v) {
  if (i == path.size()) {
    if (v.type() != node.type() && !node.type().IsDynamic()) {
      return cty::Result<cty::Value>::Fail("value of type " + v.type().FriendlyName() +
                                           " does not fit " + node.type().FriendlyName());
    }
    return v;
  }
  if (node.IsNull() || !node.IsKnown()) {
    return cty::Result<cty::Value>::Fail("cannot descend into a null or unknown value");
  }
  const cty::PathStep& step = path.steps()[i];
  const cty::Type& t = node.type();
  if (step.kind() == cty::PathStep::Kind::kGetAttr) {
    if (!t.IsObject() || !t.HasAttribute(step.name())) {
      return cty::Result<cty::Value>::Fail("unsupported attribute \"" + step.name() + "\"");
    }
    auto inner = SetAt(node.GetAttr(step.name()), path, i + 1, std::move(v));
    if (!inner.ok()) return inner;
    return WithAttr(node, step.name(), std::move(inner).value());
  }
  const cty::Value& key = step.key();
  if (t.IsList() && key.type() == cty::Type::Number() && key.IsKnown() && !key.IsNull()) {
    auto idx = key.AsNumber().ToInt64();
    std::vector<cty::Value> elems = node.Elements();
    if (!idx || *idx < 0 || static_cast<size_t>(*idx) >= elems.size()) {
      return cty::Result<cty::Value>::Fail("index out of range");
    }
    auto inner = SetAt(elems[static_cast<size_t>(*idx)], path, i + 1, std::move(v));
    if (!inner.ok()) return inner;
    elems[static_cast<size_t>(*idx)] = std::move(inner).value();
    return cty::Value::List(t.element(), std::move(elems));
  }
  if (t.IsMap() && key.type() == cty::Type::String() && key.IsKnown() && !key.IsNull()) {
    std::map<std::string, cty::Value> elems = node.MapElements();
    auto it = elems.find(key.AsString());
    if (it == elems.end()) return cty::Result<cty::Value>::Fail("no element for key");
    auto inner = SetAt(it->second, path, i + 1, std::move(v));
    if (!inner.ok()) return inner;
    it->second = std::move(inner).value();
    return cty::Value::Map(t.element(), std::move(elems));
  }
  return cty::Result<cty::Value>::Fail("unsupported path step for " + t.FriendlyName());
}

}  // namespace

cty::Result<cty::Value> SetAtPath(const cty::Value& root, const cty::Path& path, cty::Value v) {
  return SetAt(root, path, 0, std::move(v));
}

cty::Value UnknownsFrom(const cty::Value& v, const cty::Value& fallback) {
  const cty::Type& t = v.type();
  bool fallback_usable = fallback.type() == t && !fallback.IsNull() && fallback.IsKnown();
  if (!v.IsKnown()) {
    if (fallback.type() == t && fallback.IsWhollyKnown()) return fallback;
    return cty::Value::Null(t);
  }
  if (v.IsNull() || v.IsWhollyKnown()) return v;
  if (t.IsObject()) {
    std::map<std::string, cty::Value> attrs;
    for (const auto& [name, av] : v.Attributes()) {
      cty::Value fb = fallback_usable ? fallback.GetAttr(name) : cty::Value::Null(av.type());
      attrs.emplace(name, UnknownsFrom(av, fb));
    }
    return cty::Value::ObjectOf(t, std::move(attrs));
  }
  if (t.IsList()) {
    std::vector<cty::Value> elems;
    const auto& fb_elems = fallback_usable ? fallback.Elements() : std::vector<cty::Value>{};
    for (size_t i = 0; i < v.Elements().size(); ++i) {
      elems.push_back(UnknownsFrom(
          v.Elements()[i], i < fb_elems.size() ? fb_elems[i] : cty::Value::Null(t.element())));
    }
    return cty::Value::List(t.element(), std::move(elems));
  }
  if (t.IsMap()) {
    std::map<std::string, cty::Value> elems;
    for (const auto& [k, ev] : v.MapElements()) {
      cty::Value fb = cty::Value::Null(t.element());
      if (fallback_usable) {
        auto it = fallback.MapElements().find(k);
        if (it != fallback.MapElements().end()) fb = it->second;
      }
      elems.emplace(k, UnknownsFrom(ev, fb));
    }
    return cty::Value::Map(t.element(), std::move(elems));
  }
  return v.UnknownAsNull();
}

namespace {

constexpr size_t kMaxDisplay = 200;

void Render(const cty::Value& v, std::string& out) {
  if (out.size() > kMaxDisplay) return;
  if (v.IsMarked()) {
    Render(v.Unmark(), out);
    return;
  }
  if (!v.IsKnown()) {
    out += "(known after apply)";
    return;
  }
  if (v.IsNull()) {
    out += "null";
    return;
  }
  const cty::Type& t = v.type();
  switch (t.kind()) {
    case cty::Kind::kString: {
      out += '"';
      for (char c : v.AsString()) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
          out += "\\n";
          continue;
        }
        out += c;
      }
      out += '"';
      return;
    }
    case cty::Kind::kNumber:
      out += v.AsNumber().ToString();
      return;
    case cty::Kind::kBool:
      out += v.AsBool() ? "true" : "false";
      return;
    case cty::Kind::kList:
    case cty::Kind::kSet:
    case cty::Kind::kTuple: {
      out += '[';
      bool first = true;
      for (const auto& e : v.Elements()) {
        if (!first) out += ", ";
        first = false;
        Render(e, out);
      }
      out += ']';
      return;
    }
    case cty::Kind::kMap:
    case cty::Kind::kObject: {
      out += '{';
      bool first = true;
      for (const auto& [k, e] : v.Attributes()) {
        if (!first) out += ", ";
        first = false;
        if (t.IsMap()) {
          out += '"' + k + '"';
        } else {
          out += k;
        }
        out += " = ";
        Render(e, out);
      }
      out += '}';
      return;
    }
    case cty::Kind::kDynamic:
      out += "(dynamic)";
      return;
  }
}

}  // namespace

std::string DisplayValue(const cty::Value& v, bool sensitive) {
  if (sensitive || v.IsSensitive()) return "(sensitive value)";
  std::string out;
  Render(v, out);
  if (out.size() > kMaxDisplay) {
    out.resize(kMaxDisplay);
    out += "...";
  }
  return out;
}

std::string DisplayPath(const cty::Path& path) {
  if (path.empty()) return "(root)";
  return path.ToString();
}

}  // namespace framework
