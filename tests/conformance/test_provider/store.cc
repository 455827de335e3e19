#include "store.h"

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace edptest {

Store::Store(std::string path) : path_(std::move(path)) {}

Store::Data Store::Load() {
  if (path_.empty()) return memory_;
  Data d;
  std::ifstream in(path_);
  if (!in) return d;
  std::stringstream ss;
  ss << in.rdbuf();
  auto j = nlohmann::json::parse(ss.str(), nullptr, false);
  if (!j.is_object()) return d;
  if (j.contains("next") && j["next"].is_number_integer()) d.next = j["next"].get<long>();
  if (j.contains("objects") && j["objects"].is_object()) {
    for (const auto& [k, v] : j["objects"].items()) {
      if (v.is_string()) d.objects.emplace(k, v.get<std::string>());
    }
  }
  return d;
}

void Store::Save(const Data& d) {
  if (path_.empty()) {
    memory_ = d;
    return;
  }
  nlohmann::json j;
  j["next"] = d.next;
  j["objects"] = nlohmann::json::object();
  for (const auto& [k, v] : d.objects) j["objects"][k] = v;
  std::string tmp = path_ + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << j.dump(2);
  }
  std::rename(tmp.c_str(), path_.c_str());
}

std::string Store::NextId(const std::string& prefix) {
  std::lock_guard<std::mutex> lock(mu_);
  Data d = Load();
  long n = d.next++;
  Save(d);
  return prefix + "-" + std::to_string(n);
}

void Store::Put(const std::string& id, const std::string& json) {
  std::lock_guard<std::mutex> lock(mu_);
  Data d = Load();
  d.objects[id] = json;
  Save(d);
}

std::optional<std::string> Store::Get(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  Data d = Load();
  auto it = d.objects.find(id);
  if (it == d.objects.end()) return std::nullopt;
  return it->second;
}

void Store::Delete(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  Data d = Load();
  d.objects.erase(id);
  Save(d);
}

std::map<std::string, std::string> Store::All() {
  std::lock_guard<std::mutex> lock(mu_);
  return Load().objects;
}

}  // namespace edptest
