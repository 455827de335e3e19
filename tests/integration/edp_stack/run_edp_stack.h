// Runs the real edp-stack binary (EDP_STACK_BINARY) for the process-level
// tests: arguments, working directory, extra environment, standard input;
// returns the exit status and both output streams. A run that produces no
// output for 30 s is killed (status -1).
#ifndef EDP_TESTS_INTEGRATION_EDP_STACK_RUN_EDP_STACK_H_
#define EDP_TESTS_INTEGRATION_EDP_STACK_RUN_EDP_STACK_H_

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace edpstack_test {

struct Result {
  int status = -1;  // exit status; -1 if killed by a signal
  std::string out, err;
};

Result RunEdpStack(const std::vector<std::string>& args, const std::filesystem::path& cwd = ".",
                   const std::map<std::string, std::string>& env = {}, const std::string& input = "");

}  // namespace edpstack_test

#endif  // EDP_TESTS_INTEGRATION_EDP_STACK_RUN_EDP_STACK_H_
