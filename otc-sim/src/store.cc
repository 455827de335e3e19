#include "otcsim/store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "otcsim/signer.h"

namespace otcsim {

Store::Store(std::string state_file, uint64_t seed, bool seeded)
    : state_file_(std::move(state_file)), seed_(seed), seeded_(seeded), rng_(seeded ? seed : std::random_device{}()) {}

bool Store::Load(std::string* err) {
  if (state_file_.empty()) return true;
  std::ifstream in(state_file_);
  if (!in) return true;  // first start
  std::stringstream ss;
  ss << in.rdbuf();
  json j = json::parse(ss.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("resources") || !j["resources"].is_object()) {
    *err = "state file " + state_file_ + " is not a valid otc-sim state";
    return false;
  }
  std::lock_guard<std::mutex> lock(mu_);
  data_ = Data{};
  for (auto& [kind, objs] : j["resources"].items()) {
    if (!objs.is_object()) continue;
    for (auto& [id, obj] : objs.items()) data_.kinds[kind][id] = obj;
  }
  if (j.contains("id_counter") && j["id_counter"].is_number_unsigned()) counter_ = j["id_counter"].get<uint64_t>();
  return true;
}

std::string Store::NewId() {
  std::string raw;
  {
    std::lock_guard<std::mutex> lock(id_mu_);
    ++counter_;
    if (seeded_) {
      raw = Sha256(std::to_string(seed_) + ":" + std::to_string(counter_));
    } else {
      for (int i = 0; i < 2; ++i) {
        uint64_t v = rng_();
        raw.append(reinterpret_cast<const char*>(&v), sizeof v);
      }
    }
  }
  raw[6] = static_cast<char>((raw[6] & 0x0f) | 0x40);
  raw[8] = static_cast<char>((raw[8] & 0x3f) | 0x80);
  std::string hex = HexEncode(raw.substr(0, 16));
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20, 12);
}

json Store::Public(const json& obj) {
  if (!obj.is_object()) return obj;
  json out = json::object();
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (!it.key().empty() && it.key()[0] == '_') continue;
    out[it.key()] = it.value();
  }
  return out;
}

json Store::Snapshot() {
  std::lock_guard<std::mutex> lock(mu_);
  json out = json::object();
  for (const auto& [kind, objs] : data_.kinds) {
    json arr = json::array();
    for (const auto& [id, obj] : objs) {
      json o = Public(obj);
      if (obj.contains("_project_id")) o["_project_id"] = obj["_project_id"];
      arr.push_back(std::move(o));
    }
    out[kind] = std::move(arr);
  }
  return out;
}

void Store::Reset() {
  std::lock_guard<std::mutex> lock(mu_);
  data_ = Data{};
  SaveLocked();
}

void Store::SaveLocked() {
  if (state_file_.empty()) return;
  json j;
  j["version"] = 1;
  {
    std::lock_guard<std::mutex> lock(id_mu_);
    j["id_counter"] = counter_;
  }
  json res = json::object();
  for (const auto& [kind, objs] : data_.kinds) {
    json m = json::object();
    for (const auto& [id, obj] : objs) m[id] = obj;
    res[kind] = std::move(m);
  }
  j["resources"] = std::move(res);
  std::string text = j.dump(1);
  std::string tmp = state_file_ + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    std::fprintf(stderr, "otc-sim: cannot write %s\n", tmp.c_str());
    return;
  }
  const char* p = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n <= 0) break;
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  ::fsync(fd);
  ::close(fd);
  if (left != 0 || std::rename(tmp.c_str(), state_file_.c_str()) != 0) {
    std::fprintf(stderr, "otc-sim: cannot save state to %s\n", state_file_.c_str());
    return;
  }
  std::string dir = state_file_.substr(0, state_file_.find_last_of('/') + 1);
  if (dir.empty()) dir = ".";
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

}  // namespace otcsim
