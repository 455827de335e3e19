// Private state: a JSON object of strings.
#include "framework/private_state.h"

#include <nlohmann/json.hpp>

namespace framework {

PrivateState PrivateState::Decode(std::string_view bytes, tfplugin::Diagnostics& diags) {
  PrivateState p;
  p.original_ = std::string(bytes);
  if (bytes.empty()) return p;
  nlohmann::json j = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr,
                                           /*allow_exceptions=*/false);
  bool valid = j.is_object();
  if (valid) {
    for (const auto& [k, v] : j.items()) {
      if (!v.is_string()) {
        valid = false;
        break;
      }
    }
  }
  if (!valid) {
    diags.AddError("Invalid Private State",
                   "The private data stored with this resource is not a JSON object of strings, "
                   "so it was not written by this provider. The provider ignores it. This is a "
                   "bug in the provider or a damaged state file; please report it to the provider "
                   "developers.");
    return p;
  }
  for (const auto& [k, v] : j.items()) p.values_.emplace(k, v.get<std::string>());
  return p;
}

std::string PrivateState::Encode() const {
  if (!modified_) return original_;
  if (values_.empty()) return "";
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : values_) j[k] = v;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<std::string> PrivateState::Get(std::string_view key) const {
  auto it = values_.find(key);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

void PrivateState::Set(std::string key, std::string value) {
  auto it = values_.find(key);
  if (it != values_.end() && it->second == value) return;
  values_.insert_or_assign(std::move(key), std::move(value));
  modified_ = true;
}

void PrivateState::Remove(std::string_view key) {
  auto it = values_.find(key);
  if (it == values_.end()) return;
  values_.erase(it);
  modified_ = true;
}

}  // namespace framework
