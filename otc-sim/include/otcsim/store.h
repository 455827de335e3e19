// The resource store: every simulated resource as a JSON object, grouped by
// kind ("vpc", "subnet", ...) and id. Objects carry internal fields whose
// names start with '_' (owning project, pending status transitions); Public()
// strips them. All access goes through With(), which holds the store mutex,
// so validation and mutation are atomic. With --state FILE every mutating
// transaction rewrites the file atomically (temp file, fsync, rename).
#ifndef OTCSIM_STORE_H_
#define OTCSIM_STORE_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <type_traits>

#include <nlohmann/json.hpp>

namespace otcsim {

using json = nlohmann::json;

class Store {
 public:
  using Kind = std::map<std::string, json>;  // id -> object
  struct Data {
    std::map<std::string, Kind> kinds;
    Kind& of(const std::string& kind) { return kinds[kind]; }
  };

  // `state_file` may be empty (memory only). With `seeded`, ids are derived
  // deterministically from `seed` and a persisted counter.
  Store(std::string state_file, uint64_t seed, bool seeded);

  // Reads the state file if it exists. Returns false with *err when it
  // exists but cannot be parsed.
  bool Load(std::string* err);

  // Runs f(Data&, bool& dirty) under the lock; saves when f set dirty.
  template <typename F>
  auto With(F&& f) {
    std::lock_guard<std::mutex> lock(mu_);
    bool dirty = false;
    if constexpr (std::is_void_v<decltype(f(data_, dirty))>) {
      f(data_, dirty);
      if (dirty) SaveLocked();
    } else {
      auto r = f(data_, dirty);
      if (dirty) SaveLocked();
      return r;
    }
  }

  // A fresh UUID (8-4-4-4-12, version 4 layout). Thread-safe.
  std::string NewId();
  // Every resource of every kind with internal fields stripped.
  json Snapshot();
  // Drops all resources (and saves).
  void Reset();

  // A copy of `obj` without '_'-prefixed keys.
  static json Public(const json& obj);

 private:
  void SaveLocked();

  std::mutex mu_;
  std::mutex id_mu_;  // guards counter_ and rng_
  std::string state_file_;
  Data data_;
  uint64_t seed_;
  bool seeded_;
  uint64_t counter_ = 0;
  std::mt19937_64 rng_;
};

}  // namespace otcsim

#endif  // OTCSIM_STORE_H_
