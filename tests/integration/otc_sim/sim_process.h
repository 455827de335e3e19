// Test helpers: run the real otc-sim binary on ports it picks, talk HTTP(S)
// to it with libcurl.
#ifndef TESTS_INTEGRATION_OTC_SIM_SIM_PROCESS_H_
#define TESTS_INTEGRATION_OTC_SIM_SIM_PROCESS_H_

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace otcsim_test {

using json = nlohmann::json;

// Starts otc-sim with `args` and waits for its ready line; the destructor
// always stops it (SIGTERM, then SIGKILL).
class SimProcess {
 public:
  explicit SimProcess(std::vector<std::string> args = {});
  ~SimProcess();
  SimProcess(const SimProcess&) = delete;
  SimProcess& operator=(const SimProcess&) = delete;

  bool ok() const { return !ready_.is_null(); }
  const json& ready() const { return ready_; }
  std::string http() const { return ready_.value("http", ""); }
  std::string https() const { return ready_.value("https", ""); }
  std::string cred(const char* k) const { return ready_["credentials"].value(k, ""); }
  // Stops the process; returns its exit status (-1 when it was killed).
  int Stop();

 private:
  pid_t pid_ = -1;
  json ready_;
};

struct HttpResult {
  long status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string error;  // curl error, empty on success
  json Json() const { return json::parse(body, nullptr, false); }
};

HttpResult Http(const std::string& method, const std::string& url, const std::string& body = "",
                const std::vector<std::string>& headers = {}, const std::string& ca_file = "");

// A project-scoped token for the simulator's demo user ("" on failure).
std::string ProjectToken(const SimProcess& sim);

}  // namespace otcsim_test

#endif  // TESTS_INTEGRATION_OTC_SIM_SIM_PROCESS_H_
