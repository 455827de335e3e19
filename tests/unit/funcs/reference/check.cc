// The C++ side of the lib/funcs differential test: reads the same lines as
// go/main.go and prints each result's GoString or "ERR <message>".
#include <nlohmann/json.hpp>

#include <iostream>
#include <string>
#include <vector>

#include "cty/cty.h"
#include "funcs/funcs.h"

namespace {

cty::Result<cty::Value> ParseArg(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return cty::Error{"bad JSON", {}};
  if (j.contains("sensitive")) {
    auto v = ParseArg(j["sensitive"].dump());
    if (!v.ok()) return v;
    return v.value().Mark(cty::kMarkSensitive);
  }
  if (j.contains("unknown")) {
    auto t = cty::Type::FromJSON(j["unknown"].dump());
    if (!t.ok()) return t.error();
    return cty::Value::Unknown(t.value());
  }
  return cty::json::UnmarshalWithType(text);
}

}  // namespace

int main() {
  cty::FunctionTable table = funcs::Standard();
  std::string line;
  while (std::getline(std::cin, line)) {
    size_t tab = line.find('\t');
    std::string name = line.substr(0, tab);
    std::vector<cty::Value> args;
    bool bad = false;
    if (tab != std::string::npos && tab + 1 < line.size()) {
      std::string rest = line.substr(tab + 1);
      for (size_t p = 0;;) {
        size_t q = rest.find('\x1f', p);
        auto v = ParseArg(rest.substr(p, q == std::string::npos ? std::string::npos : q - p));
        if (!v.ok()) {
          std::cout << "BADARG " << v.error().message << "\n";
          bad = true;
          break;
        }
        args.push_back(v.value());
        if (q == std::string::npos) break;
        p = q + 1;
      }
    }
    if (bad) continue;
    auto it = table.find(name);
    if (it == table.end()) {
      std::cout << "NOFN\n";
      continue;
    }
    auto r = it->second.Call(args);
    if (!r.ok()) {
      std::cout << "ERR " << r.error().message << "\n";
    } else {
      std::cout << r.value().GoString() << "\n";
    }
  }
  return 0;
}
