// Status lifecycles on the simulated clock, shared by every service.
//
// A resource that changes status over time carries "_pending": an array of
// {"at": ms, "status": S, ...} steps. Settle() applies every step whose
// time has come, oldest first; a step without its "at" is a JSON merge
// patch (RFC 7386) of the object: top-level keys are set, nested objects
// merge (a CCE step can set only {"status": {"phase": "Available"}}), and
// null removes a key.
// Services call Settle() whenever they read an object, so status is always
// current without a background thread, and advancing the clock through the
// admin API moves every lifecycle forward at once.
#ifndef OTCSIM_LIFECYCLE_H_
#define OTCSIM_LIFECYCLE_H_

#include <algorithm>
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

namespace otcsim {

// Applies due status transitions recorded in "_pending".
inline void Settle(nlohmann::json& obj, int64_t now) {
  auto it = obj.find("_pending");
  if (it == obj.end() || !it->is_array()) return;
  nlohmann::json keep = nlohmann::json::array();
  std::vector<nlohmann::json> due;
  for (auto& p : *it) {
    if (p.value("at", int64_t{0}) <= now) {
      due.push_back(std::move(p));
    } else {
      keep.push_back(std::move(p));
    }
  }
  if (keep.empty()) {
    obj.erase("_pending");
  } else {
    *it = std::move(keep);
  }
  std::stable_sort(due.begin(), due.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
    return a.value("at", int64_t{0}) < b.value("at", int64_t{0});
  });
  for (auto& p : due) {
    p.erase("at");
    obj.merge_patch(p);
  }
}

// Appends a step `after_ms` after `now` (or after the last pending step when
// `chain` is true, so steps queue up: CREATING -> ... -> AVAILABLE).
inline void Schedule(nlohmann::json& obj, int64_t now, int64_t after_ms, nlohmann::json step, bool chain = true) {
  auto& pend = obj["_pending"];
  if (!pend.is_array()) pend = nlohmann::json::array();
  int64_t base = now;
  if (chain && !pend.empty()) base = std::max(base, pend.back().value("at", now));
  step["at"] = base + after_ms;
  pend.push_back(std::move(step));
}

}  // namespace otcsim

#endif  // OTCSIM_LIFECYCLE_H_
