// edptest::Store: the "remote API" of the test provider: objects by ID,
// in memory or in a JSON file (EDPTEST_STORE / provider `store_path`) so
// a test can inspect it or delete objects behind the provider's back.
//
// File layout: {"next": 3, "objects": {"thing-1": "<cty JSON of the
// object>", ...}}. Every call reads and writes the whole file (atomically,
// via rename); tests are small.
//
// Thread safety: all methods are safe to call concurrently within one
// process.
#ifndef EDP_TESTS_CONFORMANCE_TEST_PROVIDER_STORE_H_
#define EDP_TESTS_CONFORMANCE_TEST_PROVIDER_STORE_H_

#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace edptest {

class Store {
 public:
  // Empty path: in memory.
  explicit Store(std::string path);

  // A new ID "<prefix>-<n>".
  std::string NextId(const std::string& prefix);
  void Put(const std::string& id, const std::string& json);
  std::optional<std::string> Get(const std::string& id);
  void Delete(const std::string& id);
  std::map<std::string, std::string> All();
  const std::string& path() const { return path_; }

 private:
  struct Data {
    long next = 1;
    std::map<std::string, std::string> objects;
  };
  Data Load();
  void Save(const Data& d);

  std::string path_;
  std::mutex mu_;
  Data memory_;
};

}  // namespace edptest

#endif  // EDP_TESTS_CONFORMANCE_TEST_PROVIDER_STORE_H_
