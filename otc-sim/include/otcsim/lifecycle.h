// Status lifecycles on the simulated clock, shared by every service.
//
// A resource that changes status over time carries "_pending": an array of
// {"at": ms, "status": S, ...} steps in time order. Settle() applies every
// step whose time has come; extra keys of a step (other than "at") are
// merged into the object, so a step can also set e.g. "fail_reason".
// Services call Settle() whenever they read an object, so status is always
// current without a background thread, and advancing the clock through the
// admin API moves every lifecycle forward at once.
#ifndef OTCSIM_LIFECYCLE_H_
#define OTCSIM_LIFECYCLE_H_

#include <algorithm>
#include <cstdint>

#include <nlohmann/json.hpp>

namespace otcsim {

// Applies due status transitions recorded in "_pending".
inline void Settle(nlohmann::json& obj, int64_t now) {
  auto it = obj.find("_pending");
  if (it == obj.end() || !it->is_array()) return;
  nlohmann::json keep = nlohmann::json::array();
  for (auto& p : *it) {
    if (p.value("at", int64_t{0}) <= now) {
      for (auto& [k, v] : p.items()) {
        if (k != "at") obj[k] = v;
      }
    } else {
      keep.push_back(p);
    }
  }
  if (keep.empty()) {
    obj.erase("_pending");
  } else {
    *it = keep;
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
