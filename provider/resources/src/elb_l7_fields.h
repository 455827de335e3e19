// Private helpers of the ELB v3 listener/pool/member/monitor resources
// (elb_listener.cc, elb_pool.cc, elb_member.cc, elb_monitor.cc): a table
// of top-level attributes that map 1:1 to API fields, used to build create
// and update bodies and to map an API object back to state.
//
// Thread safety: pure functions.
#ifndef EDP_PROVIDER_RESOURCES_ELB_L7_FIELDS_H_
#define EDP_PROVIDER_RESOURCES_ELB_L7_FIELDS_H_

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cty/value.h"
#include "framework/values.h"
#include "resources/common.h"

namespace resources::elbl7 {

using json = nlohmann::json;

enum class Kind { kString, kInt, kBool, kStringSet };

struct Field {
  const char* attr;  // state attribute
  const char* api;   // API field
  Kind kind;
  // Optional without Computed: an empty API value reads as null (unless
  // the prior state held the empty value).
  bool optional_only = false;
};

inline json ToJson(const cty::Value& v, Kind k) {
  if (v.IsNull()) return nullptr;
  switch (k) {
    case Kind::kString:
      return v.AsString();
    case Kind::kInt:
      return v.AsNumber().ToInt64().value_or(0);
    case Kind::kBool:
      return v.AsBool();
    case Kind::kStringSet: {
      json a = json::array();
      for (const auto& e : v.Elements()) {
        if (!e.IsNull() && e.IsKnown()) a.push_back(e.AsString());
      }
      return a;
    }
  }
  return nullptr;
}

inline cty::Type TypeOf(Kind k) {
  switch (k) {
    case Kind::kString:
      return cty::Type::String();
    case Kind::kInt:
      return cty::Type::Number();
    case Kind::kBool:
      return cty::Type::Bool();
    case Kind::kStringSet:
      return cty::Type::Set(cty::Type::String());
  }
  return cty::Type::String();
}

// The state value of API field `f` of `obj`, given the prior value.
inline cty::Value FromJson(const json& obj, const Field& f, const cty::Value& prior) {
  auto it = obj.find(f.api);
  const bool absent = it == obj.end() || it->is_null();
  switch (f.kind) {
    case Kind::kString: {
      std::string s = !absent && it->is_string() ? it->get<std::string>() : "";
      if (f.optional_only) return OptionalString(s, prior);
      return s.empty() && absent ? cty::Value::Null(cty::Type::String()) : cty::Value::String(s);
    }
    case Kind::kInt:
      if (absent || !it->is_number_integer()) return cty::Value::Null(cty::Type::Number());
      return cty::Value::Int(it->get<int64_t>());
    case Kind::kBool:
      if (absent || !it->is_boolean()) return cty::Value::Null(cty::Type::Bool());
      return cty::Value::Bool(it->get<bool>());
    case Kind::kStringSet: {
      std::vector<cty::Value> out;
      if (!absent && it->is_array()) {
        for (const auto& e : *it) {
          if (e.is_string()) out.push_back(cty::Value::String(e.get<std::string>()));
        }
      }
      if (out.empty() && (prior.IsNull() || !prior.IsKnown())) return cty::Value::Null(TypeOf(f.kind));
      return cty::Value::Set(cty::Type::String(), std::move(out));
    }
  }
  return cty::Value::Null(TypeOf(f.kind));
}

// Create body: every field whose planned value is known and not null.
inline void PutSet(json& body, const cty::Value& plan, const std::vector<Field>& fields) {
  for (const auto& f : fields) {
    cty::Value v = framework::AttrOf(plan, f.attr);
    if (v.IsKnown() && !v.IsNull() && v.IsWhollyKnown()) body[f.api] = ToJson(v, f.kind);
  }
}

// Update body: every field whose planned value is known and differs from
// the prior state (null clears: "" for strings the API keeps as "", [] for
// sets, null otherwise). Returns the number of fields added.
inline int PutChanged(json& body, const cty::Value& plan, const cty::Value& state, const std::vector<Field>& fields) {
  int n = 0;
  for (const auto& f : fields) {
    cty::Value after = framework::AttrOf(plan, f.attr);
    if (!after.IsWhollyKnown() || after == framework::AttrOf(state, f.attr)) continue;
    if (after.IsNull()) {
      if (f.kind == Kind::kStringSet) {
        body[f.api] = json::array();
      } else if (f.kind == Kind::kString && f.optional_only) {
        body[f.api] = "";
      } else {
        body[f.api] = nullptr;
      }
    } else {
      body[f.api] = ToJson(after, f.kind);
    }
    ++n;
  }
  return n;
}

// `base` with every field set from the API object.
inline cty::Value SetFields(cty::Value base, const json& obj, const std::vector<Field>& fields) {
  for (const auto& f : fields) {
    base = framework::WithAttr(base, f.attr, FromJson(obj, f, framework::AttrOf(base, f.attr)));
  }
  return base;
}

inline std::string JStr(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

// The first element of a MaxItems(1) list block; null (of the element
// type) when absent, null or unknown.
inline cty::Value FirstOf(const cty::Value& obj, const char* block) {
  cty::Value l = framework::AttrOf(obj, block);
  const cty::Type& et = l.type().element();
  if (!l.IsKnown() || l.IsNull() || l.Elements().empty()) return cty::Value::Null(et);
  return l.Elements()[0];
}

// Tags as the ELB create body wants them: [{"key","value"}].
inline json TagList(const cty::Value& tags) {
  json out = json::array();
  for (const auto& [k, v] : TagsFrom(tags)) out.push_back({{"key", k}, {"value", v}});
  return out;
}

// Tags from the API's [{"key","value"}] list.
inline std::map<std::string, std::string> TagMap(const json& obj) {
  std::map<std::string, std::string> out;
  auto it = obj.find("tags");
  if (it == obj.end() || !it->is_array()) return out;
  for (const auto& t : *it) {
    if (t.is_object()) out[JStr(t, "key")] = JStr(t, "value");
  }
  return out;
}

// The id of the first {"id"} of list `key` ("loadbalancers", "listeners").
inline std::string FirstId(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_array() || it->empty() || !(*it)[0].is_object()) return "";
  return JStr((*it)[0], "id");
}

}  // namespace resources::elbl7

#endif  // EDP_PROVIDER_RESOURCES_ELB_L7_FIELDS_H_
