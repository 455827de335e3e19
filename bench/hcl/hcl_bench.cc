// bench_hcl: HCL parse throughput and evaluation cost on realistic inputs,
// with heap allocation counts (every operator new in this binary is
// counted). The Go twin (go/main.go, hcl 2.14.1) prints the same lines, so
// bench/hcl/run.sh can put them side by side.
//
//   bench_hcl --write-inputs DIR      writes the generated inputs (inputs.h)
//   bench_hcl [--min-time S] FILE...  benchmarks each file
//
// Times are process CPU time. Output, one line per file and operation
// (parse: hclsyntax.ParseConfig
// equivalent; eval: every attribute of the parsed body, recursively, in the
// fixed context of EvalContextForBench):
//   IMPL FILE OP BYTES ITERATIONS NS_PER_OP MB_PER_S ALLOCS_PER_OP
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "funcs/funcs.h"
#include "hcl/parse.h"
#include "alloc_count.h"
#include "inputs.h"

namespace {

using cty::Value;

cty::Function ConstFunction(std::vector<cty::Parameter> params, Value result) {
  cty::FunctionSpec spec;
  spec.params = std::move(params);
  spec.return_type = [](const std::vector<Value>&) -> cty::FuncResult<cty::Type> { return cty::Type::String(); };
  spec.impl = [result](const std::vector<Value>&, const cty::Type&) -> cty::FuncResult<Value> { return result; };
  return cty::Function(std::move(spec));
}

Value Strings(std::initializer_list<const char*> items) {
  std::vector<Value> v;
  for (const char* s : items) v.push_back(Value::String(s));
  return Value::Tuple(std::move(v));
}

// The context the benchmark evaluates in: what Terragrunt/tofu would
// provide, fixed (mirrored in go/main.go).
hcl::EvalContext EvalContextForBench() {
  hcl::EvalContext ctx;
  cty::FunctionTable std_funcs = funcs::Standard();
  for (const char* name : {"format", "upper", "lower", "join", "merge", "tostring"}) {
    ctx.functions[name] = std_funcs.at(name);
  }
  cty::Parameter str{"s", "", cty::Type::String()};
  // get_env(name, default) returns the default; the others fixed paths.
  cty::FunctionSpec get_env;
  get_env.params = {str, str};
  get_env.return_type = [](const std::vector<Value>&) -> cty::FuncResult<cty::Type> { return cty::Type::String(); };
  get_env.impl = [](const std::vector<Value>& a, const cty::Type&) -> cty::FuncResult<Value> { return a[1]; };
  ctx.functions["get_env"] = cty::Function(std::move(get_env));
  ctx.functions["path_relative_to_include"] = ConstFunction({}, Value::String("live/prod/cce"));
  ctx.functions["find_in_parent_folders"] = ConstFunction({str}, Value::String("../../root.hcl"));

  auto tags = Value::Map(cty::Type::String(), {{"env", Value::String("prod")}, {"team", Value::String("platform")},
                                                {"cost_center", Value::String("cc-1234")}});
  ctx.variables["var"] = Value::Object({{"env", Value::String("prod")},
                                        {"region", Value::String("eu-de")},
                                        {"vpc_id", Value::String("vpc-0123")},
                                        {"tags", tags}});
  ctx.variables["local"] = Value::Object(
      {{"env", Value::String("prod")},
       {"region", Value::String("eu-de")},
       {"project", Value::String("eu-de_prod")},
       {"bucket", Value::String("tfstate-eu-de_prod-edp")},
       {"name_prefix", Value::String("edp-prod")},
       {"dns_servers", Strings({"100.125.4.25", "100.125.129.199"})},
       {"common_tags", Value::Object({{"managed_by", Value::String("edp-stack")}, {"env", Value::String("prod")},
                                      {"region", Value::String("eu-de")}})}});
  std::map<std::string, Value> deps;
  for (const char* d : {"vpc", "dns", "rds", "obs", "elb", "iam"}) {
    deps[d] = Value::Object({{"outputs", Value::Object({{"id", Value::String(std::string(d) + "-id")},
                                                        {"subnet_ids", Strings({"subnet-a", "subnet-b", ""})},
                                                        {"endpoint", Value::String(std::string(d) + ".internal")}})}});
  }
  ctx.variables["dependency"] = Value::Object(std::move(deps));
  ctx.variables["count"] = Value::Object({{"index", Value::Int(0)}});
  return ctx;
}

// Attributes tofu does not evaluate as values (type constraints, references).
bool Skipped(const std::string& name) { return name == "type" || name == "ignore_changes"; }

// Evaluates every attribute; returns the number with errors.
int EvalBody(const hcl::Body& body, const hcl::EvalContext& ctx, std::string* first_error) {
  int errors = 0;
  for (const hcl::Attribute& a : body.attributes) {
    if (Skipped(a.name)) continue;
    hcl::Evaluated ev = a.expr->Value(&ctx);
    if (ev.diags.HasErrors()) {
      if (first_error->empty()) *first_error = a.name + ": " + ev.diags[0].summary + ": " + ev.diags[0].detail;
      ++errors;
    }
  }
  for (const auto& b : body.blocks) errors += EvalBody(b->body, ctx, first_error);
  return errors;
}

struct Measure {
  long iterations = 0;
  double ns_per_op = 0;
  double allocs_per_op = 0;
};

// Process CPU time in seconds: robust against other load on a shared
// machine (the Go twin measures getrusage user+system time likewise).
double CpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

template <typename Fn>
Measure Run(double min_seconds, Fn fn) {
  fn();  // warm up
  long iters = 0;
  unsigned long long allocs0 = edp::bench::AllocationCount();
  const double t0 = CpuSeconds();
  double elapsed = 0;
  long batch = 1;
  while (elapsed < min_seconds) {
    for (long i = 0; i < batch; ++i) fn();
    iters += batch;
    elapsed = CpuSeconds() - t0;
    if (batch < 1 << 20) batch *= 2;
  }
  Measure m;
  m.iterations = iters;
  m.ns_per_op = elapsed * 1e9 / static_cast<double>(iters);
  m.allocs_per_op = static_cast<double>(edp::bench::AllocationCount() - allocs0) / static_cast<double>(iters);
  return m;
}

int WriteInputs(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  for (const auto& [name, text] : edp::bench::GenerateHclInputs()) {
    std::ofstream out(std::filesystem::path(dir) / name, std::ios::binary);
    out << text;
    if (!out) {
      std::fprintf(stderr, "bench_hcl: cannot write %s/%s\n", dir.c_str(), name.c_str());
      return 1;
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  double min_time = 1.0;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--write-inputs" && i + 1 < argc) return WriteInputs(argv[++i]);
    if (a == "--min-time" && i + 1 < argc) {
      min_time = std::atof(argv[++i]);
      continue;
    }
    if (a.starts_with("-")) {
      std::fprintf(stderr, "usage: bench_hcl --write-inputs DIR | bench_hcl [--min-time S] FILE...\n");
      return 2;
    }
    files.push_back(a);
  }
  const hcl::EvalContext ctx = EvalContextForBench();
  for (const std::string& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    const std::string src = buf.str();
    if (!in || src.empty()) {
      std::fprintf(stderr, "bench_hcl: cannot read %s\n", path.c_str());
      return 1;
    }
    const std::string name = std::filesystem::path(path).filename().string();
    hcl::ParsedFile parsed = hcl::ParseConfig(src, path);
    if (parsed.diags.HasErrors()) {
      std::fprintf(stderr, "bench_hcl: %s does not parse: %s\n", path.c_str(), parsed.diags[0].summary.c_str());
      return 1;
    }
    std::string err;
    if (EvalBody(parsed.file.body, ctx, &err) != 0) {
      std::fprintf(stderr, "bench_hcl: %s: evaluation error: %s\n", path.c_str(), err.c_str());
      return 1;
    }
    Measure p = Run(min_time, [&] {
      hcl::ParsedFile f = hcl::ParseConfig(src, path);
      if (f.diags.HasErrors()) std::abort();
    });
    const double mb = static_cast<double>(src.size()) / 1e6;
    std::printf("c++ %s parse %zu %ld %.0f %.2f %.0f\n", name.c_str(), src.size(), p.iterations, p.ns_per_op,
                mb / (p.ns_per_op / 1e9), p.allocs_per_op);
    Measure e = Run(min_time, [&] {
      std::string ignored;
      if (EvalBody(parsed.file.body, ctx, &ignored) != 0) std::abort();
    });
    std::printf("c++ %s eval %zu %ld %.0f %.2f %.0f\n", name.c_str(), src.size(), e.iterations, e.ns_per_op,
                mb / (e.ns_per_op / 1e9), e.allocs_per_op);
    std::fflush(stdout);
  }
  return 0;
}
